import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * What a search over installed integrations looks at: names, category, the credential field
 * names and labels, and the values of non-secret fields (URLs, account ids) — never a secret.
 */
function searchable(connection: Connection, provider: ProviderView | undefined): string {
  const fields = provider?.credentials.flatMap((f) => [f.name, f.label]) ?? [];
  const plainValues = Object.values(connection.credentialPreview).flatMap((p) => (p.secret ? [] : [p.value ?? '']));
  return fold([connection.displayName, provider?.name, provider?.category, connection.provider, ...fields, ...plainValues].join(' '));
}

export function filterConnections(
  connections: Connection[],
  providers: ReadonlyMap<string, ProviderView>,
  query: string,
  categories: ReadonlySet<string>,
): Connection[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return connections.filter((c) => {
    const provider = providers.get(c.provider);
    if (categories.size > 0 && !categories.has(provider?.category ?? '')) return false;
    const haystack = searchable(c, provider);
    return words.every((word) => haystack.includes(word));
  });
}
