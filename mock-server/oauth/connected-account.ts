import type { ServerContext } from '../context.ts';

/** Who signed in at the provider, as far as it said: shown as "Connected as @octocat (The Octocat)". */
export interface ConnectedAccount {
  login?: string;
  name?: string;
}

const MAX = 200;
const textOf = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX) : undefined);

/**
 * The account in a provider's user document: GitHub's `login`, OpenID Connect's
 * `preferred_username` or `email`, and a `name` where there is one.
 */
export function accountIn(document: unknown): ConnectedAccount | undefined {
  if (!document || typeof document !== 'object') return undefined;
  const fields = document as Record<string, unknown>;
  const login = textOf(fields.login) ?? textOf(fields.preferred_username) ?? textOf(fields.email) ?? textOf(fields.username);
  const name = textOf(fields.name);
  if (!login && !name) return undefined;
  return { ...(login && { login }), ...(name && { name }) };
}

/**
 * The claims of an OpenID Connect `id_token` in a token response, unverified: they only name the
 * account for display, and the token came straight from the provider over TLS.
 */
function idTokenClaims(tokenResponse: Record<string, unknown>): unknown {
  const parts = typeof tokenResponse.id_token === 'string' ? tokenResponse.id_token.split('.') : [];
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Which account a new grant belongs to: from the provider's user endpoint when the catalog names
 * one, else from the token response's `id_token`. Never fails the connection: an account the
 * provider does not tell is simply not shown.
 */
export async function connectedAccount(ctx: ServerContext, userInfoUrl: string | undefined, accessToken: string, tokenResponse: Record<string, unknown>): Promise<ConnectedAccount | undefined> {
  const fromToken = accountIn(idTokenClaims(tokenResponse));
  if (!userInfoUrl) return fromToken;
  try {
    const response = await ctx.tester.fetch(
      new Request(userInfoUrl, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }),
      { signal: AbortSignal.timeout(ctx.tester.timeoutMs) },
    );
    if (!response.ok) {
      await response.body?.cancel();
      return fromToken;
    }
    return accountIn(await response.json()) ?? fromToken;
  } catch {
    return fromToken;
  }
}
