import type { SqlDriver } from './driver.ts';

/**
 * The schema, as numbered steps applied in order at start-up. A released step is never
 * edited: a change is a new step. The same SQL runs on PGlite and on a PostgreSQL server.
 *
 * Values are `json`, not `jsonb`: json keeps the text it is given, so a value reads back
 * exactly as JSON.stringify wrote it (key order, "\u0000" in a string, which jsonb refuses).
 * Nothing queries inside a value; what is queried has its own column.
 */
export interface Migration {
  version: number;
  name: string;
  /** Statements, run one by one (some drivers take one statement per query). */
  sql: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tables per kind of record',
    sql: [
      'create table documents (key text collate "C" primary key, doc json not null)',
      'create table connections (key text collate "C" primary key, workspace_id text not null, id text not null, provider text, version integer, doc json not null)',
      'create table workspace_policies (key text collate "C" primary key, workspace_id text not null, doc json not null)',
      'create table audit_entries (key text collate "C" primary key, workspace_id text not null, seq bigint not null, doc json not null)',
      'create table sessions (key text collate "C" primary key, doc json not null)',
    ],
  },
  {
    version: 2,
    name: 'session expiry column',
    sql: [
      'alter table sessions add column expires_at timestamptz',
      String.raw`update sessions set expires_at = (doc->>'expiresAt')::timestamptz where doc->>'expiresAt' ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$'`,
      'create index sessions_expires_at on sessions (expires_at)',
    ],
  },
];

/** Any constant: every process migrating the same database takes this lock first. */
const MIGRATION_LOCK = 7_312_001;

/**
 * Applies the steps the database lacks, in one transaction under an advisory lock, so two
 * processes starting together do not both run a step (the second waits, then finds it done).
 * `upTo` stops early (tests of an upgrade from an older schema).
 */
export async function migrate(db: SqlDriver, upTo = Infinity): Promise<{ from: number; to: number }> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())');
    const [row] = await tx.query<{ version: number | null }>('select max(version) as version from schema_migrations');
    const from = row?.version ?? 0;
    let to = from;
    for (const step of MIGRATIONS) {
      if (step.version <= from || step.version > upTo) continue;
      for (const statement of step.sql) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [step.version, step.name]);
      to = step.version;
    }
    return { from, to };
  });
}
