import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Store, StoreConflictError } from '../../mock-server/store/store.ts';

/**
 * What every Store must do, run against each implementation (`make` returns an empty store).
 * Engines that add a store (SQL) run it too.
 */
export function storeContract(name: string, make: () => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    it('gets, sets, deletes, lists keys and entries by prefix', async () => {
      const store = await make();
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

    it('a batch writes and deletes together', async () => {
      const store = await make();
      await store.set('k/old', 1);
      await store.batch([{ key: 'k/new', value: [1, 2] }, { key: 'k/old', delete: true }]);
      assert.deepEqual(await store.entries('k/'), [['k/new', [1, 2]]]);
    });

    it('a conditional batch writes only when every expectation holds, and otherwise writes nothing', async () => {
      const store = await make();
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

    it('of many conditional batches racing on one value, exactly one wins each version', async () => {
      const store = await make();
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
