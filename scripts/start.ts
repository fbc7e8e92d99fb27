/**
 * `npm start`: the mock server and the demo page together, on one loopback port. The page is
 * served built (see demo-build.ts); `npm run dev` (`--dev`) serves it through Vite's dev server
 * instead, which reloads as you edit the kit.
 * Generates a development encryption key on first run when IK_ENCRYPTION_KEY is not set.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import sirv from 'sirv';
import type { ViteDevServer } from 'vite';
import { API_BASE } from '../mock-server/app.ts';
import { ENV, loadNodeConfig, PROJECT_ROOT } from '../mock-server/config.ts';
import { startMockServer } from '../mock-server/node-server.ts';
import { builtDemo } from './demo-build.ts';
import { demoSessionRoute } from './demo-sessions.ts';
import { ConfigError, ENCRYPTION_KEY_ENV, generateEncryptionKey } from '../mock-server/vault.ts';

const DEV_KEY_FILE = resolve(PROJECT_ROOT, process.env.IK_DEV_KEY_FILE ?? '.data/dev-encryption-key');
const DEV_SERVICE_TOKEN_FILE = resolve(PROJECT_ROOT, process.env.IK_DEV_SERVICE_TOKEN_FILE ?? '.data/dev-service-token');

/**
 * Development secrets live in git-ignored files, created on first run: `what` names the
 * secret in the message, and the value itself is never printed.
 */
async function ensureDevSecret(variable: string, file: string, what: string, generate: () => string): Promise<void> {
  if (process.env[variable]) return;
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, generate() + '\n', { mode: 0o600 });
    console.log(`No ${variable} set: generated a development ${what} in ${shown} (git-ignored).`);
  } else {
    console.log(`No ${variable} set: using the development ${what} in ${shown}.`);
  }
  process.env[variable] = (await readFile(file, 'utf8')).trim();
}

const randomToken = () => Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, '0')).join('');

try {
  await ensureDevSecret(ENCRYPTION_KEY_ENV, DEV_KEY_FILE, 'encryption key', generateEncryptionKey);
  await ensureDevSecret(ENV.serviceToken, DEV_SERVICE_TOKEN_FILE, 'service token', randomToken);
  const config = await loadNodeConfig(process.env, { port: 5173 });
  const dev = process.argv.includes('--dev');
  let vite: ViteDevServer | undefined;
  let running: Awaited<ReturnType<typeof startMockServer>> | undefined;
  const sessions = demoSessionRoute(config, () => running!.app, Number(process.env.IK_DEMO_SESSION_SECONDS ?? 300));
  // Built files only, nothing else on disk: hashed assets are cached for good, the page never.
  const site = dev ? undefined : sirv(await builtDemo(), { etag: true, setHeaders: (res, path) => res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache') });
  running = await startMockServer(config, {
    portAttempts: 10,
    beforeListen: async (server) => {
      if (!dev) return;
      const { createServer: createViteServer } = await import('vite');
      vite = await createViteServer({
        configFile: resolve(PROJECT_ROOT, 'vite.config.ts'),
        server: { middlewareMode: true, ws: { server } },
        appType: 'mpa',
      });
    },
    fallback: (req, res) => {
      const notFound = () => void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      void sessions(req, res).then((handled) => handled || (vite ? vite.middlewares(req, res) : site!(req, res, notFound)));
    },
  });
  console.log(`\n  integration-kit demo:  ${running.origin}/`);
  console.log(`  REST API:              ${running.origin}${API_BASE}`);
  console.log(`  credential tests:      ${config.upstreamMode} upstream\n`);
  const stop = async () => {
    await vite?.close();
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}
