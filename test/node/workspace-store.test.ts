import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createApp } from '../../mock-server/app.ts';
import { AUDIT_LIMIT, connectionKey, WorkspaceRepo } from '../../mock-server/data/workspace-repo.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { MemoryStore } from '../../mock-server/store/memory-store.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';
import type { AuditEntry } from '../../src/schema/audit.ts';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { changedDocuments, loadSampleKeys, loadSeedCatalog, readDataDir, startTestServer, TOKENS } from '../support/server.ts';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ik-ws-store-'));
  dirs.push(dir);
  return dir;
}
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A data directory written by the server before workspaces became records (see test/fixtures/old-layout-store). */
const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/old-layout-store');

describe('a store written in the old layout (one document per workspace)', () => {
  it('loads: same connections, policy, audit and keys; then the old document is gone', async () => {
    const expected = JSON.parse(await readFile(join(FIXTURE, 'expected.json'), 'utf8'));
    const dataDir = await tempDir();
    await cp(join(FIXTURE, 'store'), dataDir, { recursive: true });
    const old = new FileStore(dataDir);
    assert.ok(await old.get('workspace/acme'), 'the fixture holds the old document');

    for (const round of ['migrating', 'after migration']) {
      const server = await startTestServer({ dataDir, encryptionKey: expected.encryptionKey });
      try {
        assert.deepEqual((await server.call('GET', '/provider-connections?workspaceId=acme')).body.connections, expected.connections, round);
        assert.deepEqual((await server.call('GET', '/audit?workspaceId=acme')).body.entries, expected.audit, round);
        assert.deepEqual((await server.call('GET', '/routing-policy?workspaceId=acme')).body, expected.policy, round);
        const samples = await loadSampleKeys();
        const resolved = await server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai' } });
        assert.deepEqual(resolved.body.credential, samples.openai, round);
        const globex = await server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'globex', provider: 'openai' } });
        assert.equal(globex.body.source, 'byo', round);
      } finally {
        await server.close();
      }
      const store = new FileStore(dataDir);
      assert.equal(await store.get('workspace/acme'), undefined, 'the old document was replaced');
      assert.equal((await store.keys('workspace/acme/connection/')).length, expected.connections.length);
    }
  });

  it('a change after migration writes the new layout only', async () => {
    const expected = JSON.parse(await readFile(join(FIXTURE, 'expected.json'), 'utf8'));
    const dataDir = await tempDir();
    await cp(join(FIXTURE, 'store'), dataDir, { recursive: true });
    const server = await startTestServer({ dataDir, encryptionKey: expected.encryptionKey });
    try {
      const stripe = expected.connections.find((c: any) => c.provider === 'stripe');
      const renamed = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'stripe', displayName: 'Stripe (billing)', expectedVersion: stripe.version } });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      const stored = await new FileStore(dataDir).get<any>(connectionKey('acme', stripe.id));
      assert.equal(stored.displayName, 'Stripe (billing)');
      assert.equal(stored.version, stripe.version + 1);
    } finally {
      await server.close();
    }
  });
});

