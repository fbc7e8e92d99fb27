import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../mock-server/util/hash.ts';
import { OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE } from '../../src/schema/oauth.ts';
import type { Provider } from '../../src/schema/provider.ts';
import {
  beginOAuth,
  connectOAuth,
  decideOAuth,
  expectError,
  expectFields,
  expectNothingStored,
  fetchPage,
  openCallback,
  githubApiStatus,
  loadSeedCatalog,
  readDataDir,
  readStored,
  serverForSuite,
  startTestServer,
  storedConnection,
  TestClock,
  testProvider,
  TOKENS,
  type TestServer,
  vaultOf,
} from '../support/server.ts';

/**
 * The OAuth dance over real HTTP, as a browser does it: POST /oauth/start, the simulated
 * provider's consent page, Approve or Deny, then our callback, and what it leaves behind.
 */
const OTHER_ORIGIN = 'https://host.example';
let catalog: Provider[];
before(async () => {
  catalog = await loadSeedCatalog();
});

const scriptResult = (html: string) => {
  const match = /const result = (\{.*\});\n/.exec(html);
  assert.ok(match, 'the callback page carries the result for the opener');
  return JSON.parse(match[1]!) as Record<string, unknown>;
};
const audit = async (server: TestServer, connectionId: string) => {
  const result = await server.call('GET', `/audit?connectionId=${connectionId}`);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body.entries as any[];
};
const status = (server: TestServer, state: string, token: string = TOKENS.acmeAdmin) =>
  server.call('GET', `/oauth/status?state=${encodeURIComponent(state)}`, { token });
const connection = async (server: TestServer, id: string, token: string = TOKENS.acmeAdmin) => {
  const result = await server.call('GET', `/provider-connections/${id}`, { token });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body;
};
const resolve = (server: TestServer, provider: string, workspaceId = 'acme') =>
  server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId, provider } });

