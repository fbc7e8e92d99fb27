import type { ProviderView } from '../../src/schema/provider.ts';

/** Case- and accent-insensitive text for matching. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Each provider's searchable text, folded once (not on every keystroke). */
const searchText = new WeakMap<ProviderView, string>();

function haystackOf(p: ProviderView): string {
  let text = searchText.get(p);
  if (text === undefined) {
    text = fold(`${p.name} ${p.description} ${p.category} ${p.key}`);
    searchText.set(p, text);
  }
  return text;
}

/** Providers matching every word of the query (name, description, category or key) and one of the categories. */
export function filterProviders(providers: ProviderView[], query: string, categories: ReadonlySet<string>): ProviderView[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return providers.filter((p) => {
    if (categories.size > 0 && !categories.has(p.category)) return false;
    const haystack = haystackOf(p);
    return words.every((word) => haystack.includes(word));
  });
}

const countsOf = new WeakMap<readonly ProviderView[], [string, number][]>();

/** Categories in first-seen order, with how many providers each holds (counted once per list, not on every keystroke). */
export function categoryCounts(providers: readonly ProviderView[]): [string, number][] {
  let result = countsOf.get(providers);
  if (!result) {
    const counts = new Map<string, number>();
    for (const p of providers) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    countsOf.set(providers, (result = [...counts]));
  }
  return result;
}

/** Connectable providers first; the catalog's order otherwise. */
export function displayOrder(providers: ProviderView[]): ProviderView[] {
  return [...providers].sort((a, b) => Number(a.availability === 'coming_soon') - Number(b.availability === 'coming_soon'));
}
