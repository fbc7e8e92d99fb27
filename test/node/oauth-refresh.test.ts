import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionKey } from '../../mock-server/data/workspace-repo.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import {
  connectOAuth,
  githubApiStatus,
  serverForSuite,
  startTestServer,
  storedConnection,
  TestClock,
  tokenEndpoint,
  TOKENS,
  type TestServer,
} from '../support/server.ts';

/**
 * What happens to an OAuth connection after it is made: renewal before expiry when it is
 * resolved or tested, a renewal the provider refuses, reconnecting, and revoking.
 */
const TOKEN_SECONDS = 600;
const MINUTE = 60_000;

const resolve = (server: TestServer, provider = 'github', extra: Record<string, string> = {}) =>
  server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider, ...extra } });
const connection = async (server: TestServer, id: string) => {
  const result = await server.call('GET', `/provider-connections/${id}`);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body;
};
const auditActions = async (server: TestServer, id: string) =>
  ((await server.call('GET', `/audit?connectionId=${id}`)).body.entries as any[]).map((e) => e.action);

describe('OAuth tokens: renewal before expiry', () => {
  const clock = new TestClock();
  const server = serverForSuite({ fakeOAuthTokenSeconds: TOKEN_SECONDS }, { now: clock.now });

  it('resolves the stored token while it has more than a minute left, then renews it (rotating the refresh token)', async () => {
    const flow = await connectOAuth(server);
    const first = (await resolve(server)).body.credential;
    const { secret: firstStored } = await storedConnection(server, 'acme', flow.connectionId);

    clock.advance(5 * MINUTE);
    assert.equal((await resolve(server)).body.credential.accessToken, first.accessToken, 'not renewed while it has 5 minutes left');

    clock.advance(4 * MINUTE + 30_000); // 30 s left: inside the one-minute margin
    const renewed = await resolve(server);
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.notEqual(renewed.body.credential.accessToken, first.accessToken);
    const lifetime = Date.parse(renewed.body.credential.expiresAt) - clock.now().getTime();
    assert.ok(lifetime > TOKEN_SECONDS * 1000 - 5_000 && lifetime <= TOKEN_SECONDS * 1000, `a full lifetime again (${lifetime} ms)`);
    assert.equal(await githubApiStatus(server, renewed.body.credential.accessToken), 200, 'the new token works');

    // Stored encrypted, with a new refresh token; the old refresh token no longer works.
    const { record, secret } = await storedConnection(server, 'acme', flow.connectionId);
    assert.equal(secret!.accessToken, renewed.body.credential.accessToken);
    assert.notEqual(secret!.refreshToken, firstStored!.refreshToken);
    assert.ok(!JSON.stringify(record).includes(secret!.refreshToken!), 'the refresh token is not stored in the clear');
    const replay = await tokenEndpoint(server, 'github', { grant_type: 'refresh_token', refresh_token: firstStored!.refreshToken! });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');

    // The row shows the new expiry and stays active; the audit has the renewal.
    const view = await connection(server, flow.connectionId);
    assert.equal(view.status, 'active');
    assert.equal(view.oauth.expiresAt, renewed.body.credential.expiresAt);
    assert.deepEqual(view.oauth.account, { login: 'octocat', name: 'The Octocat' }, 'a renewal keeps the account');
    assert.deepEqual(view.credentialPreview.accessToken.last4, renewed.body.credential.accessToken.slice(-4));
    assert.ok((await auditActions(server, flow.connectionId)).includes('connection.token_refreshed'));
  });

  it('renews once when many requests resolve the expiring token at the same moment', async () => {
    const flow = await connectOAuth(server, { provider: 'google-workspace' });
    clock.advance(TOKEN_SECONDS * 1000 - 10_000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => resolve(server, 'google-workspace')));
    for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const tokens = new Set(answers.map((a) => a.body.credential.accessToken));
    assert.equal(tokens.size, 1, 'every request got the same renewed token');
    const actions = await auditActions(server, flow.connectionId);
    assert.equal(actions.filter((a) => a === 'connection.token_refreshed').length, 1);
    assert.equal((await connection(server, flow.connectionId)).status, 'active');
  });

  it('a test of an expiring connection renews it first and passes', async () => {
    const flow = await connectOAuth(server);
    clock.advance(TOKEN_SECONDS * 1000 - 5_000);
    const tested = await server.call('POST', `/provider-connections/${flow.connectionId}/test`);
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    assert.equal(tested.body.test.outcome, 'valid');
    assert.ok(Date.parse(tested.body.connection.oauth.expiresAt) > clock.now().getTime() + 9 * MINUTE);
  });
});

