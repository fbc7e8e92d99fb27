import type { Logger } from '../context.ts';
import { FileStore } from './file-store.ts';
import { importFileStore } from './import-file-store.ts';
import { openPGlite } from './sql/pglite-driver.ts';
import { openPostgres } from './sql/pg-driver.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** Which store the server keeps its data in (see the README's "Storage"). */
export type StoreConfig =
  | { engine: 'file' }
  | { engine: 'pglite'; dir: string }
  | { engine: 'postgres'; url: string };

export const STORE_ENV = { engine: 'IK_STORE', pgliteDir: 'IK_PGLITE_DIR', databaseUrl: 'DATABASE_URL' } as const;

/**
 * The store of a server (or of a CLI working on its data): FileStore in `dataDir`, or a SQL
 * store, which on its first start imports what a FileStore in `dataDir` holds.
 */
export async function openStore(config: { dataDir: string; store?: StoreConfig | undefined }, logger?: Logger): Promise<Store> {
  const store = config.store ?? { engine: 'file' };
  if (store.engine === 'file') return new FileStore(config.dataDir);
  const sql = await SqlStore.open(store.engine === 'pglite' ? await openPGlite(store.dir, STORE_ENV.pgliteDir) : await openPostgres(store.url, STORE_ENV.databaseUrl));
  try {
    const imported = await importFileStore(sql, config.dataDir);
    if (imported) logger?.info(`Imported ${imported} records from the file store in ${config.dataDir} into ${store.engine === 'pglite' ? 'the embedded database' : 'PostgreSQL'}; the files are left as they were.`);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
