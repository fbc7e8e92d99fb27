import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCatalog } from '../../mock-server/data/catalog-repo.ts';
import { principalsFile } from '../../mock-server/auth/principals.ts';
import type { NodeConfig } from '../../mock-server/config.ts';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import type { Logger } from '../../mock-server/context.ts';
import { startMockServer, type RunningServer } from '../../mock-server/node-server.ts';
import { generateEncryptionKey } from '../../mock-server/vault.ts';

export const TOKENS = {
  acmeAdmin: 'demo-acme-admin',
  acmeMember: 'demo-acme-member',
  acmeViewer: 'demo-acme-viewer',
  globexAdmin: 'demo-globex-admin',
  platformAdmin: 'demo-platform-admin',
  service: 'test-service-token-0123456789',
} as const;

export async function readProjectJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(PROJECT_ROOT, path), 'utf8')) as T;
}

export async function loadSeedCatalog() {
  const file = await readProjectJson<{ providers: unknown[] }>('mock-server/catalog/providers.json');
  return parseCatalog(file.providers, 'providers.json');
}

export async function loadSampleKeys(): Promise<Record<string, Record<string, string>>> {
  return readProjectJson('mock-server/catalog/sample-keys.json');
}

/** Collects every log line so tests can prove no secret reaches a log. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  info = (m: string) => void this.lines.push(m);
  warn = (m: string) => void this.lines.push(m);
  error = (m: string) => void this.lines.push(m);
}

export interface TestServer extends RunningServer {
  dataDir: string;
  config: NodeConfig;
  logger: CapturingLogger;
  /** Calls the API with a bearer token; parses JSON answers. */
  call(method: string, path: string, options?: { token?: string | null; body?: unknown; raw?: BodyInit; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** A real mock server on an ephemeral loopback port, with its own temp data directory. */
export async function startTestServer(overrides: Partial<NodeConfig> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ik-test-'));
  const config: NodeConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    encryptionKey: generateEncryptionKey(),
    principals: { ...principalsFile.parse(await readProjectJson('mock-server/config/dev-principals.json')), serviceToken: TOKENS.service },
    platformKeys: { openai: { apiKey: 'sk-platform-test-key-000000000000000000' } },
    catalogSeed: await loadSeedCatalog(),
    upstreamMode: 'simulated',
    testTimeoutMs: 2_000,
    testsPerMinute: 1_000,
    corsOrigins: [],
    allowedHosts: [],
    ...overrides,
  };
  const logger = new CapturingLogger();
  const running = await startMockServer(config, { logger });
  const call: TestServer['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TOKENS.acmeAdmin : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${running.origin}/api/integrations${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: leave as text so the assertion shows it
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    ...running,
    dataDir,
    config,
    logger,
    call,
    async stop() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
