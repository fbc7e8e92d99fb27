/**
 * Where the mock server keeps its documents. Values are plain JSON; keys are short strings
 * such as `workspace/acme`. Implementations: FileStore (Node) and IdbStore (browser).
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, in no particular order. */
  keys(prefix?: string): Promise<string[]>;
}

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
