import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ServerContext } from '../../mock-server/context.ts';
import { accountIn, connectedAccount } from '../../mock-server/oauth/connected-account.ts';
import { accountWords, scopeWords } from '../../src/i18n/oauth-words.ts';

/**
 * Which account a grant belongs to, read from a provider's user endpoint: a real HTTP server on
 * loopback answers as providers do (and as they fail).
 */
describe('the connected account', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      const answers: Record<string, [number, string]> = {
        '/github-user': [200, JSON.stringify({ login: 'octocat', name: 'The Octocat', id: 1 })],
        '/oidc': [200, JSON.stringify({ sub: '42', email: 'alex@example.com', name: 'Alex' })],
        '/refused': [401, JSON.stringify({ message: 'Bad credentials' })],
        '/broken': [200, '<html>not json'],
        '/nobody': [200, JSON.stringify({ id: 7 })],
      };
      const [status, body] = answers[req.url ?? ''] ?? [404, '{}'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ctx = { tester: { fetch, timeoutMs: 2000 } } as unknown as ServerContext;
  const idToken = (claims: object) => ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');

  it("reads GitHub's login and an OpenID Connect email, with the name, sending the access token", async () => {
    assert.deepEqual(await connectedAccount(ctx, `${base}/github-user`, 'at_1', {}), { login: 'octocat', name: 'The Octocat' });
    assert.equal(seen.at(-1), 'Bearer at_1');
    assert.deepEqual(await connectedAccount(ctx, `${base}/oidc`, 'at_2', {}), { login: 'alex@example.com', name: 'Alex' });
  });

  it("falls back to the token response's id_token, and never fails the connection", async () => {
    const tokenResponse = { id_token: idToken({ email: 'sam@example.com', name: 'Sam' }) };
    assert.deepEqual(await connectedAccount(ctx, `${base}/refused`, 'at', tokenResponse), { login: 'sam@example.com', name: 'Sam' });
    assert.deepEqual(await connectedAccount(ctx, undefined, 'at', tokenResponse), { login: 'sam@example.com', name: 'Sam' });
    assert.equal(await connectedAccount(ctx, `${base}/broken`, 'at', {}), undefined);
    assert.equal(await connectedAccount(ctx, `${base}/nobody`, 'at', {}), undefined);
    assert.equal(await connectedAccount(ctx, 'http://127.0.0.1:1/user', 'at', {}), undefined, 'unreachable');
    assert.equal(await connectedAccount(ctx, undefined, 'at', { id_token: 'not.a-jwt' }), undefined);
  });

  it('keeps only short text: no numbers, objects or endless strings', () => {
    assert.equal(accountIn({ login: 12, name: { first: 'x' } }), undefined);
    assert.equal(accountIn({ login: 'x'.repeat(500) })!.login!.length, 200);
    assert.equal(accountIn(null), undefined);
  });

  it('writes accounts and scopes as people read them', () => {
    assert.equal(accountWords({ login: 'octocat', name: 'The Octocat' }), '@octocat (The Octocat)');
    assert.equal(accountWords({ login: 'alex@example.com' }), 'alex@example.com');
    assert.equal(accountWords({ name: 'Alex' }), 'Alex');
    assert.equal(accountWords(undefined), undefined);
    const github = { oauth: { scopes: ['repo', 'gist'], scopeDescriptions: { repo: 'Read and write your repositories' } } } as never;
    assert.equal(scopeWords(github, 'repo'), 'Read and write your repositories');
    assert.equal(scopeWords(github, 'gist'), 'gist', 'a scope without words keeps its name');
  });
});
