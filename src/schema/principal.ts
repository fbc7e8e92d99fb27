import * as z from 'zod/mini';
import { idString, text } from './primitives.ts';

/**
 * viewer: read only. member: creates connections and edits its own (manageOwn).
 * admin: edits any connection of the workspace and sets the routing policy (manageAll).
 * platform-admin: an admin who also edits the provider catalog.
 */
export const ROLES = ['viewer', 'member', 'admin', 'platform-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a browser token speaks for. */
export const principalView = z.object({
  userId: idString,
  displayName: text(100),
  workspaceId: idString,
  role: z.enum(ROLES),
});

export type PrincipalView = z.output<typeof principalView>;
