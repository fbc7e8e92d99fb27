import assert from 'node:assert/strict';
import { describe, it as itWith } from 'node:test';
import { type Store, StoreConflictError } from '../../mock-server/store/store.ts';

/**
 * What every Store must do, run against each implementation (`make` returns an empty store).
 * Engines that add a store (SQL) run it too.
 */
export function storeContract(name: string, make: () => Promise<Store>, options: { skip?: string | false } = {}): void {
  /** A test on a new store, closed after it (an engine may hold a database open). */
  const it = (title: string, test: (store: Store) => Promise<void>) =>
    itWith(title, async () => {
      const store = await make();
      try {
        await test(store);
      } finally {
        await store.close?.();
      }
    });
  describe(`${name}: the Store contract`, { skip: options.skip ?? false }, () => {
    it('gets, sets, deletes, lists keys and entries by prefix', async (store) => {
      await store.set('a/1', { n: 1 });
      await store.set('a/2', { n: 2 });
      await store.set('b/1', 'x');
      assert.deepEqual(await store.get('a/1'), { n: 1 });
      assert.equal(await store.get('missing'), undefined);
      assert.deepEqual((await store.keys('a/')).sort(), ['a/1', 'a/2']);
      assert.deepEqual((await store.entries('a/')).sort(), [['a/1', { n: 1 }], ['a/2', { n: 2 }]]);
      await store.delete('a/1');
      assert.deepEqual(await store.keys('a/'), ['a/2']);
    });

    it('lists by prefix literally (% _ and \\ are characters), across every kind of key', async (store) => {
      const keys = ['workspace/a_b/connection/c1', 'workspace/a%b/policy', 'workspace/axb/audit/000000000001', 'workspace/a\\b/connection/c2', 'session/abc', 'catalog', 'workspace/a_b'];
      for (const key of keys) await store.set(key, { key });
      assert.deepEqual((await store.keys('workspace/a_b/')).sort(), ['workspace/a_b/connection/c1']);
      assert.deepEqual((await store.keys('workspace/a%')).sort(), ['workspace/a%b/policy']);
      assert.deepEqual((await store.keys('workspace/a\\')).sort(), ['workspace/a\\b/connection/c2']);
      assert.deepEqual((await store.keys('workspace/a_b')).sort(), ['workspace/a_b', 'workspace/a_b/connection/c1']);
      assert.deepEqual((await store.keys()).sort(), [...keys].sort());
      assert.deepEqual((await store.entries<{ key: string }>('')).map(([key, value]) => [key, value.key === key]).sort(), [...keys].sort().map((key) => [key, true]));
    });

    it('gives values back as JSON.stringify wrote them: key order, odd strings, numbers, null', async (store) => {
      const value = { z: 1, a: [1.5, -0.25, 1e21, null, true], m: { y: 'é\u0000\u2028"\\', b: {} }, empty: '' };
      const keys = ['workspace/w/connection/c', 'workspace/w/policy', 'workspace/w/audit/000000000007', 'session/s', 'doc'];
      for (const key of keys) await store.set(key, value);
      for (const key of keys) assert.equal(JSON.stringify(await store.get(key)), JSON.stringify(value), key);
      await store.set('scalar', 'text');
      assert.equal(await store.get('scalar'), 'text');
      await store.set('number', 42);
      assert.equal(await store.get('number'), 42);
    });

    it('a batch writes and deletes together', async (store) => {
      await store.set('k/old', 1);
      await store.batch([{ key: 'k/new', value: [1, 2] }, { key: 'k/old', delete: true }]);
      assert.deepEqual(await store.entries('k/'), [['k/new', [1, 2]]]);
    });

    it('a conditional batch writes only when every expectation holds, and otherwise writes nothing', async (store) => {
      await store.batch([{ key: 'v', value: 1 }, { key: 'doc', value: 'first' }], [{ key: 'v', equals: undefined }]);
      await assert.rejects(store.batch([{ key: 'v', value: 1 }], [{ key: 'v', equals: undefined }]), StoreConflictError);
      await assert.rejects(
        store.batch([{ key: 'v', value: 3 }, { key: 'doc', value: 'lost' }], [{ key: 'v', equals: 2 }]),
        (error: unknown) => error instanceof StoreConflictError && error.key === 'v',
      );
      assert.equal(await store.get('doc'), 'first');
      await store.batch([{ key: 'v', value: 2 }, { key: 'doc', value: 'second' }], [{ key: 'v', equals: 1 }]);
      assert.deepEqual([await store.get('v'), await store.get('doc')], [2, 'second']);
    });

    it('of many conditional batches racing on one value, exactly one wins each version', async (store) => {
      await store.set('counter', 0);
      const attempts = Array.from({ length: 20 }, (_, i) =>
        store.batch([{ key: 'counter', value: 1 }, { key: `winner/${i}`, value: i }], [{ key: 'counter', equals: 0 }]).then(
          () => 'won',
          (error: unknown) => (error instanceof StoreConflictError ? 'lost' : Promise.reject(error)),
        ),
      );
      const outcomes = await Promise.all(attempts);
      assert.equal(outcomes.filter((o) => o === 'won').length, 1);
      assert.equal((await store.keys('winner/')).length, 1);
      assert.equal(await store.get('counter'), 1);
    });
  });
}