describe('OAuth: the happy path', () => {
  const server = serverForSuite({ corsOrigins: [OTHER_ORIGIN] });

  it('start -> consent (catalog scopes) -> approve -> callback page posting to the exact origin -> active connection', async () => {
    const github = catalog.find((p) => p.key === 'github')!;
    const flow = await beginOAuth(server, { returnTo: `${OTHER_ORIGIN}/settings/integrations?tab=github#top` });

    // The authorize URL: the simulated provider on loopback, code flow with an S256 challenge.
    const q = flow.authorizeUrl.searchParams;
    assert.equal(flow.authorizeUrl.origin, server.origin);
    assert.equal(flow.authorizeUrl.pathname, '/__oauth/github/authorize');
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), server.config.oauthClients.github!.clientId);
    assert.equal(q.get('redirect_uri'), `${server.origin}/api/integrations/oauth/callback`);
    assert.equal(q.get('scope'), github.oauth!.scopes.join(' '));
    assert.equal(q.get('state'), flow.state);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!flow.authorizeUrl.href.includes(server.config.oauthClients.github!.clientSecret), 'the client secret never reaches the browser');
    assert.ok(Date.parse(flow.start.body.expiresAt) > Date.now() + 9 * 60_000);

    // The row exists at once, pending, while the user decides.
    const pending = await connection(server, flow.connectionId);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.mode, 'oauth-user');
    assert.equal((await status(server, flow.state)).body.outcome, 'waiting');

    // The consent page lists the catalog's scopes and has Approve and Deny.
    for (const scope of github.oauth!.scopes) assert.ok(flow.consent.html.includes(`<li><code>${scope}</code></li>`), `consent lists ${scope}`);
    assert.match(flow.consent.html, /value="approve"/);
    assert.match(flow.consent.html, /value="deny"/);
    assert.equal(flow.fields.state, flow.state);

    const callbackUrl = await decideOAuth(flow, 'approve');
    assert.ok(callbackUrl.startsWith(`${server.origin}/api/integrations/oauth/callback?`));
    const callback = await openCallback(flow, callbackUrl);
    assert.equal(callback.status, 200, callback.html);
    assert.match(callback.html, /<h1>GitHub is connected<\/h1>/);
    assert.equal(callback.headers.get('cache-control'), 'no-store');
    assert.equal(callback.headers.get('referrer-policy'), 'no-referrer');

    // The script: nonce'd under a CSP without inline scripts, posting to the exact origin of returnTo.
    const csp = callback.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([A-Za-z0-9_-]{16,})'/.exec(csp)?.[1];
    assert.ok(nonce, `a nonce in the CSP: ${csp}`);
    assert.doesNotMatch(csp, /script-src[^;]*(unsafe-inline|\*)/);
    assert.ok(callback.html.includes(`<script nonce="${nonce}">`));
    const targets = [...callback.html.matchAll(/postMessage\(result, ("[^"]*")\)/g)].map((m) => JSON.parse(m[1]!));
    assert.deepEqual(targets, [OTHER_ORIGIN], 'posts only to the origin of returnTo, never "*"');
    assert.ok(callback.html.includes(`new BroadcastChannel(${JSON.stringify(OAUTH_CHANNEL)})`), 'also says it on a BroadcastChannel');
    assert.deepEqual(scriptResult(callback.html), {
      state: flow.state,
      outcome: 'connected',
      provider: 'github',
      connectionId: flow.connectionId,
      message: 'GitHub is connected.',
      type: OAUTH_MESSAGE_TYPE,
    });

    // The connection: active, OAuth facts, preview at most the last four characters.
    const resolved = await resolve(server, 'github');
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.source, 'byo');
    assert.equal(resolved.body.connectionId, flow.connectionId);
    const { accessToken } = resolved.body.credential;
    assert.match(accessToken, /^fake_at_/);
    assert.equal(resolved.body.credential.tokenType, 'bearer');
    assert.equal(resolved.body.credential.refreshToken, undefined, '/resolve hands out the access token only');
    assert.ok(!callback.html.includes(accessToken), 'the page never carries a token');

    const active = await connection(server, flow.connectionId);
    assert.equal(active.status, 'active');
    assert.equal(active.statusReason, undefined);
    assert.equal(active.lastTest.outcome, 'valid', 'tested at once after the authorization');
    assert.equal(active.mode, 'oauth-user');
    assert.deepEqual(active.oauth.scopes, github.oauth!.scopes);
    assert.deepEqual(active.oauth.account, { login: 'octocat', name: 'The Octocat' }, "the account, from the provider's user endpoint");
    const lifetime = Date.parse(active.oauth.expiresAt) - Date.now();
    assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `expires in about an hour (${lifetime} ms)`);
    assert.equal(resolved.body.credential.expiresAt, active.oauth.expiresAt);
    assert.deepEqual(active.credentialPreview, { accessToken: { secret: true, last4: accessToken.slice(-4) } });
    const { secret } = await storedConnection(server, 'acme', flow.connectionId);
    for (const value of [accessToken, secret!.refreshToken!]) assert.ok(!JSON.stringify(active).includes(value), 'no token in the view');

    assert.deepEqual(await status(server, flow.state).then((r) => r.body), { outcome: 'connected', provider: 'github', connectionId: flow.connectionId, message: 'GitHub is connected.' });
    const entries = await audit(server, flow.connectionId);
    assert.deepEqual(entries.map((e) => e.action), ['connection.tested', 'connection.authorized', 'connection.created']);
    assert.equal(entries[1].actor, 'alice');
    assert.equal(entries[1].outcome, 'connected');
    assert.equal(entries[1].detail, 'as octocat, scopes: repo, read:user');
    assert.equal(entries[0].outcome, 'valid');

    // The simulated API accepts the issued token, so the connection's test passes.
    assert.equal(await githubApiStatus(server, accessToken), 200);
    const tested = await server.call('POST', `/provider-connections/${flow.connectionId}/test`);
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    assert.equal(tested.body.test.outcome, 'valid');
    assert.equal(tested.body.connection.status, 'active');
  });

  it('connects Google Workspace the same way, with its own client and scopes', async () => {
    const google = catalog.find((p) => p.key === 'google-workspace')!;
    const flow = await connectOAuth(server, { provider: 'google-workspace' });
    assert.equal(flow.authorizeUrl.searchParams.get('client_id'), server.config.oauthClients.google!.clientId);
    assert.equal(flow.callback.status, 200);
    assert.equal(scriptResult(flow.callback.html).outcome, 'connected');
    const active = await connection(server, flow.connectionId);
    assert.equal(active.status, 'active');
    assert.deepEqual(active.oauth.scopes, google.oauth!.scopes);
    assert.deepEqual(active.oauth.account, { login: 'alex.morgan@example.com', name: 'Alex Morgan' }, 'OpenID Connect userinfo: the email names the account');
  });
});

