import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { parseKeyring } from '../../mock-server/keys/keyring.ts';
import { dataKeyRecord } from '../../mock-server/keys/data-keys.ts';
import { connectionKey, type StoredConnection } from '../../mock-server/data/workspace-repo.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { ConfigError, generateEncryptionKey } from '../../mock-server/vault.ts';
import { loadSampleKeys, readDataDir, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ik-keys-'));
  dirs.push(dir);
  return dir;
}

const k1 = generateEncryptionKey();
const k2 = generateEncryptionKey();
const start = (dataDir: string, keys: string) => startTestServer({ dataDir, encryptionKeys: keys });
const resolve = (server: TestServer, workspaceId: string) => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId, provider: 'openai' } });
const rewrap = (server: TestServer) => server.call('POST', '/admin/keys/rewrap', { token: TOKENS.service });

/** A store where acme and globex each saved a key under master key k1 (the test server's data dir). */
async function storeUnderK1(): Promise<string> {
  const dataDir = await tempDir();
  const samples = await loadSampleKeys();
  const server = await start(dataDir, `k1:${k1}`);
  try {
    for (const [token, workspaceId] of [[TOKENS.acmeAdmin, 'acme'], [TOKENS.globexAdmin, 'globex']] as const) {
      const saved = await server.call('POST', '/provider-connections', { token, body: { workspaceId, provider: 'openai', credentialPayload: samples.openai } });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
    }
  } finally {
    await server.close();
  }
  return dataDir;
}

describe('master keys: IK_ENCRYPTION_KEYS', () => {
  it('parses ids and keys, newest first, and names the variable and the id (never a key) when one is wrong', () => {
    assert.deepEqual(parseKeyring({ IK_ENCRYPTION_KEYS: `k2:${k2}, k1:${k1}` }).map(([id]) => id), ['k2', 'k1']);
    assert.deepEqual(parseKeyring({ IK_ENCRYPTION_KEY: k1 }).map(([id]) => id), ['default']);
    const bad: [string, RegExp][] = [
      [`${k1}`, /entry 1 must be id:base64-key/],
      [`k1:${k1},k1:${k2}`, /"k1" appears twice/],
      [`k1:${k1},k2:not-base64!`, /IK_ENCRYPTION_KEYS \(key "k2"\) is not valid base64/],
      [`k1:${k1.slice(0, 20)}`, /IK_ENCRYPTION_KEYS \(key "k1"\) /],
      [`bad id:${k1}`, /entry 1/],
    ];
    for (const [value, expected] of bad) {
      assert.throws(() => parseKeyring({ IK_ENCRYPTION_KEYS: value }), (error: Error) => error instanceof ConfigError && expected.test(error.message) && !error.message.includes(k1) && !error.message.includes(k2), value);
    }
  });
});

