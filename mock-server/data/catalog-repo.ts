import { englishErrors, issuesToFields, summarizeFields } from '../../src/schema/messages.ts';
import { provider as providerSchema, type Provider } from '../../src/schema/provider.ts';
import { KeyedLock, type Store } from '../store/store.ts';
import { ConfigError } from '../vault.ts';

const CATALOG_KEY = 'catalog';

interface CatalogDoc {
  providers: Provider[];
  /** Grows with every change: clients poll with it (ETag) to see new rows without a reload. */
  revision: number;
}

/** The catalog as loaded, with its rows indexed by key (resolution looks one up per request). */
interface LoadedCatalog extends CatalogDoc {
  byKey: Map<string, Provider>;
}

const indexed = (doc: CatalogDoc): LoadedCatalog => ({ ...doc, byKey: new Map(doc.providers.map((p) => [p.key, p])) });

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
    this.cache ??= this.load().then(indexed, (error: unknown) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
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
      const current = await this.doc();
      const { providers, result } = change(structuredClone(current.providers));
      const next = { providers, revision: current.revision + 1 };
      await this.store.set(CATALOG_KEY, next);
      this.cache = Promise.resolve(indexed(next));
      return result;
    });
  }

  private async load(): Promise<CatalogDoc> {
    const stored = await this.store.get<CatalogDoc>(CATALOG_KEY);
    if (stored) return { providers: stored.providers, revision: stored.revision ?? 1 };
    const seeded = { providers: this.seed, revision: 1 };
    await this.store.set(CATALOG_KEY, seeded);
    return seeded;
  }
}
