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
export function keyInUse(provider: ProviderView, connection: Connection | undefined, policy: RoutingPolicy, t: IkStrings): KeyInUse {
  const decision = resolveKeySource({ policy, provider: provider.key, connection, platformKeyAvailable: provider.platformKeyAvailable });
  if (decision.source === 'byo') {
    if (connection!.mode === 'oauth-user') return { tone: 'own', text: t.usesOwnAuthorization(provider.name) };
    const secret = Object.values(connection!.credentialPreview).find((p) => p.secret);
    return { tone: 'own', text: t.usesOwnKey(secret ? maskedValue(secret) : '') };
  }
  // An OAuth connection is authorized or reconnected, never given a key.
  const oauthReasons: Partial<Record<ResolutionReason, string>> = t.oauthResolutionReason;
  const why = (reason: ResolutionReason) => (connection?.mode === 'oauth-user' && oauthReasons[reason]) || t.resolutionReason[reason];
  if (decision.source === 'built_in') {
    return { tone: 'platform', text: decision.fallbackReason ? t.usesPlatformKeyBecause(why(decision.fallbackReason)) : t.usesPlatformKey };
  }
  return { tone: 'none', text: t.noKeyInUse(why(decision.reason)) };
}