describe('OAuth tokens: a renewal the provider refuses, and reconnecting', () => {
  const clock = new TestClock();
  const server = serverForSuite({ fakeOAuthTokenSeconds: TOKEN_SECONDS }, { now: clock.now });

  it('marks the connection error with a reason asking to reconnect; resolution stops using it', async () => {
    const flow = await connectOAuth(server);
    await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'github', connectionId: flow.connectionId, projectIds: ['website'] } });

    // The user removes the app at GitHub: its tokens stop working and cannot be renewed.
    const revoked = await fetch(`${server.origin}/__oauth/github/admin/revoke-all`, { method: 'POST', headers: { 'x-simulation': 'revoke-all' } });
    assert.equal(revoked.status, 204);
    clock.advance(TOKEN_SECONDS * 1000);

    const answer = await resolve(server);
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'no_credential');
    assert.ok(!JSON.stringify(answer.body).includes('fake_'), 'no token in the refusal');

    const view = await connection(server, flow.connectionId);
    assert.equal(view.status, 'error');
    assert.match(view.statusReason, /^Reconnect GitHub: it refused to renew the authorization \(invalid_grant\)\.$/);
    const entries = (await server.call('GET', `/audit?connectionId=${flow.connectionId}`)).body.entries as any[];
    const failed = entries.find((e) => e.action === 'connection.refresh_failed');
    assert.equal(failed.outcome, 'reauthorization_needed');
    assert.equal(failed.actor, 'service');

    // A second resolve does not hammer the provider again: the row is out of resolution.
    assert.equal((await resolve(server)).status, 409);
    assert.equal((await auditActions(server, flow.connectionId)).filter((a) => a === 'connection.refresh_failed').length, 1);
  });

  it('reconnecting keeps the connection id, its projects and its history, and makes it active again', async () => {
    const list = (await server.call('GET', '/provider-connections?workspaceId=acme')).body.connections as any[];
    const broken = list.find((c) => c.provider === 'github');
    assert.equal(broken.status, 'error');
    const historyBefore = await auditActions(server, broken.id);

    const again = await connectOAuth(server, { connectionId: broken.id });
    assert.equal(again.connectionId, broken.id);
    const view = await connection(server, broken.id);
    assert.equal(view.status, 'active');
    assert.equal(view.statusReason, undefined);
    assert.deepEqual(view.projectIds, ['website']);
    assert.equal(view.createdAt, broken.createdAt);
    assert.ok(view.version > broken.version);

    const historyAfter = await auditActions(server, broken.id);
    assert.deepEqual(historyAfter.slice(-historyBefore.length), historyBefore, 'the old history is kept');
    assert.deepEqual(historyAfter.slice(0, 2), ['connection.tested', 'connection.authorized']);
    const connections = (await server.call('GET', '/provider-connections?workspaceId=acme')).body.connections as any[];
    assert.equal(connections.filter((c) => c.provider === 'github').length, 1, 'no second row');

    const resolved = await resolve(server, 'github', { projectId: 'website' });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.connectionId, broken.id);
    assert.equal(await githubApiStatus(server, resolved.body.credential.accessToken), 200);
  });

  it('a refresh token used up elsewhere (rotated by another client) ends in error once the token expires', async () => {
    const flow = await connectOAuth(server, { provider: 'google-workspace' });
    const { secret } = await storedConnection(server, 'acme', flow.connectionId);
    assert.ok(secret!.refreshToken);
    const revokedAtProvider = await tokenEndpoint(server, 'google-workspace', { grant_type: 'refresh_token', refresh_token: secret!.refreshToken! });
    assert.equal(revokedAtProvider.status, 200, 'the refresh token was valid');
    clock.advance(TOKEN_SECONDS * 1000);
    // The stored refresh token was rotated away by the call above, so the server's renewal is refused.
    assert.equal((await resolve(server, 'google-workspace')).status, 409);
    assert.equal((await connection(server, flow.connectionId)).status, 'error');
  });
});

