import pg from 'pg';
import { ConfigError } from '../../vault.ts';
import type { SqlDriver, SqlQueryable } from './driver.ts';

/** The URL without its password, for messages. */
export function describeDatabaseUrl(url: URL): string {
  return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Checks the shape of a database URL; the message names the variable, never the value (it may hold a password). */
export function parseDatabaseUrl(raw: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL: expected postgres://user:password@host:port/database.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError(`${variable} must be a postgres:// (or postgresql://) URL.`);
  if (!url.hostname || url.pathname.length <= 1) throw new ConfigError(`${variable} must name a host and a database: postgres://user:password@host:port/database.`);
  return url;
}

/** A PostgreSQL server through a node-postgres pool: shared with any other process that uses it. */
export async function openPostgres(raw: string, variable: string, options: { poolSize?: number } = {}): Promise<SqlDriver> {
  const url = parseDatabaseUrl(raw, variable);
  const pool = new pg.Pool({ connectionString: raw, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  const scrub = (message: string) => (url.password ? message.replaceAll(decodeURIComponent(url.password), '***') : message);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new ConfigError(`Cannot connect to the database of ${variable} (${describeDatabaseUrl(url)}): ${scrub((error as Error).message || String((error as { code?: string }).code))}`);
  }
  const queryable = (client: pg.Pool | pg.PoolClient): SqlQueryable => ({
    query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
  });
  return {
    shared: true,
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const result = await work(queryable(client));
        await client.query('commit');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not given to the next transaction.
        await client.query('rollback').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
