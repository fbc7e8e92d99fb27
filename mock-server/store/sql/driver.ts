/** What SqlStore needs of a database: parameterized queries, and transactions that commit or roll back whole. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface SqlDriver extends SqlQueryable {
  /** Whether other processes may write the same database (a Postgres server), or only this one (PGlite). */
  readonly shared: boolean;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
