import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { plainDynamicImportsPlugin } from './scripts/plain-dynamic-imports.ts';
import { stripCssCommentsPlugin } from './scripts/strip-css-comments.ts';

// The drop-in bundle (`npm run build` makes it, with the rest of the package): every element,
// registered, and every export of the package in one minified ES module a host page loads
// with <script type="module">, and the catalog editor in chunks/ beside it, which that module
// imports the first time the page shows the editor. Hosts that bundle import the package's
// modules instead.
export default defineConfig({
  publicDir: false,
  plugins: [stripCssCommentsPlugin(), plainDynamicImportsPlugin()],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    sourcemap: true,
    rollupOptions: {
      input: { 'integration-kit': fileURLToPath(new URL('./components/define.ts', import.meta.url)) },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      preserveEntrySignatures: 'allow-extension',
    },
  },
});
