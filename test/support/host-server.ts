import { startMockServer, type RunningServer } from '../../mock-server/node-server.ts';
import { startTestServer, type TestServer } from './server.ts';

/** A file the host's own server answers with. */
export interface HostFile {
  body: string;
  type?: string;
  /** Response headers (a page's Content-Security-Policy). */
  headers?: Record<string, string>;
}

export interface HostServer extends RunningServer {
  api: TestServer;
  stop(): Promise<void>;
}

/**
 * A host product's own server: its pages, scripts and styles (each with the headers the test
 * gives it) and the mock server's REST API on the same origin, as a host that proxies it would.
 * `files` is keyed by path (without the query); `/` is the page when nothing else matches.
 */
export async function startHostServer(files: (path: string, query: URLSearchParams) => HostFile | undefined): Promise<HostServer> {
  const api = await startTestServer();
  const host = await startMockServer(api.config, {
    logger: api.logger,
    fallback: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      const file = files(url.pathname, url.searchParams);
      if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': file.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...file.headers }).end(file.body);
    },
  });
  return {
    ...host,
    api,
    async stop() {
      await host.close();
      await api.stop();
    },
  };
}
