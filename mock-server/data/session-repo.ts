import type { PrincipalView } from '../../src/schema/principal.ts';
import { randomToken } from '../util/base64.ts';
import { sha256Hex } from '../util/hash.ts';
import type { Store } from '../store/store.ts';

interface StoredSession {
  principal: PrincipalView;
  expiresAt: string;
}

/** How long an expired session still answers token_expired before it is forgotten. */
const EXPIRED_KEPT_MS = 24 * 60 * 60 * 1000;

export type SessionLookup = { principal: PrincipalView; expiresAt: string } | 'expired' | undefined;


/** Short-lived browser tokens. Only a hash of each token is stored: the store cannot hand one out. */
export class SessionRepo {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async create(principal: PrincipalView, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const token = `iks_${randomToken()}`;
    const expiresAt = new Date(this.now().getTime() + ttlSeconds * 1000).toISOString();
    await this.store.set(`session/${await sha256Hex(token)}`, { principal, expiresAt } satisfies StoredSession);
    return { token, expiresAt };
  }

  async find(token: string): Promise<SessionLookup> {
    if (!token.startsWith('iks_')) return undefined;
    const key = `session/${await sha256Hex(token)}`;
    const session = await this.store.get<StoredSession>(key);
    if (!session) return undefined;
    const expiredFor = this.now().getTime() - Date.parse(session.expiresAt);
    if (expiredFor >= 0) {
      // Kept a while after expiry: every element of a page calling with the same token must
      // hear token_expired (which makes it ask the host for a new one), not just the first.
      if (expiredFor > EXPIRED_KEPT_MS) await this.store.delete(key);
      return 'expired';
    }
    return session;
  }
}
