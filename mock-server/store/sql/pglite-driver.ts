import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError } from '../../vault.ts';
import type { SqlDriver, SqlQueryable } from './driver.ts';

const LOCK_FILE = 'ik-server.lock';
/** Not FileStore's `.tmp-`: the database may sit in the file store's directory, whose start-up removes those files. */
const INITDB_MARKER = '.initdb-';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite holds its database in this process: a second process opening the same directory
 * would corrupt it. A lock file with our pid keeps it out; one left by a process that died
 * (SIGKILL) is taken over.
 */
async function lockDirectory(dir: string, variable: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new ConfigError(`The embedded database in ${dir} (${variable}) is in use by another process (pid ${pid}). PGlite serves one process; set DATABASE_URL to share a PostgreSQL server between several.`);
      }
      await rm(path, { force: true });
    }
  }
  throw new ConfigError(`Cannot lock the embedded database in ${dir} (${variable}).`);
}

const isInitialized = async (dir: string) => (await readFile(join(dir, 'PG_VERSION'), 'utf8').catch(() => '')) !== '';

/**
 * The embedded engine: WASM Postgres in this process, its files in `dir`. A new database is
 * created in a temp directory and renamed into place, so a crash during the (slow) first
 * initdb never leaves a half-made directory that would not open again.
 */
export async function openPGlite(dir: string, variable: string): Promise<SqlDriver> {
  if (!(await isInitialized(dir))) {
    await mkdir(dirname(dir), { recursive: true, mode: 0o700 });
    // What an initdb a crash interrupted left.
    for (const name of await readdir(dirname(dir))) if (name.startsWith(`${basename(dir)}${INITDB_MARKER}`)) await rm(join(dirname(dir), name), { recursive: true, force: true });
    const temp = `${dir}${INITDB_MARKER}${crypto.randomUUID()}`;
    const fresh = await PGlite.create(temp);
    await fresh.close();
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  }
  const unlock = await lockDirectory(dir, variable);
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (error) {
    await unlock();
    throw new ConfigError(`The embedded database in ${dir} (${variable}) does not open: ${(error as Error).message}`);
  }
  const queryable = (q: Pick<PGlite, 'query'>): SqlQueryable => ({
    query: async <R>(sql: string, params: readonly unknown[] = []) => (await q.query<R>(sql, params as unknown[])).rows,
  });
  return {
    shared: false,
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    async close() {
      await db.close();
      await unlock();
    },
  };
}
