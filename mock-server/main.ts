/** The mock server on its own (no demo page): `npx tsx mock-server/main.ts`. */
import { API_BASE } from './app.ts';
import { loadNodeConfig } from './config.ts';
import { startMockServer } from './node-server.ts';
import { ConfigError } from './vault.ts';

try {
  const config = await loadNodeConfig();
  // Names the variable only, never a value.
  if (!config.principals.serviceToken) console.warn('No service token configured (IK_SERVICE_TOKEN): /resolve refuses every caller.');
  const running = await startMockServer(config);
  console.log(`integration-kit mock server: ${running.origin}${API_BASE}`);
  if (config.publicOrigin) console.log(`  browsers reach it through a proxy at: ${config.publicOrigin}${API_BASE} (IK_PUBLIC_ORIGIN)`);
  // Stopped by its supervisor: close the connections and exit normally, so the request log's last lines are written.
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`mock-server cannot start: ${error.message}`);
  process.exit(1);
}
