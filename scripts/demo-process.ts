/**
 * Runs the demo (`npm start`'s script) on a free port with its own scratch data, and a headless
 * Chromium: shared by the end-to-end tests and `npm run screenshots`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM_HELP } from './chromium.mjs';
import { startNode } from './node-process.ts';

export interface DemoServer {
  origin: string;
  /** From spawning the process to the URL in its output. */
  startedInMs: number;
  /** A file in this run's scratch directory (its dev key and token live there). */
  scratchFile(name: string): string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs `npm start`'s script for real (mock server + demo page; `--dev`: `npm run dev`'s), on a free port with its own data. */
export async function startDemo(env: Record<string, string> = {}, args: string[] = []): Promise<DemoServer> {
  const scratch = await mkdtemp(join(tmpdir(), 'ik-demo-'));
  const demo = await startNode(['--import', 'tsx', 'scripts/start.ts', ...args], {
    env: {
      PORT: '0',
      IK_DATA_DIR: join(scratch, 'store'),
      IK_DEV_KEY_FILE: join(scratch, 'dev-encryption-key'),
      IK_DEV_SERVICE_TOKEN_FILE: join(scratch, 'dev-service-token'),
      IK_ENCRYPTION_KEY: '',
      IK_SERVICE_TOKEN: '',
      ...env,
    },
    ready: /demo:\s+(http:\/\/\S+?)\/?\s/,
  });
  const origin = demo.ready[1]!;
  return {
    origin,
    startedInMs: demo.startedInMs,
    scratchFile: (name) => join(scratch, name),
    output: demo.output,
    async stop() {
      await demo.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(artifacts?: string): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM_HELP);
  if (artifacts) await mkdir(artifacts, { recursive: true });
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
