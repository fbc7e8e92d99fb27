import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ENV, loadNodeConfig } from '../../mock-server/config.ts';
import { ConfigError, generateEncryptionKey } from '../../mock-server/vault.ts';
import { startHostServer, type HostServer } from '../support/proxy.ts';
import {
  consentFields,
  expectError,
  expectNothingStored,
  fetchPage,
  openCallback,
  serverForSuite,
  startTestServer,
  TOKENS,
  type TestServer,
} from '../support/server.ts';

/**
 * OAuth where the API is not simply the page's own origin: a host that proxies it
 * (IK_PUBLIC_ORIGIN), a page on another site, and the page opened on a loopback alias.
 */

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** The API at `origin` as a browser page would call it: a bearer token and the page's own headers. */
async function callAt(origin: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; token?: string } = {}): Promise<Answer> {
  const response = await fetch(`${origin}/api/integrations${path}`, {
    method,
    headers: { authorization: `Bearer ${options.token ?? TOKENS.acmeAdmin}`, ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** What a same-origin page's fetch sends along (Chromium sends Sec-Fetch-Site only to loopback or https). */
const sameOrigin = (origin: string) => ({ origin, 'sec-fetch-site': 'same-origin' });

/** Start -> consent -> Approve -> the provider's redirect, against the API at `apiOrigin` (the page's view of it). */
async function signIn(apiOrigin: string, headers: Record<string, string>, returnTo = `${apiOrigin}/settings`) {
  const start = await callAt(apiOrigin, 'POST', '/oauth/start', { headers, body: { workspaceId: 'acme', provider: 'github', returnTo } });
  assert.equal(start.status, 200, JSON.stringify(start.body));
  const authorizeUrl = new URL(start.body.authorizeUrl);
  const consent = await fetchPage(authorizeUrl.href);
  assert.equal(consent.status, 200, consent.html);
  const decision = await fetchPage(new URL('decision', authorizeUrl).href, { method: 'POST', body: new URLSearchParams({ ...consentFields(consent.html), decision: 'approve' }) });
  assert.equal(decision.status, 302, decision.html);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { start, authorizeUrl, consent, callbackUrl: decision.location!, cookie, state: start.body.state as string };
}

const postMessageTargets = (html: string) => [...html.matchAll(/postMessage\(result, ("[^"]*")\)/g)].map((m) => JSON.parse(m[1]!));

describe('IK_PUBLIC_ORIGIN is validated at start-up', () => {
  const env = (value: string) => ({ IK_ENCRYPTION_KEY: generateEncryptionKey(), [ENV.publicOrigin]: value });

  it('takes an http(s) origin, without a trailing slash', async () => {
    assert.equal((await loadNodeConfig(env('https://app.example.com/'))).publicOrigin, 'https://app.example.com');
    assert.equal((await loadNodeConfig(env('http://127.0.0.1:3000'))).publicOrigin, 'http://127.0.0.1:3000');
    assert.equal((await loadNodeConfig(env(''))).publicOrigin, undefined);
  });

  for (const value of ['app.example.org', 'ftp://app.example.org', 'https://app.example.org/integrations', 'https://app.example.org/?x=1', 'https://user:hunter2-secret@app.example.org', 'not a url']) {
    it(`refuses ${JSON.stringify(value)}, naming the variable and not the value`, async () => {
      await assert.rejects(loadNodeConfig(env(value)), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^IK_PUBLIC_ORIGIN must be the origin browsers use to reach this server through a proxy, like https:\/\/app\.example\.com/);
        assert.ok(!error.message.includes(value) && !error.message.includes('hunter2'), error.message);
        return true;
      });
    });
  }
});

for (const preserveHost of [true, false]) {
  describe(`a host that proxies the API on its own origin (${preserveHost ? 'passing its Host on' : 'sending the API server\'s Host'})`, () => {
    let host: HostServer;
    let api: TestServer;
    before(async () => {
      host = await startHostServer({ target: () => api.origin, preserveHost });
      // localhost: a name of its own for the host, not one of the API server's aliases (another port).
      api = await startTestServer({ publicOrigin: `http://localhost:${host.port}` });
    });
    after(async () => {
      await api?.stop();
      await host?.close();
    });
    const publicOrigin = () => `http://localhost:${host.port}`;

    it('completes a sign-in started on the host page, with no IK_CORS_ORIGINS entry', async () => {
      assert.deepEqual(api.config.corsOrigins, []);
      const flow = await signIn(publicOrigin(), sameOrigin(publicOrigin()));
      // Back to the host's origin, through its proxy, where the sign-in cookie was set.
      assert.equal(flow.authorizeUrl.searchParams.get('redirect_uri'), `${publicOrigin()}/api/integrations/oauth/callback`);
      assert.match(flow.start.headers.get('set-cookie')!, /^ik_oauth_[0-9a-f]{16}=[^;]+; Path=\/api\/integrations\/oauth\/callback;/);
      assert.ok(flow.callbackUrl.startsWith(`${publicOrigin()}/api/integrations/oauth/callback?`), flow.callbackUrl);
      // The simulated provider may send the browser on to the host's origin after the form post.
      assert.match(flow.consent.headers.get('content-security-policy')!, new RegExp(`form-action 'self' ${publicOrigin()}(;|$)`));

      const page = await openCallback(flow, flow.callbackUrl);
      assert.equal(page.status, 200, page.html);
      assert.match(page.html, /GitHub is connected/);
      assert.deepEqual(postMessageTargets(page.html), [publicOrigin()], 'the result goes to the host page, exactly');
      const status = await callAt(publicOrigin(), 'GET', `/oauth/status?state=${flow.state}`);
      assert.equal(status.body.outcome, 'connected');
    });

    it('still serves pages on its own address as before', async () => {
      const flow = await signIn(api.origin, sameOrigin(api.origin));
      assert.equal(flow.authorizeUrl.searchParams.get('redirect_uri'), `${api.origin}/api/integrations/oauth/callback`);
      const page = await openCallback(flow, flow.callbackUrl);
      assert.deepEqual(postMessageTargets(page.html), [api.origin]);
    });
  });
}

describe('without IK_PUBLIC_ORIGIN, a proxying host is not trusted for the way back', () => {
  let host: HostServer;
  let api: TestServer;
  before(async () => {
    host = await startHostServer({ target: () => api.origin, preserveHost: true });
    api = await startTestServer();
    await api.call('GET', '/providers'); // the catalog is seeded into the store on first use
  });
  after(async () => {
    await api?.stop();
    await host?.close();
  });

  it('refuses the host page as returnTo and names the setting', async () => {
    const proxied = `http://localhost:${host.port}`;
    const check = await expectNothingStored(api.dataDir);
    const start = await callAt(proxied, 'POST', '/oauth/start', { headers: sameOrigin(proxied), body: { workspaceId: 'acme', provider: 'github', returnTo: `${proxied}/settings` } });
    expectError(start, 400, 'validation_failed');
    assert.match(start.body.error.fields.returnTo, /IK_PUBLIC_ORIGIN/);
    await check();
  });
});

describe('the Host check and the public origin', () => {
  const PUBLIC = 'https://app.example.test:8443';
  const server = serverForSuite({ publicOrigin: PUBLIC });
  before(() => server.call('GET', '/providers')); // the catalog is seeded into the store on first use

  /** A request sent to the API server under another Host, as a proxy passing its own on does. */
  const viaHost = (host: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const headers = { host, authorization: `Bearer ${TOKENS.acmeAdmin}`, ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers };
      const req = request(`${server.origin}/api/integrations${path}`, { method: options.body === undefined ? 'GET' : 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  const startVia = (host: string, headers: Record<string, string> = {}) =>
    viaHost(host, '/oauth/start', { headers, body: { workspaceId: 'acme', provider: 'github', returnTo: `${PUBLIC}/settings` } });

  it("answers to the public origin's host name (a proxy may pass it on), and still refuses others", async () => {
    assert.equal((await viaHost('app.example.test:8443', '/providers')).status, 200);
    assert.equal((await viaHost('app.example.test', '/providers')).status, 200);
    const refused = await viaHost('other.test:8443', '/providers');
    expectError(refused, 403, 'forbidden');
    assert.match(refused.body.error.message, /IK_ALLOWED_HOSTS .*IK_PUBLIC_ORIGIN/);
  });

  it('a request that reached it under the public host name comes back to the public origin (TLS ended at the proxy)', async () => {
    const answer = await startVia('app.example.test:8443');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(new URL(answer.body.authorizeUrl).searchParams.get('redirect_uri'), `${PUBLIC}/api/integrations/oauth/callback`);
  });

  it('without Sec-Fetch-Site (plain http), a page on the same registrable name may start, one on another site may not', async () => {
    assert.equal((await startVia('app.example.test:8443', { origin: 'https://www.example.test' })).status, 200);
    expectError(await startVia('app.example.test:8443', { origin: 'https://example.other' }), 403, 'forbidden', 'cross_site');
    expectError(await startVia('app.example.test:8443', { origin: 'http://10.0.0.8:8443' }), 403, 'forbidden', 'cross_site');
    // Headers no browser sends are no reason for a 500.
    for (const headers of [{ origin: 'not an origin' }, { origin: 'https://www.example.test', 'sec-fetch-site': 'sideways' }] as Record<string, string>[]) {
      assert.equal((await startVia('app.example.test:8443', headers)).status, 200, JSON.stringify(headers));
    }
  });

  it('an Origin header only picks among the origins it knows', async () => {
    const start = await callAt(server.origin, 'POST', '/oauth/start', {
      headers: sameOrigin('https://attacker.example'),
      body: { workspaceId: 'acme', provider: 'github', returnTo: `${server.origin}/` },
    });
    assert.equal(start.status, 200, JSON.stringify(start.body));
    assert.equal(new URL(start.body.authorizeUrl).searchParams.get('redirect_uri'), `${server.origin}/api/integrations/oauth/callback`);
  });
});

describe('a page on another site than the API', () => {
  // The page at http://localhost:P1, the API at http://127.0.0.1:P2: other sites (an IP address is a site of its own).
  const PAGE = 'http://localhost:41999';
  const server = serverForSuite({ corsOrigins: [PAGE] });
  before(() => server.call('GET', '/providers')); // the catalog is seeded into the store on first use
  const start = (headers: Record<string, string>, body: Record<string, unknown> = {}) =>
    callAt(server.origin, 'POST', '/oauth/start', { headers, body: { workspaceId: 'acme', provider: 'github', returnTo: `${PAGE}/settings`, ...body } });

  it('refuses a sign-in at once, before anything is stored, saying why and what to do', async () => {
    const check = await expectNothingStored(server.dataDir);
    for (const mode of ['popup', 'redirect']) {
      const refused = await start({ origin: PAGE, 'sec-fetch-site': 'cross-site' }, { mode });
      expectError(refused, 403, 'forbidden', 'cross_site');
      assert.equal(
        refused.body.error.message,
        `GitHub sign-in cannot start from this page: it is on another site (${PAGE}) than the integrations API (${server.origin}), and a sign-in must finish in the browser that started it, which needs a cookie of the API's site. Serve the API from the page's own origin (proxy /api/integrations there and set IK_PUBLIC_ORIGIN to it), or open the page on the API's site.`,
      );
      assert.equal(refused.headers.get('set-cookie'), null, 'no cookie the browser would drop anyway');
      assert.equal(refused.headers.get('access-control-allow-origin'), PAGE, 'the page can read why');
    }
    await check();
  });

  it('judges by Origin where the browser sends no Sec-Fetch-Site, refusing only sure differences', async () => {
    const check = await expectNothingStored(server.dataDir);
    for (const origin of [PAGE, 'https://app.example.com', 'null']) {
      expectError(await start({ origin }), 403, 'forbidden', 'cross_site');
    }
    await check();
  });

  it('a page of the same site on another port (Sec-Fetch-Site: same-site) may start one', async () => {
    const started = await start({ origin: PAGE, 'sec-fetch-site': 'same-site' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
  });

  it('pasted keys connect from that page as before', async () => {
    const preflight = await fetch(`${server.origin}/api/integrations/provider-connections`, {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), PAGE);
    const saved = await callAt(server.origin, 'POST', '/provider-connections', {
      headers: { origin: PAGE, 'sec-fetch-site': 'cross-site' },
      body: { workspaceId: 'acme', provider: 'resend', credentialPayload: { apiKey: 're_cross1234_site0123456789abcdefghijklm' } },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.equal(saved.body.test.outcome, 'valid');
  });
});

describe('a page opened on a loopback alias of the server (npm start at localhost)', () => {
  const server = serverForSuite();

  it('the consent page may send the browser on to the alias it came from, and nowhere else', async () => {
    const alias = server.origin.replace('127.0.0.1', 'localhost');
    const flow = await signIn(alias, sameOrigin(alias));
    assert.equal(flow.authorizeUrl.origin, server.origin, 'the simulated provider lives at the server address');
    const csp = flow.consent.headers.get('content-security-policy')!;
    assert.equal(csp, `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${alias}`);
    const page = await openCallback(flow, flow.callbackUrl);
    assert.equal(page.status, 200, page.html);
    assert.deepEqual(postMessageTargets(page.html), [alias]);
  });

  it('refuses a redirect_uri that is neither loopback nor the public origin, so no page names another target', async () => {
    const flow = await signIn(server.origin, {});
    const elsewhere = new URL(flow.authorizeUrl);
    elsewhere.searchParams.set('redirect_uri', 'http://localhost.example.com/api/integrations/oauth/callback');
    const refused = await fetchPage(elsewhere.href);
    assert.match(refused.html, /not registered/);
    assert.equal(refused.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  });
});
