import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { plainResolveRequest, resolveRequest } from '../../src/schema/requests.ts';
import { loadSampleKeys, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/** A raw HTTP request (fetch would add headers of its own, such as an Origin on some paths). */
function post(server: TestServer, headers: Record<string, string | string[]>, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(`${server.origin}/api/integrations/resolve`);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('POST /resolve on node:http directly (no Origin) answers exactly as the app does (with an Origin)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const samples = await loadSampleKeys();
    const saved = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai } });
    assert.equal(saved.status, 201);
  });
  after(() => server.stop());

  const json = { 'content-type': 'application/json' };
  const service = { authorization: `Bearer ${TOKENS.service}` };
  const cases: [string, Record<string, string | string[]>, string][] = [
    ['a BYO key', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['a BYO key for a project', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai', projectId: 'website' })],
    ['the platform key (globex has none of its own)', { ...service, ...json }, JSON.stringify({ workspaceId: 'globex', provider: 'openai' })],
    ['no key at all', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'anthropic' })],
    ['no token', json, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['a user token', { authorization: `Bearer ${TOKENS.acmeAdmin}`, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['a wrong token', { authorization: 'Bearer nope-nope-nope', ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['not JSON by its type', { ...service, 'content-type': 'text/plain' }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['broken JSON', { ...service, ...json }, '{"workspaceId": "acme",'],
    ['an empty body', { ...service, ...json }, ''],
    ['too large', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai', pad: 'x'.repeat(70_000) })],
    ['an extra field', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai', extra: 1 })],
    ['a bad provider key', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'Open AI' })],
    ['an unknown provider', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'nope' })],
    ['an unknown workspace', { ...service, ...json }, JSON.stringify({ workspaceId: 'umbrella', provider: 'openai' })],
    ['an unknown project', { ...service, ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai', projectId: 'nope' })],
    ['an array', { ...service, ...json }, '[]'],
    // Repeated headers: node:http would keep the first, the app sees both (joined) and refuses.
    ['two Authorization headers, the first valid', { authorization: [`Bearer ${TOKENS.service}`, 'Bearer nope-nope-nope'], ...json }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['two Content-Type headers', { ...service, 'content-type': ['application/json', 'text/plain'] }, JSON.stringify({ workspaceId: 'acme', provider: 'openai' })],
    ['a body with a byte order mark', { ...service, ...json }, `\uFEFF${JSON.stringify({ workspaceId: 'acme', provider: 'openai' })}`],
  ];
  for (const [name, headers, body] of cases) {
    it(name, async () => {
      const direct = await post(server, headers, body);
      const viaApp = await post(server, { ...headers, origin: server.origin }, body);
      assert.equal(direct.status, viaApp.status);
      assert.deepEqual(JSON.parse(direct.body), JSON.parse(viaApp.body));
      for (const header of ['content-type', 'cache-control', 'x-content-type-options']) assert.equal(direct.headers[header], viaApp.headers[header], header);
    });
  }

  it('logs the request like any other, and never the key', async () => {
    const lines = server.logger.lines.filter((line) => line.startsWith('POST /api/integrations/resolve '));
    assert.ok(lines.length >= cases.length * 2, lines.join('\n'));
    const samples = await loadSampleKeys();
    assert.ok(!server.logger.lines.join('\n').includes(samples.openai!.apiKey!));
  });
});

describe('the /resolve body check without the schema', () => {
  it('accepts only what the schema accepts, with the same result', () => {
    const inputs: unknown[] = [
      { workspaceId: 'acme', provider: 'openai' },
      { workspaceId: 'acme', provider: 'openai', projectId: 'website' },
      { workspaceId: 'a'.repeat(128), provider: 'o'.repeat(63) },
      { workspaceId: 'a'.repeat(129), provider: 'openai' },
      { workspaceId: 'acme', provider: 'o'.repeat(64) },
      { workspaceId: '', provider: 'openai' },
      { workspaceId: '-acme', provider: 'openai' },
      { workspaceId: 'acme', provider: 'OpenAI' },
      { workspaceId: 'acme', provider: '-openai' },
      { workspaceId: 'acme', provider: 'openai', projectId: '' },
      { workspaceId: 'acme', provider: 'openai', projectId: 7 },
      { workspaceId: 'acme', provider: 'openai', projectId: undefined },
      { workspaceId: 'acme', provider: 'openai', extra: 1 },
      { workspaceId: 'ac me', provider: 'openai' },
      { workspaceId: 'acme\n', provider: 'openai' },
      { workspaceId: 7, provider: 'openai' },
      { provider: 'openai' },
      JSON.parse('{"workspaceId": "acme", "provider": "openai", "__proto__": {"x": 1}}'),
      Object.assign(Object.create({ inherited: true }), { workspaceId: 'acme', provider: 'openai' }),
      [],
      null,
      'acme',
    ];
    let accepted = 0;
    for (const input of inputs) {
      const plain = plainResolveRequest(input);
      if (plain === undefined) continue;
      accepted += 1;
      const parsed = resolveRequest.safeParse(input);
      assert.ok(parsed.success, `the schema refuses ${JSON.stringify(input)}`);
      assert.deepEqual(plain, parsed.data);
    }
    assert.equal(accepted, 3, 'the usual bodies take the short way');
  });
});
