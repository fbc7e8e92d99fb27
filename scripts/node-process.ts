/**
 * A Node process of this project, started and waited for until it says it is ready: the demo,
 * the mock server and the benchmarks' baselines all start this way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { generateEncryptionKey } from '../mock-server/vault.ts';

export interface NodeProcess {
  child: ChildProcess;
  /** What matched `ready` in its output. */
  ready: RegExpExecArray;
  /** Milliseconds from spawn to `ready`. */
  startedInMs: number;
  output(): string;
  stop(): Promise<void>;
}

export function startNode(args: string[], options: { env?: Record<string, string>; ready: RegExp; timeoutMs?: number }): Promise<NodeProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let isReady = false;
    /** A busy server logs every request: past this much, the middle of its output is dropped (its start and its last lines stay). */
    const KEPT = 256 * 1024;
    let head: string | undefined;
    const append = (chunk: Buffer | string) => {
      output += chunk;
      if (!isReady || output.length <= 3 * KEPT) return;
      head ??= output.slice(0, KEPT) + '\n[…]\n';
      output = head + output.slice(-KEPT);
    };
    const stop = () => new Promise<void>((done) => (child.exitCode === null && child.signalCode === null ? (child.once('exit', () => done()), child.kill('SIGTERM')) : done()));
    const timer = setTimeout(() => {
      reject(new Error(`node ${args.join(' ')} was not ready after ${options.timeoutMs ?? 30_000} ms:\n${output}`));
      void stop();
    }, options.timeoutMs ?? 30_000);
    child.stdout!.on('data', (chunk) => {
      append(chunk);
      if (isReady) return;
      const ready = options.ready.exec(output);
      if (!ready) return;
      isReady = true;
      clearTimeout(timer);
      resolve({ child, ready, startedInMs: performance.now() - started, output: () => output, stop });
    });
    child.stderr!.on('data', append);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** The reference server's environment for a throwaway run: its own data directory, a fresh key. */
export const SCRATCH_SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
export const scratchServerEnv = (dataDir: string): Record<string, string> => ({
  PORT: '0',
  IK_DATA_DIR: dataDir,
  IK_ENCRYPTION_KEY: generateEncryptionKey(),
  IK_SERVICE_TOKEN: SCRATCH_SERVICE_TOKEN,
});

/** `npx tsx mock-server/main.ts`, ready once it prints where it listens. */
export const startMockServerProcess = (dataDir: string) =>
  startNode(['--import', 'tsx', 'mock-server/main.ts'], { env: scratchServerEnv(dataDir), ready: /mock server: (http:\/\/\S+?)\/api\/integrations/ });
