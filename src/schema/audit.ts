import * as z from 'zod/mini';
import { idString, isoDate, providerKey, text } from './primitives.ts';

export const AUDIT_ACTIONS = [
  'connection.created',
  'connection.updated',
  'connection.key_replaced',
  'connection.tested',
  'connection.removed',
  'connection.revoked',
  'connection.authorized',
  'connection.authorization_failed',
  'connection.token_refreshed',
  'connection.refresh_failed',
  'policy.changed',
  'resolution.fell_back',
  'resolution.failed',
] as const;

/** One recorded change: who, when (UTC), where, what, and how it went. Never a secret. */
export const auditEntry = z.object({
  id: idString,
  at: isoDate,
  workspaceId: idString,
  /** A user id, or "service" for the server-to-server token, or "platform" for catalog changes. */
  actor: idString,
  actorName: z.optional(text(100)),
  action: z.enum(AUDIT_ACTIONS),
  provider: z.optional(providerKey),
  connectionId: z.optional(idString),
  /** e.g. the test outcome, the new policy mode, the fallback reason. */
  outcome: z.optional(text(100)),
  detail: z.optional(text(300)),
});

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditEntry = z.output<typeof auditEntry>;
