import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { englishErrors, issuesToFields, summarizeFields } from '../src/schema/messages.ts';
import { providerKey } from '../src/schema/primitives.ts';
import type { Provider } from '../src/schema/provider.ts';
import { principalsFile, type PrincipalsConfig } from './auth/principals.ts';
import { oauthClientsSchema, type OAuthClients } from './oauth/oauth-clients.ts';
import type { PlatformKeys } from './context.ts';
import { parseCatalog } from './data/catalog-repo.ts';
import { parsePublicOrigin } from './http/browser-origin.ts';
import { STORE_ENV, type StoreConfig } from './store/open-store.ts';
import { parseDatabaseUrl } from './store/sql/pg-driver.ts';
import type { UpstreamMode } from './tester/tester.ts';
import { ENCRYPTION_KEYS_ENV, parseKeyring } from './keys/keyring.ts';
import { ConfigError, ENCRYPTION_KEY_ENV } from './vault.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Everything the Node server reads from its environment, validated before it starts. */
export interface NodeConfig {
  host: string;
  port: number;
  /** The FileStore's directory (and what a new SQL store imports from). */
  dataDir: string;
  /** Where the data is kept; absent: the FileStore in dataDir. */
  store?: StoreConfig | undefined;
  encryptionKey: string;
  /** IK_ENCRYPTION_KEYS as given (several master keys with ids, newest first); replaces encryptionKey when set. */
  encryptionKeys?: string;
  principals: PrincipalsConfig;
  platformKeys: PlatformKeys;
  catalogSeed: Provider[];
  upstreamMode: UpstreamMode;
  /** Whether the server may call loopback addresses from catalog data (the simulated upstream needs it); private ones never. */
  egressAllowLoopback: boolean;
  testTimeoutMs: number;
  testsPerMinute: number;
  corsOrigins: string[];
  /** Host names the server answers to, besides loopback (a shield against DNS rebinding). */
  allowedHosts: string[];
  /** The origin of a host that proxies the API through its own origin, when there is one. */
  publicOrigin?: string | undefined;
  oauthClients: OAuthClients;
  /** Lifetime of the simulated OAuth provider's access tokens. */
  fakeOAuthTokenSeconds: number;
}

/** The environment variables, with what each means; the README lists the same. */
export const ENV = {
  encryptionKey: ENCRYPTION_KEY_ENV,
  dataDir: 'IK_DATA_DIR',
  principalsFile: 'IK_PRINCIPALS_FILE',
  serviceToken: 'IK_SERVICE_TOKEN',
  platformKeysFile: 'IK_PLATFORM_KEYS_FILE',
  platformKeys: 'IK_PLATFORM_KEYS',
  catalogFile: 'IK_CATALOG_FILE',
  upstreamMode: 'IK_UPSTREAM_MODE',
  egressAllowLoopback: 'IK_EGRESS_ALLOW_LOOPBACK',
  testTimeoutMs: 'IK_TEST_TIMEOUT_MS',
  testsPerMinute: 'IK_TESTS_PER_MINUTE',
  corsOrigins: 'IK_CORS_ORIGINS',
  allowedHosts: 'IK_ALLOWED_HOSTS',
  publicOrigin: 'IK_PUBLIC_ORIGIN',
  oauthClientsFile: 'IK_OAUTH_CLIENTS_FILE',
  oauthClients: 'IK_OAUTH_CLIENTS',
  fakeOAuthTokenSeconds: 'IK_FAKE_OAUTH_TOKEN_SECONDS',
  ...STORE_ENV,
} as const;

/** DATABASE_URL: PostgreSQL; otherwise the embedded PGlite; IK_STORE chooses explicitly. Messages never show the URL (it may hold a password). */
function storeConfig(env: NodeJS.ProcessEnv, fromRoot: (path: string) => string, dataDir: string): StoreConfig {
  const url = env[ENV.databaseUrl] || undefined;
  const engine = env[ENV.engine] || (url ? 'postgres' : 'pglite');
  if (engine === 'file') return { engine };
  // Beside the file store's records by default, so a server given its own IK_DATA_DIR (a test, a second checkout) has its own database.
  if (engine === 'pglite') return { engine, dir: env[ENV.pgliteDir] ? fromRoot(env[ENV.pgliteDir]!) : join(dataDir, 'pglite') };
  if (engine !== 'postgres') throw new ConfigError(`${ENV.engine} must be "pglite", "postgres" or "file".`);
  if (!url) throw new ConfigError(`${ENV.engine}=postgres needs ${ENV.databaseUrl} (postgres://user:password@host:port/database).`);
  parseDatabaseUrl(url, ENV.databaseUrl);
  return { engine, url };
}

const platformKeysSchema = z.record(providerKey, z.record(z.string(), z.string()));

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`Cannot read the ${what} at ${path}.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`The ${what} at ${path} is not valid JSON.`);
  }
}

function parseWith<S extends z.ZodMiniType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data, { error: englishErrors });
  if (!result.success) throw new ConfigError(`The ${what} is invalid: ${summarizeFields(issuesToFields(result.error.issues))}.`);
  return result.data as z.output<S>;
}

function wholeNumber(raw: string | undefined, name: string, fallback: number, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min}.`);
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

