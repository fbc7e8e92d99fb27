import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadNodeConfig, PROJECT_ROOT } from '../../mock-server/config.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { IMPORT_MARKER } from '../../mock-server/store/import-file-store.ts';
import { openStore } from '../../mock-server/store/open-store.ts';
import { openPGlite } from '../../mock-server/store/sql/pglite-driver.ts';
import { openPostgres } from '../../mock-server/store/sql/pg-driver.ts';
import { migrate, MIGRATIONS } from '../../mock-server/store/sql/migrations.ts';
import { SqlStore } from '../../mock-server/store/sql-store.ts';
import { ConfigError, generateEncryptionKey } from '../../mock-server/vault.ts';
import { CapturingLogger } from '../support/server.ts';
import { freshDatabaseUrl, freshPGliteDir, postgresSkip } from '../support/sql.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ik-sql-'));
  dirs.push(dir);
  return dir;
};
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const LATEST = MIGRATIONS.at(-1)!.version;

describe('migrations', () => {
  it('a database at schema version 1 is upgraded at start-up, its rows kept and filled in', async () => {
    const db = await openPGlite(await freshPGliteDir(), 'test');
    try {
      assert.deepEqual(await migrate(db, 1), { from: 0, to: 1 });
      await db.query(`insert into sessions (key, doc) values ($1, $2::json)`, ['session/abc', JSON.stringify({ principal: { userId: 'zoe' }, expiresAt: '2030-01-01T00:00:00.000Z' })]);
      const store = await SqlStore.open(db);
      const [row] = await db.query<{ expires_at: Date }>('select expires_at from sessions where key = $1', ['session/abc']);
      assert.equal(row!.expires_at.toISOString(), '2030-01-01T00:00:00.000Z', 'version 2 filled the new column from the old rows');
      assert.deepEqual(await store.get('session/abc'), { principal: { userId: 'zoe' }, expiresAt: '2030-01-01T00:00:00.000Z' });
      const versions = await db.query<{ version: number }>('select version from schema_migrations order by version');
      assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await migrate(db), { from: LATEST, to: LATEST }, 'nothing to do the next time');
    } finally {
      await db.close();
    }
  });

  it('PostgreSQL: processes migrating one new database at once apply each step once', { skip: postgresSkip() }, async () => {
    const url = await freshDatabaseUrl();
    const drivers = await Promise.all(Array.from({ length: 4 }, () => openPostgres(url, 'TEST_DATABASE_URL')));
    try {
      const results = await Promise.all(drivers.map((db) => migrate(db)));
      assert.equal(results.filter((r) => r.from === 0 && r.to === LATEST).length, 1, JSON.stringify(results));
      assert.equal(results.filter((r) => r.from === LATEST).length, 3);
      const versions = await drivers[0]!.query<{ version: number }>('select version from schema_migrations order by version');
      assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(drivers.map((db) => db.close()));
    }
  });
});

describe('the import of a file store', () => {
  it('copies every record into a new SQL database once, logs one line, leaves the files', async () => {
    const dataDir = await tempDir();
    const files = new FileStore(dataDir);
    await files.set('catalog', { providers: [], revision: 4 });
    await files.set('workspace/acme/connection/conn_1', { id: 'conn_1', provider: 'openai', version: 3 });
    await files.set('workspace/acme/audit/000000000001', { action: 'connection.created' });
    await files.set('session/abc', { expiresAt: '2030-01-01T00:00:00.000Z' });
    const before = (await readdir(dataDir)).sort();
    const config = { dataDir, store: { engine: 'pglite' as const, dir: join(await tempDir(), 'db') } };
    const logger = new CapturingLogger();
    const first = await openStore(config, logger);
    try {
      assert.deepEqual((await first.entries('')).filter(([key]) => key !== IMPORT_MARKER).sort(), (await files.entries('')).sort());
    } finally {
      await first.close?.();
    }
    assert.deepEqual(logger.lines.filter((line) => line.startsWith('Imported')).length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0]!, /Imported 4 records from the file store/);
    assert.deepEqual((await readdir(dataDir)).sort(), before, 'the files are left as they were');
    await files.set('session/later', { expiresAt: '2030-01-01T00:00:00.000Z' });
    const again = await openStore(config, logger);
    try {
      assert.equal(await again.get('session/later'), undefined, 'not imported a second time');
    } finally {
      await again.close?.();
    }
    assert.equal(logger.lines.length, 1);
  });
});

describe('the embedded database', () => {
  it('refuses a second opener of its directory while the first has it, and is taken over after', async () => {
    const dir = await freshPGliteDir();
    const db = await openPGlite(dir, 'IK_PGLITE_DIR');
    await assert.rejects(openPGlite(dir, 'IK_PGLITE_DIR'), (error: unknown) => error instanceof ConfigError && /in use by another process/.test(error.message) && error.message.includes('IK_PGLITE_DIR'));
    await db.close();
    await (await openPGlite(dir, 'IK_PGLITE_DIR')).close();
  });
});

describe('store configuration', () => {
  const base = { IK_ENCRYPTION_KEY: generateEncryptionKey() };
  const refuses = async (env: Record<string, string>, pattern: RegExp, secret?: string) => {
    await assert.rejects(loadNodeConfig({ ...base, ...env }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, pattern);
      if (secret) assert.ok(!error.message.includes(secret), 'the message shows no password');
      return true;
    });
  };

  it('picks PostgreSQL for DATABASE_URL, PGlite otherwise, the file store on request', async () => {
    assert.equal((await loadNodeConfig(base)).store?.engine, 'pglite');
    assert.equal((await loadNodeConfig({ ...base, DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })).store?.engine, 'postgres');
    assert.equal((await loadNodeConfig({ ...base, IK_STORE: 'file' })).store?.engine, 'file');
  });

  it('names the variable, never the value, for a bad DATABASE_URL or IK_STORE', async () => {
    await refuses({ DATABASE_URL: 'hunter2-not-a-url' }, /^DATABASE_URL is not a valid URL/, 'hunter2');
    await refuses({ DATABASE_URL: 'mysql://user:hunter2pw@db.example/app' }, /^DATABASE_URL must be a postgres:\/\//, 'hunter2pw');
    await refuses({ DATABASE_URL: 'postgres://user:hunter2pw@db.example' }, /DATABASE_URL must name a host and a database/, 'hunter2pw');
    await refuses({ IK_STORE: 'mongo' }, /^IK_STORE must be "pglite", "postgres" or "file"/);
    await refuses({ IK_STORE: 'postgres' }, /IK_STORE=postgres needs DATABASE_URL/);
  });

  it('a database that cannot be reached stops the server with one line naming DATABASE_URL, host and database, not the password', async () => {
    const dataDir = await tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, PORT: '0', IK_DATA_DIR: dataDir, ...base, DATABASE_URL: 'postgres://app:hunter2pw@127.0.0.1:1/appdb' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1, output);
    assert.match(output, /mock-server cannot start: Cannot connect to the database of DATABASE_URL \(127\.0\.0\.1:1\/appdb\)/);
    assert.ok(!output.includes('hunter2pw'), 'no password');
    assert.ok(!/\n\s+at /.test(output), `no stack trace: ${output}`);
  });
});
