import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  beginOAuth,
  consentFields,
  decideOAuth,
  fetchPage,
  openCallback,
  githubApiStatus,
  startTestServer,
  storedConnection,
  TestClock,
  tokenEndpoint,
  type TestServer,
} from '../support/server.ts';

/**
 * The simulated provider checks what a real authorization server checks (RFC 6749, RFC 7636):
 * single-use codes, PKCE, the redirect URI of the authorization request, client credentials.
 * Here a test plays the client itself against /__oauth/<provider>/{authorize,decision,token}.
 */
const verifierOf = () => randomBytes(32).toString('base64url');
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

let server: TestServer;
const clock = new TestClock();
let redirectUri: string;
before(async () => {
  server = await startTestServer({}, { now: clock.now });
  redirectUri = `${server.origin}/api/integrations/oauth/callback`;
});
after(() => server.stop());

/** Authorizes like a browser on the consent page; answers the code the provider redirects with. */
async function issueCode(provider: string, verifier: string, options: { redirectUri?: string; clientRef?: string } = {}): Promise<string> {
  const client = server.config.oauthClients[options.clientRef ?? (provider === 'google-workspace' ? 'google' : provider)]!;
  const authorize = new URL(`${server.origin}/__oauth/${provider}/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: options.redirectUri ?? redirectUri,
    scope: 'repo read:user',
    state: 'test-state-123',
    code_challenge: challengeOf(verifier),
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(name, value);
  }
  const consent = await fetchPage(authorize.href);
  assert.match(consent.html, /value="approve"/, consent.html);
  const location = await decideOAuth({ authorizeUrl: authorize, fields: consentFields(consent.html) } as never, 'approve');
  const back = new URL(location);
  assert.equal(back.searchParams.get('state'), 'test-state-123');
  return back.searchParams.get('code')!;
}

const exchange = (provider: string, code: string, verifier: string, extra: Record<string, string> = {}, clientRef?: string) =>
  tokenEndpoint(server, provider, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, ...extra }, clientRef);

const expectOAuthError = (result: { status: number; body: any }, status: number, error: string, description?: RegExp) => {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.equal(result.body.error, error, JSON.stringify(result.body));
  assert.equal(result.body.access_token, undefined);
  if (description) assert.match(result.body.error_description, description);
};

describe('simulated provider: authorization codes', () => {
  it('exchanges a code once; a second exchange is refused and revokes every token issued for it', async () => {
    const verifier = verifierOf();
    const code = await issueCode('github', verifier);
    const first = await exchange('github', code, verifier);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.access_token, /^fake_at_/);
    assert.match(first.body.refresh_token, /^fake_rt_/);
    assert.equal(first.body.token_type, 'bearer');
    assert.equal(first.body.expires_in, 3600);
    assert.equal(first.body.scope, 'repo read:user');
    assert.equal(await githubApiStatus(server, first.body.access_token), 200);

    expectOAuthError(await exchange('github', code, verifier), 400, 'invalid_grant', /already used/);
    // RFC 6749 §4.1.2: a code used twice is a sign of theft; what it gave is withdrawn.
    assert.equal(await githubApiStatus(server, first.body.access_token), 401, 'the access token of the replayed code no longer works');
    expectOAuthError(
      await tokenEndpoint(server, 'github', { grant_type: 'refresh_token', refresh_token: first.body.refresh_token }),
      400,
      'invalid_grant',
      undefined,
    );
  });

  it('refuses a wrong, missing or plain code_verifier (PKCE S256)', async () => {
    const verifier = verifierOf();
    expectOAuthError(await exchange('github', await issueCode('github', verifier), verifierOf()), 400, 'invalid_grant', /PKCE/);
    expectOAuthError(await exchange('github', await issueCode('github', verifier), ''), 400, 'invalid_grant', /PKCE/);
    const code = await issueCode('github', verifier);
    expectOAuthError(await tokenEndpoint(server, 'github', { grant_type: 'authorization_code', code, redirect_uri: redirectUri }), 400, 'invalid_grant', /PKCE/);
    // The challenge itself is not a verifier ("plain" is not accepted).
    expectOAuthError(await exchange('github', await issueCode('github', verifier), challengeOf(verifier)), 400, 'invalid_grant', /PKCE/);
  });

  it('a refused attempt burns the code: it cannot be retried with the right verifier', async () => {
    const verifier = verifierOf();
    const code = await issueCode('github', verifier);
    expectOAuthError(await exchange('github', code, verifierOf()), 400, 'invalid_grant');
    expectOAuthError(await exchange('github', code, verifier), 400, 'invalid_grant');
  });

  it('refuses a redirect_uri other than the one of the authorization request', async () => {
    const verifier = verifierOf();
    for (const other of [`${redirectUri}/`, `${redirectUri}?x=1`, 'https://evil.example/api/integrations/oauth/callback']) {
      expectOAuthError(await exchange('github', await issueCode('github', verifier), verifier, { redirect_uri: other }), 400, 'invalid_grant', /redirect_uri/);
    }
  });

  it('refuses a wrong client secret, an unknown client, and another provider\'s client', async () => {
    const verifier = verifierOf();
    const github = server.config.oauthClients.github!;
    expectOAuthError(await exchange('github', await issueCode('github', verifier), verifier, { client_secret: `${github.clientSecret}x` }), 401, 'invalid_client');
    expectOAuthError(await exchange('github', await issueCode('github', verifier), verifier, { client_secret: '' }), 401, 'invalid_client');
    expectOAuthError(await exchange('github', await issueCode('github', verifier), verifier, { client_id: 'someone-else' }), 401, 'invalid_client');
    // Google's own client, at GitHub's token endpoint.
    expectOAuthError(await exchange('github', await issueCode('github', verifier), verifier, {}, 'google'), 401, 'invalid_client');
    // A GitHub code at Google's token endpoint.
    expectOAuthError(await exchange('google-workspace', await issueCode('github', verifier), verifier), 400, 'invalid_grant');
  });

  it('refuses an unknown grant type and a code it never issued', async () => {
    expectOAuthError(await tokenEndpoint(server, 'github', { grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type');
    expectOAuthError(await exchange('github', 'fake_code_never_issued', verifierOf()), 400, 'invalid_grant');
  });

  it('refuses a code older than a minute', async () => {
    const verifier = verifierOf();
    const code = await issueCode('github', verifier);
    clock.advance(61_000);
    expectOAuthError(await exchange('github', code, verifier), 400, 'invalid_grant', /expired/);
  });

  it('the authorize page refuses requests without S256 PKCE, and unknown clients', async () => {
    const base = new URL(`${server.origin}/__oauth/github/authorize`);
    const params = { response_type: 'code', client_id: server.config.oauthClients.github!.clientId, redirect_uri: redirectUri, state: 's', code_challenge: challengeOf(verifierOf()), code_challenge_method: 'S256' };
    const page = async (changes: Record<string, string | null>) => {
      const url = new URL(base);
      for (const [name, value] of Object.entries({ ...params, ...changes })) if (value !== null) url.searchParams.set(name, value);
      return (await fetchPage(url.href)).html;
    };
    assert.match(await page({}), /value="approve"/);
    const refused: Record<string, string | null>[] = [{ code_challenge_method: 'plain' }, { code_challenge: null }, { state: null }, { response_type: 'token' }, { redirect_uri: null }];
    for (const changes of refused) {
      const html = await page(changes);
      assert.match(html, /Invalid request/, JSON.stringify(changes));
      assert.doesNotMatch(html, /value="approve"/);
    }
    assert.match(await page({ client_id: 'someone-else' }), /Unknown application/);
  });
});

describe('our callback when the provider refuses the code', () => {
  it('leaves the connection pending and says why', async () => {
    const flow = await beginOAuth(server);
    const callback = new URL(await decideOAuth(flow, 'approve'));
    callback.searchParams.set('code', 'fake_code_forged_by_someone');
    const page = await openCallback(flow, callback.href);
    assert.equal(page.status, 200);
    assert.match(page.html, /The connection did not complete/);
    assert.match(page.html, /GitHub refused the authorization \(invalid_grant\)/);

    const status = await server.call('GET', `/oauth/status?state=${flow.state}`);
    assert.equal(status.body.outcome, 'error');
    assert.match(status.body.message, /invalid_grant/);
    const row = await server.call('GET', `/provider-connections/${flow.connectionId}`);
    assert.equal(row.body.status, 'pending');
    assert.match(row.body.statusReason, /GitHub refused the authorization \(invalid_grant\)/);
    assert.equal((await storedConnection(server, 'acme', flow.connectionId)).secret, undefined);
    const audit = await server.call('GET', `/audit?connectionId=${flow.connectionId}`);
    assert.equal(audit.body.entries[0].action, 'connection.authorization_failed');
    assert.equal(audit.body.entries[0].outcome, 'error');

    // The genuine code, now presented, is too late: the state was spent.
    const late = await openCallback(flow, await decideOAuth(flow, 'approve'));
    assert.equal(late.status, 400);
    assert.match(late.html, /already used/);
  });
});
