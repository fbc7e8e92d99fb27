import type { CredentialValues } from '../../src/credentials/validate.ts';
import type { ServerContext } from '../context.ts';
import type { StoredConnection } from '../data/workspace-repo.ts';
import { HttpError } from '../http/http-error.ts';
import { VaultError } from '../vault.ts';

/** What a connection's ciphertext is bound to: copied to another row, it does not decrypt. */
export function vaultContext(record: Pick<StoredConnection, 'workspaceId' | 'provider' | 'id'>) {
  return { workspaceId: record.workspaceId, provider: record.provider, connectionId: record.id };
}

/** The stored credential in plaintext, for testing and resolution only; never for a response. */
export async function decryptCredential<T extends CredentialValues = CredentialValues>(ctx: ServerContext, record: StoredConnection): Promise<T> {
  if (!record.secret) return {} as T;
  try {
    return await ctx.vault.decryptJson<T>(record.secret, vaultContext(record));
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    ctx.logger.warn(`connection ${record.id} (${record.provider}, workspace ${record.workspaceId}): ${error.message}`);
    throw new HttpError(
      'credential_unreadable',
      record.mode === 'oauth-user'
        ? 'The stored authorization of this connection cannot be decrypted (the encryption key changed, or the data was tampered with). Reconnect it.'
        : 'The stored key of this connection cannot be decrypted (the encryption key changed, or the data was tampered with). Paste the key again.',
    );
  }
}