describe('writes are proportional to the change', () => {
  it('a save rewrites the changed connection and adds one audit entry; nothing else is written', async () => {
    const server = await startTestServer();
    try {
      const samples = await loadSampleKeys();
      for (const provider of ['openai', 'anthropic', 'stripe', 'twilio', 'elevenlabs']) {
        const saved = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider, credentialPayload: samples[provider] } });
        assert.equal(saved.status, 201);
      }
      const list = (await server.call('GET', '/provider-connections?workspaceId=acme')).body.connections;
      const stripe = list.find((c: any) => c.provider === 'stripe');
      const before = await readDataDir(server.dataDir);
      const renamed = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'stripe', displayName: 'Payments' } });
      assert.equal(renamed.status, 200);
      const changed = changedDocuments(before, await readDataDir(server.dataDir)).sort();
      assert.equal(changed.length, 2, changed.join(', '));
      assert.equal(changed[1], connectionKey('acme', stripe.id));
      assert.match(changed[0]!, /^workspace\/acme\/audit\/\d{12}$/);
      // The batch's journal is gone once it is applied.
      assert.deepEqual((await readdir(server.dataDir)).filter((name) => !name.endsWith('.json')), []);
    } finally {
      await server.stop();
    }
  });

  it('keeps the newest AUDIT_LIMIT entries as records, in order, across a reload', async () => {
    const store = new MemoryStore();
    const repo = new WorkspaceRepo(store);
    const entry = (i: number): AuditEntry => ({ id: `aud_${i}`, at: new Date(1_700_000_000_000 + i).toISOString(), workspaceId: 'acme', actor: 'service', action: 'policy.changed' });
    await repo.update('acme', (tx) => {
      for (let i = 0; i < AUDIT_LIMIT - 2; i++) tx.appendAudit(entry(i));
    });
    for (let i = AUDIT_LIMIT - 2; i < AUDIT_LIMIT + 5; i++) await repo.update('acme', (tx) => tx.appendAudit(entry(i)));
    const ids = (list: readonly AuditEntry[]) => list.map((e) => e.id);
    const wanted = Array.from({ length: AUDIT_LIMIT }, (_, i) => `aud_${i + 5}`);
    assert.deepEqual(ids((await repo.read('acme')).audit), wanted);
    assert.equal((await store.keys('workspace/acme/audit/')).length, AUDIT_LIMIT);
    assert.deepEqual(ids((await new WorkspaceRepo(store).read('acme')).audit), wanted);
  });
});

