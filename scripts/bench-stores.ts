/**
 * Save and resolve throughput on each store engine: the file store, PGlite (the default) and
 * PostgreSQL (when TEST_DATABASE_URL names a server; a database is made for the run). The
 * baseline, from the same run: a bare node:http server answering a small JSON.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { median, section, table } from './bench-format.ts';
import { load, type Load } from './bench-throughput.ts';
import { scratchDatabase } from './crash-test.ts';
import { SCRATCH_SERVICE_TOKEN, startMockServerProcess, startNode } from './node-process.ts';

const RUNS = 3;
const SECONDS = 5;
const BARE_SERVER = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }); }).listen(0, '127.0.0.1', function () { console.log('listening http://127.0.0.1:' + this.address().port); });`;

async function engineLoads(api: string): Promise<{ save: Load[]; resolve: Load[] }> {
  const samples = JSON.parse(await readFile(join(PROJECT_ROOT, 'mock-server/catalog/sample-keys.json'), 'utf8')) as Record<string, Record<string, string>>;
  const admin = { authorization: 'Bearer demo-acme-admin', 'content-type': 'application/json' };
  const saved = await fetch(`${api}/provider-connections`, { method: 'POST', headers: admin, body: JSON.stringify({ workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai }) });
  if (!saved.ok) throw new Error(`could not save the key to resolve: ${saved.status} ${await saved.text()}`);
  const save: Load[] = [];
  const resolve: Load[] = [];
  for (let run = 0; run < RUNS; run++) {
    // The same name each time: the row's version and updatedAt still move, one committed write per request.
    save.push(await load({ url: `${api}/provider-connections`, method: 'POST', headers: admin, body: JSON.stringify({ workspaceId: 'acme', provider: 'anthropic', displayName: 'Bench' }) }, SECONDS));
    resolve.push(await load({ url: `${api}/resolve`, method: 'POST', headers: { authorization: `Bearer ${SCRATCH_SERVICE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ workspaceId: 'acme', provider: 'openai' }) }, SECONDS));
  }
  return { save, resolve };
}

export async function measureStores(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL || undefined;
  section(`7. Store engines: save and resolve throughput (autocannon, 10 connections, ${SECONDS} s per run, ${RUNS} runs)`);
  const data = await mkdtemp(join(tmpdir(), 'ik-bench-stores-'));
  const bare = await startNode(['-e', BARE_SERVER], { ready: /listening (http:\/\/\S+)/, logFile: join(data, 'bare.log') });
  const database = server ? await scratchDatabase(server) : undefined;
  try {
    const baseline: Load[] = [];
    for (let run = 0; run < RUNS; run++) baseline.push(await load({ url: bare.ready[1]!, method: 'POST', body: '{}' }, SECONDS));
    const engines: [string, Record<string, string>][] = [
      ['file store', { IK_STORE: 'file' }],
      ['PGlite', { IK_STORE: 'pglite' }],
      ...(database ? [['PostgreSQL (loopback)', { IK_STORE: 'postgres', DATABASE_URL: database.url }] as [string, Record<string, string>]] : []),
    ];
    const base = median(baseline.map((l) => l.requestsPerSecond));
    const whole = (n: number) => Math.round(n).toLocaleString('en-US');
    const rows: string[][] = [['bare node:http, small JSON (the baseline)', whole(base), '1.00 x', '']];
    for (const [name, env] of engines) {
      const kit = await startMockServerProcess(join(data, name.replace(/\W+/g, '-')), join(data, `${name.replace(/\W+/g, '-')}.log`), env);
      try {
        const { save, resolve } = await engineLoads(`${kit.ready[1]}/api/integrations`);
        for (const [what, loads] of [['save (POST /provider-connections, one write)', save], ['resolve (POST /resolve)', resolve]] as const) {
          const rps = median(loads.map((l) => l.requestsPerSecond));
          rows.push([`${name}: ${what}`, whole(rps), `${(rps / base).toFixed(3)} x`, `${median(loads.map((l) => l.p99))}`]);
        }
      } finally {
        await kit.stop();
      }
    }
    console.log(table(['figure', 'req/s (median)', 'x baseline', 'p99 ms'], rows));
    if (!database) console.log('\n  PostgreSQL left out: set TEST_DATABASE_URL (scripts/pg-cluster.sh start DIR prints one).');
  } finally {
    await database?.drop();
    await bare.stop();
    await rm(data, { recursive: true, force: true });
  }
}
