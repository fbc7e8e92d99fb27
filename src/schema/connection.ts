import * as z from 'zod/mini';
import { idString, isoDate, providerKey, text } from './primitives.ts';

export const CONNECTION_MODES = ['service', 'oauth-user'] as const;
export const CONNECTION_STATUSES = ['active', 'pending', 'error', 'revoked'] as const;
export const TEST_OUTCOMES = ['valid', 'invalid', 'rate_limited', 'unreachable'] as const;

/** The outcome of running a provider's verification recipe against a stored credential. */
export const testResult = z.object({
  outcome: z.enum(TEST_OUTCOMES),
  httpStatus: z.nullable(z.int()),
  message: text(300),
  latencyMs: z.int().check(z.gte(0)),
  testedAt: isoDate,
});

/**
 * What a browser may see of a stored credential field: for a secret at most its last four
 * characters (none when the value is shorter than 12), for a non-secret field its value.
 */
export const fieldPreview = z.object({
  secret: z.boolean(),
  last4: z.optional(z.string().check(z.maxLength(4))),
  value: z.optional(z.string()),
});

export const connection = z.object({
  id: idString,
  workspaceId: idString,
  provider: providerKey,
  displayName: text(100),
  mode: z.enum(CONNECTION_MODES),
  status: z.enum(CONNECTION_STATUSES),
  /** Why the connection is not active, in plain words (absent when active). */
  statusReason: z.optional(text(300)),
  projectIds: z.array(idString),
  /** Empty while no credential is stored ("I'll add it later"). */
  credentialPreview: z.record(z.string(), fieldPreview),
  lastTest: z.nullable(testResult),
  /** OAuth-user connections: what was granted and until when (the tokens never leave the server). */
  oauth: z.optional(
    z.object({
      scopes: z.array(z.string()),
      expiresAt: z.nullable(isoDate),
      /** Who signed in at the provider, as it said: a handle or email, and a name. Not a secret. */
      account: z.optional(z.object({ login: z.optional(text(200)), name: z.optional(text(200)) })),
    }),
  ),
  createdBy: idString,
  /** The creator's display name at the time ("Alice"), for "Added by …"; absent on older rows. */
  createdByName: z.optional(text(100)),
  createdAt: isoDate,
  updatedAt: isoDate,
  version: z.int().check(z.gte(1)),
});

export type ConnectionMode = (typeof CONNECTION_MODES)[number];
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export type TestOutcome = (typeof TEST_OUTCOMES)[number];
export type TestResult = z.output<typeof testResult>;
export type FieldPreview = z.output<typeof fieldPreview>;
export type Connection = z.output<typeof connection>;