describe('the in-memory workspace cache', () => {
  async function app(store: MemoryStore, vault: Vault) {
    const catalog = await loadSeedCatalog();
    const instance = createApp({
      store,
      vault,
      principals: { principals: [{ token: 'admin', userId: 'alice', displayName: 'Alice', workspaceId: 'acme', role: 'admin' }], serviceToken: 'service-token-0123456789abcdef' },
      catalogSeed: catalog,
      platformKeys: { openai: { apiKey: 'sk-platform-test-key-000000000000000000' } },
    });
    return async (method: string, path: string, body?: unknown, token = 'admin') => {
      const response = await instance.fetch(
        new Request(`http://test/api/integrations${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
      return { status: response.status, body: (response.status === 204 ? null : await response.json()) as any };
    };
  }

  it('stays coherent with the store after saves, key changes and deletes', async () => {
    const store = new MemoryStore();
    const vault = await Vault.fromBase64(generateEncryptionKey());
    const call = await app(store, vault);
    const samples = await loadSampleKeys();
    const resolve = () => call('POST', '/resolve', { workspaceId: 'acme', provider: 'openai' }, 'service-token-0123456789abcdef');
    const listed = async () => (await call('GET', '/provider-connections?workspaceId=acme')).body.connections;
    // What a process starting on the same store sees, read from the store alone.
    const fresh = async () => ({ list: (await (await app(store, vault))('GET', '/provider-connections?workspaceId=acme')).body.connections });

    const created = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    assert.equal(created.status, 201);
    assert.deepEqual((await resolve()).body.credential, samples.openai);
    const rotated = { apiKey: `${samples.openai!.apiKey}9` };
    const replaced = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: rotated });
    assert.equal(replaced.status, 200);
    assert.deepEqual((await resolve()).body.credential, rotated, 'resolution sees the new key at once');
    assert.deepEqual(await listed(), [replaced.body.connection]);
    assert.deepEqual((await fresh()).list, await listed(), 'the store holds what the cache shows');

    const deleted = await call('DELETE', `/provider-connections/${created.body.connection.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await call('GET', `/provider-connections/${created.body.connection.id}`)).status, 404);
    assert.deepEqual(await listed(), []);
    assert.equal((await resolve()).body.source, 'built_in', 'a deleted key is no longer resolved');
    assert.deepEqual((await fresh()).list, []);
    assert.deepEqual(await store.keys('workspace/acme/connection/'), []);
  });

  it('pages the list on request (limit, after, next), in the order of the whole list, and sees changes at once', async () => {
    const store = new MemoryStore();
    const call = await app(store, await Vault.fromBase64(generateEncryptionKey()));
    for (const provider of ['openai', 'anthropic', 'stripe', 'twilio', 'elevenlabs']) {
      assert.equal((await call('POST', '/provider-connections', { workspaceId: 'acme', provider })).status, 201);
    }
    const whole = (await call('GET', '/provider-connections?workspaceId=acme')).body;
    assert.equal(whole.next, undefined, 'no page without a limit');
    const paged: any[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await call('GET', `/provider-connections?workspaceId=acme&limit=2${after ? `&after=${after}` : ''}`);
      assert.equal(answer.status, 200);
      paged.push(...answer.body.connections);
      after = answer.body.next;
      if (!after) break;
    }
    assert.deepEqual(paged, whole.connections);
    const renamed = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'stripe', displayName: 'Payments' });
    const second = (await call('GET', `/provider-connections?workspaceId=acme&limit=2&after=${whole.connections[1].id}`)).body;
    assert.deepEqual(second.connections[0], renamed.body.connection, 'a changed row keeps its place and shows its change');
    for (const query of ['limit=0', 'limit=1001', 'limit=x', `after=${whole.connections[0].id}`, 'limit=2&after=conn_nope']) {
      const answer = await call('GET', `/provider-connections?workspaceId=acme&${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.error.code, 'validation_failed');
    }
  });

  it('hands out frozen records: a read cannot change what later requests see', async () => {
    const repo = new WorkspaceRepo(new MemoryStore());
    await repo.update('acme', (tx) => {
      tx.add({ id: 'conn_1', workspaceId: 'acme', provider: 'openai', displayName: 'OpenAI', mode: 'service', status: 'active', createdBy: 'alice', createdByName: 'Alice', projectIds: [], credentialPreview: {}, lastTest: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 });
    });
    const record = (await repo.read('acme')).connection('conn_1')!;
    assert.throws(() => ((record as any).displayName = 'changed'));
    assert.throws(() => (record.projectIds as string[]).push('x'));
    // A change that throws stores nothing and shows nothing.
    await assert.rejects(
      repo.update('acme', (tx) => {
        tx.find('conn_1')!.displayName = 'half done';
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await repo.read('acme')).connection('conn_1')!.displayName, 'OpenAI');
  });
});

describe('FileStore batches', () => {
  it('applies a journal a crash left behind, and ignores one that was never completed', async () => {
    const dir = await tempDir();
    const first = new FileStore(dir);
    await first.set('a', 1);
    await first.set('c', 3);
    // Completed journal (renamed into place), its writes not applied yet.
    await writeFile(join(dir, 'crashed.journal'), JSON.stringify([{ key: 'a', value: 10 }, { key: 'b', value: 20 }, { key: 'c', delete: true }]));
    // A journal still being written: never valid.
    await writeFile(join(dir, 'other.journal.tmp-1'), '[{"key": "a", "value": 99');
    const store = new FileStore(dir);
    assert.deepEqual([await store.get('a'), await store.get('b'), await store.get('c')], [10, 20, undefined]);
    assert.deepEqual((await readdir(dir)).filter((name) => !name.endsWith('.json')), []);
  });

  it('writes every value of a batch, and deletes', async () => {
    const store = new FileStore(await tempDir());
    await store.batch([{ key: 'x/1', value: { n: 1 } }, { key: 'x/2', value: { n: 2 } }, { key: 'y', value: 3 }]);
    await store.batch([{ key: 'x/1', delete: true }, { key: 'x/3', value: { n: 3 } }]);
    assert.deepEqual((await store.entries('x/')).sort(), [['x/2', { n: 2 }], ['x/3', { n: 3 }]]);
  });
});
