/**
 * `POST /resolve` under load, next to its baseline from the same run: a bare `node:http` server
 * answering a small JSON. Each server runs in its own process; autocannon drives it from this
 * one (10 connections, 10 s per run), on loopback.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { median, ms, section, table } from './bench-format.ts';
import { SCRATCH_SERVICE_TOKEN, startMockServerProcess, startNode } from './node-process.ts';

const RUNS = 5;
const SECONDS = 10;
const CONNECTIONS = 10;

const BARE_SERVER = `require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
}).listen(0, '127.0.0.1', function () { console.log('listening http://127.0.0.1:' + this.address().port); });`;

interface Load {
  requestsPerSecond: number;
  p99: number;
}

async function load(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99 };
}

export async function measureThroughput(): Promise<void> {
  section(`5. Throughput (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${RUNS} runs)`);
  const data = await mkdtemp(join(tmpdir(), 'ik-bench-load-'));
  const bare = await startNode(['-e', BARE_SERVER], { ready: /listening (http:\/\/\S+)/ });
  const kit = await startMockServerProcess(data);
  try {
    const samples = JSON.parse(await readFile(join(PROJECT_ROOT, 'mock-server/catalog/sample-keys.json'), 'utf8')) as Record<string, Record<string, string>>;
    const api = `${kit.ready[1]}/api/integrations`;
    const saved = await fetch(`${api}/provider-connections`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-acme-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai }),
    });
    if (!saved.ok) throw new Error(`could not save the key to resolve: ${saved.status} ${await saved.text()}`);

    const resolveRequest = { url: `${api}/resolve`, method: 'POST' as const, headers: { authorization: `Bearer ${SCRATCH_SERVICE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ workspaceId: 'acme', provider: 'openai' }) };
    const baseline: Load[] = [];
    const resolved: Load[] = [];
    for (let run = 0; run < RUNS; run++) {
      baseline.push(await load({ url: bare.ready[1]!, method: 'POST', body: '{}' }));
      resolved.push(await load(resolveRequest));
    }
    const base = median(baseline.map((l) => l.requestsPerSecond));
    const row = (name: string, loads: Load[], budget: string, pass?: boolean): (string | number)[] => {
      const rps = loads.map((l) => l.requestsPerSecond);
      return [name, Math.round(median(rps)), Math.round(Math.min(...rps)), Math.round(Math.max(...rps)), (median(rps) / base).toFixed(2), ms(median(loads.map((l) => l.p99))), budget, pass === undefined ? '' : pass ? 'pass' : 'UNDER'];
    };
    const ratio = median(resolved.map((l) => l.requestsPerSecond)) / base;
    const p99 = median(resolved.map((l) => l.p99));
    console.log(table(['server', 'req/s median', 'min', 'max', 'x baseline', 'p99 ms', 'budget', 'verdict'], [
      row('bare node:http, small JSON (baseline)', baseline, ''),
      row('POST /resolve (BYO key decrypted)', resolved, '>= 0.50 x, p99 < 5 ms', ratio >= 0.5 && p99 < 5),
    ]));
  } finally {
    await kit.stop();
    await bare.stop();
    await rm(data, { recursive: true, force: true });
  }
}
