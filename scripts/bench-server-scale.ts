/**
 * The mock server with big workspaces: list, resolve and save latency in workspaces of 10,
 * 1,000 and 10,000 connections (the 10-connection figure is each one's baseline), and the
 * server process's RSS with them loaded. One server process on a scratch data directory, a
 * generated catalog of 10,000 providers (the contract allows one connection per provider per
 * workspace), requests one at a time from this process over loopback, sizes interleaved in
 * every run.
 *
 * Seeding: 11,010 saves through the API would each test their key, so the workspaces are
 * written straight into the scratch store before the server starts, every connection with an
 * encrypted key, as the previous version's layout (one document per workspace). The server
 * migrates each to its records on first load, which the table reports; every figure after that
 * is the current layout.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { vaultContext } from '../mock-server/services/stored-credential.ts';
import { FileStore } from '../mock-server/store/file-store.ts';
import { generateEncryptionKey, Vault } from '../mock-server/vault.ts';
import { median, ms, section, table, type Cell } from './bench-format.ts';
import { SCRATCH_SERVICE_TOKEN, scratchServerEnv, startNode, type NodeProcess } from './node-process.ts';

const RUNS = 5;
const SIZES = [10, 1_000, 10_000] as const;
const PROVIDERS = 10_000;
/** Calls per figure per run: this many, or fewer when they take longer than the time below. */
const CALLS = { resolve: 200, page: 200, list: 10, save: 20 } as const;
const MAX_MS_PER_FIGURE = 3_000;
const BUDGET = 2;

const providerKey = (i: number) => `p-${String(i).padStart(5, '0')}`;
const workspaceOf = (size: number) => `ws-${size}`;
const adminToken = (size: number) => `bench-admin-${size}-0123456789`;
const connectionId = (size: number, i: number) => `conn_ws${size}_${String(i).padStart(5, '0')}`;

/** RSS of a process, in bytes (Linux /proc; `ps` elsewhere). */
async function rssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  } catch {
    const { execFileSync } = await import('node:child_process');
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) * 1024;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function seed(dir: string, encryptionKey: string, sampleKey: string): Promise<{ catalogFile: string; principalsFile: string; dataDir: string }> {
  const catalog = JSON.parse(await readFile(join(PROJECT_ROOT, 'mock-server/catalog/providers.json'), 'utf8')) as { providers: { key: string }[] };
  const openai = catalog.providers.find((p) => p.key === 'openai')!;
  const catalogFile = join(dir, 'catalog.json');
  await writeFile(catalogFile, JSON.stringify({ providers: Array.from({ length: PROVIDERS }, (_, i) => ({ ...openai, key: providerKey(i + 1), name: `Provider ${i + 1}` })) }));
  const principalsFile = join(dir, 'principals.json');
  await writeFile(
    principalsFile,
    JSON.stringify({
      principals: SIZES.map((size) => ({ token: adminToken(size), userId: `admin-${size}`, displayName: `Admin ${size}`, workspaceId: workspaceOf(size), role: 'admin' })),
      workspaces: SIZES.map((size) => ({ id: workspaceOf(size), name: `Workspace of ${size}`, projects: [] })),
    }),
  );
  const dataDir = join(dir, 'data');
  const store = new FileStore(dataDir);
  const vault = await Vault.fromBase64(encryptionKey);
  const at = new Date(Date.UTC(2026, 0, 1)).getTime();
  for (const size of SIZES) {
    const workspaceId = workspaceOf(size);
    const connections = [];
    for (let i = 1; i <= size; i++) {
      const createdAt = new Date(at + i * 1000).toISOString();
      const record = {
        id: connectionId(size, i),
        workspaceId,
        provider: providerKey(i),
        displayName: `Provider ${i}`,
        mode: 'service' as const,
        status: 'active' as const,
        createdBy: `admin-${size}`,
        createdByName: `Admin ${size}`,
        projectIds: [],
        credentialPreview: { apiKey: { secret: true, last4: sampleKey.slice(-4) } },
        lastTest: null,
        createdAt,
        updatedAt: createdAt,
        version: 1,
      };
      connections.push({ ...record, secret: await vault.encryptJson({ apiKey: `${sampleKey}${i}` }, vaultContext(record)) });
    }
    await store.set(`workspace/${workspaceId}`, { connections });
  }
  return { catalogFile, principalsFile, dataDir };
}

/** Milliseconds per call, one call at a time. */
async function timeCalls(count: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count && (i < 3 || performance.now() - started < MAX_MS_PER_FIGURE); i++) {
    const start = performance.now();
    await call(i);
    durations.push(performance.now() - start);
  }
  return durations;
}

