/**
 * Runs the demo (`npm start`'s script) on a free port with its own scratch data, and a headless
 * Chromium: shared by the end-to-end tests and `npm run screenshots`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM_HELP } from './chromium.mjs';
import { PROJECT_ROOT } from '../mock-server/config.ts';

export interface DemoServer {
  origin: string;
  /** A file in this run's scratch directory (its dev key and token live there). */
  scratchFile(name: string): string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs `npm start`'s script for real (Vite + mock server), on a free port with its own data. */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoServer> {
  const scratch = await mkdtemp(join(tmpdir(), 'ik-demo-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      IK_DATA_DIR: join(scratch, 'store'),
      IK_DEV_KEY_FILE: join(scratch, 'dev-encryption-key'),
      IK_DEV_SERVICE_TOKEN_FILE: join(scratch, 'dev-service-token'),
      IK_ENCRYPTION_KEY: '',
      IK_SERVICE_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 30_000);
    const check = () => {
      const match = /demo:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return {
    origin,
    scratchFile: (name) => join(scratch, name),
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
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
