import type { CredentialValues } from '../../src/credentials/validate.ts';
import type { StoredConnection } from '../data/workspace-repo.ts';

interface Entry {
  iv: string;
  ct: string;
  credential: Readonly<CredentialValues>;
  at: number;
}

/**
 * Recently resolved credentials in plaintext, in this process's memory only (never stored,
 * never logged). A judgement call, made for POST /resolve: decrypting the stored key was the
 * largest single cost of the hottest route, and resolution hands the plaintext to its caller
 * anyway. The process already holds the encryption key, so what memory would reveal is not
 * more than before. Bounded three ways:
 *
 * - at most `max` entries; the least recently used goes first;
 * - each at most `ttlMs` old, then decrypted again;
 * - an entry answers only for the ciphertext it was decrypted from: a new key, a rotation or a
 *   revocation changes the row's ciphertext, so the old plaintext is never returned again (and a
 *   deleted row is never looked up; its entry ages out).
 *
 * OAuth tokens are not cached here (they are renewed in place; see freshCredential).
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly max = 1000,
    private readonly ttlMs = 5 * 60_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  private static key(record: StoredConnection): string {
    return `${record.workspaceId}\n${record.id}`;
  }

  get(record: StoredConnection): Readonly<CredentialValues> | undefined {
    if (!record.secret) return undefined;
    const key = CredentialCache.key(record);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.ct !== record.secret.ct || entry.iv !== record.secret.iv || this.clock() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.credential;
  }

  set(record: StoredConnection, credential: CredentialValues): Readonly<CredentialValues> {
    if (!record.secret) return credential;
    const key = CredentialCache.key(record);
    const frozen = Object.freeze({ ...credential });
    this.entries.delete(key);
    this.entries.set(key, { iv: record.secret.iv, ct: record.secret.ct, credential: frozen, at: this.clock() });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }
}
