import { startHostServer } from './proxy.ts';
import { startTestServer, type TestServer } from './server.ts';

/** A file the host's own server answers with. */
export interface HostFile {
  body: string;
  type?: string;
  /** Response headers (a page's Content-Security-Policy). */
  headers?: Record<string, string>;
}

export interface HostWithApi {
  origin: string;
  /** The mock server the host proxies its API to. */
  api: TestServer;
  stop(): Promise<void>;
}

/**
 * A host product's own server: its pages, scripts and styles (each with the headers the test
 * gives it), and a mock server's REST API proxied onto the same origin (IK_PUBLIC_ORIGIN).
 * `files` is keyed by path (without the query).
 */
export async function startHostWithApi(files: (path: string, query: URLSearchParams) => HostFile | undefined): Promise<HostWithApi> {
  let api: TestServer | undefined;
  const host = await startHostServer({
    target: () => api!.origin,
    preserveHost: true,
    pages: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      const file = files(url.pathname, url.searchParams);
      if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': file.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...file.headers }).end(file.body);
    },
  });
  // The host's origin is where browsers see the API, OAuth callbacks included.
  api = await startTestServer({ publicOrigin: host.origin });
  return {
    origin: host.origin,
    api,
    async stop() {
      await host.close();
      await api.stop();
    },
  };
}
