import type { AuditEntry } from '../../src/schema/audit.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { RoutingPolicy } from '../../src/schema/routing.ts';
import { KeyedLock, type Store } from '../store/store.ts';
import type { EncryptedBlob } from '../vault.ts';

/** A connection as stored: the public record plus its encrypted credential. */
export interface StoredConnection extends Connection {
  secret?: EncryptedBlob;
}

/**
 * Everything one workspace owns, kept in one document so each change and its audit entry
 * are one atomic write.
 */
export interface WorkspaceDoc {
  connections: StoredConnection[];
  policy?: RoutingPolicy;
  /** Oldest first, the newest AUDIT_LIMIT entries. */
  audit?: AuditEntry[];
}

export const AUDIT_LIMIT = 1000;

/** A connection row not written yet (version 0): the caller sets its state, then bumps the version as it writes. */
export function newConnection(
  fields: Pick<StoredConnection, 'workspaceId' | 'provider' | 'displayName' | 'mode' | 'status' | 'createdBy' | 'createdByName'> & { statusReason?: string },
  now: string,
): StoredConnection {
  return {
    id: `conn_${crypto.randomUUID().replaceAll('-', '')}`,
    ...fields,
    projectIds: [],
    credentialPreview: {},
    lastTest: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}

/** The public view of a stored connection: everything but the ciphertext. */
export function connectionView({ secret: _secret, ...view }: StoredConnection): Connection {
  return view;
}

export class WorkspaceRepo {
  private readonly lock = new KeyedLock();

  constructor(private readonly store: Store) {}

  private key(workspaceId: string): string {
    return `workspace/${workspaceId}`;
  }

  /** Every workspace that has stored anything. */
  async ids(): Promise<string[]> {
    return (await this.store.keys('workspace/')).map((key) => key.slice('workspace/'.length));
  }

  async read(workspaceId: string): Promise<WorkspaceDoc> {
    return (await this.store.get<WorkspaceDoc>(this.key(workspaceId))) ?? { connections: [] };
  }

  /**
   * Read-modify-write under the workspace's lock. `change` edits the document in place; it is
   * written only when `change` returns without throwing, so a rejected request stores nothing.
   */
  update<T>(workspaceId: string, change: (doc: WorkspaceDoc) => T | Promise<T>): Promise<T> {
    return this.lock.run(workspaceId, async () => {
      const doc = structuredClone(await this.read(workspaceId));
      const result = await change(doc);
      await this.store.set(this.key(workspaceId), doc);
      return result;
    });
  }
}
