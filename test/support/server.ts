import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCatalog } from '../../mock-server/data/catalog-repo.ts';
import { principalsFile } from '../../mock-server/auth/principals.ts';
import type { NodeConfig } from '../../mock-server/config.ts';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import type { Logger } from '../../mock-server/context.ts';
import { startMockServer, type RunningServer } from '../../mock-server/node-server.ts';
import { connectionKey } from '../../mock-server/data/workspace-repo.ts';
import { FileStore } from '../../mock-server/store/file-store.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';
import { testStoreConfig } from './sql.ts';

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

/** The development principals, the test service token, and a third workspace without projects or users (for sessions). */
async function testPrincipals() {
  const dev = principalsFile.parse(await readProjectJson('mock-server/config/dev-principals.json'));
  return { ...dev, serviceToken: TOKENS.service, workspaces: [...dev.workspaces, { id: 'initech', name: 'Initech', projects: [] }] };
}

/** A real mock server on an ephemeral loopback port, with its own temp data directory. */
export async function startTestServer(overrides: Partial<NodeConfig> = {}, options: { now?: () => Date; fetch?: typeof fetch } = {}): Promise<TestServer> {
  // A server started on another's data directory (a restart) leaves that directory to its owner.
  const ownDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'ik-test-')));
  const config: NodeConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    encryptionKey: generateEncryptionKey(),
    principals: await testPrincipals(),
    platformKeys: { openai: { apiKey: 'sk-platform-test-key-000000000000000000' } },
    catalogSeed: await loadSeedCatalog(),
    upstreamMode: 'simulated',
    // As loadConfig defaults it: loopback for the simulated upstream only.
    egressAllowLoopback: (overrides.upstreamMode ?? 'simulated') === 'simulated',
    testTimeoutMs: 2_000,
    testsPerMinute: 1_000,
    corsOrigins: [],
    allowedHosts: [],
    oauthClients: await readProjectJson('mock-server/config/dev-oauth-clients.json'),
    fakeOAuthTokenSeconds: 3600,
    ...overrides,
    store: overrides.store ?? (await testStoreConfig(dataDir)),
  };
  const logger = new CapturingLogger();
  const running = await startMockServer(config, { logger, ...(options.now && { now: options.now }), ...(options.fetch && { fetch: options.fetch }) }).catch(async (error: unknown) => {
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
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
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
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

/**
 * Everything the server has stored, as text to search: every file of its data directory (a
 * file store's records, PGlite's database files) and, on a SQL engine, every record read back
 * through the store (a PostgreSQL server's files are not ours to read).
 */
export async function storedText(server: TestServer): Promise<string> {
  const files = Object.values(await readDataDir(server.dataDir)).join('\n');
  if ((server.config.store ?? { engine: 'file' }).engine === 'file') return files;
  return `${files}\n${JSON.stringify(await server.store.entries(''))}`;
}

/** The store keys (e.g. "workspace/acme/connection/conn_…") whose files differ between two snapshots of readDataDir. */
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

/** A test server for the tests of one suite, used as the server itself: started before them, stopped after. */
export function serverForSuite(...args: Parameters<typeof startTestServer>): TestServer {
  const server = {} as TestServer;
  before(async () => {
    Object.assign(server, await startTestServer(...args));
  });
  after(() => server.stop());
  return server;
}

/** A clock a test can move forward; give its `now` to startTestServer (the simulated OAuth provider shares it). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A page fetched like a browser would, without following redirects. */
export interface FetchedPage {
  status: number;
  headers: Headers;
  html: string;
  /** The Location of a redirect, absolute. */
  location: string | null;
}

export async function fetchPage(url: string, init: RequestInit = {}): Promise<FetchedPage> {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, headers: response.headers, html: await response.text(), location: location === null ? null : new URL(location, url).href };
}

const unescapeHtml = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The hidden fields of the simulated provider's consent form, as a browser would submit them. */
export function consentFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = unescapeHtml(value!);
  return fields;
}

export interface OAuthStartOptions {
  provider?: string;
  token?: string;
  mode?: 'popup' | 'redirect';
  connectionId?: string;
  /** Defaults to the server's own origin + '/'. */
  returnTo?: string;
  workspaceId?: string;
}

/** An authorization begun over HTTP: POST /oauth/start, then the consent page at its authorizeUrl. */
export interface BegunOAuth {
  start: { status: number; body: any; headers: Headers };
  authorizeUrl: URL;
  state: string;
  connectionId: string;
  consent: FetchedPage;
  fields: Record<string, string>;
  /** The browser-binding cookie /oauth/start set ("name=value"), sent back to the callback as a browser would. */
  cookie: string;
}