describe('OAuth: state', () => {
  const server = serverForSuite();

  it('refuses a callback whose state is unknown or missing, with a 400 page', async () => {
    const check = await expectNothingStored(server.dataDir);
    for (const query of ['?state=not-a-state-we-issued&code=fake_code_x', '?code=fake_code_x', '']) {
      const page = await fetchPage(`${server.origin}/api/integrations/oauth/callback${query}`);
      assert.equal(page.status, 400, query);
      assert.match(page.headers.get('content-type')!, /text\/html/);
      assert.match(page.html, /This sign-in link is not valid/);
      assert.ok(!page.html.includes('<script'), 'no script: nothing to hand to an opener');
    }
    await check();
  });

  it('refuses a replayed callback ("already used") and changes nothing', async () => {
    const flow = await connectOAuth(server);
    assert.equal(flow.callback.status, 200);
    const before = await connection(server, flow.connectionId);
    assert.equal(before.status, 'active');
    const check = await expectNothingStored(server.dataDir);
    const replay = await openCallback(flow, flow.callbackUrl);
    assert.equal(replay.status, 400);
    assert.match(replay.html, /already used/);
    await check();
    assert.deepEqual(await connection(server, flow.connectionId), before);
    assert.equal((await status(server, flow.state)).body.outcome, 'connected');
  });

  it('shows an attempt only to the user who started it, in its workspace', async () => {
    const flow = await beginOAuth(server, { provider: 'google-workspace' });
    assert.equal((await status(server, flow.state)).status, 200);
    for (const token of [TOKENS.acmeMember, TOKENS.acmeViewer, TOKENS.platformAdmin, TOKENS.globexAdmin]) {
      expectError(await status(server, flow.state, token), 404, 'not_found');
    }
    expectError(await status(server, flow.state, TOKENS.service), 403, 'forbidden', 'user_token_required');
    expectFields(await server.call('GET', '/oauth/status'), ['state']);
    expectError(await status(server, 'made-up-state'), 404, 'not_found');
  });

  it('completes only in the browser that started it: a forwarded sign-in link cannot connect someone else\'s account', async () => {
    // The attacker starts in its own workspace and sends the authorize link to a victim, who approves.
    for (const cookie of [undefined, 'forged', 'ik_oauth_0000000000000000=x']) {
      const attacker = await beginOAuth(server, { provider: 'google-workspace', workspaceId: 'globex', token: TOKENS.globexAdmin });
      assert.match(attacker.start.headers.get('set-cookie')!, /; Path=\/api\/integrations\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/);
      const callbackUrl = await decideOAuth(attacker, 'approve');
      const sent = cookie === 'forged' ? attacker.cookie.replace(/=.*/, '=forged-value') : cookie;
      const page = await fetchPage(callbackUrl, sent ? { headers: { cookie: sent } } : {});
      assert.equal(page.status, 403, page.html);
      assert.match(page.html, /started in another browser/);
      assert.ok(!page.html.includes('<script'), 'no result for any opener');
      const row = await connection(server, attacker.connectionId, TOKENS.globexAdmin);
      assert.equal(row.status, 'pending');
      assert.equal((await storedConnection(server, 'globex', attacker.connectionId)).secret, undefined, 'nothing was stored');

      // The refusal ends the attempt: the page that started it learns why at once, not after 10 minutes.
      const ended = (await status(server, attacker.state, TOKENS.globexAdmin)).body;
      assert.equal(ended.outcome, 'error', `${cookie}: ${JSON.stringify(ended)}`);
      assert.match(ended.message, /^The sign-in was refused: it came back without this browser's sign-in cookie/);
      assert.equal(row.statusReason, ended.message);
      const [last] = (await server.call('GET', `/audit?workspaceId=globex&connectionId=${attacker.connectionId}`, { token: TOKENS.globexAdmin })).body.entries;
      assert.equal(last.action, 'connection.authorization_failed');
      assert.equal(last.outcome, 'error');

      // Ended means ended: not even its own browser completes it afterwards, and nothing is stored.
      const late = await openCallback(attacker, callbackUrl);
      assert.equal(late.status, 400, late.html);
      assert.match(late.html, /This sign-in was cancelled/);
      assert.equal((await storedConnection(server, 'globex', attacker.connectionId)).secret, undefined);
      assert.equal((await status(server, attacker.state, TOKENS.globexAdmin)).body.outcome, 'error');
    }
  });

  it('a refused callback ends only the attempt its state names: another sign-in still completes', async () => {
    const first = await beginOAuth(server, { provider: 'github' });
    const second = await beginOAuth(server, { provider: 'github', workspaceId: 'globex', token: TOKENS.globexAdmin });
    const refused = await fetchPage(await decideOAuth(first, 'approve'));
    assert.equal(refused.status, 403);
    const page = await openCallback(second, await decideOAuth(second, 'approve'));
    assert.equal(page.status, 200, page.html);
    assert.equal(scriptResult(page.html).outcome, 'connected');
    assert.match(page.headers.get('set-cookie')!, /^ik_oauth_[0-9a-f]{16}=; Path=\/api\/integrations\/oauth\/callback; Max-Age=0/, 'the used cookie is cleared');
    assert.equal((await status(server, first.state)).body.outcome, 'error');
    // A state the server never issued ends nothing (and stores nothing).
    const check = await expectNothingStored(server.dataDir);
    assert.equal((await fetchPage(`${server.origin}/api/integrations/oauth/callback?state=${'x'.repeat(43)}&code=c`)).status, 400);
    await check();
  });

  it('binds the state to its PKCE verifier: a code obtained in another attempt is refused', async () => {
    // An attacker approves its own attempt and slips its code into the victim's callback.
    const victim = await beginOAuth(server, { provider: 'google-workspace' });
    const attacker = await beginOAuth(server, { provider: 'google-workspace', workspaceId: 'globex', token: TOKENS.globexAdmin });
    const injected = new URL(await decideOAuth(attacker, 'approve')).searchParams.get('code')!;
    const victimCallback = new URL(await decideOAuth(victim, 'approve'));
    victimCallback.searchParams.set('code', injected);
    const page = await openCallback(victim, victimCallback.href);
    assert.equal(page.status, 200);
    assert.equal(scriptResult(page.html).outcome, 'error');
    assert.match(page.html, /invalid_grant/);
    assert.equal((await status(server, victim.state)).body.outcome, 'error');
    const row = await connection(server, victim.connectionId);
    assert.equal(row.status, 'pending');
    assert.equal((await storedConnection(server, 'acme', victim.connectionId)).secret, undefined);
  });
});

describe('OAuth: an attempt expires after 10 minutes', () => {
  const clock = new TestClock();
  const server = serverForSuite({}, { now: clock.now });

  it('reports error on /oauth/status and on the callback once 10 minutes have passed', async () => {
    const flow = await beginOAuth(server);
    const callbackUrl = await decideOAuth(flow, 'approve');
    clock.advance(9 * 60_000);
    assert.equal((await status(server, flow.state)).body.outcome, 'waiting');
    clock.advance(60_000 + 1_000);
    const abandoned = (await status(server, flow.state)).body;
    assert.equal(abandoned.outcome, 'error', 'an abandoned attempt ends as error');
    assert.equal(abandoned.message, 'The sign-in was not finished within 10 minutes. Start again.');

    const page = await openCallback(flow, callbackUrl);
    assert.equal(page.status, 200);
    assert.match(page.html, /The connection did not complete/);
    assert.match(page.html, /more than 10 minutes/);
    assert.equal(scriptResult(page.html).outcome, 'error');
    const after = await status(server, flow.state);
    assert.equal(after.body.outcome, 'error');
    assert.match(after.body.message, /more than 10 minutes/);

    const row = await connection(server, flow.connectionId);
    assert.equal(row.status, 'pending');
    assert.match(row.statusReason, /more than 10 minutes/);
    assert.equal((await storedConnection(server, 'acme', flow.connectionId)).secret, undefined, 'no token was fetched');
    const [last] = await audit(server, flow.connectionId);
    assert.equal(last.action, 'connection.authorization_failed');
    assert.equal(last.outcome, 'error');
  });
});

describe('OAuth: deny, and redirect mode', () => {
  const server = serverForSuite();

  it('Deny ends as denied: the row stays pending with the reason, and the audit says so', async () => {
    const flow = await connectOAuth(server, { decision: 'deny' });
    assert.match(flow.callbackUrl, /error=access_denied/);
    assert.equal(flow.callback.status, 200);
    assert.match(flow.callback.html, /<h1>Access denied<\/h1>/);
    assert.equal(scriptResult(flow.callback.html).outcome, 'denied');
    const answer = await status(server, flow.state);
    assert.deepEqual(answer.body, { outcome: 'denied', provider: 'github', connectionId: flow.connectionId, message: 'Access was denied on GitHub.' });
    const row = await connection(server, flow.connectionId);
    assert.equal(row.status, 'pending');
    assert.equal(row.statusReason, 'Access was denied on GitHub.');
    assert.equal(row.oauth, undefined);
    assert.deepEqual(row.credentialPreview, {});
    const [last] = await audit(server, flow.connectionId);
    assert.equal(last.action, 'connection.authorization_failed');
    assert.equal(last.outcome, 'denied');
    assert.equal(last.actor, 'alice');
    expectError(await resolve(server, 'github'), 409, 'no_credential', 'connection_pending');
  });

  it('redirect mode answers 302 back to returnTo with ik_oauth_state, and /oauth/status has the outcome', async () => {
    const returnTo = `${server.origin}/settings?tab=integrations`;
    const flow = await connectOAuth(server, { provider: 'google-workspace', mode: 'redirect', returnTo });
    assert.equal(flow.callback.status, 302);
    const back = new URL(flow.callback.location!);
    assert.equal(`${back.origin}${back.pathname}`, `${server.origin}/settings`);
    assert.equal(back.searchParams.get('tab'), 'integrations');
    assert.equal(back.searchParams.get('ik_oauth_state'), flow.state);
    assert.equal(flow.callback.headers.get('cache-control'), 'no-store');
    assert.equal(flow.callback.headers.get('referrer-policy'), 'no-referrer');
    assert.equal((await status(server, back.searchParams.get('ik_oauth_state')!)).body.outcome, 'connected');
    assert.equal((await connection(server, flow.connectionId)).status, 'active');
  });

  it('redirect mode reports a denial the same way', async () => {
    const row = (await beginOAuth(server)).connectionId;
    const flow = await connectOAuth(server, { mode: 'redirect', decision: 'deny', connectionId: row });
    assert.equal(flow.callback.status, 302);
    const state = new URL(flow.callback.location!).searchParams.get('ik_oauth_state')!;
    assert.equal((await status(server, state)).body.outcome, 'denied');
  });
});

describe('OAuth: what /oauth/start refuses', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ corsOrigins: [OTHER_ORIGIN] });
    await server.call('GET', '/providers'); // the catalog is seeded into the store on first use
  });
  after(() => server.stop());
  const start = (body: Record<string, unknown>, token: string = TOKENS.acmeAdmin) =>
    server.call('POST', '/oauth/start', { token, body: { workspaceId: 'acme', provider: 'github', returnTo: `${server.origin}/`, ...body } });

  it('a returnTo on another origin, or not an http(s) page', async () => {
    const check = await expectNothingStored(server.dataDir);
    const port = Number(new URL(server.origin).port);
    for (const returnTo of [
      'https://evil.example/',
      `http://127.0.0.1:${port + 1}/`,
      `http://localhost:${port}/`,
      `${OTHER_ORIGIN}.evil.example/`,
      'javascript:alert(document.domain)',
      `javascript://${new URL(server.origin).host}/%0aalert(1)`,
      'data:text/html,<script>alert(1)</script>',
      `http://user:pw@${new URL(server.origin).host}/`,
      '/relative/page',
      '',
    ]) {
      expectFields(await start({ returnTo }), ['returnTo']);
    }
    await check();
    assert.equal((await start({ returnTo: `${OTHER_ORIGIN}/page` })).status, 200, 'an allowed origin is fine');
  });

  it('providers that are not connectable by OAuth', async () => {
    const check = await expectNothingStored(server.dataDir);
    for (const provider of ['openai', 'telegram', 'no-such-provider']) expectFields(await start({ provider }), ['provider']);
    await check();

    const oauth = { authorizeUrl: 'https://soon.example/authorize', tokenUrl: 'https://soon.example/token', scopes: ['read'], clientIdRef: 'github' };
    for (const [key, availability] of [['soon-oauth', 'coming_soon'], ['gone-oauth', 'available']] as const) {
      const row = testProvider(key, { authType: 'oauth2', credentials: [], oauth, availability });
      delete row.verification;
      const created = await server.call('POST', '/providers', { token: TOKENS.platformAdmin, body: row });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    assert.equal((await start({ provider: 'gone-oauth' })).status, 200);
    assert.equal((await server.call('POST', '/providers/gone-oauth/retire', { token: TOKENS.platformAdmin })).status, 200);
    for (const provider of ['soon-oauth', 'gone-oauth']) expectFields(await start({ provider }), ['provider']);
  });

  it('a provider whose OAuth client is not configured: plain words for the person connecting, the setting in the log', async () => {
    const bare = await startTestServer({ oauthClients: {} });
    try {
      const result = await bare.call('POST', '/oauth/start', { body: { workspaceId: 'acme', provider: 'github', returnTo: `${bare.origin}/` } });
      assert.equal(result.status, 503);
      assert.deepEqual(result.body.error, {
        code: 'not_configured',
        reason: 'oauth_client_missing',
        message: "GitHub can't be connected yet: signing in with GitHub isn't set up on this service. Try again later, or ask your administrator.",
      });
      assert.ok(bare.logger.lines.some((line) => /OAuth: github names the client "github".*IK_OAUTH_CLIENTS/.test(line)), 'the operator learns which setting is missing');
    } finally {
      await bare.stop();
    }
  });

  it('roles: a viewer may not start; a member may not reconnect a connection someone else made', async () => {
    const check = await expectNothingStored(server.dataDir);
    expectError(await start({}, TOKENS.acmeViewer), 403, 'forbidden', 'read_only');
    expectError(await start({ workspaceId: 'globex' }), 403, 'forbidden', 'wrong_workspace');
    expectError(await start({}, TOKENS.service), 403, 'forbidden', 'user_token_required');
    expectError(await server.call('POST', '/oauth/start', { token: null, body: {} }), 401, 'unauthorized');
    await check();

    const admins = await connectOAuth(server, { provider: 'google-workspace' });
    const check2 = await expectNothingStored(server.dataDir);
    expectError(await start({ provider: 'google-workspace', connectionId: admins.connectionId }, TOKENS.acmeMember), 403, 'forbidden', 'not_owner');
    expectError(await start({ provider: 'google-workspace' }, TOKENS.acmeMember), 403, 'forbidden', 'not_owner');
    expectError(await start({ provider: 'google-workspace', connectionId: admins.connectionId }, TOKENS.acmeViewer), 403, 'forbidden', 'read_only');
    expectFields(await start({ provider: 'github', connectionId: admins.connectionId }), ['connectionId']);
    expectError(
      await server.call('POST', '/oauth/start', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', provider: 'google-workspace', connectionId: admins.connectionId, returnTo: `${server.origin}/` } }),
      404,
      'not_found',
    );
    await check2();

    // A member reconnects its own connection.
    const mine = await connectOAuth(server, { provider: 'github', workspaceId: 'globex', token: TOKENS.globexMember });
    assert.equal(scriptResult(mine.callback.html).outcome, 'connected');
    assert.equal((await start({ workspaceId: 'globex', connectionId: mine.connectionId }, TOKENS.globexMember)).status, 200);
    assert.equal((await start({ workspaceId: 'globex', connectionId: mine.connectionId }, TOKENS.globexAdmin)).status, 200, 'an admin may reconnect any connection');
  });

  it('a provider retired while the user was on the consent page does not become active', async () => {
    const retiring = await startTestServer();
    try {
      const flow = await beginOAuth(retiring);
      const callbackUrl = await decideOAuth(flow, 'approve');
      assert.equal((await retiring.call('POST', '/providers/github/retire', { token: TOKENS.platformAdmin })).status, 200);
      const page = await openCallback(flow, callbackUrl);
      assert.equal(scriptResult(page.html).outcome, 'error');
      const row = await connection(retiring, flow.connectionId);
      assert.equal(row.status, 'revoked');
      assert.equal((await storedConnection(retiring, 'acme', flow.connectionId)).secret, undefined, 'no token kept for a retired provider');
      expectError(await resolve(retiring, 'github'), 409, 'no_credential', 'connection_revoked');
    } finally {
      await retiring.stop();
    }
  });
});

