import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import { API_BASE } from '../mock-server/app.ts';
import type { NodeConfig } from '../mock-server/config.ts';

/**
 * The demo's stand-in for a host product's backend: `GET /demo/session?user=alice` mints a
 * short-lived session token for that demo user through POST /sessions with the service
 * token, exactly as a host's server would. Only `npm start` serves it.
 */
export function demoSessionRoute(config: NodeConfig, getApp: () => Hono, ttlSeconds: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/demo/session') return false;
    const user = config.principals.principals.find((p) => p.userId === url.searchParams.get('user'));
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (!user) {
      answer(404, { error: { code: 'not_found', message: 'No such demo user.' } });
      return true;
    }
    const minted = await getApp().fetch(
      new Request(`http://internal${API_BASE}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.principals.serviceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: user.userId, displayName: user.displayName, workspaceId: user.workspaceId, role: user.role, ttlSeconds }),
      }),
    );
    answer(minted.status, await minted.json());
    return true;
  };
}
