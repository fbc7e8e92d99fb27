import type { Connection } from '../schema/connection.ts';
import type { RoutingMode, RoutingPolicy } from '../schema/routing.ts';

/** Why `auto` used the platform key, or why nothing could be used. */
export type ResolutionReason =
  | 'no_connection'
  | 'connection_pending'
  | 'connection_error'
  | 'connection_revoked'
  | 'not_assigned_to_project'
  | 'no_platform_key';

export type Resolution =
  | { source: 'byo'; mode: RoutingMode; connectionId: string }
  | { source: 'built_in'; mode: RoutingMode; fallbackReason?: ResolutionReason }
  | { source: 'none'; mode: RoutingMode; reason: ResolutionReason };

export interface ResolutionInput {
  policy: Pick<RoutingPolicy, 'mode' | 'overrides'>;
  provider: string;
  /** The workspace's connection for this provider, if any. */
  connection: Pick<Connection, 'id' | 'status' | 'projectIds'> | undefined;
  platformKeyAvailable: boolean;
  /** When given, only a connection assigned to this project counts. */
  projectId?: string | undefined;
}

export function effectiveMode(policy: Pick<RoutingPolicy, 'mode' | 'overrides'>, provider: string): RoutingMode {
  return Object.hasOwn(policy.overrides, provider) ? policy.overrides[provider]! : policy.mode;
}

/** Why the workspace's own connection cannot be used, or undefined when it can. */
function unusableReason(input: ResolutionInput): ResolutionReason | undefined {
  const { connection, projectId } = input;
  if (!connection) return 'no_connection';
  if (connection.status === 'pending') return 'connection_pending';
  if (connection.status === 'error') return 'connection_error';
  if (connection.status === 'revoked') return 'connection_revoked';
  if (projectId !== undefined && !connection.projectIds.includes(projectId)) return 'not_assigned_to_project';
  return undefined;
}

/**
 * Which key a request for `provider` uses. Only an `active` connection counts as the
 * workspace's own key; pending, error and revoked connections are never used.
 *   auto      own key, else the platform key (saying why), else nothing
 *   byo       own key, else nothing
 *   built_in  platform key, else nothing
 */
export function resolveKeySource(input: ResolutionInput): Resolution {
  const mode = effectiveMode(input.policy, input.provider);
  const ownProblem = unusableReason(input);
  if (mode !== 'built_in' && ownProblem === undefined) return { source: 'byo', mode, connectionId: input.connection!.id };
  if (mode === 'byo') return { source: 'none', mode, reason: ownProblem! };
  if (!input.platformKeyAvailable) return { source: 'none', mode, reason: mode === 'auto' ? ownProblem! : 'no_platform_key' };
  return mode === 'auto' ? { source: 'built_in', mode, fallbackReason: ownProblem! } : { source: 'built_in', mode };
}

export const RESOLUTION_REASON_TEXT: Record<ResolutionReason, string> = {
  no_connection: 'the workspace has no connection for this provider',
  connection_pending: "the workspace's connection has no verified key yet",
  connection_error: "the workspace's connection is in error (its key failed its last test, or its authorization must be renewed)",
  connection_revoked: "the workspace's connection was revoked",
  not_assigned_to_project: "the workspace's connection is not assigned to this project",
  no_platform_key: 'the platform has no key for this provider',
};
