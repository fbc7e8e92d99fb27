import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import type { StoreConfig } from '../../mock-server/store/open-store.ts';
import { openPGlite } from '../../mock-server/store/sql/pglite-driver.ts';
import { openPostgres } from '../../mock-server/store/sql/pg-driver.ts';
import { SqlStore } from '../../mock-server/store/sql-store.ts';
import { MemoryStore } from '../../mock-server/store/memory-store.ts';
import type { Store } from '../../mock-server/store/store.ts';

/**
 * SQL engines for tests. PGlite: a new database is one initdb (~3 s here), so each test process
 * makes one and copies it. PostgreSQL: a database per use on the server of TEST_DATABASE_URL
 * (.ci/run starts one), dropped after the tests; without that variable those tests skip.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const SKIP_REASON = 'TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server for it)';
let noticed = false;
/** For `{ skip }` of a PostgreSQL test: false, or why it skips (printed once per test file). */
export function postgresSkip(): string | false {
  if (TEST_DATABASE_URL) return false;
  if (!noticed) console.log(`# notice: PostgreSQL tests skipped: ${SKIP_REASON}`);
  noticed = true;
  return SKIP_REASON;
}

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

let template: Promise<string> | undefined;

/** Makes `target` an empty PGlite database (not migrated) by copying this process's template. */
export async function copyPGliteTemplate(target: string): Promise<void> {
  await cp(await pgliteTemplate(), target, { recursive: true });
}

function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ik-pglite-template-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = await openPGlite(join(dir, 'db'), 'test');
    await db.close();
    return join(dir, 'db');
  })();
  return template;
}

/** A new directory holding an empty PGlite database, removed after the tests. */
export async function freshPGliteDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ik-pglite-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await copyPGliteTemplate(join(dir, 'db'));
  return join(dir, 'db');
}

/** A new, empty database on the test server; its URL. Dropped after the tests. */
export async function freshDatabaseUrl(): Promise<string> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ik_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`drop database if exists ${name} with (force)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.href;
}

export type TestEngine = 'file' | 'pglite' | 'postgres';

/** The engine startTestServer uses: IK_TEST_STORE (file when unset), so any suite can run on each engine. */
export const TEST_ENGINE = (process.env.IK_TEST_STORE || 'file') as TestEngine;
if (!['file', 'pglite', 'postgres'].includes(TEST_ENGINE)) throw new Error(`IK_TEST_STORE must be file, pglite or postgres`);

const databases = new Map<string, string>();

/** The store of a test server whose data directory is `dataDir` (the same database again for a restart on it). */
export async function testStoreConfig(dataDir: string, engine: TestEngine = TEST_ENGINE): Promise<StoreConfig> {
  if (engine === 'file') return { engine };
  if (engine === 'pglite') {
    const dir = join(dataDir, 'pglite');
    if (!(await stat(dir).catch(() => undefined))) await copyPGliteTemplate(dir);
    return { engine, dir };
  }
  let url = databases.get(dataDir);
  if (!url) databases.set(dataDir, (url = await freshDatabaseUrl()));
  return { engine, url };
}

/** An open SqlStore on a new PGlite database, closed after the tests. */
export async function pgliteStore(): Promise<SqlStore> {
  const store = await SqlStore.open(await openPGlite(await freshPGliteDir(), 'test'));
  cleanups.push(() => store.close());
  return store;
}

/** An open SqlStore on a new PostgreSQL database, closed after the tests. */
export async function postgresStore(url?: string): Promise<SqlStore> {
  const store = await SqlStore.open(await openPostgres(url ?? (await freshDatabaseUrl()), 'TEST_DATABASE_URL'));
  cleanups.push(() => store.close());
  return store;
}

/** A new store on the engine of IK_TEST_STORE, for suites that build the app in-process (file: a MemoryStore, as before). */
export async function testStore(): Promise<Store> {
  if (TEST_ENGINE === 'pglite') return pgliteStore();
  if (TEST_ENGINE === 'postgres') return postgresStore();
  return new MemoryStore();
}
