/**
 * A Node process of this project, started and waited for until it says it is ready: the demo,
 * the mock server and the benchmarks' baselines all start this way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
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

export interface StartOptions {
  env?: Record<string, string>;
  ready: RegExp;
  timeoutMs?: number;
  /**
   * Write the process's output to this file instead of a pipe to us. For servers under load:
   * Node writes to a pipe synchronously, so a busy server whose every request logs a line
   * would wait on this process to read them, and the benchmark would time that wait.
   */
  logFile?: string;
}

export function startNode(args: string[], options: StartOptions): Promise<NodeProcess> {
  return options.logFile ? startLoggingToFile(args, { ...options, logFile: options.logFile }) : startPiped(args, options);
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((done) => (child.exitCode === null && child.signalCode === null ? (child.once('exit', () => done()), child.kill('SIGTERM')) : done()));

function startLoggingToFile(args: string[], options: StartOptions & { logFile: string }): Promise<NodeProcess> {
  const started = performance.now();
  const fd = openSync(options.logFile, 'w', 0o600);
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const stop = stopper(child);
  /** The file's last 256 KB: enough for any error, bounded however long the server ran. */
  const output = () => {
    const text = readFileSync(options.logFile, 'utf8');
    return text.length > 256 * 1024 ? `[…]\n${text.slice(-256 * 1024)}` : text;
  };
  return new Promise((resolve, reject) => {
    const deadline = started + (options.timeoutMs ?? 30_000);
    const poll = setInterval(() => {
      const ready = options.ready.exec(output());
      if (ready) settle(() => resolve({ child, ready, startedInMs: performance.now() - started, output, stop }));
      else if (performance.now() > deadline) settle(() => reject(new Error(`node ${args.join(' ')} was not ready after ${options.timeoutMs ?? 30_000} ms:\n${output()}`)), true);
    }, 20);
    const exited = (code: number | null) => settle(() => reject(new Error(`node ${args.join(' ')} exited (${code}) before it was ready:\n${output()}`)));
    child.once('exit', exited);
    function settle(then: () => void, kill = false) {
      clearInterval(poll);
      child.off('exit', exited);
      if (kill) void stop();
      then();
    }
  });
}

function startPiped(args: string[], options: StartOptions): Promise<NodeProcess> {
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
    const stop = stopper(child);
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
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${output}`));
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

/** `npx tsx mock-server/main.ts`, ready once it prints where it listens; `logFile`: its output goes there (see StartOptions); `env`: more variables (IK_STORE, DATABASE_URL). */
export const startMockServerProcess = (dataDir: string, logFile?: string, env: Record<string, string> = {}) =>
  startNode(['--import', 'tsx', 'mock-server/main.ts'], { env: { ...scratchServerEnv(dataDir), ...env }, ready: /mock server: (http:\/\/\S+?)\/api\/integrations/, timeoutMs: 60_000, ...(logFile && { logFile }) });
