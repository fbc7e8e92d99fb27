import type { AuditEntry } from '../../src/schema/audit.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { RoutingPolicy } from '../../src/schema/routing.ts';
import { KeyedLock, type Store, StoreConflictError, type StoreWrite } from '../store/store.ts';
import type { EncryptedBlob } from '../vault.ts';

/** A connection as stored: the public record plus its encrypted credential. */
export interface StoredConnection extends Connection {
  secret?: EncryptedBlob;
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

// ---------------------------------------------------------------------------------------------
// Layout in the store: one record per thing, so a write touches only what changed.
//
//   workspace/<id>/connection/<connectionId>   a StoredConnection (ciphertext, never plaintext)
//   workspace/<id>/policy                      the RoutingPolicy, once one was set
//   workspace/<id>/audit/<000000000042>        one AuditEntry; the newest AUDIT_LIMIT are kept
//
// Before, each workspace was one document `workspace/<id>` ({ connections, policy, audit })
// rewritten whole on every change. Such a document is migrated to the records above the first
// time the workspace is loaded, in one batch that also deletes it. Workspace ids never hold a
// `/` (see idString), so the two layouts cannot be confused.

const ROOT = 'workspace/';
const legacyKey = (workspaceId: string) => `${ROOT}${workspaceId}`;
const prefixOf = (workspaceId: string) => `${ROOT}${workspaceId}/`;
export const connectionKey = (workspaceId: string, id: string) => `${prefixOf(workspaceId)}connection/${id}`;
export const policyKey = (workspaceId: string) => `${prefixOf(workspaceId)}policy`;
export const auditKey = (workspaceId: string, seq: number) => `${prefixOf(workspaceId)}audit/${String(seq).padStart(12, '0')}`;
/**
 * On a shared store, a counter every commit moves (a conditional batch from the version this
 * process read to the next): the check that another process changed the workspace.
 */
export const workspaceVersionKey = (workspaceId: string) => `workspace-version/${workspaceId}`;

/** How often a change is tried again when another process committed to the workspace first. */
const COMMIT_ATTEMPTS = 20;

/** The document a workspace was before records (read only to migrate it). */
interface LegacyWorkspaceDoc {
  connections?: StoredConnection[];
  policy?: RoutingPolicy;
  audit?: AuditEntry[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Oldest first, as the old document held them; ids break ties. */
const byCreation = (a: StoredConnection, b: StoredConnection) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a read sees of a workspace. Everything is frozen: change it through `WorkspaceRepo.update`. */
export interface WorkspaceView {
  /** Every connection, oldest first. */
  readonly connections: readonly StoredConnection[];
  connection(id: string): StoredConnection | undefined;
  /** The (first) connection of a provider. */
  connectionFor(provider: string): StoredConnection | undefined;
  /** Up to `limit` connections after the one with id `after` (from the first without it), in list order; undefined when `after` is not one. */
  page(after: string | undefined, limit: number): { connections: readonly StoredConnection[]; more: boolean } | undefined;
  readonly policy: RoutingPolicy | undefined;
  /** Oldest first, the newest AUDIT_LIMIT entries. */
  readonly audit: readonly AuditEntry[];
}

/**
 * One workspace as this process knows it: frozen records indexed by id and by provider. It
 * changes only through `WorkspaceTx.commit`, after the store took the change.
 */
export class WorkspaceState implements WorkspaceView {
  /** Grows with every change committed; on a shared store, the stored workspaceVersionKey (see WorkspaceCache). */
  version = 0;
  readonly byId = new Map<string, StoredConnection>();
  private readonly byProvider = new Map<string, Set<string>>();
  private list: StoredConnection[] | undefined;
  /** Each connection's place in `list`, built with it. */
  private positions: Map<string, number> | undefined;
  policy: RoutingPolicy | undefined;
  readonly audit: AuditEntry[] = [];
  /** The store sequence number of each entry of `audit`. */
  readonly auditSeqs: number[] = [];

  get connections(): readonly StoredConnection[] {
    return (this.list ??= [...this.byId.values()]);
  }

  page(after: string | undefined, limit: number): { connections: readonly StoredConnection[]; more: boolean } | undefined {
    const list = this.connections;
    let start = 0;
    if (after !== undefined) {
      this.positions ??= new Map(list.map((c, i) => [c.id, i]));
      const position = this.positions.get(after);
      if (position === undefined) return undefined;
      start = position + 1;
    }
    return { connections: list.slice(start, start + limit), more: start + limit < list.length };
  }

  connection(id: string): StoredConnection | undefined {
    return this.byId.get(id);
  }

  connectionFor(provider: string): StoredConnection | undefined {
    const ids = this.byProvider.get(provider);
    if (!ids) return undefined;
    for (const id of ids) return this.byId.get(id);
    return undefined;
  }

  idsFor(provider: string): Iterable<string> {
    return this.byProvider.get(provider) ?? [];
  }

  put(record: StoredConnection): void {
    const previous = this.byId.get(record.id);
    if (previous && previous.provider !== record.provider) this.byProvider.get(previous.provider)?.delete(record.id);
    this.byId.set(record.id, deepFreeze(record));
    let ids = this.byProvider.get(record.provider);
    if (!ids) this.byProvider.set(record.provider, (ids = new Set()));
    ids.add(record.id);
    // A changed record keeps its place (a Map keeps insertion order); a new one goes last.
    if (previous && this.list && this.positions) this.list[this.positions.get(record.id)!] = record;
    else this.list = this.positions = undefined;
  }

  remove(id: string): void {
    const previous = this.byId.get(id);
    if (!previous) return;
    this.byId.delete(id);
    this.byProvider.get(previous.provider)?.delete(id);
    this.list = this.positions = undefined;
  }

  pushAudit(seq: number, entry: AuditEntry): void {
    this.audit.push(deepFreeze(entry));
    this.auditSeqs.push(seq);
  }

  get nextAuditSeq(): number {
    return (this.auditSeqs.at(-1) ?? 0) + 1;
  }
}

/**
 * A change to one workspace being prepared under its lock. Records handed out by `find` and
 * friends are editable copies; `commit` writes the ones that changed (and only those), the
 * removals, the policy and the new audit entries in one store batch.
 */
export class WorkspaceTx {
  private readonly staged = new Map<string, StoredConnection>();
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  private stagedPolicy: RoutingPolicy | undefined;
  private readonly newAudit: AuditEntry[] = [];

  constructor(
    readonly workspaceId: string,
    private readonly state: WorkspaceState,
  ) {}

  /** An editable copy of the connection (the same one on every call), or undefined. */
  find(id: string): StoredConnection | undefined {
    if (this.removed.has(id)) return undefined;
    let record = this.staged.get(id);
    if (record) return record;
    const current = this.state.byId.get(id);
    if (!current) return undefined;
    record = structuredClone(current) as StoredConnection;
    this.staged.set(id, record);
    return record;
  }

  /** An editable copy of the provider's (first) connection, or undefined. */
  findByProvider(provider: string): StoredConnection | undefined {
    for (const id of this.state.idsFor(provider)) {
      const record = this.find(id);
      if (record?.provider === provider) return record;
    }
    for (const id of this.added) if (this.staged.get(id)!.provider === provider) return this.staged.get(id);
    return undefined;
  }

  /** Editable copies of every connection that `match` accepts (a scan: for rare, workspace-wide changes). */
  findAll(match: (connection: StoredConnection) => boolean): StoredConnection[] {
    const ids = [...this.state.byId.keys(), ...this.added].filter((id) => !this.removed.has(id));
    return ids.filter((id) => match(this.staged.get(id) ?? this.state.byId.get(id)!)).map((id) => this.find(id)!);
  }

  add(record: StoredConnection): void {
    this.staged.set(record.id, record);
    this.added.add(record.id);
    this.removed.delete(record.id);
  }

  remove(id: string): void {
    this.staged.delete(id);
    if (!this.added.delete(id)) this.removed.add(id);
  }

  get policy(): RoutingPolicy | undefined {
    return this.stagedPolicy ?? this.state.policy;
  }

  set policy(policy: RoutingPolicy) {
    this.stagedPolicy = policy;
  }

  /** Oldest first, with the entries of this change. */
  get audit(): readonly AuditEntry[] {
    return this.newAudit.length ? [...this.state.audit, ...this.newAudit] : this.state.audit;
  }

  appendAudit(entry: AuditEntry): void {
    this.newAudit.push(entry);
  }

  /** The writes this change makes; an unchanged copy writes nothing. */
  private writes(): { writes: StoreWrite[]; changed: StoredConnection[]; auditSeqs: number[]; trimmed: number } {
    const { workspaceId, state } = this;
    const writes: StoreWrite[] = [];
    const changed: StoredConnection[] = [];
    for (const [id, record] of this.staged) {
      const current = state.byId.get(id);
      if (!this.added.has(id) && current && JSON.stringify(current) === JSON.stringify(record)) continue;
      const copy = structuredClone(record) as StoredConnection;
      changed.push(copy);
      writes.push({ key: connectionKey(workspaceId, id), value: copy });
    }
    for (const id of this.removed) if (state.byId.has(id)) writes.push({ key: connectionKey(workspaceId, id), delete: true });
    if (this.stagedPolicy) writes.push({ key: policyKey(workspaceId), value: this.stagedPolicy });
    const auditSeqs = this.newAudit.map((_, i) => state.nextAuditSeq + i);
    // The oldest entries beyond the limit go in the same batch.
    const trimmed = Math.max(0, state.audit.length + this.newAudit.length - AUDIT_LIMIT);
    const dropped = new Set([...state.auditSeqs, ...auditSeqs].slice(0, trimmed));
    this.newAudit.forEach((entry, i) => dropped.has(auditSeqs[i]!) || writes.push({ key: auditKey(workspaceId, auditSeqs[i]!), value: entry }));
    for (const seq of state.auditSeqs) if (dropped.has(seq)) writes.push({ key: auditKey(workspaceId, seq), delete: true });
    return { writes, changed, auditSeqs, trimmed };
  }

  /** Writes the change, then shows it to readers. Nothing is shown if the store refuses it. */
  async commit(store: Store): Promise<void> {
    const { writes, changed, auditSeqs, trimmed } = this.writes();
    if (writes.length === 0) return;
    const { state } = this;
    if (store.shared) {
      const key = workspaceVersionKey(this.workspaceId);
      writes.push({ key, value: state.version + 1 });
      // Throws StoreConflictError, writing nothing, when another process committed since this state was read.
      await store.batch(writes, [{ key, equals: state.version === 0 ? undefined : state.version }]);
    } else await store.batch(writes);
    for (const record of changed) state.put(record);
    for (const id of this.removed) state.remove(id);
    if (this.stagedPolicy) state.policy = deepFreeze(structuredClone(this.stagedPolicy));
    this.newAudit.forEach((entry, i) => state.pushAudit(auditSeqs[i]!, structuredClone(entry)));
    state.audit.splice(0, trimmed);
    state.auditSeqs.splice(0, trimmed);
    state.version += 1;
  }
}

const seqOf = (key: string) => Number(key.slice(key.lastIndexOf('/') + 1));

/**
 * The workspaces this process has loaded, each kept whole in memory (connections as stored:
 * ciphertext, never plaintext) and changed only by this process's commits.
 *
 * On a store of this process only, the cache is correct because every write to a workspace
 * goes through this process's WorkspaceRepo (under its lock) and updates the cache after the
 * store took it. On a shared store (PostgreSQL, several server processes) WorkspaceRepo checks
 * the stored version before it trusts a cached state, and commits only from the version it
 * read (see WorkspaceTx.commit); it calls `invalidate` when the store moved on.
 */
export class WorkspaceCache {
  private readonly states = new Map<string, Promise<WorkspaceState>>();

  constructor(private readonly load: (workspaceId: string) => Promise<WorkspaceState>) {}

  get(workspaceId: string): Promise<WorkspaceState> {
    let state = this.states.get(workspaceId);
    if (!state) {
      state = this.load(workspaceId);
      this.states.set(workspaceId, state);
      // A failed load is not remembered: the next request tries again.
      state.catch(() => this.states.get(workspaceId) === state && this.states.delete(workspaceId));
    }
    return state;
  }

  /** Forgets a workspace: the next read loads it from the store again. */
  invalidate(workspaceId?: string): void {
    if (workspaceId === undefined) this.states.clear();
    else this.states.delete(workspaceId);
  }
}

export class WorkspaceRepo {
  private readonly lock = new KeyedLock();
  readonly cache: WorkspaceCache;

  constructor(private readonly store: Store) {
    this.cache = new WorkspaceCache((workspaceId) => this.load(workspaceId));
  }

  /** Every workspace that has stored anything. */
  async ids(): Promise<string[]> {
    const ids = (await this.store.keys(ROOT)).map((key) => key.slice(ROOT.length).split('/', 1)[0]!);
    return [...new Set(ids)];
  }

  /** The workspace as it is now (frozen; do not keep it across awaits expecting it to change). */
  read(workspaceId: string): Promise<WorkspaceView> {
    return this.current(workspaceId);
  }

  /** The cached state, first checked against the stored version on a shared store (one indexed read). */
  private async current(workspaceId: string): Promise<WorkspaceState> {
    const state = await this.cache.get(workspaceId);
    if (!this.store.shared) return state;
    const stored = (await this.store.get<number>(workspaceVersionKey(workspaceId))) ?? 0;
    if (stored === state.version) return state;
    this.cache.invalidate(workspaceId);
    return this.cache.get(workspaceId);
  }

  /**
   * A change under the workspace's lock. `change` edits copies through the transaction; they
   * are written only when it returns without throwing, so a rejected request stores nothing.
   *
   * On a shared store another process may commit first: then the workspace is read again and
   * `change` runs again on what is stored now. So `change` must be safe to run more than once:
   * it reads and edits the transaction, and anything it does outside (a call upstream, a rate
   * limit) it does once per request, not once per run.
   */
  update<T>(workspaceId: string, change: (tx: WorkspaceTx) => T | Promise<T>): Promise<T> {
    return this.lock.run(workspaceId, async () => {
      for (let attempt = 1; ; attempt++) {
        const tx = new WorkspaceTx(workspaceId, await this.current(workspaceId));
        const result = await change(tx);
        try {
          await tx.commit(this.store);
          return result;
        } catch (error) {
          if (!(error instanceof StoreConflictError) || attempt >= COMMIT_ATTEMPTS) throw error;
          this.cache.invalidate(workspaceId);
        }
      }
    });
  }

  private async load(workspaceId: string): Promise<WorkspaceState> {
    // The version first: records read after it are at least that new, and a commit from an older version than they show fails and reloads.
    const version = this.store.shared ? ((await this.store.get<number>(workspaceVersionKey(workspaceId))) ?? 0) : 0;
    const [records, legacy] = await Promise.all([this.store.entries<unknown>(prefixOf(workspaceId)), this.store.get<LegacyWorkspaceDoc>(legacyKey(workspaceId))]);
    const state = new WorkspaceState();
    state.version = version;
    const connections: StoredConnection[] = [];
    const audit: [number, AuditEntry][] = [];
    const prefix = prefixOf(workspaceId);
    for (const [key, value] of records) {
      const [kind] = key.slice(prefix.length).split('/', 1);
      if (kind === 'connection') connections.push(value as StoredConnection);
      else if (kind === 'policy') state.policy = value as RoutingPolicy;
      else if (kind === 'audit') audit.push([seqOf(key), value as AuditEntry]);
    }
    audit.sort((a, b) => a[0] - b[0]);
    if (legacy) {
      // The old single document becomes records, in one batch that deletes it: a crash leaves one layout or the other.
      const writes: StoreWrite[] = [];
      for (const connection of legacy.connections ?? []) {
        writes.push({ key: connectionKey(workspaceId, connection.id), value: connection });
        connections.push(connection);
      }
      if (legacy.policy) {
        writes.push({ key: policyKey(workspaceId), value: legacy.policy });
        state.policy = legacy.policy;
      }
      let seq = audit.at(-1)?.[0] ?? 0;
      for (const entry of (legacy.audit ?? []).slice(-AUDIT_LIMIT)) {
        seq += 1;
        writes.push({ key: auditKey(workspaceId, seq), value: entry });
        audit.push([seq, entry]);
      }
      writes.push({ key: legacyKey(workspaceId), delete: true });
      await this.store.batch(writes);
    }
    const unique = new Map(connections.map((c) => [c.id, c]));
    for (const connection of [...unique.values()].sort(byCreation)) state.put(connection);
    if (state.policy) deepFreeze(state.policy);
    for (const [seq, entry] of audit.slice(-AUDIT_LIMIT)) state.pushAudit(seq, entry);
    return state;
  }
}
