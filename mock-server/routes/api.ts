import { Hono } from 'hono';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { readJsonBody } from '../http/body.ts';
import { notFound } from '../http/http-error.ts';
import { requireService, requireUser, requireWorkspace } from '../services/access.ts';
import { rewrap } from '../keys/rotation.ts';
import { listAudit } from '../services/audit.ts';
import { createProvider, providerView, retireProvider, updateProvider } from '../services/catalog.ts';
import { deleteConnection, getConnection, listConnections, saveConnection, testConnection } from '../services/connections.ts';
import { resolveCredential } from '../services/resolution.ts';
import { getRoutingPolicy, putRoutingPolicy } from '../services/routing.ts';
import { createSession } from '../services/sessions.ts';
import { oauthCallback, oauthStatus, revokeConnection, startOAuth } from '../oauth/oauth-service.ts';

type ApiEnv = { Variables: { principal: Principal } };

/** Catalog rows carry logos (up to 100 KB as an image, about 137 KB as base64). */
const CATALOG_BODY_LIMIT = 512 * 1024;

/** The REST contract under /api/integrations. Handlers stay thin: the services hold the rules. */
export function apiRoutes(ctx: ServerContext): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  // The provider sends the browser back here: no bearer token, the one-time state vouches for it.
  api.get('/oauth/callback', (c) => oauthCallback(ctx, c.req.raw));

  api.use('*', async (c, next) => {
    c.set('principal', await ctx.directory.authenticate(c.req.header('authorization')));
    await next();
  });

  api.get('/me', (c) => {
    const { kind: _kind, ...me } = requireUser(c.get('principal'));
    return c.json(me);
  });

  api.post('/sessions', async (c) => c.json(await createSession(ctx, c.get('principal'), await readJsonBody(c.req.raw)), 201));

  api.get('/projects', (c) => {
    const workspaceId = requireWorkspace(requireUser(c.get('principal')), c.req.query('workspaceId'));
    return c.json({ projects: ctx.directory.projectsOf(workspaceId) });
  });

  api.get('/providers', async (c) => {
    // The catalog's revision as an ETag: polling marketplaces get a 304 until a row changes.
    const etag = `"catalog-${await ctx.catalog.revision()}"`;
    c.header('ETag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const providers = await ctx.catalog.list();
    return c.json({ providers: providers.map((p) => providerView(ctx, p)) });
  });

  api.get('/providers/:key', async (c) => {
    const provider = await ctx.catalog.get(c.req.param('key'));
    if (!provider) throw notFound('The provider');
    return c.json(providerView(ctx, provider));
  });

  api.post('/providers', async (c) => c.json(await createProvider(ctx, c.get('principal'), await readJsonBody(c.req.raw, CATALOG_BODY_LIMIT)), 201));

  api.put('/providers/:key', async (c) =>
    c.json(await updateProvider(ctx, c.get('principal'), c.req.param('key'), await readJsonBody(c.req.raw, CATALOG_BODY_LIMIT))),
  );

  api.post('/providers/:key/retire', async (c) => c.json(await retireProvider(ctx, c.get('principal'), c.req.param('key'))));

  api.get('/provider-connections', async (c) => {
    return c.json(await listConnections(ctx, c.get('principal'), { workspaceId: c.req.query('workspaceId'), limit: c.req.query('limit'), after: c.req.query('after') }));
  });

  api.get('/provider-connections/:id', async (c) => c.json(await getConnection(ctx, c.get('principal'), c.req.param('id'))));

  api.post('/provider-connections', async (c) => {
    const { created, ...result } = await saveConnection(ctx, c.get('principal'), await readJsonBody(c.req.raw));
    return c.json(result, created ? 201 : 200);
  });

  api.post('/provider-connections/:id/test', async (c) => c.json(await testConnection(ctx, c.get('principal'), c.req.param('id'))));

  api.delete('/provider-connections/:id', async (c) => {
    await deleteConnection(ctx, c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  api.post('/oauth/start', async (c) => {
    const { body, setCookie } = await startOAuth(ctx, c.get('principal'), await readJsonBody(c.req.raw), c.req.raw);
    if (setCookie) c.header('set-cookie', setCookie);
    return c.json(body);
  });

  api.get('/oauth/status', async (c) => c.json(await oauthStatus(ctx, c.get('principal'), c.req.query('state'))));

  api.post('/provider-connections/:id/revoke', async (c) => c.json(await revokeConnection(ctx, c.get('principal'), c.req.param('id'))));

  api.get('/routing-policy', async (c) => c.json(await getRoutingPolicy(ctx, c.get('principal'), c.req.query('workspaceId'))));

  api.put('/routing-policy', async (c) => c.json(await putRoutingPolicy(ctx, c.get('principal'), await readJsonBody(c.req.raw))));

  api.post('/admin/keys/rewrap', async (c) => {
    requireService(c.get('principal'), 'Rewrapping the stored keys');
    return c.json(await rewrap(ctx));
  });
  api.post('/resolve', async (c) => c.json(await resolveCredential(ctx, c.get('principal'), await readJsonBody(c.req.raw))));

  api.get('/audit', async (c) => {
    const entries = await listAudit(ctx, c.get('principal'), { workspaceId: c.req.query('workspaceId'), connectionId: c.req.query('connectionId'), limit: c.req.query('limit') });
    return c.json({ entries });
  });

  return api;
}
