import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { generateEncryptionKey } from '../../mock-server/vault.ts';

/** Runs the standalone server; resolves when it exits or once it prints its URL (or `until`). */
function runServer(env: Record<string, string | undefined>, until = 'http://'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, PORT: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes(until)) child.kill();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the server refuses to start without a valid encryption key', () => {
  it('names the variable when the key is missing', async () => {
    const { code, stderr } = await runServer({});
    assert.equal(code, 1);
    assert.match(stderr, /IK_ENCRYPTION_KEY is not set/);
  });

  for (const [what, value] of [
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['not base64', 'this is certainly not base64!'],
  ]) {
    it(`names the variable and hides the value when the key is ${what}`, async () => {
      const { code, stderr } = await runServer({ IK_ENCRYPTION_KEY: value });
      assert.equal(code, 1);
      assert.match(stderr, /IK_ENCRYPTION_KEY/);
      assert.ok(!stderr.includes(value!), 'the key value must not be printed');
    });
  }

  it('starts with a valid key and prints its URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ik-start-'));
    try {
      const { stdout } = await runServer({ IK_ENCRYPTION_KEY: generateEncryptionKey(), IK_DATA_DIR: dataDir });
      assert.match(stdout, /mock server: http:\/\/127\.0\.0\.1:\d+\/api\/integrations/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says where browsers reach it when a proxy serves it on a public origin', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ik-start-'));
    try {
      const { stdout } = await runServer({ IK_ENCRYPTION_KEY: generateEncryptionKey(), IK_DATA_DIR: dataDir, IK_PUBLIC_ORIGIN: 'https://app.example.com/' }, '(IK_PUBLIC_ORIGIN)');
      assert.match(stdout, /^ {2}browsers reach it through a proxy at: https:\/\/app\.example\.com\/api\/integrations \(IK_PUBLIC_ORIGIN\)$/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('names a broken configuration file instead of crashing', async () => {
    const { code, stderr } = await runServer({ IK_ENCRYPTION_KEY: generateEncryptionKey(), IK_PRINCIPALS_FILE: 'package.json' });
    assert.equal(code, 1);
    assert.match(stderr, /principals file/);
  });
});

describe('start-up output never carries a secret', () => {
  const secret = 'ik-startup-secret-value-0123456789';
  for (const [variable, value] of [
    ['IK_SERVICE_TOKEN', 'short-sec'],
    ['IK_OAUTH_CLIENTS', `{"github":{"clientId":"x","clientSecret":"${secret}"`],
    ['IK_OAUTH_CLIENTS', `{"github":{"clientId":"x","clientSecret":"${secret}","extra":"${secret}"}}`],
    ['IK_OAUTH_CLIENTS', `{"github":{"clientSecret":"${secret}"}}`],
    ['IK_PLATFORM_KEYS', `{"openai":{"apiKey":"${secret}"`],
    ['IK_PLATFORM_KEYS', `{"openai":"${secret}"}`],
    ['IK_PUBLIC_ORIGIN', `https://admin:${secret}@app.example.com`],
    ['IK_PUBLIC_ORIGIN', `https://app.example.com/${secret}`],
  ] as const) {
    it(`a bad ${variable} is named, its value never printed`, async () => {
      const { code, stdout, stderr } = await runServer({ IK_ENCRYPTION_KEY: generateEncryptionKey(), [variable]: value });
      assert.equal(code, 1, stdout + stderr);
      assert.match(stderr, new RegExp(variable));
      for (const printed of [value, secret, 'short-sec']) assert.ok(!(stdout + stderr).includes(printed), `${variable}: "${printed}" was printed:\n${stderr}`);
    });
  }

  it('a good configuration starts without printing its key, service token or client secrets', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ik-start-'));
    const key = generateEncryptionKey();
    try {
      const { stdout, stderr } = await runServer({
        IK_ENCRYPTION_KEY: key,
        IK_DATA_DIR: dataDir,
        IK_SERVICE_TOKEN: secret,
        IK_OAUTH_CLIENTS: `{"github":{"clientId":"ik-client","clientSecret":"${secret}-client"}}`,
        IK_PLATFORM_KEYS: `{"openai":{"apiKey":"${secret}-platform"}}`,
      });
      assert.match(stdout, /mock server: http:/);
      for (const printed of [key, secret]) assert.ok(!(stdout + stderr).includes(printed));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('without a service token it warns by naming the variable only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ik-start-'));
    try {
      const { stdout, stderr } = await runServer({ IK_ENCRYPTION_KEY: generateEncryptionKey(), IK_DATA_DIR: dataDir });
      assert.match(stdout, /mock server: http:/);
      assert.match(stderr, /^No service token configured \(IK_SERVICE_TOKEN\): \/resolve refuses every caller\.$/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
