import { putRoutingPolicyRequest } from '../../src/schema/requests.ts';
import type { RoutingPolicy } from '../../src/schema/routing.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { HttpError, validationFailed } from '../http/http-error.ts';
import { requirePermission, requireUser, requireWorkspace } from './access.ts';
import { appendAudit } from './audit.ts';

/** A workspace that never set a policy uses its own key when it has one, else the platform's. */
export function defaultPolicy(workspaceId: string): RoutingPolicy {
  return { workspaceId, mode: 'auto', overrides: {}, version: 0, updatedAt: null, updatedBy: null };
}

export async function getRoutingPolicy(ctx: ServerContext, principal: Principal, workspaceId: string | undefined): Promise<RoutingPolicy> {
  const id = requireWorkspace(requireUser(principal), workspaceId);
  return (await ctx.workspaces.read(id)).policy ?? defaultPolicy(id);
}

/** PUT /routing-policy (admins). Overrides must name providers of the catalog. */
export async function putRoutingPolicy(ctx: ServerContext, principal: Principal, input: unknown): Promise<RoutingPolicy> {
  const body = parseOrThrow(putRoutingPolicyRequest, input);
  const user = requireUser(principal);
  const workspaceId = requireWorkspace(user, body.workspaceId);
  requirePermission(user, 'policy.edit');
  const overrides = body.overrides ?? {};
  const known = new Set((await ctx.catalog.list()).map((p) => p.key));
  const unknown = Object.keys(overrides).filter((key) => !known.has(key));
  if (unknown.length > 0) throw validationFailed(Object.fromEntries(unknown.map((key) => [`overrides.${key}`, 'is not in the provider catalog'])));
  return ctx.workspaces.update(workspaceId, (tx) => {
    const current = tx.policy ?? defaultPolicy(workspaceId);
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) {
      throw new HttpError('version_conflict', `The routing policy changed since you loaded it (version ${current.version}). Reload and try again.`);
    }
    const policy: RoutingPolicy = {
      workspaceId,
      mode: body.mode,
      overrides,
      version: current.version + 1,
      updatedAt: ctx.now().toISOString(),
      updatedBy: user.userId,
    };
    const described = Object.entries(overrides).map(([key, mode]) => `${key}: ${mode}`).join(', ');
    tx.policy = policy;
    appendAudit(ctx, tx, workspaceId, user, { action: 'policy.changed', outcome: body.mode, detail: described ? `overrides ${described}` : 'no overrides' });
    return policy;
  });
}
