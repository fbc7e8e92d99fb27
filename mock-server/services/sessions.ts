import { createSessionRequest } from '../../src/schema/requests.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { validationFailed } from '../http/http-error.ts';
import { requireService } from './access.ts';

export const DEFAULT_SESSION_SECONDS = 30 * 60;
const RESERVED_USER_IDS = ['service', 'platform'];

/** POST /sessions (service token): a browser token for one user of one workspace, expiring. */
export async function createSession(ctx: ServerContext, principal: Principal, input: unknown) {
  requireService(principal, 'Minting session tokens');
  const { ttlSeconds = DEFAULT_SESSION_SECONDS, displayName, ...who } = parseOrThrow(createSessionRequest, input);
  if (!ctx.directory.knowsWorkspace(who.workspaceId)) throw validationFailed({ workspaceId: `is not a workspace of this server ("${who.workspaceId}")` });
  // The history names the server and the platform by these ids: no user may pass for them.
  if (RESERVED_USER_IDS.includes(who.userId)) throw validationFailed({ userId: `"${who.userId}" is reserved for the system` });
  const session = { ...who, displayName: displayName ?? who.userId };
  const { token, expiresAt } = await ctx.sessions.create(session, ttlSeconds);
  return { token, expiresAt, principal: session };
}
