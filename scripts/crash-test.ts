/**
 * Crash safety of a store engine: a mock server process takes a stream of writes (renames of
 * connections, new sessions) and is killed with SIGKILL at a random moment, again and again.
 * After each kill the store is opened directly and checked: every write the server acknowledged
 * is there, every record reads back as JSON, and the audit trail has no hole. The next round
 * restarts the server on the same data.
 *
 * `npm run crash-test -- 100` (100 rounds on PGlite, and on PostgreSQL when TEST_DATABASE_URL is
 * set); `-- 100 --engine pglite|postgres|file` for one. The test suite runs a few rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { auditKey, connectionKey } from '../mock-server/data/workspace-repo.ts';
import { openStore, type StoreConfig } from '../mock-server/store/open-store.ts';
import { sha256Hex } from '../mock-server/util/hash.ts';
import { generateEncryptionKey } from '../mock-server/vault.ts';
import { SCRATCH_SERVICE_TOKEN, scratchServerEnv, startNode } from './node-process.ts';

export type CrashEngine = StoreConfig['engine'];

export interface CrashReport {
  rounds: number;
  /** Writes acknowledged before a kill, all found afterwards. */
  acknowledged: number;
  /** Writes cut off by a kill (no answer): either outcome is correct. */
  unanswered: number;
  /** The records read and parsed after the last round. */
  records: number;
}

const PROVIDERS = ['openai', 'anthropic', 'stripe', 'twilio'];
const WORKERS = 6;

interface Acked {
  sessions: string[];
  /** Per connection id, the last acknowledged version and the name it set. */
  connections: Map<string, { version: number; displayName: string }>;
}

function storeEnv(engine: CrashEngine, databaseUrl: string | undefined): Record<string, string> {
  if (engine === 'postgres') return { IK_STORE: 'postgres', DATABASE_URL: databaseUrl! };
  return { IK_STORE: engine };
}

/** Runs `rounds` kill-and-check rounds on a new data directory (or database); throws at the first lost or broken write. */
export async function crashRounds(options: { engine: CrashEngine; rounds: number; databaseUrl?: string; log?: (line: string) => void }): Promise<CrashReport> {
  const { engine, rounds } = options;
  if (engine === 'postgres' && !options.databaseUrl) throw new Error('the postgres engine needs a database URL');
  const dataDir = await mkdtemp(join(tmpdir(), `ik-crash-${engine}-`));
  const env = { ...scratchServerEnv(dataDir), IK_ENCRYPTION_KEY: generateEncryptionKey(), IK_TESTS_PER_MINUTE: '100000', ...storeEnv(engine, options.databaseUrl) };
  const storeConfig: StoreConfig = engine === 'postgres' ? { engine, url: options.databaseUrl! } : engine === 'pglite' ? { engine, dir: join(dataDir, 'pglite') } : { engine };
  const acked: Acked = { sessions: [], connections: new Map() };
  const report: CrashReport = { rounds: 0, acknowledged: 0, unanswered: 0, records: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      const server = await startNode(['--import', 'tsx', 'mock-server/main.ts'], { env, ready: /mock server: (http:\/\/\S+?)\/api\/integrations/, timeoutMs: 60_000 });
      const origin = server.ready[1]!;
      const call = async (path: string, body: unknown, token = 'demo-acme-admin') => {
        const response = await fetch(`${origin}/api/integrations${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as any };
      };
      let killed = false;
      const stream = async (worker: number) => {
        for (let i = 0; !killed; i++) {
          try {
            if ((worker + i) % 3 === 0) {
              const minted = await call('/sessions', { userId: `user${worker}`, workspaceId: 'acme', role: 'member' }, SCRATCH_SERVICE_TOKEN);
              if (minted.status !== 201) throw new Error(`POST /sessions answered ${minted.status}: ${JSON.stringify(minted.body)}`);
              acked.sessions.push(minted.body.token);
            } else {
              const displayName = `r${round} w${worker} #${i}`;
              const saved = await call('/provider-connections', { workspaceId: 'acme', provider: PROVIDERS[(worker + i) % PROVIDERS.length], displayName });
              if (saved.status !== 200 && saved.status !== 201) throw new Error(`POST /provider-connections answered ${saved.status}: ${JSON.stringify(saved.body)}`);
              const { id, version } = saved.body.connection;
              const known = acked.connections.get(id);
              if (!known || known.version < version) acked.connections.set(id, { version, displayName });
            }
            report.acknowledged += 1;
          } catch (error) {
            if (!killed) throw error;
            report.unanswered += 1;
          }
        }
      };
      const writers = Array.from({ length: WORKERS }, (_, w) => stream(w));
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 900));
      killed = true;
      server.child.kill('SIGKILL');
      await new Promise((resolve) => (server.child.exitCode === null && server.child.signalCode === null ? server.child.once('exit', resolve) : resolve(undefined)));
      await Promise.all(writers);
      report.records = await check(storeConfig, dataDir, acked);
      report.rounds += 1;
      options.log?.(`round ${round + 1}/${rounds}: ${report.acknowledged} writes acknowledged so far, all present; ${report.records} records parse`);
    }
    return report;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A new database on the server of `serverUrl`, and a way to drop it. */
