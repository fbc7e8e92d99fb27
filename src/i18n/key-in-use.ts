import { maskedValue } from '../credentials/preview.ts';
import type { IkStrings } from './strings.ts';
import { resolveKeySource, type ResolutionReason } from '../resolve/resolve.ts';
import type { Connection } from '../schema/connection.ts';
import type { ProviderView } from '../schema/provider.ts';
import type { RoutingPolicy } from '../schema/routing.ts';

export interface KeyInUse {
  tone: 'own' | 'platform' | 'none';
  /** The whole story: which key, and why (the edit drawer). */
  text: string;
  /** A few words for a list row: "Uses your key". */
  short: string;
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
    const oauth = connection!.mode === 'oauth-user';
    const own = oauth ? t.usesOwnAuthorization(provider.name) : t.usesOwnKey(ownKey(connection!));
    const short = oauth ? t.usesOwnAuthorizationShort : t.usesOwnKeyShort;
    if (connection!.projectIds.length === 0) return { tone: 'own', text: own, short };
    // Assigned to some projects: requests of the others do not get this key.
    const elsewhere = resolveKeySource({ policy, provider: provider.key, connection, platformKeyAvailable: provider.platformKeyAvailable, projectId: '\u0000another project' });
    return { tone: 'own', text: t.otherProjectsUse(own, elsewhere.source === 'built_in' ? t.otherProjectsPlatformKey : t.otherProjectsNoKey), short };
  }
  // An OAuth connection is authorized or reconnected, never given a key.
  const oauthReasons: Partial<Record<ResolutionReason, string>> = t.oauthResolutionReason;
  const why = (reason: ResolutionReason) => (connection?.mode === 'oauth-user' && oauthReasons[reason]) || t.resolutionReason[reason];
  if (decision.source === 'built_in') {
    return { tone: 'platform', text: decision.fallbackReason ? t.usesPlatformKeyBecause(why(decision.fallbackReason)) : t.usesPlatformKey, short: t.usesPlatformKeyShort };
  }
  return { tone: 'none', text: t.noKeyInUse(why(decision.reason)), short: t.noKeyInUseShort };
}
