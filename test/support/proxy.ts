import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_BASE } from '../../mock-server/app-paths.ts';

export interface HostServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export interface HostServerOptions {
  /** The API server's origin, asked per request (it may start after this server). */
  target?: () => string;
  /**
   * Pass the browser's Host header on (as Vite's proxy does by default), or send the API
   * server's own (as nginx does by default).
   */
  preserveHost?: boolean;
  /** Everything that is not the API: the host's own pages. */
  pages?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * A host product's own server on loopback: its pages, and (with a target) a reverse proxy
 * that forwards API_BASE to the integrations API, so that the browser sees the API on this origin.
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const server = createServer((req, res) => {
    const target = options.target?.();
    if (!target || !(req.url ?? '').startsWith(`${API_BASE}/`)) {
      if (options.pages) return options.pages(req, res);
      return void res.writeHead(404).end();
    }
    const upstream = new URL(target);
    const headers = { ...req.headers, ...(options.preserveHost ? {} : { host: upstream.host }) };
    const forwarded = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
