import type { PrincipalView } from '../../src/schema/principal.ts';
import { bytesToBase64 } from '../util/base64.ts';
import type { Store } from '../store/store.ts';

interface StoredSession {
  principal: PrincipalView;
  expiresAt: string;
}

export type SessionLookup = { principal: PrincipalView; expiresAt: string } | 'expired' | undefined;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Short-lived browser tokens. Only a hash of each token is stored: the store cannot hand one out. */
export class SessionRepo {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async create(principal: PrincipalView, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const token = `iks_${bytesToBase64(crypto.getRandomValues(new Uint8Array(32))).replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': '' })[c]!)}`;
    const expiresAt = new Date(this.now().getTime() + ttlSeconds * 1000).toISOString();
    await this.store.set(`session/${await sha256Hex(token)}`, { principal, expiresAt } satisfies StoredSession);
    return { token, expiresAt };
  }

  async find(token: string): Promise<SessionLookup> {
    if (!token.startsWith('iks_')) return undefined;
    const key = `session/${await sha256Hex(token)}`;
    const session = await this.store.get<StoredSession>(key);
    if (!session) return undefined;
    if (Date.parse(session.expiresAt) <= this.now().getTime()) {
      await this.store.delete(key);
      return 'expired';
    }
    return session;
  }
}
