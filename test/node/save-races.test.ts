import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createApp } from '../../mock-server/app.ts';
import { testStore } from '../support/sql.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';
import type { Provider } from '../../src/schema/provider.ts';
import { loadSampleKeys, loadSeedCatalog } from '../support/server.ts';

/**
 * The app in-process with a scripted upstream: each test decides what the provider answers
 * and when, to exercise what happens around a credential test.
 */
let catalog: Provider[];
let samples: Record<string, Record<string, string>>;
before(async () => {
  catalog = await loadSeedCatalog();
  samples = await loadSampleKeys();
});

async function appWith(upstream: (request: Request) => Promise<Response>) {
  const app = createApp({
    store: await testStore(),
    vault: await Vault.fromBase64(generateEncryptionKey()),
    principals: { principals: [{ token: 'admin', userId: 'alice', displayName: 'Alice', workspaceId: 'acme', role: 'admin' }] },
    catalogSeed: catalog,
    upstream: { mode: 'live', fetch: (input, init) => upstream(new Request(input, init)) },
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.fetch(
      new Request(`http://test/api/integrations${path}`, {
        method,
        headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as any };
  };
  return call;
}

describe('around a credential test', () => {
  it('keeps the verdict when the row is renamed while the key is being tested', async () => {
    let answer!: () => void;
    const call = await appWith(() => new Promise((resolve) => (answer = () => resolve(new Response('{}', { status: 200 })))));
    const saving = call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const renamed = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', displayName: 'Renamed meanwhile' });
    assert.equal(renamed.body.connection.statusReason, 'Testing the key…');
    answer();
    const saved = await saving;
    assert.equal(saved.body.test.outcome, 'valid');
    assert.equal(saved.body.connection.status, 'active');
    assert.equal(saved.body.connection.displayName, 'Renamed meanwhile');
    assert.deepEqual(saved.body.connection.lastTest, saved.body.test);
  });

  it('does not demote a working key when saving it again meets an inconclusive test', async () => {
    const statuses = [200, 429];
    const call = await appWith(async () => new Response('{}', { status: statuses.shift() ?? 200 }));
    const first = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    assert.equal(first.body.connection.status, 'active');
    const again = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    assert.equal(again.body.test.outcome, 'rate_limited');
    assert.equal(again.body.connection.status, 'active');
  });

  it('treats a key that cannot be put in a header as invalid, without a 500', async () => {
    // A catalog row without a pattern on a non-secret header field is the only way in.
    const custom = structuredClone(catalog);
    const row = custom.find((p) => p.key === 'anthropic')!;
    row.credentials.push({ name: 'org', label: 'Organisation', secret: false, optional: true, format: 'text' });
    row.verification!.headers!['x-org'] = '{{org}}';
    const app = createApp({
      store: await testStore(),
      vault: await Vault.fromBase64(generateEncryptionKey()),
      principals: { principals: [{ token: 'admin', userId: 'alice', displayName: 'Alice', workspaceId: 'acme', role: 'admin' }] },
      catalogSeed: custom,
    });
    const response = await app.fetch(
      new Request('http://test/api/integrations/provider-connections', {
        method: 'POST',
        headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId: 'acme', provider: 'anthropic', credentialPayload: { ...samples.anthropic, org: 'Société ☃' } }),
      }),
    );
    assert.equal(response.status, 201);
    const body = (await response.json()) as any;
    assert.equal(body.test.outcome, 'invalid');
    assert.equal(body.connection.status, 'error');
  });
});
