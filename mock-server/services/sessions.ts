import { createSessionRequest } from '../../src/schema/requests.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { requireService } from './access.ts';

export const DEFAULT_SESSION_SECONDS = 30 * 60;

/** POST /sessions (service token): a browser token for one user of one workspace, expiring. */
export async function createSession(ctx: ServerContext, principal: Principal, input: unknown) {
  requireService(principal, 'Minting session tokens');
  const { ttlSeconds = DEFAULT_SESSION_SECONDS, displayName, ...who } = parseOrThrow(createSessionRequest, input);
  const session = { ...who, displayName: displayName ?? who.userId };
  const { token, expiresAt } = await ctx.sessions.create(session, ttlSeconds);
  return { token, expiresAt, principal: session };
}
