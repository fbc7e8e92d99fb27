import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { dropConnectionMiddleware, loopbackServerPlugin } from './test/browser/support/loopback-server.mjs';

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: true,
  middleware: [
    // OAuth tests open real sign-in windows on this origin; the consent page itself is served by
    // the mock server inside the test page, so the window only needs a blank page to sit on.
    (context, next) => {
      if (!context.path.startsWith('/__oauth/')) return next();
      context.type = 'html';
      context.body = '<!doctype html><title>Sign-in window</title>';
    },
    dropConnectionMiddleware,
  ],
  // Our decorators are TypeScript's experimental ones: the plugin must read tsconfig.json.
  plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }), loopbackServerPlugin()],
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS } })],
  testFramework: { config: { timeout: 10_000 } },
};
