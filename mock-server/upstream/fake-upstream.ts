import { Hono } from 'hono';
import type { CredentialValues } from '../../src/credentials/validate.ts';
import { templateFields, type Provider } from '../../src/schema/provider.ts';
import { base64ToBytes } from '../util/base64.ts';
import { matchTemplate, mergeFound } from '../tester/template.ts';
import type { FakeOAuthProvider } from '../oauth/fake-provider.ts';

export interface FakeUpstreamOptions {
  getProvider: (key: string) => Promise<Provider | undefined>;
  /** OAuth providers' APIs accept the live tokens this simulated provider issued. */
  oauth?: FakeOAuthProvider;
  /** How long a `hang` key keeps the request open when the caller never gives up. */
  hangMs?: number;
}

/** Words a demo user can put in a well-formed key to pick the outcome of a test. */
export const SIMULATED_WORDS = { hang: 'hang', rateLimited: 'ratelimited', invalid: 'invalid' } as const;

type Verdict = 'valid' | 'invalid' | 'rate_limited' | 'hang';

/** Pulls the credential values out of a request shaped by the provider's recipe; undefined if misshapen. */
function extractCredentials(provider: Provider, request: Request, hostAndPath: string): CredentialValues | undefined {
  const recipe = provider.verification!;
  const [, templateHost, templatePath = '/', templateQuery = ''] = /^https:\/\/([^/?#]+)([^?#]*)\??([^#]*)/.exec(recipe.url) ?? [];
  const slash = hostAndPath.indexOf('/');
  const host = slash === -1 ? hostAndPath : hostAndPath.slice(0, slash);
  const path = slash === -1 ? '/' : hostAndPath.slice(slash);
  if (request.method !== recipe.method || host !== templateHost) return undefined;

  const values: CredentialValues = {};
  const take = (template: string, actual: string | null) => {
    const found = actual === null ? undefined : matchTemplate(template, actual);
    return found !== undefined && mergeFound(values, found);
  };
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (!take(decodeURIComponent(templatePath), decodedPath)) return undefined;
  const query = new URL(request.url).searchParams;
  for (const [name, template] of new URLSearchParams(templateQuery)) {
    if (!take(template, query.get(name))) return undefined;
  }
  for (const [name, template] of Object.entries(recipe.headers ?? {})) {
    if (!take(template, request.headers.get(name))) return undefined;
  }
  if (recipe.basicAuth) {
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    let decoded: string | null = null;
    try {
      decoded = basic ? new TextDecoder().decode(base64ToBytes(basic[1]!)) : null;
    } catch {
      return undefined;
    }
    if (!take(`${recipe.basicAuth.username}:${recipe.basicAuth.password}`, decoded)) return undefined;
  }
  return values;
}

/** The credential fields a provider's verification request carries. */
function recipeFields(provider: Provider): Set<string> {
  const recipe = provider.verification!;
  const templates = [recipe.url, recipe.body ?? '', ...Object.values(recipe.headers ?? {}), recipe.basicAuth?.username ?? '', recipe.basicAuth?.password ?? ''];
  return new Set(templates.flatMap(templateFields));
}

/**
 * Decides like a provider would, from the key alone: a well-formed key is accepted unless it
 * contains one of the simulated words (hang > ratelimited > invalid).
 */
function verdictFor(provider: Provider, values: CredentialValues, oauth: FakeOAuthProvider | undefined): Verdict {
  if (provider.authType === 'oauth2') return oauth?.isActiveToken(provider.key, values.accessToken ?? '') ? 'valid' : 'invalid';
  const all = Object.values(values).join('\n').toLowerCase();
  if (all.includes(SIMULATED_WORDS.hang)) return 'hang';
  if (all.includes(SIMULATED_WORDS.rateLimited)) return 'rate_limited';
  if (all.includes(SIMULATED_WORDS.invalid)) return 'invalid';
  const sent = recipeFields(provider);
  for (const field of provider.credentials) {
    const value = values[field.name];
    if (value === undefined) {
      // Only what the recipe sends can be missing: a field it never sends (an endpoint URL used
      // elsewhere) is not the provider's business.
      if (!field.optional && sent.has(field.name)) return 'invalid';
    } else if (field.pattern && !new RegExp(field.pattern).test(value)) {
      return 'invalid';
    }
  }
  return 'valid';
}

function unauthorizedStatus(provider: Provider): number {
  const statuses = provider.verification!.invalidStatuses;
  return statuses.includes(401) ? 401 : (statuses[0] ?? 401);
}

/**
 * A stand-in for every provider's API, served on loopback by the mock server itself:
 * GET /__upstream/<provider>/<host>/<path> answers as the real endpoint would for the key.
 */
export function fakeUpstream({ getProvider, oauth, hangMs = 60_000 }: FakeUpstreamOptions): Hono {
  const app = new Hono();
  app.all('/:provider/*', async (c) => {
    const provider = await getProvider(c.req.param('provider'));
    if (!provider?.verification) return c.json({ error: 'unknown provider' }, 404);
    // The raw (still percent-encoded) path: values are decoded once, after splitting.
    const rawPath = new URL(c.req.url).pathname;
    const prefix = `/${provider.key}/`;
    const rest = rawPath.slice(rawPath.indexOf(prefix) + prefix.length);
    const values = extractCredentials(provider, c.req.raw, rest);
    const verdict = values ? verdictFor(provider, values, oauth) : 'invalid';
    switch (verdict) {
      case 'valid':
        return c.json({ simulated: true, provider: provider.key });
      case 'invalid':
        return c.json({ simulated: true, error: 'invalid credential' }, unauthorizedStatus(provider) as 401);
      case 'rate_limited':
        return c.json({ simulated: true, error: 'rate limited' }, 429, { 'retry-after': '30' });
      case 'hang':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, hangMs);
          c.req.raw.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return c.json({ simulated: true, error: 'gave up' }, 504);
    }
  });
  return app;
}
