/**
 * `npm run bench`: bundle size, rendering in real Chromium, and the mock server in-process.
 * It measures and prints; it asserts nothing about timings.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer, type Rolldown } from 'vite';
import type { MarketplaceBench, Runs, SettingsBench } from '../bench/render.ts';
import { measureEntries } from './bundle-budgets.ts';
import { bytes, kb, mean, median, ms, percentile, section, table, type Cell } from './bench-format.ts';
import { measureStartup } from './bench-startup.ts';
import { measureThroughput } from './bench-throughput.ts';
import { measureServerScale } from './bench-server-scale.ts';
import { measureStores } from './bench-stores.ts';
import { API_BASE, createApp } from '../mock-server/app.ts';
import { principalsFile } from '../mock-server/auth/principals.ts';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { parseCatalog } from '../mock-server/data/catalog-repo.ts';
import { MemoryStore } from '../mock-server/store/memory-store.ts';
import { generateEncryptionKey, Vault } from '../mock-server/vault.ts';
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM_HELP } from './chromium.mjs';

const RUNS = 5;

// ---------------------------------------------------------------------------------------------
// 1. Size

function compressedSizes(code: Uint8Array) {
  return {
    raw: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The npm package a bundled module came from (`@lit/context`, `zod`), or what else it is. */
function packageOf(moduleId: string): string {
  const at = moduleId.lastIndexOf('/node_modules/');
  if (at === -1) return moduleId.startsWith(PROJECT_ROOT) ? 'integration-kit (own code)' : 'bundler helpers';
  const [scopeOrName, name] = moduleId.slice(at + '/node_modules/'.length).split('/');
  return scopeOrName!.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName!;
}

const LIT_CORE = new Set(['lit', 'lit-html', 'lit-element', '@lit/reactive-element']);

