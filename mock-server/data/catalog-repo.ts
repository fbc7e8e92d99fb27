import { englishErrors, issuesToFields, summarizeFields } from '../../src/schema/messages.ts';
import { provider as providerSchema, type Provider } from '../../src/schema/provider.ts';
import type { Store } from '../store/store.ts';
import { ConfigError } from '../vault.ts';

const CATALOG_KEY = 'catalog';

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
  private cache: Promise<Provider[]> | undefined;

  constructor(
    private readonly store: Store,
    private readonly seed: Provider[],
  ) {}

  list(): Promise<Provider[]> {
    this.cache ??= this.load().catch((error: unknown) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  async get(key: string): Promise<Provider | undefined> {
    return (await this.list()).find((p) => p.key === key);
  }

  private async load(): Promise<Provider[]> {
    const stored = await this.store.get<{ providers: Provider[] }>(CATALOG_KEY);
    if (stored) return stored.providers;
    await this.store.set(CATALOG_KEY, { providers: this.seed });
    return this.seed;
  }
}