describe('master-key rotation', () => {
  it('write under k1, add k2, rewrap, remove k1, restart: every credential still resolves; data keys moved, secrets not re-encrypted', async () => {
    const dataDir = await storeUnderK1();
    const samples = await loadSampleKeys();
    const secretOf = async (workspaceId: string) => {
      const store = new FileStore(dataDir);
      const [record] = (await store.entries<StoredConnection>(`workspace/${workspaceId}/connection/`)).map(([, value]) => value);
      return JSON.stringify(record!.secret);
    };
    const before = { acme: await secretOf('acme'), globex: await secretOf('globex') };
    assert.match(before.acme, /"dk":1/, 'under its workspace data key');

    const both = await start(dataDir, `k2:${k2},k1:${k1}`);
    try {
      const first = await rewrap(both);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual({ ...first.body }, { reencrypted: 0, rewrapped: 2, unreadable: 0, currentKeyId: 'k2', dataKeysByKeyId: { k2: 2 } });
      // Run again: nothing left to do.
      assert.equal((await rewrap(both)).body.rewrapped, 0);
      assert.deepEqual((await resolve(both, 'acme')).body.credential, samples.openai);
    } finally {
      await both.close();
    }
    // Rotation rewrapped the data keys: the credentials' own ciphertexts did not change.
    assert.deepEqual({ acme: await secretOf('acme'), globex: await secretOf('globex') }, before);
    const wrapped = JSON.parse((await new FileStore(dataDir).get<string>(dataKeyRecord('acme')))!);
    assert.equal(wrapped.kid, 'k2');

    const onlyK2 = await start(dataDir, `k2:${k2}`);
    try {
      for (const workspaceId of ['acme', 'globex']) assert.deepEqual((await resolve(onlyK2, workspaceId)).body.credential, samples.openai, workspaceId);
    } finally {
      await onlyK2.close();
    }
  });

  it('refuses to start when stored data needs a key the keyring lacks, naming its id, and changes nothing', async () => {
    const dataDir = await storeUnderK1();
    const snapshot = await readDataDir(dataDir);
    await assert.rejects(start(dataDir, `k2:${k2}`), (error: Error) => error instanceof ConfigError && /needs the master key "k1"/.test(error.message));
    await assert.rejects(start(dataDir, `k1:${k2}`), (error: Error) => error instanceof ConfigError && /"k1" in IK_ENCRYPTION_KEYS is not the key/.test(error.message));
    assert.deepEqual(await readDataDir(dataDir), snapshot);
  });

  it('a data key record moved to another workspace, or tampered with, is refused at start-up', async () => {
    const dataDir = await storeUnderK1();
    const store = new FileStore(dataDir);
    const acme = (await store.get<string>(dataKeyRecord('acme')))!;
    await store.set(dataKeyRecord('globex'), acme);
    await assert.rejects(start(dataDir, `k1:${k1}`), (error: Error) => error instanceof ConfigError && /not the key the stored data was written with/.test(error.message));
  });

  it('a credential copied to another row of the same workspace does not decrypt there', async () => {
    const dataDir = await storeUnderK1();
    const samples = await loadSampleKeys();
    const server = await start(dataDir, `k1:${k1}`);
    try {
      const saved = await server.call('POST', '/provider-connections', { token: TOKENS.acmeAdmin, body: { workspaceId: 'acme', provider: 'anthropic', credentialPayload: samples.anthropic } });
      assert.equal(saved.status, 201);
    } finally {
      await server.close();
    }
    const store = new FileStore(dataDir);
    const records = (await store.entries<StoredConnection>('workspace/acme/connection/')).map(([, value]) => value);
    const openai = records.find((r) => r.provider === 'openai')!;
    const anthropic = records.find((r) => r.provider === 'anthropic')!;
    await store.set(connectionKey('acme', anthropic.id), { ...anthropic, secret: openai.secret });
    const again = await start(dataDir, `k1:${k1}`);
    try {
      const resolved = await again.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'anthropic' } });
      assert.equal(resolved.body.error?.code, 'credential_unreadable');
      assert.deepEqual((await resolve(again, 'acme')).body.credential, samples.openai);
    } finally {
      await again.close();
    }
  });

  it('a store written before key ids (one IK_ENCRYPTION_KEY) opens, rewraps onto data keys, and then needs only the new key', async () => {
    const fixture = join(PROJECT_ROOT, 'test/fixtures/old-layout-store');
    const expected = JSON.parse(await readFile(join(fixture, 'expected.json'), 'utf8'));
    const dataDir = await tempDir();
    await cp(join(fixture, 'store'), dataDir, { recursive: true });
    const samples = await loadSampleKeys();
    // Without the old key the server does not start.
    await assert.rejects(start(dataDir, `new:${k2}`), (error: Error) => error instanceof ConfigError && /written before key ids/.test(error.message));

    const both = await start(dataDir, `new:${k2},old:${expected.encryptionKey}`);
    let report: Awaited<ReturnType<typeof rewrap>>;
    try {
      report = await rewrap(both);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.ok(report.body.reencrypted >= 2, JSON.stringify(report.body));
      assert.equal(report.body.unreadable, 0);
      assert.deepEqual(Object.keys(report.body.dataKeysByKeyId), ['new']);
    } finally {
      await both.close();
    }
    // Every secret is now under a data key: none is left under a master key.
    const secrets = (await new FileStore(dataDir).entries<StoredConnection>('workspace/')).filter(([key]) => key.includes('/connection/')).map(([, r]) => r.secret).filter(Boolean);
    assert.equal(secrets.length, report.body.reencrypted);
    assert.ok(secrets.every((secret) => secret!.dk === 1));
    const onlyNew = await start(dataDir, `new:${k2}`);
    try {
      assert.deepEqual((await resolve(onlyNew, 'acme')).body.credential, samples.openai);
      assert.equal((await resolve(onlyNew, 'globex')).body.source, 'byo');
    } finally {
      await onlyNew.close();
    }
  });

  it('rewrap beside saves in flight loses none of them', async () => {
    const dataDir = await storeUnderK1();
    const samples = await loadSampleKeys();
    const server = await start(dataDir, `k2:${k2},k1:${k1}`);
    try {
      const saves = ['anthropic', 'stripe', 'openai'].map((provider) =>
        server.call('POST', '/provider-connections', { token: TOKENS.acmeAdmin, body: { workspaceId: 'acme', provider, credentialPayload: samples[provider] } }),
      );
      const [report, ...saved] = await Promise.all([rewrap(server), ...saves]);
      assert.equal(report!.status, 200);
      for (const answer of saved) assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.body));
    } finally {
      await server.close();
    }
    const onlyK2 = await start(dataDir, `k2:${k2}`);
    try {
      for (const provider of ['anthropic', 'stripe', 'openai']) {
        const resolved = await onlyK2.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider } });
        assert.deepEqual(resolved.body.credential, samples[provider], provider);
      }
    } finally {
      await onlyK2.close();
    }
  });

  it('rewrap answers only the service token', async () => {
    const server = await start(await tempDir(), `k1:${k1}`);
    try {
      for (const token of [TOKENS.acmeAdmin, TOKENS.platformAdmin, null]) {
        const answer = await server.call('POST', '/admin/keys/rewrap', { token });
        assert.ok(answer.status === 401 || answer.status === 403, `${token}: ${answer.status}`);
      }
    } finally {
      await server.close();
    }
  });
});
