import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { API_BASE, createServerApp, OAUTH_BASE, UPSTREAM_BASE } from './app.ts';
import { directResolve, isDirectResolve } from './http/node-resolve.ts';
import { egressFetch } from './http/egress.ts';
import { LOOPBACK_HOSTS } from './app-paths.ts';
import { HttpError } from './http/http-error.ts';
import type { NodeConfig } from './config.ts';
import type { Logger } from './context.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { ENCRYPTION_KEY_ENV, Vault } from './vault.ts';
import { ENCRYPTION_KEYS_ENV, parseKeyring } from './keys/keyring.ts';
import { checkStoredKeys } from './keys/rotation.ts';
import { nodeCipher } from './vault-node.ts';

export interface RunningServer {
  server: Server;
  /** The fetch-style app itself, for in-process calls. */
  app: Hono;
  /** e.g. http://127.0.0.1:5173 */
  origin: string;
  store: Store;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Handles every request that is not the API or the fake upstream (the demo's Vite server). */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Called with the HTTP server before it listens (Vite attaches its HMR socket here). */
  beforeListen?: (server: Server) => Promise<void> | void;
  /** Try the following ports when the configured one is taken. */
  portAttempts?: number;
  fetch?: typeof fetch;
  /** The server's clock (tests move it to expire sessions). */
  now?: () => Date;
}

/** How long request lines wait to be written together, at most. */
const LOG_FLUSH_MS = 100;

/**
 * The console, with request lines (info) written in batches: one write per request cost a busy
 * server about a sixth of its time. They wait at most LOG_FLUSH_MS (or 64 KB); a warning or an
 * error first writes what waits, then itself at once, so the order is kept.
 */
export function consoleLogger(): Logger {
  let pending: string[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    process.stdout.write(pending.join(''));
    pending = [];
    size = 0;
  };
  process.once('exit', flush);
  return {
    info(message) {
      const line = `[mock-server] ${message}\n`;
      pending.push(line);
      size += line.length;
      if (size >= 64 * 1024) flush();
      else timer ??= setTimeout(flush, LOG_FLUSH_MS).unref();
    },
    warn(message) {
      flush();
      console.warn(`[mock-server] ${message}`);
    },
    error(message) {
      flush();
      console.error(`[mock-server] ${message}`);
    },
  };
}

/** "example.com:5173" -> "example.com"; "[::1]:80" -> "[::1]". */
function hostName(header: string | undefined): string {
  return (header ?? '').toLowerCase().replace(/:\d+$/, '');
}

/** A page on another name that resolves to 127.0.0.1 (DNS rebinding) must not reach the API. */
function refuseHost(res: ServerResponse): void {
  const body = new HttpError('forbidden', 'This host name is not allowed; add it to IK_ALLOWED_HOSTS (or, for a proxy that passes its own Host on, set IK_PUBLIC_ORIGIN).').toResponse();
  res.writeHead(body.status, { 'content-type': 'application/json; charset=utf-8' });
  void body.text().then((text) => res.end(text));
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The master keys of the configuration (IK_ENCRYPTION_KEYS, or the one IK_ENCRYPTION_KEY), on node:crypto. */
export function serverVault(config: Pick<NodeConfig, 'encryptionKey' | 'encryptionKeys'>): Promise<Vault> {
  return Vault.fromKeyring(parseKeyring({ [ENCRYPTION_KEYS_ENV]: config.encryptionKeys, [ENCRYPTION_KEY_ENV]: config.encryptionKey }), nodeCipher);
}

/** Serves the mock server (and optionally the demo) on loopback. */
export async function startMockServer(config: NodeConfig, options: StartOptions = {}): Promise<RunningServer> {
  let origin = '';
  const logger = options.logger ?? consoleLogger();
  const vault = await serverVault(config);
  const store = await openStore(config, logger);
  const { app, ctx } = createServerApp({
    store,
    vault,
    principals: config.principals,
    catalogSeed: config.catalogSeed,
    platformKeys: config.platformKeys,
    origin: () => origin,
    publicOrigin: config.publicOrigin,
    upstream: {
      mode: config.upstreamMode,
      timeoutMs: config.testTimeoutMs,
      fetch: options.fetch ?? egressFetch({ allowLoopback: config.egressAllowLoopback }),
    },
    oauth: { clients: config.oauthClients, tokenSeconds: config.fakeOAuthTokenSeconds },
    corsOrigins: config.corsOrigins,
    testsPerMinute: config.testsPerMinute,
    logger,
    ...(options.now && { now: options.now }),
  });
  const handle = getRequestListener((request) => app.fetch(request));
  const { fallback } = options;
  // A proxy may pass its own Host on: the public origin's name is one this server answers to.
  const publicHost = config.publicOrigin ? [new URL(config.publicOrigin).hostname] : [];
  const allowed = new Set([...LOOPBACK_HOSTS, config.host, ...config.allowedHosts, ...publicHost].map((h) => h.toLowerCase()));
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const isApi = path.startsWith(API_BASE) || path.startsWith(UPSTREAM_BASE) || path.startsWith(OAUTH_BASE);
    if (isApi && !allowed.has(hostName(req.headers.host))) return refuseHost(res);
    if (fallback && !isApi) fallback(req, res);
    else if (isDirectResolve(req)) void directResolve(ctx, req, res);
    else void handle(req, res);
  });
  let port = config.port;
  try {
    // Before taking any request: the stored data must be readable with the configured keys.
    await checkStoredKeys(store, ctx.vault);
    await options.beforeListen?.(server);
    for (let attempt = 1; ; attempt++) {
      try {
        port = await listen(server, config.host, port);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= (options.portAttempts ?? 1)) throw error;
        port += 1;
      }
    }
  } catch (error) {
    await store.close?.();
    throw error;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  origin = `http://${host}:${port}`;
  return {
    server,
    app,
    origin,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await store.close?.();
    },
  };
}