export async function beginOAuth(server: TestServer, options: OAuthStartOptions = {}): Promise<BegunOAuth> {
  const body = {
    workspaceId: options.workspaceId ?? 'acme',
    provider: options.provider ?? 'github',
    returnTo: options.returnTo ?? `${server.origin}/`,
    ...(options.mode && { mode: options.mode }),
    ...(options.connectionId && { connectionId: options.connectionId }),
  };
  const start = await server.call('POST', '/oauth/start', { token: options.token ?? TOKENS.acmeAdmin, body });
  assert.equal(start.status, 200, JSON.stringify(start.body));
  const authorizeUrl = new URL(start.body.authorizeUrl);
  const consent = await fetchPage(authorizeUrl.href);
  assert.equal(consent.status, 200, consent.html);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.match(cookie, /^ik_oauth_[0-9a-f]{16}=/, 'a browser-binding cookie');
  return { start, authorizeUrl, state: start.body.state, connectionId: start.body.connectionId, consent, fields: consentFields(consent.html), cookie };
}

/** Loads the callback URL the provider redirected to, in the browser that started the sign-in (with its cookie). */
export function openCallback(begun: Pick<BegunOAuth, 'cookie'>, callbackUrl: string): Promise<FetchedPage> {
  return fetchPage(callbackUrl, { headers: { cookie: begun.cookie } });
}

/** Clicks Approve or Deny on the consent page: the provider's redirect to our callback. */
export async function decideOAuth(begun: BegunOAuth, decision: 'approve' | 'deny'): Promise<string> {
  const action = new URL('decision', begun.authorizeUrl).href;
  const answer = await fetchPage(action, { method: 'POST', body: new URLSearchParams({ ...begun.fields, decision }) });
  assert.equal(answer.status, 302, answer.html);
  return answer.location!;
}

/** The whole dance as a browser would do it, ending on the callback's answer. */
export async function connectOAuth(
  server: TestServer,
  options: OAuthStartOptions & { decision?: 'approve' | 'deny' } = {},
): Promise<BegunOAuth & { callbackUrl: string; callback: FetchedPage }> {
  const begun = await beginOAuth(server, options);
  const callbackUrl = await decideOAuth(begun, options.decision ?? 'approve');
  return { ...begun, callbackUrl, callback: await openCallback(begun, callbackUrl) };
}

/** A document of the server's store (a FileStore's read from its data directory). */
export function readStored<T>(server: TestServer, key: string): Promise<T | undefined> {
  return (server.config.store ?? { engine: 'file' }).engine === 'file' ? new FileStore(server.dataDir).get<T>(key) : server.store.get<T>(key);
}

/** The server's vault, reading its workspaces' data keys from its data directory (to check what was stored). */
export async function vaultOf(server: TestServer): Promise<Vault> {
  return (await Vault.fromBase64(server.config.encryptionKey)).withStore(new FileStore(server.dataDir));
}

/** A connection as stored, with its credential decrypted by the server's key (to check what was stored). */
export async function storedConnection<T = Record<string, string>>(server: TestServer, workspaceId: string, connectionId: string): Promise<{ record: any; secret: T | undefined }> {
  const record = await readStored<any>(server, connectionKey(workspaceId, connectionId));
  assert.ok(record, `connection ${connectionId} is stored`);
  if (!record.secret) return { record, secret: undefined };
  const vault = await vaultOf(server);
  return { record, secret: await vault.decryptJson<T>(record.secret, { workspaceId, provider: record.provider, connectionId }) };
}

/** Calls the simulated provider's token endpoint directly, with the configured client unless told otherwise. */
export async function tokenEndpoint(server: TestServer, provider: string, params: Record<string, string>, clientRef = provider === 'google-workspace' ? 'google' : provider): Promise<{ status: number; body: any }> {
  const client = server.config.oauthClients[clientRef]!;
  const response = await fetch(`${server.origin}/__oauth/${provider}/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, ...params }),
  });
  return { status: response.status, body: await response.json() };
}

/** The status the simulated GitHub API answers for an access token (200 live, 401 dead). */
export async function githubApiStatus(server: TestServer, accessToken: string): Promise<number> {
  const response = await fetch(`${server.origin}/__upstream/github/api.github.com/user`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
  });
  await response.body?.cancel();
  return response.status;
}
