import { denial, type Action, type DenialReason } from '../../src/auth/permissions.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { Principal, UserPrincipal } from '../auth/principals.ts';
import { HttpError } from '../http/http-error.ts';

const DENIED: Record<DenialReason, string> = {
  read_only: 'Viewers have read-only access to integrations; ask a workspace admin for write access.',
  not_owner: 'Members can change only the connections they created; ask a workspace admin.',
  admin_only: 'Only workspace admins can change the routing policy.',
  platform_admin_only: 'Only platform admins can edit the provider catalog.',
};

function forbidden(reason: string, message: string): HttpError {
  return new HttpError('forbidden', message, { reason });
}

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind === 'service') throw forbidden('user_token_required', 'This endpoint takes a user or session token, not the service token.');
  return principal;
}

export function requireService(principal: Principal, what: string): void {
  if (principal.kind !== 'service') throw forbidden('service_token_required', `${what} is callable only with the server's service token.`);
}

/** The workspace a token belongs to is the only one it may touch. */
export function requireWorkspace(user: UserPrincipal, workspaceId: string | undefined): string {
  if (workspaceId !== undefined && workspaceId !== user.workspaceId) {
    throw forbidden('wrong_workspace', `This token belongs to another workspace; it cannot act on workspace "${workspaceId}".`);
  }
  return user.workspaceId;
}

/** Throws 403 with the rule's reason unless `user` may do `action` (on `connection`). */
export function requirePermission(user: UserPrincipal, action: Action, connection?: Pick<Connection, 'createdBy'>): void {
  const reason = denial(user, action, connection);
  if (reason) throw forbidden(reason, DENIED[reason]);
}
