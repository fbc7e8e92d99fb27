import { createStore, del, entries, get, keys, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { isDelete, type Store, StoreConflictError, type StoreExpectation, type StoreWrite } from './store.ts';

/** The browser's store: IndexedDB through idb-keyval, one database per name. */
export class IdbStore implements Store {
  readonly shared = false;
  private readonly db: UseStore;

  constructor(databaseName = 'integration-kit-mock') {
    this.db = createStore(databaseName, 'documents');
  }

  get<T>(key: string): Promise<T | undefined> {
    return get<T>(key, this.db);
  }

  set(key: string, value: unknown): Promise<void> {
    // Stored as parsed JSON so both stores hold exactly the same shapes.
    return set(key, JSON.parse(JSON.stringify(value)), this.db);
  }

  delete(key: string): Promise<void> {
    return del(key, this.db);
  }

  async keys(prefix = ''): Promise<string[]> {
    return (await keys<string>(this.db)).filter((key) => typeof key === 'string' && key.startsWith(prefix));
  }

  async entries<T>(prefix: string): Promise<[string, T][]> {
    return (await entries<string, T>(this.db)).filter(([key]) => typeof key === 'string' && key.startsWith(prefix));
  }

  /** One readwrite transaction: IndexedDB commits all of it or none, the expectations read in it. */
  batch(writes: StoreWrite[], expect: readonly StoreExpectation[] = []): Promise<void> {
    const values = writes.map((write) => (isDelete(write) ? undefined : JSON.parse(JSON.stringify(write.value))));
    return this.db('readwrite', async (store) => {
      const done = promisifyRequest(store.transaction);
      // Awaiting a request keeps the transaction alive: the next request is made in its success callback's microtask.
      for (const { key, equals } of expect) {
        if ((await promisifyRequest(store.get(key))) !== equals) {
          store.transaction.abort();
          await done.catch(() => undefined);
          throw new StoreConflictError(key);
        }
      }
      writes.forEach((write, i) => (isDelete(write) ? store.delete(write.key) : store.put(values[i], write.key)));
      return done;
    });
  }
}
