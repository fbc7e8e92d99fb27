/**
 * What the browser checks of the service's answers: that each is the record it should be, by the
 * members the elements read. The full schemas (src/schema) stay on the server, which validates
 * everything it stores and sends; a page does not carry a validation library to re-check them.
 */
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';
/** Member name -> its kind; `?` when it may be absent or null. */
export type Shape = Readonly<Record<string, Kind | `${Kind}?`>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function hasShape(value: unknown, shape: Shape): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  for (const [name, expected] of Object.entries(shape)) {
    const member = value[name];
    const optional = expected.endsWith('?');
    if (member === undefined || member === null) {
      if (!optional) return false;
    } else if (kindOf(member) !== (optional ? expected.slice(0, -1) : expected)) {
      return false;
    }
  }
  return true;
}

/** A list of records, each of `shape`. */
export const isListOf = (value: unknown, shape: Shape): boolean => Array.isArray(value) && value.every((item) => hasShape(item, shape));

export const SHAPES = {
  principal: { userId: 'string', workspaceId: 'string', role: 'string', displayName: 'string' },
  provider: { key: 'string', name: 'string', category: 'string', logo: 'string', description: 'string', authType: 'string', credentials: 'array', help: 'object', availability: 'string', oauth: 'object?', verification: 'object?' },
  connection: { id: 'string', workspaceId: 'string', provider: 'string', displayName: 'string', mode: 'string', status: 'string', projectIds: 'array', credentialPreview: 'object', lastTest: 'object?', oauth: 'object?', createdBy: 'string', version: 'number' },
  test: { outcome: 'string', message: 'string', testedAt: 'string' },
  project: { id: 'string', name: 'string' },
  audit: { id: 'string', at: 'string', action: 'string' },
  policy: { mode: 'string', overrides: 'object' },
  oauthStart: { authorizeUrl: 'string', state: 'string', connectionId: 'string' },
  oauthStatus: { outcome: 'string' },
  error: { code: 'string', message: 'string', fields: 'object?', reason: 'string?' },
} satisfies Record<string, Shape>;
