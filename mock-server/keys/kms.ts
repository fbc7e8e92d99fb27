/**
 * The boundary to whatever holds the master keys. Master keys never encrypt credentials: they
 * wrap each workspace's data key (envelope encryption), so rotating a master key rewraps one
 * small record per workspace. LocalKeyring (keyring.ts) implements it with keys from the
 * environment; a host can implement it over a cloud KMS.
 */

/** A data key as stored: encrypted under master key `kid`, bound to its workspace. */
export interface WrappedKey {
  kid: string;
  iv: string;
  ct: string;
}

export interface KeyManagementService {
  /** The master key new data keys are wrapped with. */
  readonly currentKeyId: string;
  /** Every master key id available, newest first. */
  readonly keyIds: readonly string[];
  has(kid: string): boolean;
  wrap(dataKey: Uint8Array<ArrayBuffer>, workspaceId: string): Promise<WrappedKey>;
  /** Throws VaultError when the key is not the one it was wrapped with, or the record was tampered with or moved. */
  unwrap(wrapped: WrappedKey, workspaceId: string): Promise<Uint8Array<ArrayBuffer>>;
}
