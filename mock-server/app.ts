import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Provider } from '../src/schema/provider.ts';
import { PrincipalDirectory, type PrincipalsConfig } from './auth/principals.ts';
import type { Logger, PlatformKeys, ServerContext } from './context.ts';
import { CatalogRepo } from './data/catalog-repo.ts';
import { SessionRepo } from './data/session-repo.ts';
import { WorkspaceRepo } from './data/workspace-repo.ts';
import { HttpError } from './http/http-error.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { apiRoutes } from './routes/api.ts';
import { KeyedLock, type Store } from './store/store.ts';
import type { UpstreamMode } from './tester/tester.ts';
import { fakeUpstream } from './upstream/fake-upstream.ts';
import { FakeOAuthProvider } from './oauth/fake-provider.ts';
import type { OAuthClients } from './oauth/oauth-clients.ts';
import type { Vault } from './vault.ts';
import { CredentialCache } from './services/credential-cache.ts';

import { API_BASE, OAUTH_BASE, UPSTREAM_BASE } from './app-paths.ts';

export { API_BASE, OAUTH_BASE, UPSTREAM_BASE };

export interface AppOptions {
  store: Store;
  vault: Vault;
  principals: PrincipalsConfig;
  catalogSeed: Provider[];
  platformKeys?: PlatformKeys;
  /**
   * This server's own origin on loopback (e.g. http://127.0.0.1:5173). The simulated upstream
   * (/__upstream) and OAuth provider (/__oauth) are reached there, and OAuth redirects come back
   * to it. Without it they are called in-process (the browser build). Never derived from a
   * request's Host header, which a caller controls.
   */
  origin?: () => string;
  /**
   * The origin browsers reach the API at when a host proxies /api/integrations through its own
   * origin (IK_PUBLIC_ORIGIN): OAuth comes back there, and its pages may start sign-ins.
   */
  publicOrigin?: string | undefined;
  upstream?: {
    mode?: UpstreamMode;
    timeoutMs?: number;
    fetch?: typeof fetch;
  };
  oauth?: {
    /** Client credentials per `clientIdRef` of the catalog. */
    clients?: OAuthClients;
    /**
     * Whether a sign-in must finish in the browser that started it, proven by a cookie (default
     * true). Only for the app running inside a page, where a Response cannot carry Set-Cookie.
     */
    bindToBrowser?: boolean;
    /** Lifetime of the simulated provider's access tokens. */
    tokenSeconds?: number;
  };
  /** Credential tests a workspace may run per minute. */
  testsPerMinute?: number;
  /** Origins allowed to call the API from a browser on another origin. */
  corsOrigins?: string[];
  logger?: Logger;
  now?: () => Date;
}

/** fetch() into the app itself, honouring the caller's abort signal as real fetch does. */
function inProcessFetch(app: Hono): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    return new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      Promise.resolve(app.fetch(request)).then(resolve, reject);
    });
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Anything that looks like a token is cut from log lines: thrown errors can quote their input. */
export function redact(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.+/=:]{16,}/g, '[redacted]');
}

/**
 * The reference backend as a fetch-style app (Request -> Response): the same code serves
 * `npm start` under Node and runs inside a browser with an IndexedDB store.
 */
export function createApp(options: AppOptions): Hono {
  return createServerApp(options).app;
}

/** A server error's answer: logged (redacted) with the request, and a 500 that says only that. */
export function internalError(logger: Logger, method: string, path: string, error: unknown): HttpError {
  logger.error(`${method} ${path} failed: ${redact(String((error as Error | undefined)?.stack ?? error))}`);
  return new HttpError('internal_error', 'Something went wrong on the server; the error was logged.');
}

/** The app with what it runs on: the Node server serves one hot route without the fetch layer (see http/node-resolve.ts). */
export function createServerApp(options: AppOptions): { app: Hono; ctx: ServerContext } {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const catalog = new CatalogRepo(options.store, options.catalogSeed);
  const upstreamMode = options.upstream?.mode ?? 'simulated';
  const app = new Hono();
  const inProcess = !options.origin;
  const origin = options.origin ?? (() => 'http://in-process');
  const sessions = new SessionRepo(options.store, now);
  const ctx: ServerContext = {
    catalog,
    workspaces: new WorkspaceRepo(options.store),
    sessions,
    directory: new PrincipalDirectory(options.principals, sessions),
    // Credentials under per-workspace data keys kept in this store (keys/data-keys.ts).
    vault: options.vault.withStore(options.store),
    credentialCache: new CredentialCache(),
    platformKeys: options.platformKeys ?? {},
    tester: {
      mode: upstreamMode,
      upstreamBase: () => origin() + UPSTREAM_BASE,
      timeoutMs: options.upstream?.timeoutMs ?? 10_000,
      fetch:
        options.upstream?.fetch ??
        (upstreamMode === 'simulated' && inProcess ? inProcessFetch(app) : (input, init) => fetch(input, init)),
      now,
    },
    testLimiter: new RateLimiter(options.testsPerMinute ?? 30),
    oauthStartLimiter: new RateLimiter(20, () => now().getTime()),
    store: options.store,
    locks: new KeyedLock(),
    origin,
    publicOrigin: options.publicOrigin,
    allowedOrigins: () => [origin(), ...(options.publicOrigin ? [options.publicOrigin] : []), ...(options.corsOrigins ?? [])],
    oauth: {
      clients: options.oauth?.clients ?? {},
      bindToBrowser: options.oauth?.bindToBrowser ?? true,
      ...(upstreamMode === 'simulated' && {
        fake: new FakeOAuthProvider({
          getProvider: (key) => catalog.get(key),
          clients: options.oauth?.clients ?? {},
          publicOrigin: options.publicOrigin,
          tokenSeconds: options.oauth?.tokenSeconds ?? 3600,
          now,
        }),
      }),
    },
    logger,
    now,
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Upstream paths are built from credentials (a Twilio SID, a calendar id): log the provider only.
    const path = c.req.path.startsWith(UPSTREAM_BASE) ? c.req.path.split('/', 3).join('/') + '/…' : c.req.path;
    logger.info(`${c.req.method} ${path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  });
  if (options.corsOrigins?.length) {
    app.use(`${API_BASE}/*`, cors({ origin: options.corsOrigins, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600, credentials: true }));
  }
  app.use(`${API_BASE}/*`, async (c, next) => {
    await next();
    try {
      // On the response's own headers: c.header() after next() would copy the response, body stream and all.
      c.res.headers.set('Cache-Control', 'no-store');
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      // A response with immutable headers (one fetched from elsewhere) is copied after all.
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
    }
  });
  app.route(API_BASE, apiRoutes(ctx));
  if (ctx.oauth.fake) {
    app.route(UPSTREAM_BASE, fakeUpstream({ getProvider: (key) => catalog.get(key), oauth: ctx.oauth.fake }));
    app.route(OAUTH_BASE, ctx.oauth.fake.routes());
  }

  app.notFound((c) => new HttpError('not_found', `No route for ${c.req.method} ${c.req.path}.`).toResponse());
  app.onError((error, c) => (error instanceof HttpError ? error : internalError(logger, c.req.method, c.req.path, error)).toResponse());
  return { app, ctx };
}
