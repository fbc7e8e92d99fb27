import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  beginOAuth,
  connectOAuth,
  decideOAuth,
  expectError,
  fetchPage,
  openCallback,
  readStored,
  serverForSuite,
  TestClock,
  tokenEndpoint,
  TOKENS,
  type TestServer,
} from '../support/server.ts';

/** What the OAuth flow refuses or cleans up beyond the happy path: aliases, disconnects, the simulated provider's own checks. */
const audit = async (server: TestServer, connectionId: string) => (await server.call('GET', `/audit?connectionId=${connectionId}`)).body.entries as any[];
const googleApi = (server: TestServer, accessToken: string) =>
  fetch(`${server.origin}/__upstream/google-workspace/www.googleapis.com/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.status);

describe('OAuth: where the sign-in comes back', () => {
  const server = serverForSuite();

  it('a page opened as localhost comes back to localhost (so its cookie is sent), not to 127.0.0.1', async () => {
    const alias = server.origin.replace('127.0.0.1', 'localhost');
    const started = await fetch(`${alias}/api/integrations/oauth/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.acmeAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: 'acme', provider: 'github', returnTo: `${alias}/settings` }),
    });
    const body = await started.json();
    assert.equal(started.status, 200, JSON.stringify(body));
    assert.equal(new URL(body.authorizeUrl).searchParams.get('redirect_uri'), `${alias}/api/integrations/oauth/callback`);
    const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
    const consent = await fetchPage(body.authorizeUrl);
    const fields = Object.fromEntries([...consent.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, n, v]) => [n!, v!.replace(/&amp;/g, '&')]));
    const back = await fetchPage(new URL('decision', body.authorizeUrl).href, { method: 'POST', body: new URLSearchParams({ ...fields, decision: 'approve' }) });
    assert.ok(back.location!.startsWith(`${alias}/api/integrations/oauth/callback?`));
    const page = await openCallback({ cookie }, back.location!);
    assert.equal(page.status, 200, page.html);
    assert.match(page.html, /GitHub is connected/);
    assert.ok(page.html.includes(`postMessage(result, ${JSON.stringify(alias)})`));
  });

  it('any other host name is not trusted for the way back', async () => {
    const result = await server.call('POST', '/oauth/start', { body: { workspaceId: 'acme', provider: 'github', returnTo: 'http://localhost.example.com/' } });
    expectError(result, 400, 'validation_failed');
    assert.deepEqual(Object.keys(result.body.error.fields), ['returnTo']);
  });
});

describe('OAuth: ending a grant', () => {
  const server = serverForSuite();

  it('Remove revokes the grant at the provider too, and the history says whether it confirmed', async () => {
    const flow = await connectOAuth(server, { provider: 'google-workspace' });
    const { accessToken } = (await server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'google-workspace' } })).body.credential;
    assert.equal(await googleApi(server, accessToken), 200);
    assert.equal((await server.call('DELETE', `/provider-connections/${flow.connectionId}`)).status, 204);
    assert.equal(await googleApi(server, accessToken), 401, 'the token no longer works at the provider');
    const removed = (await audit(server, flow.connectionId)).find((e) => e.action === 'connection.removed');
    assert.equal(removed.detail, 'Google Workspace confirmed the revocation');
  });

  it('a disconnect made while someone was signing in again is not undone by that sign-in', async () => {
    const first = await connectOAuth(server, { provider: 'github' });
    const again = await beginOAuth(server, { provider: 'github', connectionId: first.connectionId, token: TOKENS.acmeAdmin });
    const callbackUrl = await decideOAuth(again, 'approve');
    const revoked = await server.call('POST', `/provider-connections/${first.connectionId}/revoke`);
    assert.equal(revoked.status, 200);
    assert.match((await audit(server, first.connectionId)).find((e) => e.action === 'connection.revoked').detail, /^GitHub (confirmed|did not confirm)/);
    const page = await openCallback(again, callbackUrl);
    assert.match(page.html, /GitHub was disconnected while you were signing in/);
    assert.equal((await server.call('GET', `/provider-connections/${first.connectionId}`)).body.status, 'revoked');

    // Reconnecting the disconnected row afterwards works.
    const reconnected = await connectOAuth(server, { provider: 'github', connectionId: first.connectionId });
    assert.match(reconnected.callback.html, /GitHub is connected/);
  });
});

