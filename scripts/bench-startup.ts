/**
 * Start-up as people meet it: the mock server from spawn to listening (an operator), and the demo
 * from `npm start` printing its URL to the marketplace's cards painted in Chromium (a newcomer).
 * The baseline, from the same run: a bare Node process with the same TypeScript loader.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ms, section, table } from './bench-format.ts';
import { findChromium, MISSING_CHROMIUM_HELP } from './chromium.mjs';
import { launchBrowser, startDemo } from './demo-process.ts';
import { startMockServerProcess, startNode } from './node-process.ts';

const RUNS = 5;

/** Milliseconds from spawning `node <args>` to a line of its output matching `ready`. */
async function timeToOutput(args: string[], ready: RegExp): Promise<number> {
  const node = await startNode(args, { ready });
  await node.stop();
  return node.startedInMs;
}

/**
 * Spawn to listening on `env`'s store. `reuse`: on a database made by an earlier start (a
 * restart), not a new one: PGlite's first start creates its database (initdb), later ones open it.
 */
async function serverReady(env: Record<string, string> = {}, reuse = false): Promise<number> {
  const data = await mkdtemp(join(tmpdir(), 'ik-bench-start-'));
  try {
    if (reuse) await (await startMockServerProcess(data, undefined, env)).stop();
    const server = await startMockServerProcess(data, undefined, env);
    await server.stop();
    return server.startedInMs;
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

/**
 * A fresh `npm start` each run: from spawn to the printed URL, and from the URL to the first
 * cards painted. The demo page is built once per change of its sources, so the first of these
 * starts may build it; `demoFirstStart` times that case on its own.
 */
async function demoInteractive(): Promise<{ toUrl: number[]; toCards: number[] }> {
  const browser = await launchBrowser();
  const times: number[] = [];
  const toUrl: number[] = [];
  // Builds the page if this checkout has not yet, so that the runs below time what they say.
  await (await startDemo()).stop();
  try {
    for (let run = 0; run < RUNS; run++) {
      const demo = await startDemo();
      toUrl.push(demo.startedInMs);
      const started = performance.now();
      const page = await browser.newPage();
      try {
        await page.goto(`${demo.origin}/?user=alice`);
        await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Stripe' }).waitFor();
        times.push(performance.now() - started);
      } finally {
        await page.close();
        await demo.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return { toUrl, toCards: times };
}

/** `npm start` from spawn to the printed URL with no demo build yet (a fresh clone, or just after an edit). */
async function demoFirstStart(): Promise<number> {
  const cache = await mkdtemp(join(tmpdir(), 'ik-bench-demo-cache-'));
  try {
    const demo = await startDemo({ IK_DEMO_CACHE_DIR: cache });
    await demo.stop();
    return demo.startedInMs;
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

const runs = async (measure: () => Promise<number>) => {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await measure());
  return times;
};

export async function measureStartup(): Promise<void> {
  section(`4. Start-up (${RUNS} runs each, ms)`);
  const baseline = await runs(() => timeToOutput(['--import', 'tsx', '-e', 'console.log("ready")'], /ready/));
  const server = await runs(() => serverReady({ IK_STORE: 'pglite' }, true));
  const firstPGlite = await runs(() => serverReady({ IK_STORE: 'pglite' }));
  const fileStore = await runs(() => serverReady({ IK_STORE: 'file' }));
  const postgres = process.env.TEST_DATABASE_URL ? await runs(() => serverReady({ IK_STORE: 'postgres', DATABASE_URL: process.env.TEST_DATABASE_URL! })) : undefined;
  const rows = [
    ['bare node + tsx, to its first line (baseline)', baseline, undefined] as const,
    ['mock server (PGlite, the default), spawn -> listening, its database made before', server, 1000] as const,
    ['mock server (PGlite), first start: creates its database (initdb)', firstPGlite, undefined] as const,
    ['mock server (file store), spawn -> listening', fileStore, 1000] as const,
    ...(postgres ? [['mock server (PostgreSQL, TEST_DATABASE_URL), spawn -> listening', postgres, 1000] as const] : []),
  ];
  const chromium = findChromium();
  const demo = chromium ? await demoInteractive() : undefined;
  const firstStart = await runs(demoFirstStart);
  const all = [
    ...rows,
    ['npm start, spawn -> URL printed, building the demo page (first start, or after an edit)', firstStart, undefined] as const,
    ...(demo
      ? [
          ['npm start, spawn -> URL printed, demo page already built', demo.toUrl, undefined] as const,
          ['demo, URL printed -> marketplace cards painted', demo.toCards, 1500] as const,
        ]
      : []),
  ];
  const base = median(baseline);
  console.log(table(['figure', 'median', 'min', 'max', 'x baseline', 'budget', 'verdict'], all.map(([name, times, budget]) => [
    name,
    ms(median(times)),
    ms(Math.min(...times)),
    ms(Math.max(...times)),
    (median(times) / base).toFixed(2),
    budget === undefined ? '' : `${budget}`,
    budget === undefined ? '' : median(times) <= budget ? 'pass' : 'OVER',
  ])));
  if (!chromium) console.log(`\n  The demo row needs Chromium: ${MISSING_CHROMIUM_HELP}`);
}
