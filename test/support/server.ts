import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
  globexMember: 'demo-globex-member',
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
    oauthClients: await readProjectJson('mock-server/config/dev-oauth-clients.json'),
    fakeOAuthTokenSeconds: 3600,
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

/** Asserts an API error answer: status, code, a message, and (when given) the machine-readable reason. */
export function expectError(result: { status: number; body: any }, status: number, code: string, reason?: string): void {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.equal(result.body?.error?.code, code, JSON.stringify(result.body));
  assert.equal(typeof result.body.error.message, 'string');
  if (reason !== undefined) assert.equal(result.body.error.reason, reason, JSON.stringify(result.body));
}

/** Asserts a 400 validation_failed naming exactly `fields` (in `fields` and in the message). */
export function expectFields(result: { status: number; body: any }, fields: string[]): void {
  expectError(result, 400, 'validation_failed');
  assert.deepEqual(Object.keys(result.body.error.fields).sort(), [...fields].sort(), JSON.stringify(result.body.error.fields));
  for (const field of fields) assert.ok(result.body.error.message.includes(field), `the message names ${field}`);
}

/** Every file of a data directory with its contents: equal snapshots mean nothing was stored. */
export async function readDataDir(dataDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = await readFile(path, 'utf8');
  }
  return files;
}

/** The store keys (e.g. "workspace/acme") whose files differ between two snapshots of readDataDir. */
export function changedDocuments(before: Record<string, string>, after: Record<string, string>): string[] {
  const keyOf = (text: string | undefined) => {
    try {
      return String((JSON.parse(text ?? '') as { key?: unknown }).key);
    } catch {
      return '(not a document)';
    }
  };
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((path) => before[path] !== after[path])
    .map((path) => keyOf(after[path] ?? before[path]));
}

/** Snapshots the data directory; the returned function asserts nothing was stored since. */
export async function expectNothingStored(dataDir: string): Promise<() => Promise<void>> {
  const before = await readDataDir(dataDir);
  return async () => assert.deepEqual(changedDocuments(before, await readDataDir(dataDir)), [], 'a refused request stores nothing');
}

/** A well-formed sample key for rows made by testProvider (the simulated upstream accepts it). */
export const TEST_PROVIDER_KEY = 'tk_Abcdefghijklmnopqrstuvwxyz0123456789';

/** A valid catalog row for POST /providers, with a verification recipe the simulated upstream serves. */
export function testProvider(key: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    key,
    name: `Test ${key}`,
    category: 'Testing',
    logo: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20viewBox%3D%220%200%2064%2064%22%2F%3E',
    description: 'A provider row made by a test.',
    authType: 'api_key',
    credentials: [{ name: 'apiKey', label: 'API key', hint: 'Starts with tk_.', pattern: '^tk_[A-Za-z0-9]{20,200}$' }],
    help: { url: 'https://example.com/account/keys', instructions: 'Open the dashboard, create a key and copy it.' },
    verification: { method: 'GET', url: 'https://api.example.com/v1/me', headers: { Authorization: 'Bearer {{apiKey}}' } },
    ...overrides,
  };
}
