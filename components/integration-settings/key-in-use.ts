import { maskedValue } from '../../src/credentials/preview.ts';
import type { IkStrings } from '../../src/i18n/strings.ts';
import { resolveKeySource, type ResolutionReason } from '../../src/resolve/resolve.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import type { RoutingPolicy } from '../../src/schema/routing.ts';

export interface KeyInUse {
  tone: 'own' | 'platform' | 'none';
  text: string;
}

/**
 * Which key a request for this provider would use right now, in words — the same pure
 * function the server's /resolve runs, fed with what the page already knows.
 */
function ownKey(connection: Connection): string {
  const secret = Object.values(connection.credentialPreview).find((p) => p.secret);
  return secret ? maskedValue(secret) : '';
}

export function keyInUse(provider: ProviderView, connection: Connection | undefined, policy: RoutingPolicy, t: IkStrings): KeyInUse {
  const decision = resolveKeySource({ policy, provider: provider.key, connection, platformKeyAvailable: provider.platformKeyAvailable });
  if (decision.source === 'byo') {
    const own = connection!.mode === 'oauth-user' ? t.usesOwnAuthorization(provider.name) : t.usesOwnKey(ownKey(connection!));
    if (connection!.projectIds.length === 0) return { tone: 'own', text: own };
    // Assigned to some projects: requests of the others do not get this key.
    const elsewhere = resolveKeySource({ policy, provider: provider.key, connection, platformKeyAvailable: provider.platformKeyAvailable, projectId: '\u0000another project' });
    return { tone: 'own', text: t.otherProjectsUse(own, elsewhere.source === 'built_in' ? t.otherProjectsPlatformKey : t.otherProjectsNoKey) };
  }
  // An OAuth connection is authorized or reconnected, never given a key.
  const oauthReasons: Partial<Record<ResolutionReason, string>> = t.oauthResolutionReason;
  const why = (reason: ResolutionReason) => (connection?.mode === 'oauth-user' && oauthReasons[reason]) || t.resolutionReason[reason];
  if (decision.source === 'built_in') {
    return { tone: 'platform', text: decision.fallbackReason ? t.usesPlatformKeyBecause(why(decision.fallbackReason)) : t.usesPlatformKey };
  }
  return { tone: 'none', text: t.noKeyInUse(why(decision.reason)) };
}
