import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToBase64 } from '../../mock-server/util/base64.ts';
import { ConfigError, generateEncryptionKey, parseEncryptionKey, Vault, VaultError } from '../../mock-server/vault.ts';
import { nodeCipher } from '../../mock-server/vault-node.ts';

const row = { workspaceId: 'acme', provider: 'openai', connectionId: 'conn_1' };

describe('vault (AES-256-GCM at rest)', () => {
  it('round-trips a credential and never produces the plaintext', async () => {
    const vault = await Vault.fromBase64(generateEncryptionKey());
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    const blob = await vault.encrypt(secret, row);
    assert.equal(blob.alg, 'A256GCM');
    assert.ok(!JSON.stringify(blob).includes(secret));
    assert.equal(await vault.decrypt(blob, row), secret);
  });

  it('uses a fresh 96-bit IV for every write', async () => {
    const vault = await Vault.fromBase64(generateEncryptionKey());
    const a = await vault.encrypt('same value', row);
    const b = await vault.encrypt('same value', row);
    assert.equal(Buffer.from(a.iv, 'base64').length, 12);
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.ct, b.ct);
  });

  it('binds the ciphertext to workspace, provider and connection id (AAD)', async () => {
    const vault = await Vault.fromBase64(generateEncryptionKey());
    const blob = await vault.encrypt('sk-proj-abcdefghijklmnopqrstuvwxyz0123', row);
    for (const moved of [
      { ...row, workspaceId: 'globex' },
      { ...row, provider: 'anthropic' },
      { ...row, connectionId: 'conn_2' },
    ]) {
      await assert.rejects(vault.decrypt(blob, moved), VaultError);
    }
  });

  it('rejects a tampered ciphertext and a different key', async () => {
    const vault = await Vault.fromBase64(generateEncryptionKey());
    const blob = await vault.encrypt('secret-value-123456', row);
    const bytes = Buffer.from(blob.ct, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    await assert.rejects(vault.decrypt({ ...blob, ct: bytes.toString('base64') }, row), VaultError);
    const other = await Vault.fromBase64(generateEncryptionKey());
    await assert.rejects(other.decrypt(blob, row), VaultError);
  });

  it('refuses unusable keys, naming the variable and never echoing the value', () => {
    const tooShort = bytesToBase64(new Uint8Array(16).fill(7));
    for (const raw of [undefined, '', '   ', 'not base64 at all!!', tooShort]) {
      assert.throws(
        () => parseEncryptionKey(raw),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /IK_ENCRYPTION_KEY/);
          if (raw?.trim()) assert.ok(!error.message.includes(raw.trim()), 'the message must not echo the key');
          return true;
        },
      );
    }
    assert.equal(parseEncryptionKey(generateEncryptionKey()).length, 32);
  });

  it('node:crypto (the Node server) and WebCrypto (the browser) read each other\'s ciphertexts, with the same binding', async () => {
    const key = generateEncryptionKey();
    const web = await Vault.fromBase64(key);
    const node = await Vault.fromBase64(key, undefined, nodeCipher);
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    assert.equal(await node.decrypt(await web.encrypt(secret, row), row), secret);
    assert.equal(await web.decrypt(await node.encrypt(secret, row), row), secret);
    const blob = await node.encrypt(secret, row);
    await assert.rejects(node.decrypt(blob, { ...row, connectionId: 'conn_2' }), VaultError);
    const bytes = Buffer.from(blob.ct, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    await assert.rejects(node.decrypt({ ...blob, ct: bytes.toString('base64') }, row), VaultError);
    await assert.rejects(node.decrypt({ ...blob, ct: 'AAAA' }, row), VaultError);
    await assert.rejects(node.decrypt({ ...blob, iv: '' }, row), VaultError);
    await assert.rejects((await Vault.fromBase64(generateEncryptionKey(), undefined, nodeCipher)).decrypt(blob, row), VaultError);
  });
});
