import type { AuditAction, AuditEntry } from '../../src/schema/audit.ts';
import type { TestResult } from '../../src/schema/connection.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { AUDIT_LIMIT, type WorkspaceTx } from '../data/workspace-repo.ts';
import { validationFailed } from '../http/http-error.ts';
import { requireUser, requireWorkspace } from './access.ts';

export interface AuditFacts {
  action: AuditAction;
  provider?: string;
  connectionId?: string;
  outcome?: string;
  detail?: string;
}

/** Who did something: a request's principal, a user named outright (an OAuth callback), or the platform. */
export type AuditActor = Principal | { userId: string; displayName: string } | 'platform';

/** Who did it, as the audit names them. */
export function actorOf(by: AuditActor): { actor: string; actorName?: string } {
  if (by === 'platform') return { actor: 'platform' };
  if ('kind' in by && by.kind === 'service') return { actor: 'service' };
  const user = by as { userId: string; displayName: string };
  return { actor: user.userId, actorName: user.displayName };
}

/** Appends an entry to a workspace change (written with it; the repo keeps the newest AUDIT_LIMIT). */
export function appendAudit(ctx: ServerContext, tx: WorkspaceTx, workspaceId: string, by: AuditActor, facts: AuditFacts): AuditEntry {
  const entry: AuditEntry = {
    id: `aud_${crypto.randomUUID().replaceAll('-', '')}`,
    at: ctx.now().toISOString(),
    workspaceId,
    ...actorOf(by),
    ...facts,
  };
  tx.appendAudit(entry);
  return entry;
}

/** Records a credential test of a connection. */
export function auditTest(ctx: ServerContext, tx: WorkspaceTx, by: AuditActor, connection: { workspaceId: string; provider: string; id: string }, test: TestResult): void {
  appendAudit(ctx, tx, connection.workspaceId, by, {
    action: 'connection.tested',
    provider: connection.provider,
    connectionId: connection.id,
    outcome: test.outcome,
    detail: [test.httpStatus === null ? 'no answer' : `HTTP ${test.httpStatus}`, `${test.latencyMs} ms`].join(', '),
  });
}

/** GET /audit?workspaceId=&connectionId=&limit= — newest first. */
export async function listAudit(
  ctx: ServerContext,
  principal: Principal,
  query: { workspaceId?: string | undefined; connectionId?: string | undefined; limit?: string | undefined },
): Promise<AuditEntry[]> {
  const user = requireUser(principal);
  if (query.workspaceId === '') throw validationFailed({ workspaceId: 'must not be empty' });
  if (query.limit !== undefined && !(/^\d{1,4}$/.test(query.limit) && Number(query.limit) >= 1 && Number(query.limit) <= AUDIT_LIMIT)) {
    throw validationFailed({ limit: `must be a whole number from 1 to ${AUDIT_LIMIT}` });
  }
  const workspaceId = requireWorkspace(user, query.workspaceId);
  const limit = Number(query.limit ?? 100);
  const entries = (await ctx.workspaces.read(workspaceId)).audit;
  return entries
    .filter((e) => !query.connectionId || e.connectionId === query.connectionId)
    .slice(-limit)
    .reverse();
}
