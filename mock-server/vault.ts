import { DataKeys } from './keys/data-keys.ts';
import { LocalKeyring, type KeyringEntries, SINGLE_KEY_ID } from './keys/keyring.ts';
import type { Store } from './store/store.ts';
import { base64ToBytes, bytesToBase64, STRICT_BASE64 } from './util/base64.ts';

export const ENCRYPTION_KEY_ENV = 'IK_ENCRYPTION_KEY';

/** A configuration problem that stops the server from starting. Its message never holds a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Raised when a ciphertext fails to authenticate: wrong key, tampered, or moved to another row. */
export class VaultError extends Error {
  override name = 'VaultError';
}

/**
 * A credential as stored: AES-256-GCM ciphertext (with its tag) and the IV used for it. With
 * `dk`, under its workspace's data key (what the server writes); with `kid`, directly under that
 * master key (a vault without a store); with neither, under the one master key of a store
 * written before key ids (rewrap moves such blobs to data keys).
 */
export interface EncryptedBlob {
  alg: 'A256GCM';
  iv: string;
  ct: string;
  dk?: 1;
  kid?: string;
}

/** The row a ciphertext belongs to; bound in as additional authenticated data. */
export interface VaultContext {
  workspaceId: string;
  provider: string;
  connectionId: string;
}

/** Decodes the configured key, naming the variable (never the value) when it is unusable. */
export function parseEncryptionKey(raw: string | undefined, name = ENCRYPTION_KEY_ENV): Uint8Array<ArrayBuffer> {
  const value = raw?.trim();
  if (!value) {
    throw new ConfigError(`${name} is not set. Set it to the base64 encoding of 32 random bytes, e.g. \`openssl rand -base64 32\`.`);
  }
  if (!STRICT_BASE64.test(value)) throw new ConfigError(`${name} is not valid base64. It must be the base64 encoding of 32 random bytes.`);
  const bytes = base64ToBytes(value);
  if (bytes.length !== 32) {
    throw new ConfigError(`${name} decodes to ${bytes.length} bytes; AES-256 needs exactly 32 (base64 of 32 random bytes).`);
  }
  return bytes;
}

function additionalData(context: VaultContext, version: 1 | 2 = 1): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([`ik-credential-v${version}`, context.workspaceId, context.provider, context.connectionId]));
}

/**
 * AES-256-GCM with one key. A ciphertext is the encrypted bytes followed by the 16-byte tag
 * (WebCrypto's layout), so every implementation reads what another wrote.
 */
export interface AesGcmCipher {
  encrypt(iv: Uint8Array<ArrayBuffer>, additionalData: Uint8Array<ArrayBuffer>, plaintext: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
  /** Throws when the tag does not authenticate. */
  decrypt(iv: Uint8Array<ArrayBuffer>, additionalData: Uint8Array<ArrayBuffer>, ciphertext: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
}

/** Makes a cipher from the key's bytes (which the caller wipes afterwards: keep a copy only inside a key object). */
export type CipherFactory = (key: Uint8Array<ArrayBuffer>) => Promise<AesGcmCipher>;

/** WebCrypto: the same code in Node and the browser; the key is imported once, non-extractable. */
export const webCryptoCipher: CipherFactory = async (bytes) => {
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  return {
    encrypt: async (iv, additionalData, plaintext) => new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext)),
    decrypt: async (iv, additionalData, ciphertext) => new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, ciphertext)),
  };
};

/**
 * AES-256-GCM encryption at rest. Bound to a store (`withStore`, what the app does), it encrypts
 * each credential under its workspace's data key, itself wrapped by the newest master key
 * (keys/): rotating a master key rewraps data keys, not secrets. WebCrypto by default; the Node
 * server passes node:crypto's (see vault-node.ts), several times faster, same format.
 */
export class Vault {
  private constructor(
    readonly keyring: LocalKeyring,
    private readonly cipherFactory: CipherFactory,
    readonly dataKeys?: DataKeys,
  ) {}

  /** One master key (`IK_ENCRYPTION_KEY`), with the id `default`. */
  static async fromBase64(raw: string | undefined, name = ENCRYPTION_KEY_ENV, cipher: CipherFactory = webCryptoCipher): Promise<Vault> {
    return Vault.fromKeyring([[SINGLE_KEY_ID, parseEncryptionKey(raw, name)]], cipher);
  }

  /** Several master keys, newest first (see parseKeyring). */
  static async fromKeyring(entries: KeyringEntries, cipher: CipherFactory = webCryptoCipher): Promise<Vault> {
    return new Vault(await LocalKeyring.create(entries, cipher), cipher);
  }

  /** This vault keeping its workspaces' data keys in `store`. */
  withStore(store: Store): Vault {
    return new Vault(this.keyring, this.cipherFactory, new DataKeys(store, this.keyring, this.cipherFactory));
  }

  async encrypt(plaintext: string, context: VaultContext): Promise<EncryptedBlob> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const bytes = new TextEncoder().encode(plaintext);
    if (this.dataKeys) {
      const cipher = (await this.dataKeys.forWorkspace(context.workspaceId, true))!;
      return { alg: 'A256GCM', dk: 1, iv: bytesToBase64(iv), ct: bytesToBase64(await cipher.encrypt(iv, additionalData(context, 2), bytes)) };
    }
    const kid = this.keyring.currentKeyId;
    const ct = await this.keyring.legacyCipher(kid)!.encrypt(iv, additionalData(context), bytes);
    return { alg: 'A256GCM', kid, iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
  }

  async decrypt(blob: EncryptedBlob, context: VaultContext): Promise<string> {
    const iv = base64ToBytes(blob.iv);
    const ct = base64ToBytes(blob.ct);
    const attempts: (() => Promise<Uint8Array>)[] = [];
    if (blob.dk) {
      const cipher = await this.dataKeys?.forWorkspace(context.workspaceId, false).catch(() => undefined);
      if (cipher) attempts.push(() => cipher.decrypt(iv, additionalData(context, 2), ct));
    } else {
      // Under a master key: the one named, or (written before key ids) whichever authenticates.
      const kids = blob.kid !== undefined ? [blob.kid] : this.keyring.keyIds;
      for (const kid of kids) {
        const cipher = this.keyring.legacyCipher(kid);
        if (cipher) attempts.push(() => cipher.decrypt(iv, additionalData(context), ct));
      }
    }
    for (const attempt of attempts) {
      try {
        return new TextDecoder().decode(await attempt());
      } catch {
        // The next key, if any.
      }
    }
    throw new VaultError('The stored credential could not be decrypted (wrong key, tampered data, or a different row).');
  }

  async encryptJson(value: unknown, context: VaultContext): Promise<EncryptedBlob> {
    return this.encrypt(JSON.stringify(value), context);
  }

  async decryptJson<T>(blob: EncryptedBlob, context: VaultContext): Promise<T> {
    return JSON.parse(await this.decrypt(blob, context)) as T;
  }
}

/** A fresh key in the documented format (base64 of 32 random bytes). */
export function generateEncryptionKey(): string {
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}
