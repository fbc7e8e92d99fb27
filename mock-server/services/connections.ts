import { previewCredential } from '../../src/credentials/preview.ts';
import { checkCredentials, type CredentialValues } from '../../src/credentials/validate.ts';
import { linearMatch } from '../util/linear-pattern.ts';
import type { Connection, TestResult } from '../../src/schema/connection.ts';
import type { Provider } from '../../src/schema/provider.ts';
import { saveConnectionRequest } from '../../src/schema/requests.ts';
import type { Principal, UserPrincipal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { connectionView, newConnection, type StoredConnection, type WorkspaceTx } from '../data/workspace-repo.ts';
import { parseOrThrow } from '../http/body.ts';
import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { runVerification } from '../tester/tester.ts';
import { freshCredential, revokeAtProvider } from '../oauth/oauth-service.ts';
import { requirePermission, requireUser, requireWorkspace } from './access.ts';
import { appendAudit, auditTest } from './audit.ts';
import { decryptCredential, vaultContext } from './stored-credential.ts';

export interface SaveOutcome {
  created: boolean;
  connection: Connection;
  test?: TestResult;
}

const TESTING = 'Testing the key…';

/** The catalog row a save targets, if it may be connected this way. */
async function connectableProvider(ctx: ServerContext, key: string, withPayload: boolean): Promise<Provider> {
  const provider = await ctx.catalog.get(key);
  if (!provider) throw validationFailed({ provider: `"${key}" is not in the provider catalog` });
  if (provider.availability === 'coming_soon') throw validationFailed({ provider: `${provider.name} is coming soon and cannot be connected yet` });
  if (provider.availability === 'retired') throw validationFailed({ provider: `${provider.name} was retired from the catalog` });
  if (withPayload && provider.authType === 'oauth2') {
    throw validationFailed({ credentialPayload: `${provider.name} connects through its authorize flow, not a pasted key` });
  }
  return provider;
}

function findTarget(tx: WorkspaceTx, connectionId: string | undefined, providerKey: string): StoredConnection | undefined {
  if (connectionId === undefined) return tx.findByProvider(providerKey);
  const found = tx.find(connectionId);
  if (!found) throw notFound('The connection');
  if (found.provider !== providerKey) throw validationFailed({ provider: `does not match the connection's provider (${found.provider})` });
  return found;
}

function checkVersion(existing: StoredConnection | undefined, expected: number | undefined): void {
  if (expected === undefined || existing?.version === expected) return;
  throw new HttpError(
    'version_conflict',
    existing
      ? `The connection changed since you loaded it (version ${existing.version}, you sent ${expected}). Reload and try again.`
      : 'The connection no longer exists. Reload and try again.',
  );
}

/** A test's verdict on the connection. Inconclusive outcomes leave a known credential's verdict alone. */
function applyTest(record: StoredConnection, test: TestResult, credentialIsNew: boolean): void {
  record.lastTest = test;
  if (test.outcome === 'valid') {
    record.status = 'active';
    delete record.statusReason;
  } else if (test.outcome === 'invalid') {
    record.status = 'error';
    record.statusReason = test.message;
  } else if (credentialIsNew || record.statusReason === TESTING) {
    record.status = 'pending';
    record.statusReason = `Saved, but not verified yet: ${test.message}`;
  }
}

function touch(ctx: ServerContext, record: StoredConnection): void {
  record.version += 1;
  record.updatedAt = ctx.now().toISOString();
}

/** POST /provider-connections: validate, encrypt, upsert, then test a new credential at once. */
export async function saveConnection(ctx: ServerContext, principal: Principal, input: unknown): Promise<SaveOutcome> {
  const body = parseOrThrow(saveConnectionRequest, input);
  const user = requireUser(principal);
  const workspaceId = requireWorkspace(user, body.workspaceId);
  requirePermission(user, 'connection.create');
  const payload = body.credentialPayload;
  const provider = await connectableProvider(ctx, body.provider, payload !== undefined);
  const testable = provider.verification !== undefined;
  if (body.projectIds) checkProjects(ctx, workspaceId, body.projectIds);

  // The change may run again (another process committed first): the request spends one test, not one per run.
  let testTaken = false;
  const saved = await ctx.workspaces.update(workspaceId, async (tx) => {
    const existing = findTarget(tx, body.connectionId, provider.key);
    if (existing) requirePermission(user, 'connection.edit', existing);
    checkVersion(existing, body.expectedVersion);
    const now = ctx.now().toISOString();
    const record: StoredConnection =
      existing ??
      newConnection(
        {
          workspaceId,
          provider: provider.key,
          displayName: provider.name,
          mode: provider.authType === 'oauth2' ? 'oauth-user' : 'service',
          // A provider without credentials is connected by installing it.
          ...(provider.authType === 'none'
            ? { status: 'active' as const }
            : { status: 'pending' as const, statusReason: provider.authType === 'oauth2' ? 'Not authorized yet.' : 'No key yet: add one to connect.' }),
          createdBy: user.userId,
          createdByName: user.displayName,
        },
        now,
      );
    let values: CredentialValues | undefined;
    let changed = false;
    if (payload) {
      // An unreadable stored key must not block pasting a complete new one.
      const stored: CredentialValues = existing ? await decryptCredential(ctx, existing).catch(() => ({})) : {};
      const { values: checked, errors } = checkCredentials(provider, payload, stored, linearMatch);
      if (Object.keys(errors).length > 0) {
        throw validationFailed(Object.fromEntries(Object.entries(errors).map(([name, message]) => [name ? `credentialPayload.${name}` : 'credentialPayload', message])));
      }
      // Only a request that passed every check spends one of the workspace's tests (429 stores nothing).
      if (testable && !testTaken) ctx.testLimiter.take(`tests:${workspaceId}`, 'credential tests');
      testTaken = true;
      values = checked;
      changed = !sameCredential(values, stored);
      if (changed) {
        record.secret = await ctx.vault.encryptJson(values, vaultContext(record));
        record.credentialPreview = previewCredential(provider, values);
        record.lastTest = null;
        record.status = testable ? 'pending' : 'active';
        if (testable) record.statusReason = TESTING;
        else delete record.statusReason;
      }
    }
    const renamed = body.displayName !== undefined && body.displayName !== record.displayName;
    const projects = body.projectIds === undefined ? record.projectIds : [...new Set(body.projectIds)];
    const reassigned = projects.join('\n') !== record.projectIds.join('\n');
    if (renamed) record.displayName = body.displayName!;
    if (reassigned) record.projectIds = projects;
    touch(ctx, record);
    if (!existing) tx.add(record);
    const facts = { provider: provider.key, connectionId: record.id };
    if (!existing) appendAudit(ctx, tx, workspaceId, user, { ...facts, action: 'connection.created', detail: values ? 'with a key' : 'without a key (to add later)' });
    else if (changed) appendAudit(ctx, tx, workspaceId, user, { ...facts, action: 'connection.key_replaced', detail: `fields: ${fieldLabels(provider, Object.keys(payload ?? {}))}` });
    if (existing && (renamed || reassigned)) {
      const what = [renamed && 'display name', reassigned && `projects: ${projectNames(ctx, workspaceId, projects) || 'none'}`].filter(Boolean).join('; ');
      appendAudit(ctx, tx, workspaceId, user, { ...facts, action: 'connection.updated', detail: what });
    }
    return { created: !existing, record: structuredClone(record), values, changed };
  });

  if (!testable || !saved.values) return { created: saved.created, connection: connectionView(saved.record) };
  const test = await runVerification(provider, saved.values, ctx.tester);
  const connection = await ctx.workspaces.update(workspaceId, async (tx) => {
    const current = tx.find(saved.record.id);
    if (!current) return connectionView(saved.record);
    // The verdict belongs to the credential tested; a rename meanwhile does not void it.
    if (current.secret?.ct === saved.record.secret?.ct && !(await retiredMeanwhile(ctx, provider.key))) {
      applyTest(current, test, saved.changed);
      touch(ctx, current);
    }
    auditTest(ctx, tx, user, current, test);
    return connectionView(current);
  });
  return { created: saved.created, connection, test };
}

/**
 * A provider retired while its test was running: the connection stays revoked, whatever the
 * verdict. Checked under the workspace's lock, which the revocation also takes.
 */
async function retiredMeanwhile(ctx: ServerContext, providerKey: string): Promise<boolean> {
  return (await ctx.catalog.get(providerKey))?.availability === 'retired';
}

/** History says what people read: labels and names, not field names and ids. */
function fieldLabels(provider: Provider, names: string[]): string {
  return names.map((name) => provider.credentials.find((f) => f.name === name)?.label ?? name).join(', ');
}

function projectNames(ctx: ServerContext, workspaceId: string, ids: string[]): string {
  const projects = ctx.directory.projectsOf(workspaceId);
  return ids.map((id) => projects.find((p) => p.id === id)?.name ?? id).join(', ');
}

/** Connections may only be assigned to projects of their workspace. */
function checkProjects(ctx: ServerContext, workspaceId: string, projectIds: string[]): void {
  const known = new Set(ctx.directory.projectsOf(workspaceId).map((p) => p.id));
  const unknown = projectIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw validationFailed({ projectIds: `has projects this workspace does not have: ${unknown.join(', ')}` });
}

function sameCredential(a: CredentialValues, b: CredentialValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

async function findOwn(ctx: ServerContext, user: UserPrincipal, id: string): Promise<StoredConnection> {
  const found = (await ctx.workspaces.read(user.workspaceId)).connection(id);
  if (!found) throw notFound('The connection');
  return found;
}

export const LIST_PAGE_LIMIT = 1000;

/**
 * GET /provider-connections?workspaceId=[&limit=&after=] — oldest first. Without `limit`, every
 * connection; with it, a page, and `next` (the `after` of the following page) while more remain.
 */
export async function listConnections(
  ctx: ServerContext,
  principal: Principal,
  query: { workspaceId?: string | undefined; limit?: string | undefined; after?: string | undefined },
): Promise<{ connections: Connection[]; next?: string }> {
  const user = requireUser(principal);
  if (query.limit !== undefined && !(/^\d{1,4}$/.test(query.limit) && Number(query.limit) >= 1 && Number(query.limit) <= LIST_PAGE_LIMIT)) {
    throw validationFailed({ limit: `must be a whole number from 1 to ${LIST_PAGE_LIMIT}` });
  }
  if (query.after !== undefined && query.limit === undefined) throw validationFailed({ after: 'needs a limit' });
  const workspace = await ctx.workspaces.read(requireWorkspace(user, query.workspaceId));
  if (query.limit === undefined) return { connections: workspace.connections.map(connectionView) };
  const page = workspace.page(query.after, Number(query.limit));
  if (!page) throw validationFailed({ after: 'is not a connection of this workspace' });
  const connections = page.connections.map(connectionView);
  return { connections, ...(page.more && connections.length > 0 && { next: connections.at(-1)!.id }) };
}

export async function getConnection(ctx: ServerContext, principal: Principal, id: string): Promise<Connection> {
  return connectionView(await findOwn(ctx, requireUser(principal), id));
}

/** POST /provider-connections/:id/test */
export async function testConnection(ctx: ServerContext, principal: Principal, id: string): Promise<{ test: TestResult; connection: Connection }> {
  const user = requireUser(principal);
  const record = await findOwn(ctx, user, id);
  requirePermission(user, 'connection.test', record);
  const provider = await ctx.catalog.get(record.provider);
  if (provider?.availability === 'retired') throw new HttpError('not_testable', `${provider.name} was retired from the catalog.`);
  if (!provider?.verification) throw new HttpError('not_testable', `${provider?.name ?? record.provider} has no way to test a credential.`);
  if (!record.secret) throw new HttpError('not_testable', 'This connection has no key yet; add one before testing.');
  ctx.testLimiter.take(`tests:${user.workspaceId}`, 'credential tests');
  let values: CredentialValues;
  if (record.mode === 'oauth-user') {
    const fresh = await freshCredential(ctx, record);
    // A refused renewal already marked the row; an unreachable provider changes nothing. Either way there is no token to test.
    if (fresh.kind !== 'ok') return { test: renewalProblem(ctx, provider, fresh.kind), connection: await getConnection(ctx, principal, id) };
    values = fresh.credential;
  } else values = await decryptCredential(ctx, record);
  const test = await runVerification(provider, values, ctx.tester);
  const connection = await ctx.workspaces.update(user.workspaceId, async (tx) => {
    const current = tx.find(id);
    if (!current) throw notFound('The connection');
    // Apply the verdict only to the credential that was tested.
    if (current.secret?.ct === record.secret?.ct && !(await retiredMeanwhile(ctx, provider.key))) {
      applyTest(current, test, false);
      touch(ctx, current);
    }
    auditTest(ctx, tx, user, current, test);
    return connectionView(current);
  });
  return { test, connection };
}

function renewalProblem(ctx: ServerContext, provider: Provider, kind: 'refused' | 'unreachable'): TestResult {
  const refused = kind === 'refused';
  return {
    outcome: refused ? 'invalid' : 'unreachable',
    httpStatus: null,
    message: refused ? `${provider.name} refused to renew the authorization: reconnect it.` : `${provider.name} could not be reached to renew the authorization. Try again shortly.`,
    latencyMs: 0,
    testedAt: ctx.now().toISOString(),
  };
}

/** DELETE /provider-connections/:id: gone at once, for resolution too; an OAuth grant is revoked at the provider. */
export async function deleteConnection(ctx: ServerContext, principal: Principal, id: string): Promise<void> {
  const user = requireUser(principal);
  const before = (await ctx.workspaces.read(user.workspaceId)).connection(id);
  if (!before) throw notFound('The connection');
  requirePermission(user, 'connection.remove', before);
  const revocation = await revokeAtProvider(ctx, before);
  await ctx.workspaces.update(user.workspaceId, (tx) => {
    const target = tx.find(id);
    if (!target) throw notFound('The connection');
    requirePermission(user, 'connection.remove', target);
    tx.remove(id);
    appendAudit(ctx, tx, user.workspaceId, user, { action: 'connection.removed', provider: target.provider, connectionId: target.id, ...(revocation && { detail: revocation }) });
  });
}
