import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { Store } from './store.ts';

/** The browser's store: IndexedDB through idb-keyval, one database per name. */
export class IdbStore implements Store {
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
}
