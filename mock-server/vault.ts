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

/** A credential as stored: AES-256-GCM ciphertext (with its tag) and the IV used for it. */
export interface EncryptedBlob {
  alg: 'A256GCM';
  iv: string;
  ct: string;
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

function additionalData(context: VaultContext): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(['ik-credential-v1', context.workspaceId, context.provider, context.connectionId]));
}

/** AES-256-GCM encryption at rest through WebCrypto (the same code in Node and the browser). */
export class Vault {
  private constructor(private readonly key: CryptoKey) {}

  static async fromBase64(raw: string | undefined, name = ENCRYPTION_KEY_ENV): Promise<Vault> {
    const bytes = parseEncryptionKey(raw, name);
    const key = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    bytes.fill(0);
    return new Vault(key);
  }

  async encrypt(plaintext: string, context: VaultContext): Promise<EncryptedBlob> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(context) },
      this.key,
      new TextEncoder().encode(plaintext),
    );
    return { alg: 'A256GCM', iv: bytesToBase64(iv), ct: bytesToBase64(new Uint8Array(ct)) };
  }

  async decrypt(blob: EncryptedBlob, context: VaultContext): Promise<string> {
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: base64ToBytes(blob.iv), additionalData: additionalData(context) },
        this.key,
        base64ToBytes(blob.ct),
      );
      return new TextDecoder().decode(plain);
    } catch {
      throw new VaultError('The stored credential could not be decrypted (wrong key, tampered data, or a different row).');
    }
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
