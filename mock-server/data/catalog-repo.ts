import { englishErrors, issuesToFields, summarizeFields } from '../../src/schema/messages.ts';
import { provider as providerSchema, type Provider } from '../../src/schema/provider.ts';
import { KeyedLock, type Store, StoreConflictError } from '../store/store.ts';
import { ConfigError } from '../vault.ts';

const CATALOG_KEY = 'catalog';
/** On a shared store: the revision as its own small record, checked before the cached catalog is trusted and moved by each change. */
const REVISION_KEY = 'catalog-revision';

interface CatalogDoc {
  providers: Provider[];
  /** Grows with every change: clients poll with it (ETag) to see new rows without a reload. */
  revision: number;
}

/** The catalog as loaded, with its rows indexed by key (resolution looks one up per request). */
interface LoadedCatalog extends CatalogDoc {
  byKey: Map<string, Provider>;
  /** The stored REVISION_KEY it was read at (shared stores only). */
  stamp: number | undefined;
}

const indexed = (doc: CatalogDoc, stamp: number | undefined): LoadedCatalog => ({ ...doc, byKey: new Map(doc.providers.map((p) => [p.key, p])), stamp });

/** Validates catalog rows from a seed file; a bad row stops the server with the row and field named. */
export function parseCatalog(rows: unknown[], source: string): Provider[] {
  return rows.map((row, index) => {
    const result = providerSchema.safeParse(row, { error: englishErrors });
    if (result.success) return result.data;
    const key = (row as { key?: unknown } | null)?.key;
    throw new ConfigError(`${source}: provider #${index + 1} (${String(key)}) is invalid: ${summarizeFields(issuesToFields(result.error.issues))}`);
  });
}

/** The provider catalog: seeded once from the bundled rows, then it is data in the store. */
export class CatalogRepo {
  private cache: Promise<LoadedCatalog> | undefined;
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: Store,
    private readonly seed: Provider[],
  ) {}

  private doc(): Promise<LoadedCatalog> {
    return this.store.shared ? this.checkedDoc() : this.loaded();
  }

  private loaded(): Promise<LoadedCatalog> {
    this.cache ??= this.load().catch((error: unknown) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  /** On a shared store another process may have changed the catalog: one small read tells. */
  private async checkedDoc(): Promise<LoadedCatalog> {
    const pending = this.cache;
    const cached = pending && (await pending.catch(() => undefined));
    if (cached && cached.stamp === (await this.store.get<number>(REVISION_KEY))) return cached;
    if (this.cache === pending) this.cache = undefined;
    return this.loaded();
  }

  async list(): Promise<Provider[]> {
    return (await this.doc()).providers;
  }

  async revision(): Promise<number> {
    return (await this.doc()).revision;
  }

  async get(key: string): Promise<Provider | undefined> {
    return (await this.doc()).byKey.get(key);
  }

  /**
   * Changes the catalog under its lock: `change` gets a copy of the rows and returns the new
   * ones (or throws, and nothing is written).
   */
  async change<T>(change: (providers: Provider[]) => { providers: Provider[]; result: T }): Promise<T> {
    return this.lock.run(CATALOG_KEY, async () => {
      for (;;) {
        const current = await this.doc();
        const { providers, result } = change(structuredClone(current.providers));
        const next = { providers, revision: current.revision + 1 };
        if (!(await this.write(next, current.stamp))) continue;
        this.cache = Promise.resolve(indexed(next, this.store.shared ? next.revision : undefined));
        return result;
      }
    });
  }

  /** Stores `doc`; on a shared store only if the revision record is still `stamp` (false: another process changed it, reload). */
  private async write(doc: CatalogDoc, stamp: number | undefined): Promise<boolean> {
    if (!this.store.shared) {
      await this.store.set(CATALOG_KEY, doc);
      return true;
    }
    try {
      await this.store.batch([{ key: CATALOG_KEY, value: doc }, { key: REVISION_KEY, value: doc.revision }], [{ key: REVISION_KEY, equals: stamp }]);
      return true;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      this.cache = undefined;
      return false;
    }
  }

  private async load(): Promise<LoadedCatalog> {
    for (;;) {
      const stamp = this.store.shared ? await this.store.get<number>(REVISION_KEY) : undefined;
      const stored = await this.store.get<CatalogDoc>(CATALOG_KEY);
      if (stored) return indexed({ providers: stored.providers, revision: stored.revision ?? 1 }, stamp);
      const seeded = { providers: this.seed, revision: 1 };
      if (await this.write(seeded, stamp)) return indexed(seeded, this.store.shared ? 1 : undefined);
    }
  }
}
