import { base64ToBytes, bytesToBase64 } from '../util/base64.ts';
import { type AesGcmCipher, type CipherFactory, ConfigError, ENCRYPTION_KEY_ENV, parseEncryptionKey, VaultError, webCryptoCipher } from '../vault.ts';
import type { KeyManagementService, WrappedKey } from './kms.ts';

export const ENCRYPTION_KEYS_ENV = 'IK_ENCRYPTION_KEYS';
/** The id of the one key `IK_ENCRYPTION_KEY` gives (how stores written before key ids name it). */
export const SINGLE_KEY_ID = 'default';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Master key ids with their raw bytes, newest first. */
export type KeyringEntries = [string, Uint8Array<ArrayBuffer>][];

/**
 * The master keys from the environment: `IK_ENCRYPTION_KEYS` as `id:base64,id:base64` (newest
 * first), or the single `IK_ENCRYPTION_KEY` as the key `default`. Errors name the variable and
 * the key id, never a key.
 */
export function parseKeyring(env: Record<string, string | undefined>): KeyringEntries {
  const list = env[ENCRYPTION_KEYS_ENV]?.trim();
  if (!list) return [[SINGLE_KEY_ID, parseEncryptionKey(env[ENCRYPTION_KEY_ENV])]];
  const entries: KeyringEntries = [];
  for (const [index, item] of list.split(',').entries()) {
    const colon = item.indexOf(':');
    const id = colon === -1 ? '' : item.slice(0, colon).trim();
    if (!KEY_ID.test(id)) throw new ConfigError(`${ENCRYPTION_KEYS_ENV}: entry ${index + 1} must be id:base64-key, with an id of letters, digits, _ or - (up to 32).`);
    if (entries.some(([known]) => known === id)) throw new ConfigError(`${ENCRYPTION_KEYS_ENV}: the key id "${id}" appears twice.`);
    entries.push([id, parseEncryptionKey(item.slice(colon + 1), `${ENCRYPTION_KEYS_ENV} (key "${id}")`)]);
  }
  return entries;
}

const wrapAad = (workspaceId: string, kid: string) => new TextEncoder().encode(JSON.stringify(['ik-datakey-v1', workspaceId, kid]));

/** Master keys held in this process (imported once, non-extractable with WebCrypto, KeyObjects with node:crypto). */
export class LocalKeyring implements KeyManagementService {
  private constructor(private readonly ciphers: Map<string, AesGcmCipher>) {}

  /** Takes the entries' bytes and wipes them. */
  static async create(entries: KeyringEntries, cipher: CipherFactory = webCryptoCipher): Promise<LocalKeyring> {
    const ciphers = new Map<string, AesGcmCipher>();
    try {
      for (const [id, bytes] of entries) ciphers.set(id, await cipher(bytes));
    } finally {
      for (const [, bytes] of entries) bytes.fill(0);
    }
    if (ciphers.size === 0) throw new ConfigError(`${ENCRYPTION_KEYS_ENV} holds no key.`);
    return new LocalKeyring(ciphers);
  }

  get currentKeyId(): string {
    return this.keyIds[0]!;
  }

  get keyIds(): readonly string[] {
    return [...this.ciphers.keys()];
  }

  has(kid: string): boolean {
    return this.ciphers.has(kid);
  }

  /** The master cipher itself: only for credentials written before data keys (see Vault). */
  legacyCipher(kid: string): AesGcmCipher | undefined {
    return this.ciphers.get(kid);
  }

  async wrap(dataKey: Uint8Array<ArrayBuffer>, workspaceId: string): Promise<WrappedKey> {
    const kid = this.currentKeyId;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await this.ciphers.get(kid)!.encrypt(iv, wrapAad(workspaceId, kid), dataKey);
    return { kid, iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
  }

  async unwrap(wrapped: WrappedKey, workspaceId: string): Promise<Uint8Array<ArrayBuffer>> {
    const cipher = this.ciphers.get(wrapped.kid);
    if (!cipher) throw new VaultError(`The master key "${wrapped.kid}" is not in the keyring.`);
    try {
      return new Uint8Array(await cipher.decrypt(base64ToBytes(wrapped.iv), wrapAad(workspaceId, wrapped.kid), base64ToBytes(wrapped.ct)));
    } catch {
      throw new VaultError(`A data key did not unwrap with master key "${wrapped.kid}" (a different key under that id, or a tampered or moved record).`);
    }
  }
}
