import { isDelete, type Store, StoreConflictError, type StoreExpectation, type StoreWrite } from './store.ts';
import type { SqlDriver, SqlQueryable } from './sql/driver.ts';
import { migrate } from './sql/migrations.ts';
import { prefixPattern, route, TABLES, upsertSql } from './sql/tables.ts';

const UPSERT = new Map(TABLES.map((table) => [table.name, upsertSql(table)]));
const LIST_KEYS = TABLES.map((t) => `select key from ${t.name} where key like $1`).join(' union all ');
const LIST_ENTRIES = TABLES.map((t) => `select key, doc from ${t.name} where key like $1`).join(' union all ');

/**
 * The Store on SQL: PGlite (embedded) or a PostgreSQL server, the same SQL on both. Each kind
 * of record has its table (see sql/tables.ts), a batch is one transaction, a prefix listing is
 * an index range scan of each table.
 *
 * A conditional batch takes, per expected key and in key order, a transaction-level advisory
 * lock and then reads the row FOR UPDATE: two processes checking the same key go one after the
 * other, and the second sees what the first committed. (The lock also covers a key that has
 * no row yet, which FOR UPDATE alone cannot.)
 */
export class SqlStore implements Store {
  readonly shared: boolean;

  private constructor(private readonly db: SqlDriver) {
    this.shared = db.shared;
  }

  /** Opens the store on `db`, first bringing its schema up to date. */
  static async open(db: SqlDriver): Promise<SqlStore> {
    await migrate(db);
    return new SqlStore(db);
  }

  /** The database itself, for what the Store interface does not say (tests, the import). */
  get driver(): SqlDriver {
    return this.db;
  }

  private async read(q: SqlQueryable, key: string, forUpdate = false): Promise<unknown> {
    const [row] = await q.query<{ doc: unknown }>(`select doc from ${route(key).table.name} where key = $1${forUpdate ? ' for update' : ''}`, [key]);
    return row?.doc;
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.read(this.db, key) as Promise<T | undefined>;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.write(this.db, { key, value });
  }

  async delete(key: string): Promise<void> {
    await this.write(this.db, { key, delete: true });
  }

  private async write(q: SqlQueryable, write: StoreWrite): Promise<void> {
    const { table, values } = route(write.key);
    if (isDelete(write)) {
      await q.query(`delete from ${table.name} where key = $1`, [write.key]);
      return;
    }
    const text = JSON.stringify(write.value);
    if (text === undefined) throw new TypeError(`The value of ${write.key} is not JSON.`);
    await q.query(UPSERT.get(table.name)!, [write.key, text, ...values(JSON.parse(text))]);
  }

  async keys(prefix = ''): Promise<string[]> {
    return (await this.db.query<{ key: string }>(LIST_KEYS, [prefixPattern(prefix)])).map((row) => row.key);
  }

  async entries<T>(prefix: string): Promise<[string, T][]> {
    return (await this.db.query<{ key: string; doc: T }>(LIST_ENTRIES, [prefixPattern(prefix)])).map((row) => [row.key, row.doc]);
  }

  async batch(writes: StoreWrite[], expect: readonly StoreExpectation[] = []): Promise<void> {
    if (writes.length === 0 && expect.length === 0) return;
    // Serialized first, so a value that cannot be stored fails before anything is sent.
    for (const write of writes) if (!isDelete(write) && JSON.stringify(write.value) === undefined) throw new TypeError(`The value of ${write.key} is not JSON.`);
    if (writes.length === 1 && expect.length === 0) return this.write(this.db, writes[0]!);
    await this.db.transaction(async (tx) => {
      const sorted = [...expect].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const { key, equals } of sorted) {
        if (this.shared) await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        if ((await this.read(tx, key, true)) !== equals) throw new StoreConflictError(key);
      }
      for (const write of writes) await this.write(tx, write);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
