/**
 * Catalog categories are free text, grouped by name: "Email", "email" and " Email " are one
 * category, so the catalog keeps one spelling of each (the one most rows use).
 */

/** A category as stored: trimmed, runs of whitespace made one space. */
export function tidyCategory(category: string): string {
  return category.trim().replace(/\s+/g, ' ');
}

/** What makes two categories the same one. */
export function categoryKey(category: string): string {
  return tidyCategory(category).normalize('NFC').toLowerCase();
}

/** Each category once, in the spelling most of its rows use (the first seen on a tie), sorted. */
export function distinctCategories(categories: Iterable<string>): string[] {
  const spellings = new Map<string, Map<string, number>>();
  for (const category of categories) {
    const key = categoryKey(category);
    if (key === '') continue;
    const counts = spellings.get(key) ?? new Map<string, number>();
    const spelling = tidyCategory(category);
    counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
    spellings.set(key, counts);
  }
  const chosen = [...spellings.values()].map((counts) => [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0]);
  return chosen.sort((a, b) => a.localeCompare(b));
}

/** The existing spelling when `category` names an existing category; otherwise `category`, tidied. */
export function canonicalCategory(category: string, existing: Iterable<string>): string {
  const key = categoryKey(category);
  return distinctCategories(existing).find((known) => categoryKey(known) === key) ?? tidyCategory(category);
}
