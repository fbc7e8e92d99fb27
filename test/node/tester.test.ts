import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { provider as providerSchema, type Provider } from '../../src/schema/provider.ts';
import { buildVerificationRequest, runVerification, type TesterOptions } from '../../mock-server/tester/tester.ts';
import { matchTemplate, renderTemplate } from '../../mock-server/tester/template.ts';

/** A stand-in provider API on loopback: the key picks the answer. */
let upstream: Server;
let origin = '';
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

before(async () => {
  upstream = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const auth = req.headers.authorization ?? '';
    if (auth.endsWith('good-key-1234567890')) return void res.writeHead(200).end('{}');
    if (auth.endsWith('limited-key-1234567890')) return void res.writeHead(429).end();
    if (auth.endsWith('broken-key-1234567890')) return void res.writeHead(503).end();
    if (auth.endsWith('hang-key-1234567890')) return; // never answers
    res.writeHead(401).end('{"error":"Incorrect API key provided: good-key-…"}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(() => {
  upstream.closeAllConnections();
  upstream.close();
});

const example: Provider = providerSchema.parse({
  key: 'example',
  name: 'Example AI',
  category: 'AI',
  logo: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E',
  authType: 'api_key',
  credentials: [{ name: 'apiKey', label: 'API key' }],
  verification: { url: 'https://api.example.com/v1/models?limit=1', headers: { Authorization: 'Bearer {{apiKey}}' } },
});

// Live mode against our loopback server: rewrite the recipe's origin to it.
function options(timeoutMs = 1_000): TesterOptions {
  return {
    mode: 'live',
    upstreamBase: () => '',
    timeoutMs,
    now: () => new Date('2026-01-01T00:00:00Z'),
    fetch: (input, init) => {
      const request = input as Request;
      const url = new URL(request.url);
      return fetch(new Request(origin + url.pathname + url.search, request), init);
    },
  };
}

describe('credential tester', () => {
  it('reports valid on 200, with status and latency', async () => {
    const result = await runVerification(example, { apiKey: 'good-key-1234567890' }, options());
    assert.equal(result.outcome, 'valid');
    assert.equal(result.httpStatus, 200);
    assert.ok(result.latencyMs >= 0);
    assert.equal(result.testedAt, '2026-01-01T00:00:00.000Z');
    assert.equal(seen.at(-1)?.url, '/v1/models?limit=1');
    assert.equal(seen.at(-1)?.headers.authorization, 'Bearer good-key-1234567890');
  });

  it('reports invalid on 401 without repeating what the provider said', async () => {
    const result = await runVerification(example, { apiKey: 'wrong-key-1234567890' }, options());
    assert.equal(result.outcome, 'invalid');
    assert.equal(result.httpStatus, 401);
    assert.ok(!result.message.includes('good-key'), 'the upstream body is never echoed');
  });

  it('reports rate_limited on 429 and unreachable on an unexpected status', async () => {
    assert.equal((await runVerification(example, { apiKey: 'limited-key-1234567890' }, options())).outcome, 'rate_limited');
    const broken = await runVerification(example, { apiKey: 'broken-key-1234567890' }, options());
    assert.deepEqual([broken.outcome, broken.httpStatus], ['unreachable', 503]);
  });

  it('gives up on an upstream that hangs, after the timeout', async () => {
    const started = Date.now();
    const result = await runVerification(example, { apiKey: 'hang-key-1234567890' }, options(300));
    assert.equal(result.outcome, 'unreachable');
    assert.equal(result.httpStatus, null);
    assert.match(result.message, /within/);
    assert.ok(Date.now() - started < 3_000);
  });

  it('reports a refused connection as unreachable without quoting the request', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = { ...options(), fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(new Request(`http://127.0.0.1:${closedPort}/x`, input as Request), init) };
    const result = await runVerification(example, { apiKey: 'good-key-1234567890' }, closed);
    assert.equal(result.outcome, 'unreachable');
    assert.match(result.message, /ECONNREFUSED/);
    assert.ok(!result.message.includes('good-key'));
  });
});

describe('recipe templates', () => {
  it('URL-encodes values in the URL and sends basic auth', () => {
    const request = buildVerificationRequest(
      { method: 'GET', url: 'https://api.twilio.com/2010-04-01/Accounts/{{accountSid}}.json?x={{accountSid}}', basicAuth: { username: '{{accountSid}}', password: '{{authToken}}' }, validStatuses: [200], invalidStatuses: [401] },
      { accountSid: 'AC a/b', authToken: 'tok' },
    );
    assert.equal(request.url, 'https://api.twilio.com/2010-04-01/Accounts/AC%20a%2Fb.json?x=AC%20a%2Fb');
    assert.equal(request.headers.get('authorization'), `Basic ${Buffer.from('AC a/b:tok').toString('base64')}`);
  });

  it('matches a rendered value back to its fields', () => {
    assert.deepEqual(matchTemplate('Bearer {{apiKey}}', 'Bearer sk-1'), { apiKey: 'sk-1' });
    assert.deepEqual(matchTemplate('{{a}}:{{b}}', 'x:y:z'), { a: 'x', b: 'y:z' });
    assert.equal(matchTemplate('Bearer {{apiKey}}', 'Basic sk-1'), undefined);
    assert.equal(matchTemplate('{{a}}-{{a}}', 'x-y'), undefined);
    assert.equal(renderTemplate('Key {{apiKey}} ({{missing}})', { apiKey: 'k' }), 'Key k ()');
  });
});
