import type { Role } from '../schema/principal.ts';

/** Everything a user may try, checked by the server and mirrored by the elements. */
export type Action =
  | 'connection.create'
  | 'connection.edit'
  | 'connection.test'
  | 'connection.remove'
  | 'policy.edit'
  | 'catalog.edit';

/** Why an action is refused; the server's 403 carries it as `reason`. */
export type DenialReason = 'read_only' | 'not_owner' | 'admin_only' | 'platform_admin_only';

export interface Actor {
  userId: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, 'platform-admin': 3 };

/**
 * The rules, in one place:
 * viewer — reads only; member — creates connections and manages the ones it created (manageOwn);
 * admin — manages every connection of its workspace and the routing policy (manageAll);
 * platform-admin — an admin who also edits the provider catalog.
 * Returns undefined when allowed, else the reason it is not.
 */
export function denial(actor: Actor, action: Action, connection?: { createdBy: string }): DenialReason | undefined {
  const rank = RANK[actor.role];
  switch (action) {
    case 'connection.create':
      return rank >= RANK.member ? undefined : 'read_only';
    case 'connection.edit':
    case 'connection.test':
    case 'connection.remove':
      if (rank < RANK.member) return 'read_only';
      if (rank >= RANK.admin || !connection || connection.createdBy === actor.userId) return undefined;
      return 'not_owner';
    case 'policy.edit':
      return rank >= RANK.admin ? undefined : 'admin_only';
    case 'catalog.edit':
      return rank >= RANK['platform-admin'] ? undefined : 'platform_admin_only';
  }
}

export function can(actor: Actor, action: Action, connection?: { createdBy: string }): boolean {
  return denial(actor, action, connection) === undefined;
}
