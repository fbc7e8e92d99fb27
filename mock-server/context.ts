import type { CredentialValues } from '../src/credentials/validate.ts';
import type { PrincipalDirectory } from './auth/principals.ts';
import type { FakeOAuthProvider } from './oauth/fake-provider.ts';
import type { KeyedLock, Store } from './store/store.ts';
import type { OAuthClients } from './oauth/oauth-clients.ts';
import type { CatalogRepo } from './data/catalog-repo.ts';
import type { SessionRepo } from './data/session-repo.ts';
import type { WorkspaceRepo } from './data/workspace-repo.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import type { TesterOptions } from './tester/tester.ts';
import type { Vault } from './vault.ts';
import type { CredentialCache } from './services/credential-cache.ts';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Platform (built-in) credentials per provider key, from server configuration. */
export type PlatformKeys = Readonly<Record<string, CredentialValues>>;

/** What every service of the mock server works with. */
export interface ServerContext {
  catalog: CatalogRepo;
  workspaces: WorkspaceRepo;
  sessions: SessionRepo;
  /** Fixed tokens, workspaces and their projects, from configuration. */
  directory: PrincipalDirectory;
  vault: Vault;
  /** Plaintext of recently resolved service keys (bounded; see credential-cache.ts). */
  credentialCache: CredentialCache;
  platformKeys: PlatformKeys;
  tester: TesterOptions;
  /** The raw store, for documents outside the repos (OAuth attempts). */
  store: Store;
  /** Read-modify-write locks for those documents. */
  locks: KeyedLock;
  /** This server's own origin (see AppOptions.origin). */
  origin: () => string;
  /** The origin of a host that proxies the API (see AppOptions.publicOrigin). */
  publicOrigin?: string | undefined;
  /** Origins a browser flow may return to: this server's, the public one and the CORS origins. */
  allowedOrigins: () => string[];
  oauth: {
    clients: OAuthClients;
    /** The simulated OAuth provider, in simulated mode. */
    fake?: FakeOAuthProvider;
    /** Whether a sign-in must finish in the browser that started it (see browser-binding.ts). */
    bindToBrowser: boolean;
  };
  /** Credential tests per workspace per minute (each calls an upstream). */
  testLimiter: RateLimiter;
  /** OAuth sign-ins a user may start per minute (each leaves a record for a day). */
  oauthStartLimiter: RateLimiter;
  logger: Logger;
  now: () => Date;
}