describe('OAuth: housekeeping', () => {
  const clock = new TestClock();
  const server = serverForSuite({}, { now: clock.now });

  it('a user may start 20 sign-ins a minute; more get 429', async () => {
    const start = () => server.call('POST', '/oauth/start', { token: TOKENS.acmeMember, body: { workspaceId: 'acme', provider: 'google-workspace', returnTo: `${server.origin}/` } });
    for (let i = 0; i < 20; i++) assert.equal((await start()).status, 200);
    expectError(await start(), 429, 'rate_limited');
    clock.advance(61_000);
    assert.equal((await start()).status, 200);
  });

  it('deletes sign-in records a day after they expired', async () => {
    const old = await beginOAuth(server, { provider: 'github' });
    assert.equal((await server.call('GET', `/oauth/status?state=${old.state}`)).status, 200);
    clock.advance(25 * 60 * 60_000);
    await beginOAuth(server, { provider: 'github' });
    expectError(await server.call('GET', `/oauth/status?state=${old.state}`), 404, 'not_found');
    assert.equal(await readStored(server, `oauth-attempt/${createHash('sha256').update(old.state).digest('hex')}`), undefined);
  });
});

describe('the simulated provider checks what a real one checks', () => {
  const server = serverForSuite();

  it('refuses a redirect_uri that is not our callback, at the consent page and at the decision', async () => {
    const begun = await beginOAuth(server);
    const elsewhere = new URL(begun.authorizeUrl);
    elsewhere.searchParams.set('redirect_uri', 'https://evil.example/cb');
    assert.match((await fetchPage(elsewhere.href)).html, /not registered/);
    const decision = await fetchPage(new URL('decision', begun.authorizeUrl).href, {
      method: 'POST',
      body: new URLSearchParams({ ...begun.fields, redirect_uri: 'https://evil.example/cb', decision: 'approve' }),
    });
    assert.equal(decision.location, null, 'no code sent anywhere');
    assert.match(decision.html, /not registered/);
  });

  it('answers malformed bodies with an OAuth error, never a 500', async () => {
    const base = `${server.origin}/__oauth/github`;
    const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"refresh_token"}' };
    for (const [path, init] of [['token', json], ['token', { method: 'POST' }], ['revoke', json], ['decision', { method: 'POST', body: new URLSearchParams({ redirect_uri: 'notaurl' }) }]] as const) {
      const response = await fetch(`${base}/${path}`, init);
      await response.body?.cancel();
      assert.ok(response.status >= 200 && response.status < 500, `${path}: ${response.status}`);
    }
  });

  it('revoking needs the client credentials; the simulation control needs its header', async () => {
    await connectOAuth(server, { provider: 'google-workspace' });
    const { accessToken } = (await server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'google-workspace' } })).body.credential;
    const anonymous = await fetch(`${server.origin}/__oauth/google-workspace/revoke`, { method: 'POST', body: new URLSearchParams({ token: accessToken }) });
    assert.equal(anonymous.status, 401);
    assert.equal(await googleApi(server, accessToken), 200, 'still valid');
    const control = await fetch(`${server.origin}/__oauth/google-workspace/admin/revoke-all`, { method: 'POST' });
    assert.equal(control.status, 400);
    assert.equal(await googleApi(server, accessToken), 200, 'still valid');
    assert.equal((await tokenEndpoint(server, 'google-workspace', { grant_type: 'password' })).body.error, 'unsupported_grant_type');
  });
});
