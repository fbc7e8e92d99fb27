/**
 * Which table holds a key, by the key's shape, and the columns taken from it. Keys of no
 * known shape (catalog, OAuth attempts, version counters, data keys) are documents.
 */
export interface Table {
  name: string;
  /** Columns besides key and doc, filled from the key and the value. */
  columns: readonly string[];
  values(match: RegExpExecArray, value: unknown): unknown[];
}

const field = (value: unknown, name: string) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : null);
const integer = (value: unknown) => (Number.isSafeInteger(value) && Math.abs(value as number) < 2 ** 31 ? value : null);
/** An ISO instant as toISOString writes it (anything else Postgres might not read: left out). */
const instant = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? value : null);

const ROUTES: readonly [RegExp, Table][] = [
  [
    /^workspace\/([^/]+)\/connection\/(.+)$/s,
    { name: 'connections', columns: ['workspace_id', 'id', 'provider', 'version'], values: (m, v) => [m[1], m[2], text(field(v, 'provider')), integer(field(v, 'version'))] },
  ],
  [/^workspace\/([^/]+)\/policy$/, { name: 'workspace_policies', columns: ['workspace_id'], values: (m) => [m[1]] }],
  [/^workspace\/([^/]+)\/audit\/(\d{1,15})$/, { name: 'audit_entries', columns: ['workspace_id', 'seq'], values: (m) => [m[1], Number(m[2])] }],
  [/^session\/(.+)$/s, { name: 'sessions', columns: ['expires_at'], values: (_, v) => [instant(field(v, 'expiresAt'))] }],
];

export const DOCUMENTS: Table = { name: 'documents', columns: [], values: () => [] };

export const TABLES: readonly Table[] = [...ROUTES.map(([, table]) => table), DOCUMENTS];

export function route(key: string): { table: Table; values: (value: unknown) => unknown[] } {
  for (const [pattern, table] of ROUTES) {
    const match = pattern.exec(key);
    if (match) return { table, values: (value) => table.values(match, value) };
  }
  return { table: DOCUMENTS, values: () => [] };
}

/** `insert … on conflict update` of one row of `table`: $1 key, $2 doc (JSON text), then its columns. */
export function upsertSql(table: Table): string {
  const columns = ['key', 'doc', ...table.columns];
  const params = columns.map((c, i) => (c === 'doc' ? `$${i + 1}::json` : `$${i + 1}`));
  const updates = columns.slice(1).map((c) => `${c} = excluded.${c}`);
  return `insert into ${table.name} (${columns.join(', ')}) values (${params.join(', ')}) on conflict (key) do update set ${updates.join(', ')}`;
}

/** A LIKE pattern for keys starting with `prefix` (its own % _ and \ taken literally). */
export const prefixPattern = (prefix: string) => prefix.replace(/[\\%_]/g, '\\$&') + '%';