export async function loadNodeConfig(env: NodeJS.ProcessEnv = process.env, defaults: { port?: number } = {}): Promise<NodeConfig> {
  const fromRoot = (path: string) => resolve(PROJECT_ROOT, path);
  const encryptionKey = env[ENV.encryptionKey] ?? '';
  const encryptionKeys = env[ENCRYPTION_KEYS_ENV]?.trim() || undefined;
  // Refuse to start without usable keys (the bytes parsed here are wiped at once).
  for (const [, bytes] of parseKeyring({ [ENCRYPTION_KEYS_ENV]: encryptionKeys, [ENV.encryptionKey]: encryptionKey })) bytes.fill(0);

  const principals = parseWith(
    principalsFile,
    await readJsonFile(fromRoot(env[ENV.principalsFile] ?? 'mock-server/config/dev-principals.json'), `principals file (${ENV.principalsFile})`),
    `principals file (${ENV.principalsFile})`,
  );
  if (env[ENV.serviceToken]) {
    if (env[ENV.serviceToken]!.length < 16) throw new ConfigError(`${ENV.serviceToken} must be at least 16 characters.`);
    principals.serviceToken = env[ENV.serviceToken]!;
  }

  const keysFile = env[ENV.platformKeysFile] ?? 'mock-server/config/dev-platform-keys.json';
  const platformKeys: Record<string, Record<string, string>> = keysFile
    ? parseWith(platformKeysSchema, await readJsonFile(fromRoot(keysFile), `platform keys file (${ENV.platformKeysFile})`), `platform keys file`)
    : {};
  if (env[ENV.platformKeys]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env[ENV.platformKeys]!);
    } catch {
      throw new ConfigError(`${ENV.platformKeys} must be JSON like {"openai":{"apiKey":"…"}}.`);
    }
    Object.assign(platformKeys, parseWith(platformKeysSchema, parsed, ENV.platformKeys));
  }

  const clientsFile = env[ENV.oauthClientsFile] ?? 'mock-server/config/dev-oauth-clients.json';
  const oauthClients: OAuthClients = clientsFile
    ? parseWith(oauthClientsSchema, await readJsonFile(fromRoot(clientsFile), `OAuth clients file (${ENV.oauthClientsFile})`), 'OAuth clients file')
    : {};
  if (env[ENV.oauthClients]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env[ENV.oauthClients]!);
    } catch {
      throw new ConfigError(`${ENV.oauthClients} must be JSON like {"github":{"clientId":"…","clientSecret":"…"}}.`);
    }
    Object.assign(oauthClients, parseWith(oauthClientsSchema, parsed, ENV.oauthClients));
  }

  const catalogPath = fromRoot(env[ENV.catalogFile] ?? 'mock-server/catalog/providers.json');
  const catalogFile = (await readJsonFile(catalogPath, `catalog (${ENV.catalogFile})`)) as { providers?: unknown };
  if (!Array.isArray(catalogFile?.providers)) throw new ConfigError(`The catalog at ${catalogPath} must be { "providers": [ … ] }.`);

  const upstreamMode = env[ENV.upstreamMode] ?? 'simulated';
  if (upstreamMode !== 'simulated' && upstreamMode !== 'live') throw new ConfigError(`${ENV.upstreamMode} must be "simulated" or "live".`);
  const loopbackSetting = env[ENV.egressAllowLoopback];
  if (loopbackSetting !== undefined && loopbackSetting !== 'true' && loopbackSetting !== 'false') throw new ConfigError(`${ENV.egressAllowLoopback} must be "true" or "false".`);

  return {
    host: env.HOST || '127.0.0.1',
    port: wholeNumber(env.PORT, 'PORT', defaults.port ?? 8787, 0),
    dataDir: fromRoot(env[ENV.dataDir] ?? '.data/store'),
    store: storeConfig(env, fromRoot, fromRoot(env[ENV.dataDir] ?? '.data/store')),
    encryptionKey,
    ...(encryptionKeys && { encryptionKeys }),
    principals,
    platformKeys,
    catalogSeed: parseCatalog(catalogFile.providers, catalogPath),
    upstreamMode,
    // The simulated upstream and OAuth provider are this server, on loopback.
    egressAllowLoopback: loopbackSetting === undefined ? upstreamMode === 'simulated' : loopbackSetting === 'true',
    testTimeoutMs: wholeNumber(env[ENV.testTimeoutMs], ENV.testTimeoutMs, 10_000),
    testsPerMinute: wholeNumber(env[ENV.testsPerMinute], ENV.testsPerMinute, 30),
    corsOrigins: list(env[ENV.corsOrigins]),
    allowedHosts: list(env[ENV.allowedHosts]),
    publicOrigin: parsePublicOrigin(env[ENV.publicOrigin], ENV.publicOrigin),
    oauthClients,
    fakeOAuthTokenSeconds: wholeNumber(env[ENV.fakeOAuthTokenSeconds], ENV.fakeOAuthTokenSeconds, 3600),
  };
}
