import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { openStore } from '../../mock-server/store/open-store.ts';
import { postgresSkip, testStoreConfig } from '../support/sql.ts';
import { loadSampleKeys, readDataDir, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

async function readTree(dir: string): Promise<string> {
  let all = '';
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    all += entry.isDirectory() ? await readTree(path) : (await readFile(path)).toString('latin1');
  }
  return all;
}

/**
 * Base64 fragments that would appear if `secret` were base64-encoded anywhere, at any of the
 * three byte alignments (inside a larger encoded blob, say). Edge characters, which depend on
 * the neighbouring bytes, are dropped.
 */
function base64Fragments(secret: string): string[] {
  return [0, 1, 2].flatMap((shift) => {
    const encoded = Buffer.from('\0'.repeat(shift) + secret).toString('base64');
    const core = encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4);
    return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
  });
}

describe('credentials at rest', () => {
  let server: TestServer;
  let secrets: string[];

  before(async () => {
    server = await startTestServer();
    const samples = await loadSampleKeys();
    secrets = [];
    for (const provider of ['openai', 'anthropic', 'stripe', 'twilio', 'elevenlabs']) {
      const payload = samples[provider]!;
      const { status } = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider, credentialPayload: payload } });
      assert.equal(status, 201);
      secrets.push(...Object.entries(payload).filter(([field]) => field !== 'accountSid').map(([, value]) => value));
    }
  });
  after(() => server.stop());

  it('holds no plaintext key, nor its base64, anywhere in the data directory', async () => {
    const everything = await readTree(server.dataDir);
    assert.ok(everything.includes('A256GCM'), 'the store holds encrypted credentials');
    for (const secret of secrets) {
      assert.ok(!everything.includes(secret), 'plaintext key found on disk');
      for (const fragment of base64Fragments(secret)) assert.ok(!everything.includes(fragment), 'base64 of a key found on disk');
      assert.ok(!everything.includes(Buffer.from(secret).toString('hex')), 'hex of a key found on disk');
    }
  });

  it('never writes a key to the log', () => {
    assert.ok(server.logger.lines.length > 5, 'requests were logged');
    const log = server.logger.lines.join('\n');
    for (const secret of secrets) assert.ok(!log.includes(secret));
  });

  it('refuses a ciphertext moved to another row (AAD), without a 500 and without losing the row', async () => {
    const store = new FileStore(server.dataDir);
    const records = await store.entries<any>('workspace/acme/connection/');
    const [[openaiKey, openai], [anthropicKey, anthropic]] = ['openai', 'anthropic'].map((p) => records.find(([, c]) => c.provider === p)!) as [[string, any], [string, any]];
    // An attacker with write access to the store swaps the two encrypted keys.
    [openai.secret, anthropic.secret] = [anthropic.secret, openai.secret];
    for (const [key, record] of [[openaiKey, openai], [anthropicKey, anthropic]]) {
      const file = store.pathFor(key);
      const envelope = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(file, JSON.stringify({ ...envelope, value: record }));
    }

    const restarted = await startTestServer({ dataDir: server.dataDir, encryptionKey: server.config.encryptionKey });
    try {
      const resolved = await restarted.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai' } });
      assert.equal(resolved.status, 409);
      assert.equal(resolved.body.error.code, 'credential_unreadable');
      const tested = await restarted.call('POST', `/provider-connections/${openai.id}/test`);
      assert.equal(tested.body.error.code, 'credential_unreadable');
      // Pasting the key again repairs the row.
      const samples = await loadSampleKeys();
      const repaired = await restarted.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai } });
      assert.equal(repaired.status, 200);
      assert.equal(repaired.body.connection.id, openai.id);
      const again = await restarted.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai' } });
      assert.deepEqual(again.body.credential, samples.openai);
    } finally {
      await restarted.close();
    }
  });

  it('refuses to start with another encryption key, naming the key id and changing nothing', async () => {
    const before = await readDataDir(server.dataDir);
    await assert.rejects(startTestServer({ dataDir: server.dataDir }), (error: Error) => {
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, /master key "default" in IK_ENCRYPTION_KEYS is not the key the stored data was written with/);
      return true;
    });
    assert.deepEqual(await readDataDir(server.dataDir), before);
  });
});

describe('credentials at rest in the SQL stores', () => {
  for (const engine of ['pglite', 'postgres'] as const) {
    it(`${engine}: no plaintext key, nor its base64 or hex, in the database files or any record`, { skip: engine === 'postgres' && postgresSkip() }, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'ik-at-rest-'));
      const server = await startTestServer({ dataDir, store: await testStoreConfig(dataDir, engine) });
      try {
        const samples = await loadSampleKeys();
        const secrets: string[] = [];
        for (const provider of ['openai', 'anthropic', 'stripe']) {
          const { status } = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider, credentialPayload: samples[provider] } });
          assert.equal(status, 201);
          secrets.push(...Object.values(samples[provider]!));
        }
        await server.close(); // PGlite writes its files through on close: all of it is on disk now
        const reopened = await openStore(server.config);
        const records = JSON.stringify(await reopened.entries(''));
        await reopened.close?.();
        const files = engine === 'pglite' ? await readTree(dataDir) : '';
        assert.ok(records.includes('A256GCM'), 'the store holds encrypted credentials');
        if (engine === 'pglite') assert.ok(files.includes('A256GCM'), 'the database files hold them too (the scan reads what it should)');
        for (const secret of secrets) {
          for (const text of [records, files]) {
            assert.ok(!text.includes(secret), 'plaintext key stored');
            for (const fragment of base64Fragments(secret)) assert.ok(!text.includes(fragment), 'base64 of a key stored');
            assert.ok(!text.includes(Buffer.from(secret).toString('hex')), 'hex of a key stored');
          }
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
