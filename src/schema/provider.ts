import * as z from 'zod/mini';
import { httpsUrl, idString, isSafeHttpsUrl, logo, providerKey, regExpProblem, text } from './primitives.ts';

export const AUTH_TYPES = ['api_key', 'oauth2', 'none'] as const;
/** `retired`: taken out of the catalog by a platform admin; its connections are revoked. */
export const AVAILABILITY = ['available', 'coming_soon', 'retired'] as const;
export const FIELD_FORMATS = ['text', 'url'] as const;

/** `{{fieldName}}` placeholders inside verification templates. */
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function templateFields(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PLACEHOLDER)].map((m) => m[1]!);
}

export const credentialField = z.object({
  name: z.string().check(
    z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an identifier: a letter, then letters, digits or _'),
  ),
  label: text(80),
  hint: z.optional(text(300)),
  placeholder: z.optional(text(200)),
  secret: z._default(z.boolean(), true),
  optional: z._default(z.boolean(), false),
  pattern: z.optional(
    z.string().check(
      z.maxLength(500, 'must be at most 500 characters'),
      z.superRefine((value, ctx) => {
        const problem = regExpProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      }),
    ),
  ),
  format: z._default(z.enum(FIELD_FORMATS), 'text'),
});

/** Header and basic-auth templates: a line break in them would split the request (every test would fail). */
const templateText = (max: number, min = 1) => text(max, min).check(z.regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain line breaks or control characters'));

const statusCode = z.int().check(z.gte(100, 'must be an HTTP status (100-599)'), z.lte(599, 'must be an HTTP status (100-599)'));
const headerName = z.string().check(z.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid HTTP header name'));

/** The URL of a recipe may carry placeholders in its path and query, never in its origin. */
function isRecipeUrl(template: string): boolean {
  const start = template.indexOf('{{');
  const originEnd = template.indexOf('/', 'https://'.length);
  if (start !== -1 && (originEnd === -1 || start < originEnd)) return false;
  return isSafeHttpsUrl(template.replace(TEMPLATE_PLACEHOLDER, 'x'));
}

/** How the server tests a credential against the provider's real API. */
export const verificationRecipe = z.object({
  method: z._default(z.enum(['GET', 'HEAD', 'POST']), 'GET'),
  url: z.string().check(
    z.maxLength(2048, 'must be at most 2048 characters'),
    z.refine(isRecipeUrl, 'must be an https:// URL with placeholders only in its path or query'),
  ),
  headers: z.optional(z.record(headerName, templateText(1000))),
  basicAuth: z.optional(z.object({ username: templateText(500), password: templateText(500, 0) })),
  body: z.optional(text(4000)),
  validStatuses: z._default(z.array(statusCode).check(z.minLength(1, 'must list at least one status')), [200]),
  invalidStatuses: z._default(z.array(statusCode), [401, 403]),
});

/** OAuth 2 endpoints of a provider. The client secret lives in server configuration, never here. */
export const oauthConfig = z.object({
  authorizeUrl: httpsUrl,
  tokenUrl: httpsUrl,
  revokeUrl: z.optional(httpsUrl),
  scopes: z.array(text(200)).check(z.maxLength(50, 'must list at most 50 scopes')),
  /** Plain words for what a scope allows, shown to whoever connects: `{ "repo": "Read and write your repositories" }`. */
  scopeDescriptions: z.optional(
    z.record(text(200), text(200)).check(z.refine((descriptions) => Object.keys(descriptions).length <= 50, 'must describe at most 50 scopes')),
  ),
  /** Where the server reads which account was connected: an OpenID Connect userinfo or the provider's "current user" endpoint. */
  userInfoUrl: z.optional(httpsUrl),
  /** Name of the server configuration entry that holds the client id and secret. */
  clientIdRef: idString,
});

export const providerHelp = z.object({
  url: z.optional(httpsUrl),
  instructions: z._default(text(2000, 0), ''),
});

const providerShape = {
  key: providerKey,
  name: text(80),
  category: text(40),
  logo,
  description: z._default(text(280, 0), ''),
  authType: z.enum(AUTH_TYPES),
  credentials: z._default(z.array(credentialField).check(z.maxLength(12, 'must have at most 12 fields')), []),
  help: z._default(providerHelp, { instructions: '' }),
  verification: z.optional(verificationRecipe),
  oauth: z.optional(oauthConfig),
  availability: z._default(z.enum(AVAILABILITY), 'available'),
};

type ProviderDraft = z.output<z.ZodMiniObject<typeof providerShape>>;

/** Rules that span fields: unique field names, placeholders that exist, auth type coherence. */
function providerConsistency(p: ProviderDraft, ctx: z.core.$RefinementCtx<ProviderDraft>) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message, input: p });
  const names = new Set<string>();
  p.credentials.forEach((field, index) => {
    if (names.has(field.name)) issue(['credentials', index, 'name'], `duplicates the field name "${field.name}"`);
    names.add(field.name);
  });
  if (p.authType === 'api_key' && p.credentials.length === 0) issue(['credentials'], 'an API-key provider needs at least one credential field');
  if (p.authType === 'oauth2' && !p.oauth) issue(['oauth'], 'an OAuth provider needs its authorize and token URLs');
  if (p.authType !== 'oauth2' && p.oauth) issue(['oauth'], 'only OAuth providers carry OAuth settings');
  for (const scope of Object.keys(p.oauth?.scopeDescriptions ?? {})) {
    if (!p.oauth!.scopes.includes(scope)) issue(['oauth', 'scopeDescriptions', scope], `describes "${scope}", which is not one of the scopes`);
  }
  const recipe = p.verification;
  if (!recipe) return;
  const templates: [string[], string][] = [[['verification', 'url'], recipe.url]];
  for (const [name, value] of Object.entries(recipe.headers ?? {})) templates.push([['verification', 'headers', name], value]);
  if (recipe.basicAuth) {
    templates.push([['verification', 'basicAuth', 'username'], recipe.basicAuth.username]);
    templates.push([['verification', 'basicAuth', 'password'], recipe.basicAuth.password]);
  }
  if (recipe.body) templates.push([['verification', 'body'], recipe.body]);
  // OAuth recipes authenticate with the stored access token.
  const known = p.authType === 'oauth2' ? new Set([...names, 'accessToken']) : names;
  for (const [path, template] of templates) {
    for (const name of templateFields(template)) {
      if (!known.has(name)) issue(path, `refers to {{${name}}}, which is not a credential field`);
    }
  }
}

/** A catalog row: everything a workspace needs to connect one provider. */
export const provider = z.object(providerShape).check(z.superRefine(providerConsistency));

/** A catalog row as the API returns it. */
export const providerView = z.object({
  ...providerShape,
  platformKeyAvailable: z._default(z.boolean(), false),
});

export type CredentialField = z.output<typeof credentialField>;
export type VerificationRecipe = z.output<typeof verificationRecipe>;
export type OAuthConfig = z.output<typeof oauthConfig>;
export type Provider = z.output<typeof provider>;
export type ProviderInput = z.input<typeof provider>;
export type ProviderView = z.output<typeof providerView>;
export type AuthType = (typeof AUTH_TYPES)[number];
