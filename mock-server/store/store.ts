/**
 * Where the mock server keeps its documents. Values are plain JSON; keys are short strings
 * such as `workspace/acme/connection/conn_1`. Implementations: FileStore (Node), IdbStore
 * (browser), MemoryStore (tests), SqlStore (PGlite or PostgreSQL: `batch` is a transaction,
 * `entries` a range query).
 */
export interface Store {
  /**
   * Whether other processes may write this store at the same time (a PostgreSQL server). Caches
   * over a shared store check a version record before trusting what they hold.
   */
  readonly shared: boolean;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, in no particular order. */
  keys(prefix?: string): Promise<string[]>;
  /** Every key that starts with `prefix` with its value, in no particular order. */
  entries<T>(prefix: string): Promise<[string, T][]>;
  /**
   * Applies all the writes or, after a crash, none of them: a change and its audit entry together.
   * With `expect`, first checks in the same transaction that each key holds the value given
   * (`undefined`: that it is absent), and writes nothing but throws StoreConflictError when one
   * does not: the compare-and-set that lets two processes share a store.
   */
  batch(writes: StoreWrite[], expect?: readonly StoreExpectation[]): Promise<void>;
  /** Lets go of files, connections or locks (a server that stops). */
  close?(): Promise<void>;
}

/** A key's value a conditional batch requires: a number or string (compared exactly), or `undefined` for no value. */
export interface StoreExpectation {
  key: string;
  equals: number | string | undefined;
}

/** A conditional batch found a key changed by someone else; nothing was written. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
  constructor(readonly key: string) {
    super(`The stored value of ${key} changed; nothing was written.`);
  }
}

/** Throws StoreConflictError for the first expectation `current` does not meet. */
export async function checkExpectations(expect: readonly StoreExpectation[] | undefined, current: (key: string) => unknown): Promise<void> {
  for (const { key, equals } of expect ?? []) {
    if ((await current(key)) !== equals) throw new StoreConflictError(key);
  }
}

/** One write of a batch: a value to store, or a key to delete. */
export type StoreWrite = { key: string; value: unknown } | { key: string; delete: true };

export const isDelete = (write: StoreWrite): write is { key: string; delete: true } => 'delete' in write;

/** Runs read-modify-write sequences on the same key one after another. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
