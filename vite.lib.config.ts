import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run build`: every element in one minified ES module a host page loads with
// <script type="module">. (Library mode would keep whitespace for re-bundlers; hosts that
// bundle import the sources instead.)
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/lib',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: { 'integration-kit': fileURLToPath(new URL('./components/define.ts', import.meta.url)) },
      output: { format: 'es', entryFileNames: '[name].js' },
      preserveEntrySignatures: 'strict',
    },
  },
});
