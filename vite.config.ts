import { defineConfig } from 'vite';

// The demo page is the Vite root; `npm start` serves it in the same process as the mock server.
export default defineConfig({
  root: 'demo',
  publicDir: false,
  build: { outDir: '../dist/demo', emptyOutDir: true },
  server: { fs: { allow: ['..'] } },
});
