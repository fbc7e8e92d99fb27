import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredConnection } from '../../mock-server/data/workspace-repo.ts';
import { CredentialCache } from '../../mock-server/services/credential-cache.ts';

const row = (id: string, ct: string): StoredConnection =>
  ({ id, workspaceId: 'acme', provider: 'openai', secret: { alg: 'A256GCM', iv: 'aXY=', ct } }) as unknown as StoredConnection;

describe('the decrypted-key cache', () => {
  it('answers only for the ciphertext it was filled from', () => {
    const cache = new CredentialCache();
    cache.set(row('conn_1', 'Y3Qx'), { apiKey: 'first' });
    assert.deepEqual(cache.get(row('conn_1', 'Y3Qx')), { apiKey: 'first' });
    assert.equal(cache.get(row('conn_1', 'Y3Qy')), undefined, 'a rotated key is decrypted again');
    assert.equal(cache.get(row('conn_1', 'Y3Qx')), undefined, 'and the stale entry is gone');
    assert.equal(cache.get({ ...row('conn_1', 'Y3Qx'), secret: undefined } as StoredConnection), undefined, 'a row without a key has none');
  });

  it('keeps at most `max` entries, dropping the least recently used, and forgets them after the TTL', () => {
    let now = 0;
    const cache = new CredentialCache(2, 1000, () => now);
    cache.set(row('a', 'YQ=='), { k: 'a' });
    cache.set(row('b', 'Yg=='), { k: 'b' });
    cache.get(row('a', 'YQ=='));
    cache.set(row('c', 'Yw=='), { k: 'c' });
    assert.equal(cache.size, 2);
    assert.equal(cache.get(row('b', 'Yg==')), undefined, 'b was the least recently used');
    assert.ok(cache.get(row('a', 'YQ==')));
    now = 1001;
    assert.equal(cache.get(row('a', 'YQ==')), undefined, 'expired');
  });

  it('hands out frozen copies', () => {
    const cache = new CredentialCache();
    const given = { apiKey: 'x' };
    const kept = cache.set(row('a', 'YQ=='), given);
    given.apiKey = 'changed';
    assert.equal(cache.get(row('a', 'YQ=='))!.apiKey, 'x');
    assert.throws(() => ((kept as { apiKey: string }).apiKey = 'y'));
  });
});
