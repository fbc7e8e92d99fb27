import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { openPGlite } from '../../mock-server/store/sql/pglite-driver.ts';
import { openPostgres } from '../../mock-server/store/sql/pg-driver.ts';
import { SqlStore } from '../../mock-server/store/sql-store.ts';

/**
 * SQL engines for tests. PGlite: a new database is one initdb (~3 s here), so each test process
 * makes one and copies it. PostgreSQL: a database per use on the server of TEST_DATABASE_URL
 * (.ci/run starts one), dropped after the tests; without that variable those tests skip.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const POSTGRES_SKIP = TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server for it)';
if (!TEST_DATABASE_URL) console.log(`# notice: PostgreSQL tests skipped: ${POSTGRES_SKIP}`);

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

let template: Promise<string> | undefined;

/** A directory holding an empty PGlite database (not migrated), made by copying this process's template. */
export async function freshPGliteDir(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ik-pglite-template-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = await openPGlite(join(dir, 'db'), 'test');
    await db.close();
    return join(dir, 'db');
  })();
  const source = await template;
  const dir = await mkdtemp(join(tmpdir(), 'ik-pglite-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(source, join(dir, 'db'), { recursive: true });
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
