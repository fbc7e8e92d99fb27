import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchServerEnv, startNode, type NodeProcess } from '../../scripts/node-process.ts';

/** A mock server as its own process (`mock-server/main.ts`), called over HTTP. */
export interface ServerProcess {
  node: NodeProcess;
  origin: string;
  dataDir: string;
  call(method: string, path: string, options?: { token?: string | null; body?: unknown }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, options: { dataDir?: string; logFile?: string } = {}): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ik-proc-')));
  const node = await startNode(['--import', 'tsx', 'mock-server/main.ts'], {
    env: { ...scratchServerEnv(dataDir), ...env },
    ready: /mock server: (http:\/\/\S+?)\/api\/integrations/,
    timeoutMs: 60_000,
    ...(options.logFile && { logFile: options.logFile }),
  }).catch(async (error: unknown) => {
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const origin = node.ready[1]!;
  return {
    node,
    origin,
    dataDir,
    async call(method, path, { token = 'demo-acme-admin', body } = {}) {
      const response = await fetch(`${origin}/api/integrations${path}`, {
        method,
        headers: { ...(token !== null && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    async stop() {
      await node.stop();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
