/**
 * `POST /resolve` under load, next to its baseline from the same run: a bare `node:http` server
 * answering a small JSON. Each server runs in its own process, and so does autocannon (10
 * connections, 10 s per run, on loopback): this process only starts them and reads their
 * output, so a server's log lines never wait on a busy load generator to be read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
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

export interface Load {
  requestsPerSecond: number;
  p99: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  method: 'POST';
  headers?: Record<string, string>;
  body: string;
}

/** One autocannon run in its own process (its JSON report on stdout). */
export async function load(options: LoadOptions, seconds = SECONDS): Promise<Load> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', options.method, ...headers, '-b', options.body, options.url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { non2xx: number; errors: number; requests: { average: number }; latency: { p99: number } };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99 };
}

export async function measureThroughput(): Promise<void> {
  section(`5. Throughput (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${RUNS} runs)`);
  const data = await mkdtemp(join(tmpdir(), 'ik-bench-load-'));
  // Both log to files, as a deployed server does (see StartOptions.logFile).
  const bare = await startNode(['-e', BARE_SERVER], { ready: /listening (http:\/\/\S+)/, logFile: join(data, 'bare.log') });
  const kit = await startMockServerProcess(join(data, 'store'), join(data, 'kit.log'));
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
    const rps = (loads: Load[]) => loads.map((l) => l.requestsPerSecond);
    const p99s = (loads: Load[]) => loads.map((l) => l.p99);
    const ratio = median(rps(resolved)) / median(rps(baseline));
    const p99 = median(p99s(resolved));
    const spread = (values: number[], format: (n: number) => string) => [format(Math.min(...values)), format(median(values)), format(Math.max(...values))];
    const whole = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(table(['figure', 'baseline', 'ratio', 'budget', 'verdict', 'min', 'median', 'max'], [
      ['bare node:http, small JSON: req/s (the baseline)', whole(median(rps(baseline))), '', '', '', ...spread(rps(baseline), whole)],
      ['bare node:http, small JSON: p99 ms', ms(median(p99s(baseline))), '', '', '', ...spread(p99s(baseline), ms)],
      ['POST /resolve (BYO key decrypted): req/s', whole(median(rps(baseline))), `${ratio.toFixed(2)} x`, '>= 0.50 x', ratio >= 0.5 ? 'pass' : 'UNDER', ...spread(rps(resolved), whole)],
      ['POST /resolve (BYO key decrypted): p99 ms', ms(median(p99s(baseline))), '', '< 5 ms', p99 < 5 ? 'pass' : 'OVER', ...spread(p99s(resolved), ms)],
    ]));
    console.log(`\n  min/median/max over the ${RUNS} runs of each server, runs alternating; autocannon reports p99 in whole milliseconds.`);
  } finally {
    await kit.stop();
    await bare.stop();
    await rm(data, { recursive: true, force: true });
  }
}
