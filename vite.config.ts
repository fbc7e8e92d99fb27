import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * `virtual:demo-users`: who the demo can sign in as (no tokens: the page asks npm start's
 * /demo/session for a short-lived one). The principals file itself is never served.
 */
function demoUsers(): Plugin {
  const id = 'virtual:demo-users';
  return {
    name: 'integration-kit-demo-users',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const file = fromRoot(process.env.IK_PRINCIPALS_FILE ?? './mock-server/config/dev-principals.json');
      const { principals } = JSON.parse(readFileSync(file, 'utf8')) as { principals: Record<string, string>[] };
      const users = principals.map(({ userId, displayName, workspaceId, role }) => ({ userId, displayName, workspaceId, role }));
      return `export default ${JSON.stringify(users)};`;
    },
  };
}

// The demo page is the Vite root; `npm start` serves it in the same process as the mock server.
export default defineConfig({
  root: 'demo',
  publicDir: false,
  plugins: [demoUsers()],
  build: { outDir: '../dist/demo', emptyOutDir: true },
  server: {
    fs: {
      // Only what the page imports; never .data/ (the dev encryption key, the store) or server config.
      strict: true,
      allow: [fromRoot('./demo'), fromRoot('./src'), fromRoot('./components'), fromRoot('./node_modules'), fromRoot('./mock-server/catalog/sample-keys.json')],
      deny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.data/**', '**/mock-server/config/**'],
    },
  },
});
