import * as z from 'zod/mini';
import { routingMode } from './routing.ts';
import { ROLES } from './principal.ts';
import { ID_PATTERN, idString, PROVIDER_KEY_PATTERN, providerKey, text } from './primitives.ts';

export const CREDENTIAL_VALUE_MAX = 4096;

/** POST /provider-connections */
export const saveConnectionRequest = z.strictObject({
  workspaceId: idString,
  provider: providerKey,
  displayName: z.optional(text(100)),
  /** Field name -> value. On an update, omitted fields keep their stored values. */
  credentialPayload: z.optional(
    z.record(
      z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a credential field name')),
      z.string().check(z.maxLength(CREDENTIAL_VALUE_MAX, `must be at most ${CREDENTIAL_VALUE_MAX} characters`)),
    ),
  ),
  connectionId: z.optional(idString),
  projectIds: z.optional(z.array(idString).check(z.maxLength(100, 'must list at most 100 projects'))),
  expectedVersion: z.optional(z.int().check(z.gte(1, 'must be a version number (1 or more)'))),
});

/** PUT /routing-policy */
export const putRoutingPolicyRequest = z.strictObject({
  workspaceId: idString,
  mode: routingMode,
  overrides: z.optional(z.record(providerKey, routingMode)),
  expectedVersion: z.optional(z.int().check(z.gte(0, 'must be a version number (0 or more)'))),
});

/** POST /resolve (service token only) */
export const resolveRequest = z.strictObject({
  workspaceId: idString,
  provider: providerKey,
  projectId: z.optional(idString),
});

const RESOLVE_KEYS = new Set(['workspaceId', 'provider', 'projectId']);

/**
 * The usual /resolve body accepted without running the schema: the same rules as
 * `resolveRequest` (a test holds them equal), written out because this route is the hottest
 * and the schema cost it about 15 µs a call. Anything else, valid or not, returns undefined: the
 * caller parses it with `resolveRequest`, which also words the errors.
 */
export function plainResolveRequest(input: unknown): z.output<typeof resolveRequest> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  for (const key of Object.keys(input)) if (!RESOLVE_KEYS.has(key)) return undefined;
  const { workspaceId, provider, projectId } = input as Record<string, unknown>;
  if (typeof workspaceId !== 'string' || !ID_PATTERN.test(workspaceId)) return undefined;
  if (typeof provider !== 'string' || !PROVIDER_KEY_PATTERN.test(provider)) return undefined;
  if (projectId === undefined) return Object.hasOwn(input, 'projectId') ? undefined : { workspaceId, provider };
  if (typeof projectId !== 'string' || !ID_PATTERN.test(projectId)) return undefined;
  return { workspaceId, provider, projectId };
}

export type SaveConnectionRequest = z.output<typeof saveConnectionRequest>;
export type PutRoutingPolicyRequest = z.output<typeof putRoutingPolicyRequest>;
export type ResolveRequest = z.output<typeof resolveRequest>;

/** POST /sessions (service token only): a short-lived browser token for one user of one workspace. */
export const createSessionRequest = z.strictObject({
  userId: idString,
  displayName: z.optional(text(100)),
  workspaceId: idString,
  role: z.enum(ROLES),
  ttlSeconds: z.optional(z.int().check(z.gte(60, 'must be at least 60 seconds'), z.lte(86_400, 'must be at most 86400 seconds (a day)'))),
});

export type CreateSessionRequest = z.output<typeof createSessionRequest>;
