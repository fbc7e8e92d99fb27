import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { MemoryStore } from '../../mock-server/store/memory-store.ts';
import { storeContract } from '../support/store-contract.ts';
import { pgliteStore, postgresSkip, postgresStore } from '../support/sql.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

storeContract('MemoryStore', async () => new MemoryStore());
storeContract('FileStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ik-store-contract-'));
  dirs.push(dir);
  return new FileStore(dir);
});

storeContract('SqlStore on PGlite', pgliteStore);
storeContract('SqlStore on PostgreSQL', postgresStore, { skip: postgresSkip() });
