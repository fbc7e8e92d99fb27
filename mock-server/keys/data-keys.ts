import { type Store, StoreConflictError } from '../store/store.ts';
import type { AesGcmCipher, CipherFactory } from '../vault.ts';
import type { KeyManagementService, WrappedKey } from './kms.ts';

const PREFIX = 'datakey/';
export const dataKeyRecord = (workspaceId: string) => `${PREFIX}${workspaceId}`;

/** A data key record holds its WrappedKey as a JSON string, so a conditional batch can compare it whole. */
const parse = (text: string): WrappedKey => JSON.parse(text) as WrappedKey;

/**
 * Each workspace's data key: 32 random bytes, stored only wrapped by a master key
 * (`datakey/<workspaceId>`), held unwrapped in memory as a cipher. Created on a workspace's
 * first secret with a conditional write, so two processes cannot both create one.
 */
export class DataKeys {
  private readonly ciphers = new Map<string, Promise<AesGcmCipher | undefined>>();

  constructor(
    private readonly store: Store,
    readonly kms: KeyManagementService,
    private readonly cipher: CipherFactory,
  ) {}

  /** The workspace's data key; created when `create` and there is none yet (else undefined). */
  forWorkspace(workspaceId: string, create: boolean): Promise<AesGcmCipher | undefined> {
    let cipher = this.ciphers.get(workspaceId);
    if (!cipher) {
      cipher = this.load(workspaceId, create);
      this.ciphers.set(workspaceId, cipher);
      // Failures and "none yet" are not remembered.
      cipher.then(
        (found) => found || this.ciphers.delete(workspaceId),
        () => this.ciphers.delete(workspaceId),
      );
    }
    return cipher.then((found) => found ?? (create ? this.forWorkspace(workspaceId, true) : undefined));
  }

  private async load(workspaceId: string, create: boolean): Promise<AesGcmCipher | undefined> {
    const stored = await this.store.get<string>(dataKeyRecord(workspaceId));
    if (stored !== undefined) return this.open(parse(stored), workspaceId);
    if (!create) return undefined;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    try {
      const text = JSON.stringify(await this.kms.wrap(bytes, workspaceId));
      await this.store.batch([{ key: dataKeyRecord(workspaceId), value: text }], [{ key: dataKeyRecord(workspaceId), equals: undefined }]);
      return await this.cipher(bytes);
    } catch (error) {
      // Another process created it first: use theirs.
      if (error instanceof StoreConflictError) return this.load(workspaceId, false);
      throw error;
    } finally {
      bytes.fill(0);
    }
  }

  private async open(wrapped: WrappedKey, workspaceId: string): Promise<AesGcmCipher> {
    const bytes = await this.kms.unwrap(wrapped, workspaceId);
    try {
      return await this.cipher(bytes);
    } finally {
      bytes.fill(0);
    }
  }

  /** Every stored data key: workspace id and the master key it is wrapped with. */
  async list(): Promise<{ workspaceId: string; wrapped: WrappedKey; text: string }[]> {
    const entries = await this.store.entries<string>(PREFIX);
    return entries.map(([key, text]) => ({ workspaceId: key.slice(PREFIX.length), wrapped: parse(text), text }));
  }

  /**
   * Wraps the workspace's data key again under the newest master key, unless it already is.
   * A conditional write on the record as read: safe beside running servers (the key itself does
   * not change, so their unwrapped copies stay right); a lost race is simply read again.
   */
  async rewrap(workspaceId: string): Promise<boolean> {
    for (;;) {
      const text = await this.store.get<string>(dataKeyRecord(workspaceId));
      if (text === undefined) return false;
      const wrapped = parse(text);
      if (wrapped.kid === this.kms.currentKeyId) return false;
      const bytes = await this.kms.unwrap(wrapped, workspaceId);
      try {
        const next = JSON.stringify(await this.kms.wrap(bytes, workspaceId));
        await this.store.batch([{ key: dataKeyRecord(workspaceId), value: next }], [{ key: dataKeyRecord(workspaceId), equals: text }]);
        return true;
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
      } finally {
        bytes.fill(0);
      }
    }
  }
}
