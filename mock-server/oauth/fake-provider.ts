import { Hono } from 'hono';
import { API_BASE, LOOPBACK_HOSTS } from '../app-paths.ts';
import type { Provider } from '../../src/schema/provider.ts';
import { randomToken } from '../util/base64.ts';
import type { OAuthClients } from './oauth-clients.ts';
import { codeChallenge } from './pkce.ts';

interface IssuedCode {
  provider: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  expiresAt: number;
  used: boolean;
  /** What the code gave: withdrawn, every token of it, if the code is ever replayed (RFC 6749 §4.1.2). */
  authorization?: Authorization;
}

/** One approval: the tokens issued for its code and every token refreshed from them. */
interface Authorization {
  revoked: boolean;
}

interface Grant {
  provider: string;
  clientId: string;
  scope: string;
  /** This token alone (a rotated refresh token). */
  revoked: boolean;
  authorization: Authorization;
}

export interface FakeOAuthOptions {
  getProvider: (key: string) => Promise<Provider | undefined>;
  clients: OAuthClients;
  /** The origin of a host proxying our API (IK_PUBLIC_ORIGIN): its callback is registered too. */
  publicOrigin?: string | undefined;
  /** Lifetime of the access tokens it issues. */
  tokenSeconds: number;
  now: () => Date;
}

/** Who "signs in" at each simulated provider: the same person every time, in the provider's own fields. */
const SIMULATED_USERS: Record<string, Record<string, string>> = {
  github: { login: 'octocat', name: 'The Octocat' },
  'google-workspace': { email: 'alex.morgan@example.com', name: 'Alex Morgan', sub: '1098765432100' },
};
const simulatedUser = (provider: string) => SIMULATED_USERS[provider] ?? { preferred_username: `demo-${provider}`, name: 'Demo User' };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A page of the simulated provider. Its form may only post to the provider itself, whose answer
 * may only redirect on to `redirectTo` (the registered callback's origin: CSP form-action also
 * governs the redirects after a form post, and the callback is often on another origin).
 */
