import type { Plugin } from 'vite';

/** Vite's module behind the `__vitePreload(() => import(…), deps)` wrapper it puts around each dynamic import. */
const PRELOAD_HELPER = '\0vite/preload-helper.js';

/**
 * Dynamic imports as plain `import()`. Vite wraps each in a helper (~0.5 KB brotli) that first
 * preloads the chunk's CSS files and static imports; our chunks have no CSS, and preloading
 * their imports is off (`modulePreload: false`), so the helper would only cost bytes. A host's
 * own bundler brings its own runtime for this, shared with the rest of its app, so the byte
 * budgets leave it out too.
 */
export function plainDynamicImportsPlugin(): Plugin {
  return {
    name: 'integration-kit-plain-dynamic-imports',
    enforce: 'pre',
    load: (id) => (id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : undefined),
  };
}