export async function scratchDatabase(serverUrl: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ik_scratch_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Opens the store as the server left it and checks it; returns how many records it read. */
async function check(config: StoreConfig, dataDir: string, acked: Acked): Promise<number> {
  const store = await openStore({ dataDir, store: config });
  try {
    const entries = await store.entries<unknown>('');
    for (const [key, value] of entries) {
      // Version counters are numbers; a data key is its wrapped key as a JSON string (compared whole
      // by conditional writes); the keyring's marker is a flag; every other record is an object.
      const ok = /-version\/|^catalog-revision$/.test(key)
        ? Number.isInteger(value)
        : key.startsWith('datakey/')
          ? typeof value === 'string' && ['kid', 'iv', 'ct'].every((field) => typeof (JSON.parse(value) as Record<string, unknown>)[field] === 'string')
          : key.startsWith('keyring/')
            ? value === true
            : value !== null && typeof value === 'object';
      if (!ok) throw new Error(`${key} does not hold what it should: ${JSON.stringify(value)}`);
    }
    for (const token of acked.sessions) {
      if (!(await store.get(`session/${await sha256Hex(token)}`))) throw new Error('an acknowledged session is missing');
    }
    for (const [id, { version, displayName }] of acked.connections) {
      const stored = await store.get<{ version: number; displayName: string }>(connectionKey('acme', id));
      if (!stored) throw new Error(`acknowledged connection ${id} is missing`);
      if (stored.version < version) throw new Error(`connection ${id} is at version ${stored.version}, but version ${version} was acknowledged`);
      if (stored.version === version && stored.displayName !== displayName) throw new Error(`connection ${id} at version ${version} is named "${stored.displayName}", acknowledged "${displayName}"`);
    }
    // Audit entries are written in the batch of their change: the kept ones are consecutive.
    const seqs = entries.filter(([key]) => key.startsWith('workspace/acme/audit/')).map(([key]) => Number(key.slice(key.lastIndexOf('/') + 1))).sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) {
      if (seqs[i] !== seqs[i - 1]! + 1) throw new Error(`the audit trail has a hole: ${auditKey('acme', seqs[i - 1]!)} is followed by ${auditKey('acme', seqs[i]!)}`);
    }
    return entries.length;
  } finally {
    await store.close?.();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 100);
  const only = args.includes('--engine') ? (args[args.indexOf('--engine') + 1] as CrashEngine) : undefined;
  const server = process.env.TEST_DATABASE_URL || undefined;
  const engines: CrashEngine[] = only ? [only] : server ? ['pglite', 'postgres'] : ['pglite'];
  if (!only && !server) console.log('notice: TEST_DATABASE_URL is not set: PostgreSQL is left out (scripts/pg-cluster.sh starts a throwaway server).');
  for (const engine of engines) {
    const started = performance.now();
    const database = engine === 'postgres' ? await scratchDatabase(server) : undefined;
    try {
      const report = await crashRounds({ engine, rounds, ...(database && { databaseUrl: database.url }), log: (line) => console.log(`${engine} ${line}`) });
      console.log(`${engine}: ${report.rounds} SIGKILLs, ${report.acknowledged} acknowledged writes all present, ${report.unanswered} cut off, ${report.records} records parse (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    } finally {
      await database?.drop();
    }
  }
}