function page(title: string, body: string, redirectTo?: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f3f4f7;color:#18181b}
main{max-width:26rem;margin:1rem;padding:1.75rem;border-radius:14px;background:#fff;box-shadow:0 12px 32px rgb(0 0 0/.12)}
h1{font-size:1.2rem;margin:0 0 .5rem}.note{color:#5b5d6b;font-size:.85rem}ul{padding-left:1.2rem}
.actions{display:flex;gap:.5rem;justify-content:flex-end;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.5rem 1rem;border-radius:8px;border:1px solid #c9c9d1;background:#fff;cursor:pointer}
button[value=approve]{background:#1f6f4a;border-color:#1f6f4a;color:#fff}</style></head><body><main>${body}</main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${redirectTo ? ` ${redirectTo}` : ''}`, 'cache-control': 'no-store' },
  });
}

/**
 * A stand-in for the providers' OAuth servers, on loopback under /__oauth/<provider>: a consent
 * page with Approve and Deny, and token, refresh and revoke endpoints that check what real ones
 * check (client credentials, redirect URI, PKCE, single-use codes).
 */
export class FakeOAuthProvider {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, Grant & { expiresAt: number }>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(private readonly options: FakeOAuthOptions) {}

  /** Whether `token` is a live access token of `provider` (the simulated API checks this). */
  isActiveToken(provider: string, token: string): boolean {
    const grant = this.accessTokens.get(token);
    return !!grant && grant.provider === provider && !grant.revoked && !grant.authorization.revoked && grant.expiresAt > this.options.now().getTime();
  }

  /** Simulates the user revoking the app at the provider: every token of it stops working. */
  revokeAll(provider: string): void {
    for (const grant of [...this.accessTokens.values(), ...this.refreshTokens.values()]) if (grant.provider === provider) grant.revoked = true;
  }

  private clientFor(provider: Provider | undefined, clientId: string | null) {
    const ref = provider?.oauth?.clientIdRef;
    const client = ref ? this.options.clients[ref] : undefined;
    return client && client.clientId === clientId ? client : undefined;
  }

  private issueTokens(provider: string, clientId: string, scope: string, authorization: Authorization) {
    const accessToken = `fake_at_${randomToken(24)}`;
    const refreshToken = `fake_rt_${randomToken(24)}`;
    this.accessTokens.set(accessToken, { provider, clientId, scope, revoked: false, authorization, expiresAt: this.options.now().getTime() + this.options.tokenSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { provider, clientId, scope, revoked: false, authorization });
    return { access_token: accessToken, token_type: 'bearer', expires_in: this.options.tokenSeconds, refresh_token: refreshToken, scope };
  }

  routes(): Hono {
    const app = new Hono();
    const oauthError = (error: string, description: string, status: 400 | 401 = 400) => Response.json({ error, error_description: description }, { status });
    /** A form body, or an empty one for anything else (a JSON body, none at all): refused below, never a 500. */
    const formOf = (request: Request) => request.formData().catch(() => new FormData());
    /** Where a real provider would let the code go: the redirect URI registered for the client (ours, on loopback). */
    const registeredRedirect = (value: string | null) => {
      try {
        const url = new URL(value ?? '');
        const registered = (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname)) || url.origin === this.options.publicOrigin;
        return registered && url.pathname === `${API_BASE}/oauth/callback` && !url.username && !url.password ? url : undefined;
      } catch {
        return undefined;
      }
    };

    app.get('/:provider/authorize', async (c) => {
      const provider = await this.options.getProvider(c.req.param('provider'));
      const q = new URL(c.req.url).searchParams;
      const client = this.clientFor(provider, q.get('client_id'));
      if (!provider || !client) return page('Unknown application', '<h1>Unknown application</h1><p>This client id is not registered.</p>');
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('state') || !q.get('redirect_uri')) {
        return page('Invalid request', '<h1>Invalid request</h1><p>Expected response_type=code, a state, a redirect_uri and an S256 PKCE challenge.</p>');
      }
      const back = registeredRedirect(q.get('redirect_uri'));
      if (!back) return page('Invalid request', '<h1>Invalid request</h1><p>This redirect_uri is not registered for the application.</p>');
      const scopes = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
      const hidden = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge']
        .map((name) => `<input type="hidden" name="${name}" value="${escape(q.get(name) ?? '')}">`)
        .join('');
      return page(
        `Authorize with ${provider.name}`,
        `<h1>Connect to ${escape(provider.name)}</h1>
        <p>An application wants to use your ${escape(provider.name)} account with these permissions:</p>
        <ul>${scopes.map((s) => `<li><code>${escape(s)}</code></li>`).join('') || '<li>basic profile</li>'}</ul>
        <p class="note">Simulated sign-in served by the integration-kit mock server: nothing leaves this machine.</p>
        <form method="post" action="decision">${hidden}<div class="actions">
          <button name="decision" value="deny">Deny</button><button name="decision" value="approve">Approve</button>
        </div></form>`,
        back.origin,
      );
    });

    app.post('/:provider/decision', async (c) => {
      const providerKey = c.req.param('provider');
      const form = await formOf(c.req.raw);
      const field = (name: string) => String(form.get(name) ?? '');
      const provider = await this.options.getProvider(providerKey);
      if (!this.clientFor(provider, field('client_id'))) return page('Unknown application', '<h1>Unknown application</h1>');
      const back = registeredRedirect(field('redirect_uri'));
      if (!back) return page('Invalid request', '<h1>Invalid request</h1><p>This redirect_uri is not registered for the application.</p>');
      back.searchParams.set('state', field('state'));
      if (field('decision') !== 'approve') {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied access.');
        return c.redirect(back.href, 302);
      }
      const code = `fake_code_${randomToken(18)}`;
      this.codes.set(code, {
        provider: providerKey,
        clientId: field('client_id'),
        redirectUri: field('redirect_uri'),
        challenge: field('code_challenge'),
        scope: field('scope'),
        expiresAt: this.options.now().getTime() + 60_000,
        used: false,
      });
      back.searchParams.set('code', code);
      return c.redirect(back.href, 302);
    });

    app.post('/:provider/token', async (c) => {
      const providerKey = c.req.param('provider');
      const form = await formOf(c.req.raw);
      const field = (name: string) => (form.has(name) ? String(form.get(name)) : null);
      const provider = await this.options.getProvider(providerKey);
      const client = this.clientFor(provider, field('client_id'));
      if (!client || client.clientSecret !== field('client_secret')) return oauthError('invalid_client', 'Unknown client or wrong secret.', 401);

      if (field('grant_type') === 'authorization_code') {
        const issued = this.codes.get(field('code') ?? '');
        if (!issued || issued.provider !== providerKey || issued.clientId !== client.clientId) return oauthError('invalid_grant', 'Unknown code.');
        if (issued.used) {
          if (issued.authorization) issued.authorization.revoked = true;
          return oauthError('invalid_grant', 'This code was already used.');
        }
        issued.used = true;
        if (issued.expiresAt < this.options.now().getTime()) return oauthError('invalid_grant', 'The code expired.');
        if (issued.redirectUri !== field('redirect_uri')) return oauthError('invalid_grant', 'redirect_uri does not match the authorization request.');
        if (!field('code_verifier') || (await codeChallenge(field('code_verifier')!)) !== issued.challenge) return oauthError('invalid_grant', 'PKCE verification failed.');
        issued.authorization = { revoked: false };
        return c.json(this.issueTokens(providerKey, client.clientId, issued.scope, issued.authorization));
      }

      if (field('grant_type') === 'refresh_token') {
        const grant = this.refreshTokens.get(field('refresh_token') ?? '');
        if (!grant || grant.revoked || grant.authorization.revoked || grant.provider !== providerKey || grant.clientId !== client.clientId) {
          return oauthError('invalid_grant', 'The refresh token is not valid (revoked or unknown).');
        }
        // Refresh tokens rotate: the old one stops working.
        grant.revoked = true;
        return c.json(this.issueTokens(providerKey, client.clientId, grant.scope, grant.authorization));
      }
      return oauthError('unsupported_grant_type', 'Use authorization_code or refresh_token.');
    });

    // The provider's "current user" (GitHub's /user, OpenID Connect's userinfo): who approved the token.
    app.get('/:provider/userinfo', (c) => {
      const provider = c.req.param('provider');
      const token = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      if (!this.isActiveToken(provider, token)) return c.json({ message: 'Bad credentials' }, 401);
      return c.json(simulatedUser(provider));
    });

    app.post('/:provider/revoke', async (c) => {
      const form = await formOf(c.req.raw);
      // RFC 7009 §2.1: a confidential client authenticates to revoke.
      const client = this.clientFor(await this.options.getProvider(c.req.param('provider')), String(form.get('client_id') ?? ''));
      if (!client || client.clientSecret !== form.get('client_secret')) return oauthError('invalid_client', 'Unknown client or wrong secret.', 401);
      const token = String(form.get('token') ?? '');
      const grant = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
      // Like Google's: revoking either token ends the whole authorization, so the access token
      // issued with a revoked refresh token stops working too (RFC 7009 §2.1).
      if (grant && grant.provider === c.req.param('provider')) grant.authorization.revoked = true;
      return c.body(null, 200);
    });

    // A simulation control, like the "invalid" words of API keys: the user revoked the app at the provider.
    // The custom header keeps it out of reach of a cross-site form post (it needs a CORS preflight).
    app.post('/:provider/admin/revoke-all', (c) => {
      if (c.req.header('x-simulation') !== 'revoke-all') return oauthError('invalid_request', 'Send the header "X-Simulation: revoke-all".');
      this.revokeAll(c.req.param('provider'));
      return c.body(null, 204);
    });
    return app;
  }
}
