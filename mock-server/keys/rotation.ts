/**
 * Master-key rotation: the start-up check that every stored secret can still be read with the
 * configured keys, and rewrap, which moves everything stored onto the newest key.
 */
import type { ServerContext } from '../context.ts';
import type { StoredConnection } from '../data/workspace-repo.ts';
import type { Store } from '../store/store.ts';
import { ConfigError, type Vault, VaultError } from '../vault.ts';
import { vaultContext } from '../services/stored-credential.ts';
import { ENCRYPTION_KEYS_ENV } from './keyring.ts';

/** Written once no credential is stored directly under a master key (the layout before data keys). */
const NO_LEGACY = 'keyring/no-legacy-secrets';

const isLegacy = (record: StoredConnection) => record.secret !== undefined && !record.secret.dk;

async function legacyConnections(store: Store): Promise<StoredConnection[]> {
  const found: StoredConnection[] = [];
  for (const [key, value] of await store.entries<unknown>('workspace/')) {
    const rest = key.slice('workspace/'.length);
    // A connection record, or a workspace still in its one-document layout (migrated when first loaded).
    if (rest.includes('/connection/')) found.push(value as StoredConnection);
    else if (!rest.includes('/')) found.push(...((value as { connections?: StoredConnection[] }).connections ?? []));
  }
  return found.filter(isLegacy);
}

/**
 * Refuses to start (ConfigError, naming the key id, changing nothing) when stored data needs a
 * master key the keyring lacks, or a key under a known id is not the one the data was written
 * with. Cheap: one unwrap per key id in use, plus a scan for old-layout secrets until a rewrap
 * has moved them all (or a new store never had any).
 */
export async function checkStoredKeys(store: Store, vault: Vault): Promise<void> {
  const dataKeys = vault.dataKeys!;
  const tried = new Set<string>();
  for (const { workspaceId, wrapped } of await dataKeys.list()) {
    if (!vault.keyring.has(wrapped.kid)) {
      throw new ConfigError(`The stored data needs the master key "${wrapped.kid}" (workspace ${workspaceId}), which ${ENCRYPTION_KEYS_ENV} does not hold. Add it back; nothing was changed.`);
    }
    if (tried.has(wrapped.kid)) continue;
    tried.add(wrapped.kid);
    try {
      await dataKeys.kms.unwrap(wrapped, workspaceId);
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      throw new ConfigError(`The master key "${wrapped.kid}" in ${ENCRYPTION_KEYS_ENV} is not the key the stored data was written with (workspace ${workspaceId}). Nothing was changed.`);
    }
  }
  if ((await store.get(NO_LEGACY)) !== undefined) return;
  const legacy = await legacyConnections(store);
  if (legacy.length === 0) return store.set(NO_LEGACY, true);
  const sample = legacy[0]!;
  try {
    await vault.decrypt(sample.secret!, vaultContext(sample));
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    throw new ConfigError(`${legacy.length} stored credential(s) were written before key ids, with a master key that is not in the keyring: add the old IK_ENCRYPTION_KEY to ${ENCRYPTION_KEYS_ENV} (any id). Nothing was changed.`);
  }
}

export interface RewrapReport {
  /** Credentials moved from a master key onto their workspace's data key. */
  reencrypted: number;
  /** Data keys wrapped again under the newest master key. */
  rewrapped: number;
  /** Credentials that could not be decrypted with any key (left as they are). */
  unreadable: number;
  /** The newest master key. */
  currentKeyId: string;
  /** Data keys per master key id after the run: a key id absent here is used by nothing and can be removed. */
  dataKeysByKeyId: Record<string, number>;
}

/**
 * Puts everything stored under the newest master key. Each workspace is one atomic change and
 * each data key one conditional write, so it can run beside serving processes, and a run that
 * stops half-way is finished by running it again (what is done is skipped).
 */
export async function rewrap(ctx: ServerContext, progress: (line: string) => void = () => {}): Promise<RewrapReport> {
  const { vault } = ctx;
  const dataKeys = vault.dataKeys!;
  let reencrypted = 0;
  let unreadable = 0;
  for (const workspaceId of await ctx.workspaces.ids()) {
    const changed = await ctx.workspaces.update(workspaceId, async (tx) => {
      let count = 0;
      for (const record of tx.findAll(isLegacy)) {
        try {
          const plain = await vault.decrypt(record.secret!, vaultContext(record));
          record.secret = await vault.encrypt(plain, vaultContext(record));
          count++;
        } catch (error) {
          if (!(error instanceof VaultError)) throw error;
          unreadable++;
        }
      }
      return count;
    });
    reencrypted += changed;
    if (changed) progress(`workspace ${workspaceId}: ${changed} credential(s) moved onto the workspace's data key`);
  }
  let rewrapped = 0;
  for (const { workspaceId } of await dataKeys.list()) {
    if (await dataKeys.rewrap(workspaceId)) {
      rewrapped++;
      progress(`workspace ${workspaceId}: data key wrapped under "${dataKeys.kms.currentKeyId}"`);
    }
  }
  if (unreadable === 0) await ctx.store.set(NO_LEGACY, true);
  const dataKeysByKeyId: Record<string, number> = {};
  for (const { wrapped } of await dataKeys.list()) dataKeysByKeyId[wrapped.kid] = (dataKeysByKeyId[wrapped.kid] ?? 0) + 1;
  return { reencrypted, rewrapped, unreadable, currentKeyId: dataKeys.kms.currentKeyId, dataKeysByKeyId };
}
