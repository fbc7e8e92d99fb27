// A second real server on loopback for the browser tests (plain JS: web-test-runner's config
// loads it). It answers every request with JSON and never with CORS headers, as an API that
// does not list the test page's origin would. Tests get its origin, and what reached it, from
// the `loopback-server` command.
import { createServer } from 'node:http';

export function loopbackServerPlugin() {
  let server;
  let origin = '';
  const seen = [];
  return {
    name: 'loopback-server',
    async serverStart() {
      server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"providers":[]}');
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${server.address().port}`;
    },
    async serverStop() {
      server?.closeAllConnections();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    },
    executeCommand({ command }) {
      if (command === 'loopback-server') return { origin, seen: [...seen] };
      return undefined;
    },
  };
}

/** Same-origin requests under this path lose their connection, as with a server that went down. */
export const DROPPED_PATH = '/__dropped/';

export function dropConnectionMiddleware(context, next) {
  if (!context.path.startsWith(DROPPED_PATH)) return next();
  context.req.socket.destroy();
  // Nothing is sent; the status only keeps the dev server from reporting a 404.
  context.status = 204;
  context.respond = false;
}
