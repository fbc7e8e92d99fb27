import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../../mock-server/app.ts';
import { principalsFile } from '../../mock-server/auth/principals.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';
import {
  expectError,
  expectFields,
  expectNothingStored,
  loadSampleKeys,
  loadSeedCatalog,
  readDataDir,
  storedText,
  readProjectJson,
  startTestServer,
  TOKENS,
  type TestServer,
} from '../support/server.ts';

/**
 * The app with a clock the test moves, on a real loopback port and a real data directory
 * (startTestServer's Node server always uses the wall clock).
 */
async function startClockedServer(start: Date) {
  let now = start.getTime();
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-sessions-'));
  const app = createApp({
    store: new FileStore(dataDir),
    vault: await Vault.fromBase64(generateEncryptionKey()),
    principals: { ...principalsFile.parse(await readProjectJson('mock-server/config/dev-principals.json')), serviceToken: TOKENS.service },
    catalogSeed: await loadSeedCatalog(),
    now: () => new Date(now),
  });
  const server: Server = createServer(getRequestListener((request) => app.fetch(request)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    dataDir,
    advance: (seconds: number) => void (now += seconds * 1000),
    async call(method: string, path: string, token: string | null, body?: unknown) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${origin}/api/integrations${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let server: TestServer;
let samples: Record<string, Record<string, string>>;
const mint = (body: unknown, token: string = TOKENS.service) => server.call('POST', '/sessions', { token, body });

before(async () => {
  server = await startTestServer();
  samples = await loadSampleKeys();
});
after(() => server.stop());

describe('POST /sessions (service token)', () => {
  it('refuses an unknown workspace and the ids the history reserves for the system', async () => {
    expectFields(await mint({ userId: 'zoe', workspaceId: 'no-such-workspace', role: 'member' }), ['workspaceId']);
    for (const userId of ['service', 'platform']) expectFields(await mint({ userId, workspaceId: 'acme', role: 'admin' }), ['userId']);
  });

  it('mints a token that expires in 30 minutes by default', async () => {
    const before = Date.now();
    const { status, body } = await mint({ userId: 'zoe', displayName: 'Zoe', workspaceId: 'acme', role: 'member' });
    const after = Date.now();
    assert.equal(status, 201, JSON.stringify(body));
    assert.match(body.token, /^iks_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(body.principal, { userId: 'zoe', displayName: 'Zoe', workspaceId: 'acme', role: 'member' });
    assert.match(body.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expires = Date.parse(body.expiresAt);
    assert.ok(expires >= before + 30 * 60_000 && expires <= after + 30 * 60_000, `${body.expiresAt} is 30 minutes from now`);
  });

  it('honours ttlSeconds, from 60 to 86400', async () => {
    for (const ttlSeconds of [60, 600, 86_400]) {
      const before = Date.now();
      const { status, body } = await mint({ userId: 'zoe', workspaceId: 'acme', role: 'viewer', ttlSeconds });
      assert.equal(status, 201);
      const delta = Date.parse(body.expiresAt) - before;
      assert.ok(delta >= ttlSeconds * 1000 && delta < ttlSeconds * 1000 + 5_000, `ttl ${ttlSeconds}: ${delta} ms`);
    }
  });

  it('gives each mint a new token, and uses the user id as the display name when none is given', async () => {
    const a = await mint({ userId: 'zoe', workspaceId: 'acme', role: 'viewer' });
    const b = await mint({ userId: 'zoe', workspaceId: 'acme', role: 'viewer' });
    assert.notEqual(a.body.token, b.body.token);
    assert.equal(a.body.principal.displayName, 'zoe');
  });

  it('validates the body, naming each field', async () => {
    const ok = { userId: 'zoe', workspaceId: 'acme', role: 'member' };
    const unchanged = await expectNothingStored(server.dataDir);
    expectFields(await mint({ ...ok, ttlSeconds: 59 }), ['ttlSeconds']);
    expectFields(await mint({ ...ok, ttlSeconds: 86_401 }), ['ttlSeconds']);
    expectFields(await mint({ ...ok, ttlSeconds: 0 }), ['ttlSeconds']);
    expectFields(await mint({ ...ok, ttlSeconds: -600 }), ['ttlSeconds']);
    expectFields(await mint({ ...ok, ttlSeconds: 90.5 }), ['ttlSeconds']);
    expectFields(await mint({ ...ok, ttlSeconds: '600' }), ['ttlSeconds']);
    assert.match((await mint({ ...ok, ttlSeconds: 59 })).body.error.fields.ttlSeconds, /at least 60/);
    assert.match((await mint({ ...ok, ttlSeconds: 86_401 })).body.error.fields.ttlSeconds, /at most 86400/);
    expectFields(await mint({ workspaceId: 'acme', role: 'member' }), ['userId']);
    expectFields(await mint({ userId: 'zoe', role: 'member' }), ['workspaceId']);
    expectFields(await mint({ userId: 'zoe', workspaceId: 'acme' }), ['role']);
    expectFields(await mint({ ...ok, role: 'owner' }), ['role']);
    expectFields(await mint({ ...ok, userId: 'has spaces' }), ['userId']);
    expectFields(await mint({ ...ok, expiresAt: '2099-01-01T00:00:00Z' }), ['expiresAt']);
    expectFields(await mint({ userId: 'has spaces', workspaceId: 'acme', role: 'owner', ttlSeconds: 10 }), ['userId', 'role', 'ttlSeconds']);
    await unchanged();
  });

  it('is refused without the service token', async () => {
    expectError(await mint({ userId: 'zoe', workspaceId: 'acme', role: 'admin' }, TOKENS.acmeAdmin), 403, 'forbidden', 'service_token_required');
    expectError(await mint({ userId: 'zoe', workspaceId: 'acme', role: 'admin' }, TOKENS.platformAdmin), 403, 'forbidden', 'service_token_required');
    expectError(await server.call('POST', '/sessions', { token: null, body: { userId: 'zoe', workspaceId: 'acme', role: 'admin' } }), 401, 'unauthorized');
  });
});

describe('a session token at work', () => {
  it('speaks for its user, workspace and role (GET /me)', async () => {
    const { body } = await mint({ userId: 'zoe', displayName: 'Zoe (contractor)', workspaceId: 'globex', role: 'admin', ttlSeconds: 600 });
    const me = await server.call('GET', '/me', { token: body.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { userId: 'zoe', displayName: 'Zoe (contractor)', workspaceId: 'globex', role: 'admin', expiresAt: body.expiresAt });
  });

  it('applies the role: a viewer session reads but cannot write', async () => {
    const viewer = (await mint({ userId: 'vic', workspaceId: 'acme', role: 'viewer' })).body.token;
    assert.equal((await server.call('GET', '/provider-connections', { token: viewer })).status, 200);
    assert.equal((await server.call('GET', '/audit', { token: viewer })).status, 200);
    const unchanged = await expectNothingStored(server.dataDir);
    expectError(
      await server.call('POST', '/provider-connections', { token: viewer, body: { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai } }),
      403,
      'forbidden',
      'read_only',
    );
    expectError(await server.call('PUT', '/routing-policy', { token: viewer, body: { workspaceId: 'acme', mode: 'byo' } }), 403, 'forbidden', 'admin_only');
    await unchanged();
  });

  it('a member session creates connections as its user and manages only those', async () => {
    const member = (await mint({ userId: 'mia', workspaceId: 'acme', role: 'member' })).body.token;
    const created = await server.call('POST', '/provider-connections', { token: member, body: { workspaceId: 'acme', provider: 'stripe', credentialPayload: samples.stripe } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.connection.createdBy, 'mia');
    const alices = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'resend' } });
    expectError(await server.call('DELETE', `/provider-connections/${alices.body.connection.id}`, { token: member }), 403, 'forbidden', 'not_owner');
    assert.equal((await server.call('DELETE', `/provider-connections/${created.body.connection.id}`, { token: member })).status, 204);
    // A session of the same user id under another role is the same owner.
    const audit = (await server.call('GET', `/audit?connectionId=${created.body.connection.id}`)).body.entries;
    assert.deepEqual(audit.map((e: any) => [e.action, e.actor]), [['connection.removed', 'mia'], ['connection.tested', 'mia'], ['connection.created', 'mia']]);
  });

  it('stays in its workspace', async () => {
    const globex = (await mint({ userId: 'gus', workspaceId: 'globex', role: 'admin' })).body.token;
    expectError(await server.call('GET', '/provider-connections?workspaceId=acme', { token: globex }), 403, 'forbidden', 'wrong_workspace');
    expectError(await server.call('GET', '/audit?workspaceId=acme', { token: globex }), 403, 'forbidden', 'wrong_workspace');
    assert.deepEqual((await server.call('GET', '/projects', { token: globex })).body.projects.map((p: any) => p.id), ['research', 'billing']);
  });

  it('cannot mint more sessions nor resolve keys', async () => {
    const token = (await mint({ userId: 'zoe', workspaceId: 'acme', role: 'platform-admin' })).body.token;
    expectError(await mint({ userId: 'zoe2', workspaceId: 'acme', role: 'admin' }, token), 403, 'forbidden', 'service_token_required');
    expectError(await server.call('POST', '/resolve', { token, body: { workspaceId: 'acme', provider: 'openai' } }), 403, 'forbidden', 'service_token_required');
  });

  it('answers an unknown token 401 unauthorized, whatever it looks like', async () => {
    const real = (await mint({ userId: 'zoe', workspaceId: 'acme', role: 'viewer' })).body.token as string;
    const forged = `iks_${'A'.repeat(43)}`;
    const tampered = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    for (const token of [forged, tampered, 'iks_', 'not-a-session']) {
      expectError(await server.call('GET', '/me', { token }), 401, 'unauthorized');
    }
  });

  it('is never stored in plaintext in the data directory', async () => {
    const tokens: string[] = [];
    for (const role of ['viewer', 'member', 'admin'] as const) tokens.push((await mint({ userId: 'zoe', workspaceId: 'acme', role })).body.token);
    for (const token of tokens) assert.equal((await server.call('GET', '/me', { token })).status, 200);
    const files = await storedText(server);
    assert.ok(files.includes('"zoe"'), 'sessions are stored there');
    for (const token of tokens) {
      assert.ok(!files.includes(token), 'the whole token');
      assert.ok(!files.includes(token.slice(4)), 'its random part');
      assert.ok(!files.includes(token.slice(4, 20)), 'any long piece of it');
    }
  });
});

describe('expiry (with a clock the test moves)', () => {
  let clocked: Awaited<ReturnType<typeof startClockedServer>>;
  before(async () => (clocked = await startClockedServer(new Date('2030-01-01T12:00:00.000Z'))));
  after(() => clocked.stop());

  it('expiresAt is exactly now + ttl', async () => {
    const short = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'member', ttlSeconds: 60 });
    assert.equal(short.body.expiresAt, '2030-01-01T12:01:00.000Z');
    const standard = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'member' });
    assert.equal(standard.body.expiresAt, '2030-01-01T12:30:00.000Z');
  });

  it('works until it expires, then answers 401 token_expired on every endpoint, every time', async () => {
    const { body } = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'admin', ttlSeconds: 60 });
    const token = body.token as string;
    const longer = (await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'admin', ttlSeconds: 120 })).body.token;
    clocked.advance(59);
    assert.equal((await clocked.call('GET', '/me', token)).status, 200);
    clocked.advance(1);
    // Every element of a page may be calling with the same token: each must learn it expired,
    // since token_expired (not unauthorized) is what makes the elements ask the host for a new one.
    for (const [method, path, body] of [
      ['GET', '/me'],
      ['GET', '/me'],
      ['GET', '/provider-connections'],
      ['POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai' }],
      ['GET', '/providers'],
      ['GET', '/me'],
    ] as const) {
      expectError(await clocked.call(method, path, token, body), 401, 'token_expired');
    }
    assert.deepEqual((await clocked.call('GET', '/provider-connections', TOKENS.acmeAdmin)).body.connections, [], 'the refused save stored nothing');
    assert.equal((await clocked.call('GET', '/me', longer)).status, 200, 'other sessions are unaffected');
    clocked.advance(60);
    expectError(await clocked.call('GET', '/me', longer), 401, 'token_expired');
    // A new token from the host works again.
    const renewed = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'admin', ttlSeconds: 60 });
    assert.equal((await clocked.call('GET', '/me', renewed.body.token)).status, 200);
  });

  it('expiry does not depend on a lookup happening in time', async () => {
    const { body } = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zoe', workspaceId: 'acme', role: 'viewer', ttlSeconds: 3600 });
    clocked.advance(3 * 3600);
    expectError(await clocked.call('GET', '/me', body.token), 401, 'token_expired');
    expectError(await clocked.call('GET', '/me', body.token), 401, 'token_expired');
  });

  it('forgets an expired session a day after it expired', async () => {
    const { body } = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'old', workspaceId: 'acme', role: 'viewer', ttlSeconds: 60 });
    const hasSession = async () => Object.values(await readDataDir(clocked.dataDir)).some((text) => text.includes('"old"'));
    clocked.advance(60 + 24 * 3600);
    expectError(await clocked.call('GET', '/me', body.token), 401, 'token_expired');
    assert.ok(await hasSession(), 'still known right up to a day after expiry');
    clocked.advance(1);
    expectError(await clocked.call('GET', '/me', body.token), 401, 'token_expired');
    assert.ok(!(await hasSession()), 'removed from the store');
    expectError(await clocked.call('GET', '/me', body.token), 401, 'unauthorized');
  });

  it('stores the session under a hash, never the token', async () => {
    const { body } = await clocked.call('POST', '/sessions', TOKENS.service, { userId: 'zed', workspaceId: 'acme', role: 'viewer', ttlSeconds: 60 });
    const files = Object.values(await readDataDir(clocked.dataDir)).join('\n');
    assert.ok(files.includes('"zed"'), 'the session is stored');
    assert.ok(!files.includes(body.token) && !files.includes(body.token.slice(4)), 'the token is not stored');
  });
});