async function measureSize(): Promise<void> {
  section('1. Drop-in bundle size (vite build --config vite.lib.config.ts)');
  const outDir = await mkdtemp(join(tmpdir(), 'ik-bench-lib-'));
  try {
    const result = await build({ configFile: join(PROJECT_ROOT, 'vite.lib.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunk = outputs.flatMap((o) => o.output).find((file): file is Rolldown.OutputChunk => file.type === 'chunk' && file.isEntry)!;
    const bundle = compressedSizes(await readFile(join(outDir, chunk.fileName)));
    console.log(table(['file', 'raw', 'gzip -9', 'brotli q11'], [
      [chunk.fileName, `${bytes(bundle.raw)} B`, `${bytes(bundle.gzip)} B`, `${bytes(bundle.brotli)} B`],
      ['', kb(bundle.raw), kb(bundle.gzip), kb(bundle.brotli)],
    ]));

    // Rendered (pre-minification) length per package, to share the bundle out between them.
    const byPackage = new Map<string, number>();
    for (const [id, module] of Object.entries(chunk.modules)) {
      const name = packageOf(id);
      byPackage.set(name, (byPackage.get(name) ?? 0) + module.renderedLength);
    }
    const total = [...byPackage.values()].reduce((sum, n) => sum + n, 0);
    const lit = [...byPackage].filter(([name]) => LIT_CORE.has(name)).reduce((sum, [, n]) => sum + n, 0);
    const groups: [string, number][] = [
      ['Lit (lit, lit-html, lit-element, @lit/reactive-element)', lit],
      ...[...byPackage].filter(([name]) => !LIT_CORE.has(name)).sort((a, b) => b[1] - a[1]),
    ];
    console.log('\n  Share of the bundle by package: ESTIMATES. Each share is the package\'s part of the');
    console.log('  code before minification, applied to the bundle\'s three figures; minification and');
    console.log('  compression treat packages unevenly, so read these as approximate.\n');
    console.log(table(['package', 'share', '~raw', '~gzip', '~brotli'], groups.map(([name, length]) => {
      const share = length / total;
      return [name, `${(share * 100).toFixed(1)} %`, kb(share * bundle.raw), kb(share * bundle.gzip), kb(share * bundle.brotli)];
    })));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }

  console.log('\n  What a host loads, each entry bundled alone (Lit included), against its budget:\n');
  const entries = await measureEntries();
  console.log(table(['entry', 'raw', 'brotli q11', 'on demand (brotli)', 'budget', 'of budget', 'verdict'], entries.map(({ entry, raw, brotli, onDemand }) => [
    entry.name,
    kb(raw),
    kb(brotli),
    onDemand.brotli ? kb(onDemand.brotli) : '',
    entry.budget === undefined ? 'not counted' : kb(entry.budget),
    entry.budget === undefined ? '' : `${((brotli / entry.budget) * 100).toFixed(0)} %`,
    entry.budget === undefined ? '' : brotli <= entry.budget * 1.02 ? 'pass' : 'OVER',
  ])));
}

// ---------------------------------------------------------------------------------------------
// 2. Rendering in Chromium

/** The page is built for production (Lit's production build, minified, as it ships) and served by Vite's preview server. */
async function measureRendering(): Promise<void> {
  section(`2. Rendering in Chromium (${RUNS} runs each after a warm-up, fresh element each run)`);
  const executablePath = findChromium();
  if (!executablePath) {
    console.log(MISSING_CHROMIUM_HELP);
    console.log('Skipped.');
    return;
  }
  const root = join(PROJECT_ROOT, 'bench');
  const outDir = await mkdtemp(join(tmpdir(), 'ik-bench-page-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      publicDir: false,
      build: { outDir, emptyOutDir: true, target: 'es2022', rolldownOptions: { input: join(root, 'render.html') } },
    });
    server = await preview({ root, configFile: false, logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    const origin = server.resolvedUrls!.local[0]!;

    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    console.log(`  ${browser.browserType().name()} ${browser.version()}, headless, viewport 1280x800; in-page mock server, catalog of cloned OpenAI rows\n`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(new URL('render.html', origin).href);
    await page.waitForFunction(() => window.ikBench !== undefined);
    const bench = {
      marketplace: (providers: number, dataLoad = false): Promise<MarketplaceBench> =>
        page.evaluate(([n, runs, load]) => window.ikBench!.marketplace(n, runs, load), [providers, RUNS, dataLoad] as const),
      settings: (providers: number, connections: number): Promise<SettingsBench> =>
        page.evaluate(([n, c, runs]) => window.ikBench!.settings(n, c, runs), [providers, connections, RUNS] as const),
    };

    const spread = (runs: Runs) => `${ms(Math.min(...runs))} / ${ms(median(runs))} / ${ms(Math.max(...runs))}`;
    const rows: Cell[][] = [];
    /** `faster`: the kit's median at least that many times below the baseline's; `within`: at most that many ms. */
    const add = (figure: string, kit: Runs, baseline: Runs, budget?: { faster: number } | { within: number }) => {
      const ratio = median(baseline) / median(kit);
      const pass = !budget ? undefined : 'faster' in budget ? ratio >= budget.faster : median(kit) <= budget.within;
      rows.push([
        figure,
        spread(kit),
        spread(baseline),
        `${ratio.toFixed(1)}x`,
        !budget ? '' : 'faster' in budget ? `>= ${budget.faster}x faster` : `<= ${budget.within} ms`,
        pass === undefined ? '' : pass ? 'pass' : 'FAIL',
      ]);
    };
    const nodes: Cell[][] = [];
    for (const n of [16, 1000, 10_000]) {
      const { kit, baseline } = await bench.marketplace(n);
      const big = n >= 1000;
      add(`marketplace N=${n.toLocaleString('en-US')}: insert -> first frame`, kit.firstFrame, baseline.firstFrame, big ? { faster: 10 } : undefined);
      add(`marketplace N=${n.toLocaleString('en-US')}: filter (${kit.matches} match) -> frame`, kit.filter, baseline.filter, n === 10_000 ? { within: 50 } : undefined);
      add(`marketplace N=${n.toLocaleString('en-US')}: clear filter -> frame`, kit.clear, baseline.clear, n === 10_000 ? { within: 50 } : undefined);
      if (n === 10_000) nodes.push([`marketplace N=10,000`, `${kit.nodes.toLocaleString('en-US')} (${kit.cards} cards)`, `${baseline.nodes.toLocaleString('en-US')} (${baseline.cards.toLocaleString('en-US')} cards)`, `${(baseline.nodes / kit.nodes).toFixed(0)}x`]);
    }
    const settings = await bench.settings(1000, 1000);
    add('settings C=1,000 (catalog 1,000): insert -> first frame', settings.kit.firstFrame, settings.baseline.firstFrame, { faster: 10 });
    nodes.push(['settings C=1,000', `${settings.kit.nodes.toLocaleString('en-US')} (${settings.kit.rows} rows)`, `${settings.baseline.nodes.toLocaleString('en-US')} (${settings.baseline.rows.toLocaleString('en-US')} rows)`, `${(settings.baseline.nodes / settings.kit.nodes).toFixed(0)}x`]);
    const loaded = await bench.marketplace(10_000, true);
    add('marketplace N=10,000, data loaded each run: first frame', loaded.kit.firstFrame, loaded.baseline.firstFrame);

    console.log(table(['figure', 'kit ms min / median / max', 'baseline ms min / median / max', 'ratio', 'budget', 'verdict'], rows));
    console.log(`\n${table(['DOM nodes at the first frame', 'kit', 'baseline', 'ratio'], nodes)}`);
    console.log('\n  Baseline: a plain Lit map() grid (bench/plain-grid.ts) of the same cards, same stylesheets, every card in the DOM;');
    console.log('  for settings, the settings\' own row template in a plain map() list. Same page, same browser, runs alternating per size.');
    console.log('  First frame: insertion to the first painted frame whose cards fill the 800 px viewport (all of them, when fewer).');
    console.log(`  Filter: typing "payments" (one category in eight) as one input event; clear: the search emptied. Ratio: baseline median / kit median.`);
    console.log('  The backend answers from memory after each size\'s warm-up run (rendering only), except the last row, where every mount');
    console.log('  loads the catalog through the in-page mock server and HttpBackend\'s parsing. Marketplace catalogs hold 10 connections.');
    if (pageErrors.length) console.log(`\n  Page errors:\n    ${pageErrors.join('\n    ')}`);
  } finally {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Server, in-process

const SERVICE_TOKEN = 'bench-service-token-0123456789';
const ADMIN_TOKEN = 'demo-acme-admin';

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(PROJECT_ROOT, path), 'utf8')) as T;
}

/** Runs `call` `count` times in sequence (after a short warm-up) and returns each duration in ms. */
async function timeCalls(count: number, call: (i: number) => Promise<void>): Promise<{ durations: number[]; seconds: number }> {
  for (let i = 0; i < 20; i++) await call(-1 - i);
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call(i);
    durations.push(performance.now() - start);
  }
  return { durations, seconds: (performance.now() - started) / 1000 };
}

async function measureServer(): Promise<void> {
  section('3. Mock server in-process (app.fetch, MemoryStore, seeded catalog; no network)');
  const samples = await readJson<Record<string, Record<string, string>>>('mock-server/catalog/sample-keys.json');
  const vault = await Vault.fromBase64(generateEncryptionKey());
  const app = createApp({
    store: new MemoryStore(),
    vault,
    principals: { ...principalsFile.parse(await readJson('mock-server/config/dev-principals.json')), serviceToken: SERVICE_TOKEN },
    catalogSeed: parseCatalog((await readJson<{ providers: unknown[] }>('mock-server/catalog/providers.json')).providers, 'providers.json'),
    platformKeys: { openai: { apiKey: 'sk-platform-bench-key-00000000000000000' } },
    // Every save tests the key; the default 30 a minute would answer 429 after the 30th.
    testsPerMinute: 1_000_000,
  });

  const request = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await app.fetch(
      new Request(`http://bench.local${API_BASE}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  };
  // Each save rotates the key (a new value each time), so each one encrypts, stores and tests.
  const saveKey = (i: number) =>
    request('POST', '/provider-connections', ADMIN_TOKEN, { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: `${samples.openai!.apiKey}${i + 1000}` } });

  const rows: Cell[][] = [];
  const add = (what: string, { durations, seconds }: { durations: number[]; seconds: number }) =>
    rows.push([what, durations.length, ms(mean(durations)), ms(percentile(durations, 95)), Math.round(durations.length / seconds).toLocaleString('en-US')]);
  add('GET /providers (16 providers)', await timeCalls(1000, () => request('GET', '/providers', ADMIN_TOKEN)));
  add('POST /provider-connections (key + simulated test)', await timeCalls(200, saveKey));
  add('POST /resolve (service token, BYO key decrypted)', await timeCalls(1000, () => request('POST', '/resolve', SERVICE_TOKEN, { workspaceId: 'acme', provider: 'openai' })));
  console.log(table(['request', 'count', 'mean ms', 'p95 ms', 'req/s'], rows));
  console.log('\n  Sequential requests, one at a time, after 20 warm-up requests each.');

  const credential = 'sk-proj-' + 'x'.repeat(52); // 60 bytes
  const context = { workspaceId: 'acme', provider: 'openai', connectionId: 'conn_bench' };
  const rounds = 10_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await vault.decrypt(await vault.encrypt(credential, context), context);
  const perRound = ((performance.now() - started) * 1000) / rounds;
  console.log(`\n${table(['vault (AES-256-GCM, WebCrypto)', 'rounds', 'µs per round'], [[`encrypt + decrypt of a ${credential.length}-byte credential`, rounds.toLocaleString('en-US'), perRound.toFixed(1)]])}`);
}

// ---------------------------------------------------------------------------------------------

const cpu = cpus();
console.log('integration-kit benchmark');
console.log(`  node ${process.version} on ${process.platform}/${process.arch}; CPU: ${cpu[0]?.model.trim() ?? 'unknown'} x ${cpu.length}`);
console.log(`  ${new Date().toISOString()}`);

// `npm run bench -- 2 5` runs only those sections; no arguments runs them all.
const only = new Set(process.argv.slice(2).map(Number));
const sections = [measureSize, measureRendering, measureServer, measureStartup, measureThroughput, measureServerScale, measureStores];
for (const [index, measure] of sections.entries()) if (only.size === 0 || only.has(index + 1)) await measure();
