import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { KeyedLock } from '../../mock-server/store/store.ts';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ik-store-'));
  dirs.push(dir);
  return dir;
}
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('FileStore', () => {
  it('gets, sets, deletes and lists keys by prefix', async () => {
    const store = new FileStore(await tempDir());
    assert.equal(await store.get('workspace/acme'), undefined);
    await store.set('workspace/acme', { connections: [1] });
    await store.set('workspace/globex', { connections: [] });
    await store.set('catalog', { providers: [] });
    assert.deepEqual(await store.get('workspace/acme'), { connections: [1] });
    assert.deepEqual((await store.keys('workspace/')).sort(), ['workspace/acme', 'workspace/globex']);
    await store.delete('workspace/acme');
    assert.equal(await store.get('workspace/acme'), undefined);
    await store.delete('workspace/acme'); // deleting twice is fine
  });

  it('ignores and cleans up temp files left by an interrupted write', async () => {
    const dir = await tempDir();
    await new FileStore(dir).set('catalog', { v: 1 });
    const store = new FileStore(dir);
    await writeFile(`${store.pathFor('catalog')}.tmp-crashed`, '{"v": 2, "trunc');
    assert.deepEqual(await store.get('catalog'), { v: 1 });
    assert.deepEqual(await store.keys(), ['catalog']);
    assert.deepEqual(await readdir(dir), [basename(store.pathFor('catalog'))]);
  });

  it('takes any key: long ones, odd characters, and keys differing only in case', async () => {
    const store = new FileStore(await tempDir());
    const long = `workspace/${'a:'.repeat(200)}`;
    await store.set(long, 1);
    await store.set('workspace/ACME', 2);
    await store.set('workspace/acme', 3);
    await store.set('../../etc/passwd', 4);
    assert.deepEqual([await store.get(long), await store.get('workspace/ACME'), await store.get('workspace/acme'), await store.get('../../etc/passwd')], [1, 2, 3, 4]);
    assert.deepEqual((await store.keys('workspace/')).sort(), [long, 'workspace/ACME', 'workspace/acme'].sort());
  });

  it('never leaves a half-written file when the process is killed mid-write', async () => {
    const dir = await tempDir();
    // A child process rewrites a large document in a loop; we kill it with SIGKILL at random.
    const script = `
      import { FileStore } from ${JSON.stringify(join(PROJECT_ROOT, 'mock-server/store/file-store.ts'))};
      const store = new FileStore(${JSON.stringify(dir)});
      const big = 'x'.repeat(24_000_000);
      for (let i = 0; ; i++) { await store.set('doc', { i, big }); if (i === 0) console.log('ready'); }
    `;
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const text = await readFile(new FileStore(dir).pathFor('doc'), 'utf8');
      const doc = (JSON.parse(text) as { value: { i: number; big: string } }).value;
      assert.equal(doc.big.length, 24_000_000);
      const store = new FileStore(dir);
      assert.equal(((await store.get('doc')) as { i: number }).i, doc.i);
    }
  });
});

describe('KeyedLock', () => {
  it('runs work on the same key one after another, and survives a failure', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = lock.run('k', async () => {
      await new Promise((r) => setTimeout(r, 30));
      order.push('first');
      throw new Error('boom');
    });
    const fast = lock.run('k', async () => void order.push('second'));
    await assert.rejects(slow, /boom/);
    await fast;
    assert.deepEqual(order, ['first', 'second']);
  });
});
