import { readdir } from 'node:fs/promises';
import { FileStore } from './file-store.ts';
import type { SqlStore } from './sql-store.ts';
import { StoreConflictError } from './store.ts';
import { TABLES } from './sql/tables.ts';

/** Written with the import: a second process starting at the same moment does not import again. */
export const IMPORT_MARKER = 'store-import/file-store';

/**
 * Copies a FileStore's records into an empty SQL store, in one transaction, once. Returns how
 * many were copied (0: nothing to do). The files are not touched.
 */
export async function importFileStore(sql: SqlStore, directory: string): Promise<number> {
  const names = await readdir(directory).catch(() => [] as string[]);
  if (!names.some((name) => name.endsWith('.json'))) return 0;
  const [row] = await sql.driver.query<{ found: boolean }>(`select exists (${TABLES.map((t) => `select 1 from ${t.name}`).join(' union all ')}) as found`);
  if (row?.found) return 0;
  const entries = await new FileStore(directory).entries<unknown>('');
  if (entries.length === 0) return 0;
  const writes = entries.map(([key, value]) => ({ key, value }));
  writes.push({ key: IMPORT_MARKER, value: { records: entries.length, from: directory, at: new Date().toISOString() } });
  try {
    await sql.batch(writes, [{ key: IMPORT_MARKER, equals: undefined }]);
  } catch (error) {
    if (error instanceof StoreConflictError) return 0;
    throw error;
  }
  return entries.length;
}
