import type { Connection } from '../../src/schema/connection.ts';
import type { Principal, UserPrincipal } from '../auth/principals.ts';
import { forbidden } from '../http/http-error.ts';

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind === 'service') throw forbidden('This endpoint takes a user or session token, not the service token.');
  return principal;
}

/** The workspace a token belongs to is the only one it may touch. */
export function requireWorkspace(user: UserPrincipal, workspaceId: string | undefined): string {
  if (workspaceId !== undefined && workspaceId !== user.workspaceId) {
    throw forbidden(`This token belongs to another workspace; it cannot act on workspace "${workspaceId}".`);
  }
  return user.workspaceId;
}

export function isAdmin(user: UserPrincipal): boolean {
  return user.role === 'admin' || user.role === 'platform-admin';
}

export function requireWrite(user: UserPrincipal): void {
  if (user.role === 'viewer') throw forbidden('Viewers have read-only access to integrations; ask a workspace admin for write access.');
}

/** Members manage the connections they created (manageOwn); admins manage all (manageAll). */
export function requireManage(user: UserPrincipal, connection: Pick<Connection, 'createdBy'>): void {
  requireWrite(user);
  if (!isAdmin(user) && connection.createdBy !== user.userId) {
    throw forbidden('Members can change only the connections they created; ask a workspace admin.');
  }
}

export function requireAdmin(user: UserPrincipal, what: string): void {
  if (!isAdmin(user)) throw forbidden(`Only workspace admins can ${what}.`);
}
