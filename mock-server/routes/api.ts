import { Hono } from 'hono';
import type { Principal, PrincipalDirectory } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { readJsonBody } from '../http/body.ts';
import { notFound } from '../http/http-error.ts';
import { requireUser } from '../services/access.ts';
import { deleteConnection, getConnection, listConnections, saveConnection, testConnection } from '../services/connections.ts';
import { resolveCredential } from '../services/resolution.ts';
import { getRoutingPolicy, putRoutingPolicy } from '../services/routing.ts';

type ApiEnv = { Variables: { principal: Principal } };

/** The REST contract under /api/integrations. Handlers stay thin: the services hold the rules. */
export function apiRoutes(ctx: ServerContext, principals: PrincipalDirectory): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  api.use('*', async (c, next) => {
    c.set('principal', principals.authenticate(c.req.header('authorization')));
    await next();
  });

  api.get('/me', (c) => {
    const { kind: _kind, ...me } = requireUser(c.get('principal'));
    return c.json(me);
  });

  api.get('/providers', async (c) => {
    const providers = await ctx.catalog.list();
    return c.json({ providers: providers.map((p) => ({ ...p, platformKeyAvailable: Object.hasOwn(ctx.platformKeys, p.key) })) });
  });

  api.get('/providers/:key', async (c) => {
    const provider = await ctx.catalog.get(c.req.param('key'));
    if (!provider) throw notFound('The provider');
    return c.json({ ...provider, platformKeyAvailable: Object.hasOwn(ctx.platformKeys, provider.key) });
  });

  api.get('/provider-connections', async (c) => {
    return c.json({ connections: await listConnections(ctx, c.get('principal'), c.req.query('workspaceId')) });
  });

  api.get('/provider-connections/:id', async (c) => {
    return c.json(await getConnection(ctx, c.get('principal'), c.req.param('id')));
  });

  api.post('/provider-connections', async (c) => {
    const { created, ...result } = await saveConnection(ctx, c.get('principal'), await readJsonBody(c.req.raw));
    return c.json(result, created ? 201 : 200);
  });

  api.post('/provider-connections/:id/test', async (c) => {
    return c.json(await testConnection(ctx, c.get('principal'), c.req.param('id')));
  });

  api.delete('/provider-connections/:id', async (c) => {
    await deleteConnection(ctx, c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  api.get('/routing-policy', async (c) => {
    return c.json(await getRoutingPolicy(ctx, c.get('principal'), c.req.query('workspaceId')));
  });

  api.put('/routing-policy', async (c) => {
    return c.json(await putRoutingPolicy(ctx, c.get('principal'), await readJsonBody(c.req.raw)));
  });

  api.post('/resolve', async (c) => {
    return c.json(await resolveCredential(ctx, c.get('principal'), await readJsonBody(c.req.raw)));
  });

  return api;
}
