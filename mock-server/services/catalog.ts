import { canonicalCategory } from '../../src/schema/category.ts';
import { provider as providerSchema, type Provider, type ProviderView } from '../../src/schema/provider.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { parseOrThrow } from '../http/body.ts';
import { linearPatternProblem } from '../util/linear-pattern.ts';
import { svgLogoProblem } from '../util/svg-check.ts';
import { svgOfLogo } from '../../src/schema/primitives.ts';
import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { requirePermission, requireUser } from './access.ts';
import { appendAudit } from './audit.ts';

export function providerView(ctx: ServerContext, provider: Provider): ProviderView {
  return { ...provider, platformKeyAvailable: Object.hasOwn(ctx.platformKeys, provider.key) };
}

function requireCatalogEditor(principal: Principal) {
  const user = requireUser(principal);
  requirePermission(user, 'catalog.edit');
  return user;
}

/**
 * POST /providers: a new row, live in every marketplace at once. A category that names an
 * existing one in another case or spacing ("email") takes its spelling ("Email").
 */
/**
 * The server's own checks of a row, beyond the schema's (shared with the browser): patterns its
 * linear-time engine can run, and an SVG logo that parses as a plain picture.
 */
async function serverChecks(row: Provider): Promise<Provider> {
  const fields: Record<string, string> = {};
  const svg = row.logo === undefined ? undefined : svgOfLogo(row.logo);
  const logoProblem = svg === undefined ? undefined : await svgLogoProblem(svg);
  if (logoProblem) fields.logo = logoProblem;
  row.credentials.forEach((field, i) => {
    const problem = field.pattern === undefined ? undefined : linearPatternProblem(field.pattern);
    if (problem) fields[`credentials.${i}.pattern`] = problem;
  });
  if (Object.keys(fields).length) throw validationFailed(fields);
  return row;
}

export async function createProvider(ctx: ServerContext, principal: Principal, input: unknown): Promise<ProviderView> {
  requireCatalogEditor(principal);
  const row = await serverChecks(parseOrThrow(providerSchema, input));
  const created = await ctx.catalog.change((providers) => {
    if (providers.some((p) => p.key === row.key)) {
      throw new HttpError('already_exists', `A provider with the key "${row.key}" already exists; edit it instead.`, { fields: { key: 'is already taken' } });
    }
    row.category = canonicalCategory(row.category, providers.map((p) => p.category));
    return { providers: [...providers, row], result: row };
  });
  return providerView(ctx, created);
}

/**
 * PUT /providers/:key: replaces a row. The key never changes (credentials resolve by it).
 * Setting availability to `retired` retires it, as POST /providers/:key/retire does.
 */
export async function updateProvider(ctx: ServerContext, principal: Principal, key: string, input: unknown): Promise<ProviderView> {
  requireCatalogEditor(principal);
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw validationFailed({ '(body)': 'must be a JSON object: the provider row' });
  const body = { key, ...input } as Record<string, unknown>;
  if (body.key !== key) {
    throw validationFailed({ key: `cannot change after creation: credentials resolve by it (this row is "${key}")` });
  }
  const row = await serverChecks(parseOrThrow(providerSchema, body));
  const current = await ctx.catalog.get(key);
  if (current) await refuseBreakingChange(ctx, current, row);
  const { updated, wasRetired } = await ctx.catalog.change((providers) => {
    const index = providers.findIndex((p) => p.key === key);
    if (index === -1) throw notFound('The provider');
    const wasRetired = providers[index]!.availability === 'retired';
    // Against the other rows only: a row alone in its category may respell it.
    row.category = canonicalCategory(row.category, providers.filter((p) => p.key !== key).map((p) => p.category));
    providers[index] = row;
    return { providers, result: { updated: row, wasRetired } };
  });
  if (row.availability === 'retired' && !wasRetired) await revokeConnectionsOf(ctx, row);
  return providerView(ctx, updated);
}

/**
 * Stored credentials are kept by field name and read by the auth type: while connections hold
 * them, a row may gain fields but not lose or rename one, nor change how it authenticates
 * (their keys would silently stop matching). Retire the row and add a new one instead.
 */
async function refuseBreakingChange(ctx: ServerContext, current: Provider, next: Provider): Promise<void> {
  const kept = new Set(next.credentials.map((f) => f.name));
  const dropped = current.credentials.map((f) => f.name).filter((name) => !kept.has(name));
  const requiredAdded = next.credentials.filter((f) => !f.optional && !current.credentials.some((c) => c.name === f.name)).map((f) => f.name);
  const authChanged = current.authType !== next.authType;
  if (dropped.length === 0 && requiredAdded.length === 0 && !authChanged) return;
  let count = 0;
  for (const workspaceId of await ctx.workspaces.ids()) {
    count += (await ctx.workspaces.read(workspaceId)).connections.filter((c) => c.provider === current.key).length;
  }
  if (count === 0) return;
  const uses = `${count} connection${count === 1 ? '' : 's'} use${count === 1 ? 's' : ''} this provider`;
  const fields: Record<string, string> = {};
  if (authChanged) fields.authType = `cannot change while ${uses}; retire this row and add a new one`;
  if (dropped.length) fields.credentials = `cannot drop or rename ${dropped.join(', ')} while ${uses} (their stored keys are kept by field name)`;
  else if (requiredAdded.length) fields.credentials = `cannot add the required field ${requiredAdded.join(', ')} while ${uses}: add it as optional`;
  throw new HttpError('provider_in_use', `This change would break the stored keys: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, { fields });
}

/** POST /providers/:key/retire: out of the marketplace, and every connection of it revoked. */
export async function retireProvider(ctx: ServerContext, principal: Principal, key: string): Promise<ProviderView> {
  requireCatalogEditor(principal);
  const retired = await ctx.catalog.change((providers) => {
    const row = providers.find((p) => p.key === key);
    if (!row) throw notFound('The provider');
    row.availability = 'retired';
    return { providers, result: row };
  });
  await revokeConnectionsOf(ctx, retired);
  return providerView(ctx, retired);
}

/**
 * A retired provider's connections stay stored (nothing is lost, users see why) but are
 * revoked, so resolution stops using them at once. Restoring the provider does not
 * reactivate them: a successful test or a new key does. Each workspace's audit names the
 * platform as the actor: the platform admin who retired the row is no user of theirs.
 */
async function revokeConnectionsOf(ctx: ServerContext, provider: Provider): Promise<void> {
  for (const workspaceId of await ctx.workspaces.ids()) {
    const affected = (await ctx.workspaces.read(workspaceId)).connections.some((c) => c.provider === provider.key && c.status !== 'revoked');
    if (!affected) continue;
    await ctx.workspaces.update(workspaceId, (tx) => {
      for (const connection of tx.findAll((c) => c.provider === provider.key && c.status !== 'revoked')) {
        connection.status = 'revoked';
        connection.statusReason = `${provider.name} was retired from the catalog by the platform.`;
        connection.version += 1;
        connection.updatedAt = ctx.now().toISOString();
        appendAudit(ctx, tx, workspaceId, 'platform', { action: 'connection.revoked', provider: provider.key, connectionId: connection.id, outcome: 'provider_retired' });
      }
    });
  }
}
