import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogRepo } from '../../mock-server/data/catalog-repo.ts';
import { newConnection, WorkspaceRepo, workspaceVersionKey } from '../../mock-server/data/workspace-repo.ts';
import { MemoryStore } from '../../mock-server/store/memory-store.ts';
import { loadSeedCatalog } from '../support/server.ts';

/**
 * Two repos on one shared store stand for two server processes on one database: each caches,
 * neither sees the other's writes except through the store.
 */
const NOW = '2026-01-01T00:00:00.000Z';
const connection = (provider: string) =>
  newConnection({ workspaceId: 'acme', provider, displayName: provider, mode: 'service', status: 'pending', createdBy: 'u', createdByName: 'U' }, NOW);

describe('repos on a shared store (as two processes)', () => {
  it('a read sees a change another repo committed', async () => {
    const store = new MemoryStore(true);
    const [one, two] = [new WorkspaceRepo(store), new WorkspaceRepo(store)];
    assert.equal((await two.read('acme')).connections.length, 0, 'cached, empty');
    await one.update('acme', (tx) => tx.add(connection('openai')));
    assert.deepEqual((await two.read('acme')).connections.map((c) => c.provider), ['openai']);
    assert.equal(await store.get(workspaceVersionKey('acme')), 1);
  });

  it('a commit from a stale state runs the change again on the fresh one: no update is lost, audit sequence numbers stay unique', async () => {
    const store = new MemoryStore(true);
    const [one, two] = [new WorkspaceRepo(store), new WorkspaceRepo(store)];
    const record = connection('openai');
    await one.update('acme', (tx) => tx.add(record));
    await two.read('acme');
    let runs = 0;
    // Both read version 1; one commits first inside two's change, so two's first commit conflicts.
    await two.update('acme', async (tx) => {
      runs += 1;
      if (runs === 1) {
        await one.update('acme', (inner) => {
          inner.find(record.id)!.displayName = 'by one';
          inner.appendAudit({ at: NOW, action: 'connection.updated', actor: { kind: 'service' } } as never);
        });
      }
      tx.find(record.id)!.projectIds = ['p1'];
      tx.appendAudit({ at: NOW, action: 'connection.updated', actor: { kind: 'service' } } as never);
    });
    assert.equal(runs, 2, 'ran again after the conflict');
    const stored = await store.get<{ displayName: string; projectIds: string[] }>(`workspace/acme/connection/${record.id}`);
    assert.equal(stored?.displayName, 'by one');
    assert.deepEqual(stored?.projectIds, ['p1']);
    assert.deepEqual((await store.keys('workspace/acme/audit/')).sort(), ['workspace/acme/audit/000000000001', 'workspace/acme/audit/000000000002']);
    assert.equal(await store.get(workspaceVersionKey('acme')), 3);
  });

  it('the catalog: a change by one repo is seen by the other, which changes the catalog from there (nothing lost)', async () => {
    const store = new MemoryStore(true);
    const seed = await loadSeedCatalog();
    const [one, two] = [new CatalogRepo(store, seed), new CatalogRepo(store, seed)];
    assert.equal(await two.revision(), 1);
    await one.change((providers) => ({ providers: providers.filter((p) => p.key !== 'openai'), result: undefined }));
    assert.equal(await two.get('openai'), undefined, 'two sees the removal');
    assert.equal(await two.revision(), 2);
    await two.change((providers) => ({ providers: providers.filter((p) => p.key !== 'github'), result: undefined }));
    assert.equal(await one.get('github'), undefined);
    assert.equal(await one.get('openai'), undefined, 'the first change is not lost');
    assert.equal(await one.revision(), 3);
  });
});
