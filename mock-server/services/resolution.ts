import type { CredentialValues } from '../../src/credentials/validate.ts';
import { RESOLUTION_REASON_TEXT, resolveKeySource, type ResolutionReason } from '../../src/resolve/resolve.ts';
import { resolveRequest } from '../../src/schema/requests.ts';
import type { RoutingMode } from '../../src/schema/routing.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { forbidden, HttpError, validationFailed } from '../http/http-error.ts';
import { decryptCredential } from './connections.ts';
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
  if (principal.kind !== 'service') throw forbidden("Key resolution is callable only with the server's service token.");
  const body = parseOrThrow(resolveRequest, input);
  const provider = await ctx.catalog.get(body.provider);
  if (!provider) throw validationFailed({ provider: `"${body.provider}" is not in the provider catalog` });
  const doc = await ctx.workspaces.read(body.workspaceId);
  const connection = doc.connections.find((c) => c.provider === provider.key);
  const platformKey = Object.hasOwn(ctx.platformKeys, provider.key) ? ctx.platformKeys[provider.key] : undefined;
  const decision = resolveKeySource({
    policy: doc.policy ?? defaultPolicy(body.workspaceId),
    provider: provider.key,
    connection,
    platformKeyAvailable: platformKey !== undefined,
    projectId: body.projectId,
  });
  switch (decision.source) {
    case 'byo':
      return { source: 'byo', mode: decision.mode, connectionId: decision.connectionId, credential: await decryptCredential(ctx, connection!) };
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
