/**
 * `npm run rewrap`: puts every stored secret under the newest master key of IK_ENCRYPTION_KEYS
 * (see mock-server/keys/rotation.ts), with the server's own configuration and store. Safe to
 * run again; the summary says which master keys are still in use. A running server can do the
 * same in-process: POST /api/integrations/admin/keys/rewrap with the service token.
 */
import { createServerApp } from '../mock-server/app.ts';
import { loadNodeConfig } from '../mock-server/config.ts';
import { checkStoredKeys, rewrap } from '../mock-server/keys/rotation.ts';
import { serverVault } from '../mock-server/node-server.ts';
import { openStore } from '../mock-server/store/open-store.ts';
import { ConfigError } from '../mock-server/vault.ts';

try {
  const config = await loadNodeConfig();
  const store = await openStore(config);
  const { ctx } = createServerApp({ store, vault: await serverVault(config), principals: config.principals, catalogSeed: config.catalogSeed });
  await checkStoredKeys(store, ctx.vault);
  const report = await rewrap(ctx, (line) => console.log(`  ${line}`));
  console.log(`rewrap: ${report.reencrypted} credential(s) moved onto data keys, ${report.rewrapped} data key(s) wrapped under "${report.currentKeyId}".`);
  console.log(`data keys per master key: ${Object.entries(report.dataKeysByKeyId).map(([kid, n]) => `${kid}: ${n}`).join(', ') || 'none yet'}`);
  const unused = ctx.vault.keyring.keyIds.filter((kid) => kid !== report.currentKeyId && !report.dataKeysByKeyId[kid]);
  if (report.unreadable) {
    console.error(`${report.unreadable} credential(s) could not be decrypted with any configured key and were left as they are.`);
    await store.close?.();
    process.exit(1);
  }
  if (unused.length) console.log(`no longer used, can be removed from IK_ENCRYPTION_KEYS: ${unused.join(', ')}`);
  await store.close?.();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`rewrap cannot run: ${error.message}`);
  process.exit(1);
}
