import type { CredentialValues } from '../../src/credentials/validate.ts';
import { RESOLUTION_REASON_TEXT, resolveKeySource, type ResolutionReason } from '../../src/resolve/resolve.ts';
import { plainResolveRequest, resolveRequest } from '../../src/schema/requests.ts';
import type { RoutingMode } from '../../src/schema/routing.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { HttpError, validationFailed } from '../http/http-error.ts';
import { requireService } from './access.ts';
import { appendAudit } from './audit.ts';
import { freshCredential } from '../oauth/oauth-service.ts';
import type { AuditEntry } from '../../src/schema/audit.ts';
import { decryptCredential } from './stored-credential.ts';
import type { StoredConnection } from '../data/workspace-repo.ts';
import { defaultPolicy } from './routing.ts';

export interface ResolvedCredential {
  source: 'byo' | 'built_in';
  mode: RoutingMode;
  connectionId?: string;
  credential: CredentialValues;
  /** Set when `auto` used the platform key: why the workspace's own key was not used. */
  fallbackReason?: ResolutionReason;
  fallbackMessage?: string;
}

/** POST /resolve: the credential a server-side caller should use now. Service token only. */
export async function resolveCredential(ctx: ServerContext, principal: Principal, input: unknown): Promise<ResolvedCredential> {
  requireService(principal, 'Key resolution');
  const body = plainResolveRequest(input) ?? parseOrThrow(resolveRequest, input);
  const provider = await ctx.catalog.get(body.provider);
  if (!provider) throw validationFailed({ provider: `"${body.provider}" is not in the provider catalog` });
  // A typo must not quietly bill the platform key: unknown workspaces and projects are named.
  if (!ctx.directory.knowsWorkspace(body.workspaceId)) throw validationFailed({ workspaceId: `is not a workspace of this server ("${body.workspaceId}")` });
  const projects = ctx.directory.projectsOf(body.workspaceId);
  if (body.projectId !== undefined && projects.length > 0 && !projects.some((p) => p.id === body.projectId)) {
    throw validationFailed({ projectId: `is not a project of workspace "${body.workspaceId}" ("${body.projectId}")` });
  }
  const platformKey = Object.hasOwn(ctx.platformKeys, provider.key) ? ctx.platformKeys[provider.key] : undefined;
  const decide = async () => {
    const workspace = await ctx.workspaces.read(body.workspaceId);
    const connection = workspace.connectionFor(provider.key);
    const policy = workspace.policy ?? defaultPolicy(body.workspaceId);
    const decision = resolveKeySource({ policy, provider: provider.key, connection, platformKeyAvailable: platformKey !== undefined, projectId: body.projectId });
    return { connection, decision };
  };
  let { connection, decision } = await decide();
  // An OAuth token close to expiry is renewed first; if the provider refuses, the connection
  // is now `error` and the policy decides again (auto falls back to the platform key).
  let oauthCredential: CredentialValues | undefined;
  if (decision.source === 'byo' && connection!.mode === 'oauth-user') {
    const fresh = await freshCredential(ctx, connection!);
    if (fresh.kind === 'unreachable') {
      throw new HttpError('provider_unreachable', `${provider.name} could not be reached to renew the workspace's authorization, and its token expired. Try again shortly.`);
    }
    if (fresh.kind === 'ok') {
      // Only what a caller needs: never the refresh token.
      const { accessToken, tokenType, expiresAt } = fresh.credential;
      oauthCredential = { accessToken, tokenType, ...(expiresAt && { expiresAt }) };
    } else ({ connection, decision } = await decide());
  }
  if (decision.source !== 'byo') {
    const reason = decision.source === 'built_in' ? decision.fallbackReason : decision.reason;
    if (reason) await recordResolution(ctx, body.workspaceId, provider.key, decision.source === 'none' ? 'resolution.failed' : 'resolution.fell_back', reason, body.projectId);
  }
  switch (decision.source) {
    case 'byo':
      // An OAuth row only reaches here with a fresh credential (a refused one is no longer `byo`).
      return { source: 'byo', mode: decision.mode, connectionId: decision.connectionId, credential: oauthCredential ?? (await serviceCredential(ctx, connection!)) };
    case 'built_in':
      return {
        source: 'built_in',
        mode: decision.mode,
        credential: { ...platformKey },
        ...(decision.fallbackReason && { fallbackReason: decision.fallbackReason, fallbackMessage: `Used the platform key because ${RESOLUTION_REASON_TEXT[decision.fallbackReason]}.` }),
      };
    case 'none': {
      const why = RESOLUTION_REASON_TEXT[decision.reason] + (decision.mode === 'auto' ? `, and ${RESOLUTION_REASON_TEXT.no_platform_key}` : '');
      throw new HttpError('no_credential', `No ${provider.name} key for workspace "${body.workspaceId}" under the "${decision.mode}" policy: ${why}.`, {
        reason: decision.reason,
      });
    }
  }
}

/** A service key's plaintext, from the bounded cache when its ciphertext has not changed. */
async function serviceCredential(ctx: ServerContext, connection: StoredConnection): Promise<Readonly<CredentialValues>> {
  return ctx.credentialCache.get(connection) ?? ctx.credentialCache.set(connection, await decryptCredential(ctx, connection));
}

const RESOLUTION_AUDIT_EVERY_MS = 60 * 60 * 1000;

/**
 * Fallbacks and failures are recorded when they start (again, after a change to the provider's
 * connection or to the policy), when their reason changes, and then at most hourly: resolution
 * runs on every request, the audit should show the changes.
 */
async function recordResolution(
  ctx: ServerContext,
  workspaceId: string,
  provider: string,
  action: 'resolution.fell_back' | 'resolution.failed',
  reason: ResolutionReason,
  projectId: string | undefined,
): Promise<void> {
  const isResolution = (e: AuditEntry) => e.provider === provider && (e.action === 'resolution.fell_back' || e.action === 'resolution.failed');
  const alreadyRecorded = (log: readonly AuditEntry[]) => {
    const index = log.findLastIndex(isResolution);
    const last = log[index];
    if (!last || ctx.now().getTime() - Date.parse(last.at) >= RESOLUTION_AUDIT_EVERY_MS) return false;
    // A change since then may have ended that fallback: this one is a new start.
    const changedSince = log.slice(index + 1).some((e) => e.action === 'policy.changed' || (e.provider === provider && e.action.startsWith('connection.')));
    return !changedSince && last.action === action && last.outcome === reason;
  };
  if (alreadyRecorded((await ctx.workspaces.read(workspaceId)).audit)) return;
  await ctx.workspaces.update(workspaceId, (tx) => {
    // Checked again under the workspace's lock: concurrent requests record a new fallback once.
    if (alreadyRecorded(tx.audit)) return;
    appendAudit(ctx, tx, workspaceId, { kind: 'service' }, { action, provider, outcome: reason, detail: RESOLUTION_REASON_TEXT[reason] + (projectId ? ` (project ${projectId})` : '') });
  });
}