export async function measureServerScale(): Promise<void> {
  section(`6. Server at scale (one workspace of 10 / 1,000 / 10,000 connections, catalog of ${PROVIDERS.toLocaleString('en-US')}, ${RUNS} runs)`);
  const dir = await mkdtemp(join(tmpdir(), 'ik-bench-scale-'));
  let server: NodeProcess | undefined;
  try {
    const samples = JSON.parse(await readFile(join(PROJECT_ROOT, 'mock-server/catalog/sample-keys.json'), 'utf8')) as Record<string, Record<string, string>>;
    const sampleKey = samples.openai!.apiKey!;
    const encryptionKey = generateEncryptionKey();
    const seedStarted = performance.now();
    const { catalogFile, principalsFile, dataDir } = await seed(dir, encryptionKey, sampleKey);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    server = await startNode(['--import', 'tsx', 'mock-server/main.ts'], {
      env: { ...scratchServerEnv(dataDir), IK_ENCRYPTION_KEY: encryptionKey, IK_CATALOG_FILE: catalogFile, IK_PRINCIPALS_FILE: principalsFile, IK_TESTS_PER_MINUTE: '1000000' },
      ready: /mock server: (http:\/\/\S+?)\/api\/integrations/,
      timeoutMs: 120_000,
      logFile: join(dir, 'server.log'),
    });
    const api = `${server.ready[1]}/api/integrations`;
    const pid = server.child.pid!;
    const request = async (method: string, path: string, token: string, body?: unknown): Promise<void> => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    };
    const resolve = (size: number) => request('POST', '/resolve', SCRATCH_SERVICE_TOKEN, { workspaceId: workspaceOf(size), provider: providerKey(1) });
    const list = (size: number) => request('GET', `/provider-connections?workspaceId=${workspaceOf(size)}`, adminToken(size));
    const page = (size: number) => request('GET', `/provider-connections?workspaceId=${workspaceOf(size)}&limit=10&after=${connectionId(size, 1)}`, adminToken(size));
    let rotation = 0;
    // A new key each time: validated, encrypted, stored, tested (simulated upstream), stored again.
    const save = (size: number) =>
      request('POST', '/provider-connections', adminToken(size), { workspaceId: workspaceOf(size), provider: providerKey(2), credentialPayload: { apiKey: `${sampleKey}r${rotation++}` } });

    const rssIdle = await rssOf(pid);
    const firstLoad = new Map<number, number>();
    for (const size of SIZES) firstLoad.set(size, (await timeCalls(1, () => resolve(size)))[0]!);
    // Warm-up: every path once per size.
    for (const size of SIZES) for (const call of [resolve, page, list, save]) await call(size);

    const figures = { resolve, page, list, save } as const;
    const samples_ = new Map<string, number[]>();
    for (let run = 0; run < RUNS; run++) {
      for (const [name, call] of Object.entries(figures)) {
        for (const size of SIZES) {
          const durations = await timeCalls(CALLS[name as keyof typeof CALLS], () => call(size));
          const key = `${name}/${size}`;
          samples_.set(key, [...(samples_.get(key) ?? []), median(durations)]);
        }
      }
    }
    const rssLoaded = await rssOf(pid);

    const labels = {
      resolve: 'POST /resolve latency, ms',
      page: 'GET /provider-connections?limit=10&after= (a page), ms',
      list: 'GET /provider-connections (whole list), ms',
      save: 'POST /provider-connections (new key + test), ms',
    } as const;
    const rows: Cell[][] = [];
    for (const name of Object.keys(figures) as (keyof typeof figures)[]) {
      const base = median(samples_.get(`${name}/10`)!);
      for (const size of SIZES) {
        const runs = samples_.get(`${name}/${size}`)!;
        const ratio = median(runs) / base;
        const isBaseline = size === 10;
        rows.push([
          `${labels[name]} @ ${size.toLocaleString('en-US')}`,
          ms(base),
          isBaseline ? '' : `${ratio.toFixed(2)} x`,
          isBaseline ? 'baseline' : `<= ${BUDGET.toFixed(2)} x`,
          isBaseline ? '' : ratio <= BUDGET ? 'pass' : 'OVER',
          ms(Math.min(...runs)),
          ms(median(runs)),
          ms(Math.max(...runs)),
        ]);
      }
    }
    console.log(table(['figure', 'baseline', 'ratio', 'budget', 'verdict', 'min', 'median', 'max'], rows));
    console.log(`\n  Each run's figure is the median of up to ${CALLS.resolve} resolves, ${CALLS.page} pages, ${CALLS.list} whole lists, ${CALLS.save} saves (fewer past ${MAX_MS_PER_FIGURE / 1000} s); min/median/max over the ${RUNS} runs.`);
    console.log('  The baseline is the same figure in the workspace of 10 connections, measured in the same runs.');
    console.log('  A whole list is one response that grows with the workspace (about 600 bytes per connection): it cannot stay within 2 x;');
    console.log('  a page (limit, after) is the flat way to read a big workspace. The page after the first connection holds 9 rows at 10, 10 elsewhere.\n');
    console.log(table(['server process', 'value'], [
      [`RSS, catalog of ${PROVIDERS.toLocaleString('en-US')} loaded, no workspace yet`, mb(rssIdle)],
      ['RSS, workspaces of 10 + 1,000 + 10,000 connections loaded, after the runs', mb(rssLoaded)],
      ...SIZES.map((size): Cell[] => [`first request to the workspace of ${size.toLocaleString('en-US')} (loads it; migrates the seeded old layout), ms`, ms(firstLoad.get(size)!)]),
      ['seeding the store (11,010 encrypted connections, catalog file), s', seedSeconds.toFixed(1)],
    ]));
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await measureServerScale();