describe('OAuth: the row changes while the user is at the provider', () => {
  const server = serverForSuite();

  it('a connection removed meanwhile ends the popup with an error page, not a stuck JSON 404', async () => {
    const flow = await beginOAuth(server, { provider: 'google-workspace' });
    const callbackUrl = await decideOAuth(flow, 'approve');
    const removed = await server.call('DELETE', `/provider-connections/${flow.connectionId}`);
    assert.equal(removed.status, 204);
    const page = await openCallback(flow, callbackUrl);
    assert.equal(page.status, 200, page.html);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    const result = scriptResult(page.html);
    assert.equal(result.outcome, 'error');
    assert.match(String(result.message), /removed/);
    assert.equal((await status(server, flow.state)).body.outcome, 'error', 'the opener polling /oauth/status learns it too');
    assert.deepEqual((await server.call('GET', '/provider-connections?workspaceId=acme')).body.connections, [], 'the removed row does not come back');
  });
});

describe('OAuth: encryption at rest', () => {
  const server = serverForSuite();

  it('no token, refresh token, PKCE verifier or state in the data directory (plain or base64) or in the logs', async () => {
    const flow = await connectOAuth(server);
    const code = new URL(flow.callbackUrl).searchParams.get('code')!;
    const { accessToken } = (await resolve(server, 'github')).body.credential;
    // The test reads what the server stored, decrypting with the server's key.
    const { record, secret } = await storedConnection(server, 'acme', flow.connectionId);
    const refreshToken = secret!.refreshToken!;
    assert.equal(secret!.accessToken, accessToken);
    assert.match(refreshToken, /^fake_rt_/);
    const attemptKey = `oauth-attempt/${await sha256Hex(flow.state)}`;
    const attempt = await readStored<any>(server, attemptKey);
    assert.ok(attempt, 'the attempt is stored under a hash of its state');
    const vault = await vaultOf(server);
    const verifier = await vault.decrypt(attempt.verifier, { workspaceId: 'acme', provider: 'github', connectionId: attemptKey });
    assert.match(verifier, /^[A-Za-z0-9_-]{43,128}$/);
    assert.equal(typeof record.secret.ct, 'string');

    // Another flow, denied, leaves its own state and verifier behind too.
    const denied = await connectOAuth(server, { provider: 'google-workspace', decision: 'deny' });

    const secrets = { accessToken, refreshToken, verifier, state: flow.state, deniedState: denied.state, code, clientSecret: server.config.oauthClients.github!.clientSecret };
    const forms = (value: string) => [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url'), encodeURIComponent(value)];
    const files = Object.values(await readDataDir(server.dataDir)).join('\n');
    const logs = server.logger.lines.join('\n');
    assert.ok(server.logger.lines.some((l) => l.includes('/oauth/callback')), 'the callback was logged (without its query)');
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of forms(value)) {
        assert.ok(!files.includes(form), `${name} is not in the data directory`);
        assert.ok(!logs.includes(form), `${name} is not in the logs`);
      }
    }
  });
});
