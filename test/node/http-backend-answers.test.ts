import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { HttpBackend } from '../../src/backend/http-backend.ts';
import { loadSeedCatalog } from '../support/server.ts';

/**
 * The browser's HTTP backend checks each answer's shape without a validation library: a real
 * server on loopback answers as a broken or foreign backend might.
 */
describe('HttpBackend: what it accepts from a service', () => {
  let server: Server;
  let backend: HttpBackend;
  const answers = new Map<string, [number, string]>();
  before(async () => {
    server = createServer((req, res) => {
      const [status, body] = answers.get(`${req.method} ${req.url}`) ?? [404, '{"error":{"code":"not_found","message":"Nothing here."}}'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    backend = new HttpBackend({ apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, token: 'test' });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refusal = async (call: () => Promise<unknown>) => {
    const error = await call().then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof IntegrationsError, `an IntegrationsError, not ${String(error)}`);
    return error;
  };

  it('takes the catalog as the contract describes it', async () => {
    const providers = (await loadSeedCatalog()).map((p) => ({ ...p, platformKeyAvailable: false }));
    answers.set('GET /api/providers', [200, JSON.stringify({ providers })]);
    assert.deepEqual(await backend.listProviders(), providers);
  });

  it('refuses an answer that is not the record it should be, naming no internals', async () => {
    const broken = [
      '{"providers": {}}',
      '{"providers": [{"key": "x"}]}',
      '{"items": []}',
      'not json',
      '[]',
    ];
    for (const body of broken) {
      answers.set('GET /api/providers', [200, body]);
      const error = await refusal(() => backend.listProviders());
      assert.equal(error.code, 'bad_response', body);
      assert.equal(error.message, 'The integrations service sent an answer this page does not understand.');
    }
    answers.set('GET /api/me', [200, JSON.stringify({ userId: 'alice', workspaceId: 'acme', role: 7, displayName: 'Alice' })]);
    assert.equal((await refusal(() => backend.getMe())).code, 'bad_response', 'a member of the wrong kind');
  });

  it("passes the service's own errors on, and says the status when an error has no body it knows", async () => {
    answers.set('GET /api/me', [403, JSON.stringify({ error: { code: 'forbidden', message: 'No.', reason: 'read_only' } })]);
    const forbidden = await refusal(() => backend.getMe());
    assert.deepEqual([forbidden.code, forbidden.message, forbidden.status, forbidden.reason], ['forbidden', 'No.', 403, 'read_only']);
    answers.set('GET /api/me', [502, '<html>Bad gateway</html>']);
    const gateway = await refusal(() => backend.getMe());
    assert.deepEqual([gateway.code, gateway.message], ['http_error', 'The integrations service answered HTTP 502.']);
  });
});
