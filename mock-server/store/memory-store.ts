import { isDelete, type Store, type StoreExpectation, type StoreWrite, StoreConflictError } from './store.ts';

/**
 * Documents in memory: for tests and throwaway demos. Values are copied in and out, as a real
 * store would. `shared`: repos over it act as they do on a store other processes write (tests
 * of that, with two repos on one MemoryStore).
 */
export class MemoryStore implements Store {
  private readonly documents = new Map<string, string>();

  constructor(readonly shared = false) {}

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.documents.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.documents.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.documents.delete(key);
  }

  async keys(prefix = ''): Promise<string[]> {
    return [...this.documents.keys()].filter((key) => key.startsWith(prefix));
  }

  async entries<T>(prefix: string): Promise<[string, T][]> {
    return [...this.documents].filter(([key]) => key.startsWith(prefix)).map(([key, text]) => [key, JSON.parse(text) as T]);
  }

  async batch(writes: StoreWrite[], expect?: readonly StoreExpectation[]): Promise<void> {
    // Checked and written in one synchronous step: nothing else runs in between.
    for (const { key, equals } of expect ?? []) {
      const text = this.documents.get(key);
      if ((text === undefined ? undefined : JSON.parse(text)) !== equals) throw new StoreConflictError(key);
    }
    // Serialized first, so a value that cannot be stored leaves every document as it was.
    const texts = writes.map((write) => (isDelete(write) ? undefined : JSON.stringify(write.value)));
    writes.forEach((write, i) => (texts[i] === undefined ? this.documents.delete(write.key) : this.documents.set(write.key, texts[i]!)));
  }
}
