/**
 * `npm start`: the mock server and the demo page together, on one loopback port.
 * Generates a development encryption key on first run when IK_ENCRYPTION_KEY is not set.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { API_BASE } from '../mock-server/app.ts';
import { loadNodeConfig, PROJECT_ROOT } from '../mock-server/config.ts';
import { startMockServer } from '../mock-server/node-server.ts';
import { ConfigError, ENCRYPTION_KEY_ENV, generateEncryptionKey } from '../mock-server/vault.ts';

const DEV_KEY_FILE = resolve(PROJECT_ROOT, process.env.IK_DEV_KEY_FILE ?? '.data/dev-encryption-key');

async function ensureDevEncryptionKey(): Promise<void> {
  if (process.env[ENCRYPTION_KEY_ENV]) return;
  const shown = relative(process.cwd(), DEV_KEY_FILE) || DEV_KEY_FILE;
  if (!existsSync(DEV_KEY_FILE)) {
    await mkdir(dirname(DEV_KEY_FILE), { recursive: true });
    await writeFile(DEV_KEY_FILE, generateEncryptionKey() + '\n', { mode: 0o600 });
    console.log(`No ${ENCRYPTION_KEY_ENV} set: generated a development encryption key in ${shown} (git-ignored).`);
  } else {
    console.log(`No ${ENCRYPTION_KEY_ENV} set: using the development key in ${shown}.`);
  }
  process.env[ENCRYPTION_KEY_ENV] = (await readFile(DEV_KEY_FILE, 'utf8')).trim();
}

try {
  await ensureDevEncryptionKey();
  const config = await loadNodeConfig(process.env, { port: 5173 });
  let vite: ViteDevServer | undefined;
  const running = await startMockServer(config, {
    portAttempts: 10,
    beforeListen: async (server) => {
      vite = await createViteServer({
        configFile: resolve(PROJECT_ROOT, 'vite.config.ts'),
        server: { middlewareMode: true, ws: { server } },
        appType: 'mpa',
      });
    },
    fallback: (req, res) => vite!.middlewares(req, res),
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
