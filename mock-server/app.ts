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
import type { Store } from './store/store.ts';
import type { UpstreamMode } from './tester/tester.ts';
import { fakeUpstream } from './upstream/fake-upstream.ts';
import type { Vault } from './vault.ts';

export const API_BASE = '/api/integrations';
export const UPSTREAM_BASE = '/__upstream';

export interface AppOptions {
  store: Store;
  vault: Vault;
  principals: PrincipalsConfig;
  catalogSeed: Provider[];
  platformKeys?: PlatformKeys;
  upstream?: {
    mode?: UpstreamMode;
    /**
     * Absolute URL of this app's /__upstream on loopback, for simulated mode. Without it the
     * fake upstream is called in-process (the browser build). Never derived from a request's
     * Host header, which a caller controls.
     */
    baseUrl?: () => string;
    timeoutMs?: number;
    fetch?: typeof fetch;
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
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const catalog = new CatalogRepo(options.store, options.catalogSeed);
  const upstreamMode = options.upstream?.mode ?? 'simulated';
  const app = new Hono();
  const inProcess = !options.upstream?.baseUrl;
  const sessions = new SessionRepo(options.store, now);
  const ctx: ServerContext = {
    catalog,
    workspaces: new WorkspaceRepo(options.store),
    sessions,
    directory: new PrincipalDirectory(options.principals, sessions),
    vault: options.vault,
    platformKeys: options.platformKeys ?? {},
    tester: {
      mode: upstreamMode,
      upstreamBase: options.upstream?.baseUrl ?? (() => `http://in-process${UPSTREAM_BASE}`),
      timeoutMs: options.upstream?.timeoutMs ?? 10_000,
      fetch:
        options.upstream?.fetch ??
        (upstreamMode === 'simulated' && inProcess ? inProcessFetch(app) : (input, init) => fetch(input, init)),
      now,
    },
    testLimiter: new RateLimiter(options.testsPerMinute ?? 30),
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
    app.use(`${API_BASE}/*`, cors({ origin: options.corsOrigins, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  }
  app.use(`${API_BASE}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.route(API_BASE, apiRoutes(ctx));
  if (upstreamMode === 'simulated') app.route(UPSTREAM_BASE, fakeUpstream({ getProvider: (key) => catalog.get(key) }));

  app.notFound((c) => new HttpError('not_found', `No route for ${c.req.method} ${c.req.path}.`).toResponse());
  app.onError((error, c) => {
    if (error instanceof HttpError) return error.toResponse();
    logger.error(`${c.req.method} ${c.req.path} failed: ${redact(String(error?.stack ?? error))}`);
    return new HttpError('internal_error', 'Something went wrong on the server; the error was logged.').toResponse();
  });
  return app;
}
