import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import type { CipherFactory } from './vault.ts';

const TAG_BYTES = 16;

/**
 * AES-256-GCM through node:crypto, for the Node server: WebCrypto's promise-per-call machinery
 * cost resolution a tenth of its time; this is the same cipher and format (ciphertext then tag).
 * The key lives in a KeyObject, never in a JS buffer.
 */
export const nodeCipher: CipherFactory = async (bytes) => {
  const key = createSecretKey(bytes);
  return {
    async encrypt(iv, additionalData, plaintext) {
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData);
      return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    async decrypt(iv, additionalData, ciphertext) {
      if (ciphertext.length < TAG_BYTES) throw new Error('ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
      return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]);
    },
  };
};