describe('OAuth tokens: revoking', () => {
  const server = serverForSuite();

  it('asks the provider to revoke, drops the credential, keeps the row as revoked, and resolution stops', async () => {
    const flow = await connectOAuth(server, { provider: 'google-workspace' });
    const { accessToken } = (await resolve(server, 'google-workspace')).body.credential;
    const { secret } = await storedConnection(server, 'acme', flow.connectionId);

    const revoked = await server.call('POST', `/provider-connections/${flow.connectionId}/revoke`);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.status, 'revoked');
    assert.match(revoked.body.statusReason, /^Disconnected by /);
    assert.deepEqual(revoked.body.credentialPreview, {});
    assert.equal(revoked.body.oauth, undefined);

    // The provider was told: neither token works there any more.
    assert.equal((await fetch(`${server.origin}/__upstream/google-workspace/www.googleapis.com/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).status, 401);
    const refresh = await tokenEndpoint(server, 'google-workspace', { grant_type: 'refresh_token', refresh_token: secret!.refreshToken! });
    assert.equal(refresh.body.error, 'invalid_grant');

    const { record } = await storedConnection(server, 'acme', flow.connectionId);
    assert.equal(record.secret, undefined, 'nothing encrypted is left behind');
    assert.equal((await resolve(server, 'google-workspace')).status, 409);
    assert.ok((await auditActions(server, flow.connectionId)).includes('connection.revoked'));
  });

  it('a viewer may not revoke; an unknown id is 404', async () => {
    const flow = await connectOAuth(server);
    const byViewer = await server.call('POST', `/provider-connections/${flow.connectionId}/revoke`, { token: TOKENS.acmeViewer });
    assert.equal(byViewer.status, 403);
    assert.equal((await connection(server, flow.connectionId)).status, 'active');
    assert.equal((await server.call('POST', '/provider-connections/conn_nope/revoke')).status, 404);
  });
});

describe('OAuth tokens: a provider that fails while renewing', () => {
  const clock = new TestClock();
  /** How the token endpoint misbehaves for the next renewal (the authorization itself goes through). */
  let fault: 'down' | 'http503' | 'html502' | 'ratelimited' | undefined;
  const faulty: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === 'POST' ? await request.clone().text() : '';
    if (fault && request.url.endsWith('/token') && body.includes('grant_type=refresh_token')) {
      if (fault === 'down') throw new TypeError('fetch failed');
      if (fault === 'http503') return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      if (fault === 'ratelimited') return Response.json({ error: 'slow_down' }, { status: 429 });
      return new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    }
    return fetch(request);
  };
  const server = serverForSuite({ fakeOAuthTokenSeconds: TOKEN_SECONDS }, { now: clock.now, fetch: faulty });

  it('answers 503 provider_unreachable once the token expired, never a stored secret, and keeps the connection', async () => {
    const flow = await connectOAuth(server);
    for (const kind of ['down', 'http503', 'html502', 'ratelimited'] as const) {
      fault = kind;
      clock.advance(TOKEN_SECONDS * 1000);
      const answer = await resolve(server);
      assert.equal(answer.status, 503, `${kind}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, 'provider_unreachable');
      assert.ok(!JSON.stringify(answer.body).includes('fake_'), 'no token in the answer');
      const view = await connection(server, flow.connectionId);
      assert.equal(view.status, 'active', `${kind}: a passing failure does not break the connection`);

      const tested = await server.call('POST', `/provider-connections/${flow.connectionId}/test`);
      assert.equal(tested.status, 200);
      assert.equal(tested.body.test.outcome, 'unreachable');
      assert.match(tested.body.test.message, /could not be reached/);

      // The provider is back: the same refresh token still works.
      fault = undefined;
      const renewed = await resolve(server);
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.deepEqual(Object.keys(renewed.body.credential).sort(), ['accessToken', 'expiresAt', 'tokenType']);
    }
    assert.ok(!(await auditActions(server, flow.connectionId)).includes('connection.refresh_failed'));
  });

  it('keeps using a token that is still valid while the provider is down', async () => {
    await connectOAuth(server, { provider: 'google-workspace' });
    const first = (await resolve(server, 'google-workspace')).body.credential.accessToken;
    fault = 'down';
    clock.advance(TOKEN_SECONDS * 1000 - 30_000); // inside the renewal margin, not yet expired
    const answer = await resolve(server, 'google-workspace');
    fault = undefined;
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.credential.accessToken, first);
  });
});

describe('OAuth tokens: an unreadable stored authorization', () => {
  const server = serverForSuite();

  it('answers 409 credential_unreadable asking for a reconnect, not a 500', async () => {
    const flow = await connectOAuth(server);
    // Tampered with on disk, then read by a server started on it (a running one keeps what it read).
    const file = new FileStore(server.dataDir);
    const record = (await file.get<any>(connectionKey('acme', flow.connectionId)))!;
    record.secret.ct = Buffer.from('tampered with, not a ciphertext').toString('base64');
    await file.set(connectionKey('acme', flow.connectionId), record);
    const restarted = await startTestServer({ dataDir: server.dataDir, encryptionKey: server.config.encryptionKey });
    try {
      for (const answer of [await resolve(restarted), await restarted.call('POST', `/provider-connections/${flow.connectionId}/test`)]) {
        assert.equal(answer.status, 409, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'credential_unreadable');
        assert.match(answer.body.error.message, /Reconnect it\.$/);
      }
    } finally {
      await restarted.close();
    }
  });
});
