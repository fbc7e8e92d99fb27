import type { CredentialValues } from '../../src/credentials/validate.ts';
import { previewCredential } from '../../src/credentials/preview.ts';
import { startOAuthRequest, type OAuthOutcome, type OAuthStatus } from '../../src/schema/oauth.ts';
import type { Provider } from '../../src/schema/provider.ts';
import { API_BASE, OAUTH_BASE } from '../app-paths.ts';
import type { Principal } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { connectionView, newConnection, type StoredConnection } from '../data/workspace-repo.ts';
import { parseOrThrow } from '../http/body.ts';
import { browserOrigin, crossSitePage } from '../http/browser-origin.ts';
import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { requirePermission, requireUser, requireWorkspace } from '../services/access.ts';
import { appendAudit, auditTest } from '../services/audit.ts';
import { decryptCredential } from '../services/stored-credential.ts';
import { StoreConflictError } from '../store/store.ts';
import { runVerification } from '../tester/tester.ts';
import { randomToken } from '../util/base64.ts';
import { sha256Hex } from '../util/hash.ts';
import type { EncryptedBlob } from '../vault.ts';
import { clearBinding, createBinding, hasBinding } from './browser-binding.ts';
import { callbackPage, problemPage } from './callback-page.ts';
import { connectedAccount, type ConnectedAccount } from './connected-account.ts';
import { codeChallenge, createCodeVerifier } from './pkce.ts';

const ATTEMPT_SECONDS = 10 * 60;
/** Tokens are renewed when they have less than this left. */
export const REFRESH_MARGIN_MS = 60_000;

/** One authorization in progress, stored under a hash of its state (never the state itself). */
interface Attempt {
  workspaceId: string;
  userId: string;
  actorName: string;
  provider: string;
  connectionId: string;
  /** The connection's version when the sign-in started: a disconnect after it is not undone. */
  connectionVersion: number;
  mode: 'popup' | 'redirect';
  returnTo: string;
  redirectUri: string;
  verifier: EncryptedBlob;
  /** Hash of the browser-binding cookie's value (absent when binding is off). */
  binding?: string;
  expiresAt: string;
  usedAt?: string;
  /** Ended by a callback without this attempt's binding cookie. */
  refused?: true;
  outcome: OAuthOutcome;
  message?: string;
}

/** What an OAuth connection stores, encrypted, as its credential. */
export interface OAuthCredential extends CredentialValues {
  accessToken: string;
  tokenType: string;
}

const ATTEMPT_PREFIX = 'oauth-attempt/';
const attemptKey = async (state: string) => `${ATTEMPT_PREFIX}${await sha256Hex(state)}`;
const stateHashOf = (key: string) => key.slice(ATTEMPT_PREFIX.length);
/**
 * Written once, when a callback claims its attempt: a conditional write, so that of two
 * callbacks for one state (a replay), even on two processes, exactly one goes on.
 */
const claimKey = (key: string) => `oauth-claim/${stateHashOf(key)}`;
const attemptVault = (attempt: Pick<Attempt, 'workspaceId' | 'provider'>, key: string) => ({ workspaceId: attempt.workspaceId, provider: attempt.provider, connectionId: key });

/** The provider's OAuth endpoints: the catalog's in live mode, the loopback stand-in when simulated. */
function endpoints(ctx: ServerContext, provider: Provider) {
  const oauth = provider.oauth!;
  if (!ctx.oauth.fake) return { authorize: oauth.authorizeUrl, token: oauth.tokenUrl, revoke: oauth.revokeUrl, userInfo: oauth.userInfoUrl };
  const base = `${ctx.origin()}${OAUTH_BASE}/${provider.key}`;
  return { authorize: `${base}/authorize`, token: `${base}/token`, revoke: `${base}/revoke`, userInfo: oauth.userInfoUrl && `${base}/userinfo` };
}

function clientOf(ctx: ServerContext, provider: Provider) {
  const client = ctx.oauth.clients[provider.oauth!.clientIdRef];
  if (!client) {
    // Setting it up is the platform's job: the person connecting is told plainly, the operator in the log.
    ctx.logger.warn(`OAuth: ${provider.key} names the client "${provider.oauth!.clientIdRef}", which this server does not have: add it to IK_OAUTH_CLIENTS (or IK_OAUTH_CLIENTS_FILE).`);
    throw new HttpError('not_configured', `${provider.name} can't be connected yet: signing in with ${provider.name} isn't set up on this service. Try again later, or ask your administrator.`, { reason: 'oauth_client_missing' });
  }
  return client;
}

async function oauthProvider(ctx: ServerContext, key: string): Promise<Provider> {
  const provider = await ctx.catalog.get(key);
  if (!provider) throw validationFailed({ provider: `"${key}" is not in the provider catalog` });
  if (provider.availability !== 'available') throw validationFailed({ provider: `${provider.name} cannot be connected now` });
  if (provider.authType !== 'oauth2' || !provider.oauth) throw validationFailed({ provider: `${provider.name} connects with a key, not OAuth` });
  return provider;
}


/** Finished or abandoned sign-ins are kept a day (a late callback still gets a clear page), then deleted. */
const ATTEMPT_KEPT_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
const lastSweep = new WeakMap<ServerContext, number>();

async function sweepAttempts(ctx: ServerContext): Promise<void> {
  const now = ctx.now().getTime();
  if (now - (lastSweep.get(ctx) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(ctx, now);
  for (const key of await ctx.store.keys(ATTEMPT_PREFIX)) {
    const attempt = await ctx.store.get<Attempt>(key);
    if (attempt && Date.parse(attempt.expiresAt) + ATTEMPT_KEPT_MS < now) await ctx.store.batch([{ key, delete: true }, { key: claimKey(key), delete: true }]);
  }
}

/**
 * The binding cookie comes with /oauth/start's answer, and a browser keeps a SameSite=Lax cookie
 * from a fetch only when the page is on the API's own site: from any other site the callback
 * would be refused in the very browser that started it. Said at once instead.
 */
function refuseCrossSite(ctx: ServerContext, request: Request, apiOrigin: string, provider: Provider): void {
  if (!ctx.oauth.bindToBrowser) return;
  const page = crossSitePage(request, apiOrigin);
  if (!page) return;
  throw new HttpError(
    'forbidden',
    `${provider.name} sign-in cannot start from this page: it is on another site (${page}) than the integrations API (${apiOrigin}), and a sign-in must finish in the browser that started it, which needs a cookie of the API's site. Serve the API from the page's own origin (proxy ${API_BASE} there and set IK_PUBLIC_ORIGIN to it), or open the page on the API's site.`,
    { reason: 'cross_site' },
  );
}

/** POST /oauth/start: the pending row, a bound one-time state, and where to send the user. */
export async function startOAuth(ctx: ServerContext, principal: Principal, input: unknown, request: Request) {
  const body = parseOrThrow(startOAuthRequest, input);
  const user = requireUser(principal);
  const workspaceId = requireWorkspace(user, body.workspaceId);
  requirePermission(user, 'connection.create');
  const provider = await oauthProvider(ctx, body.provider);
  const client = clientOf(ctx, provider);
  // Where the browser sees this API, so the sign-in cookie and the callback share a host.
  const origin = browserOrigin({ own: ctx.origin(), publicOrigin: ctx.publicOrigin }, request);
  refuseCrossSite(ctx, request, origin, provider);
  if (![origin, ...ctx.allowedOrigins()].includes(new URL(body.returnTo).origin)) {
    throw validationFailed({ returnTo: 'must be a page of this server, of its public origin (IK_PUBLIC_ORIGIN) or of an allowed origin (IK_CORS_ORIGINS)' });
  }
  ctx.oauthStartLimiter.take(`oauth-start:${workspaceId}:${user.userId}`, 'sign-ins started');
  await sweepAttempts(ctx);

  const { connectionId, connectionVersion } = await ctx.workspaces.update(workspaceId, (tx) => {
    const existing = body.connectionId ? tx.find(body.connectionId) : tx.findByProvider(provider.key);
    if (body.connectionId && !existing) throw notFound('The connection');
    if (existing && existing.provider !== provider.key) throw validationFailed({ connectionId: `is a connection of ${existing.provider}, not ${provider.key}` });
    if (existing) {
      requirePermission(user, 'connection.edit', existing);
      return { connectionId: existing.id, connectionVersion: existing.version };
    }
    const created = newConnection(
      {
        workspaceId,
        provider: provider.key,
        displayName: provider.name,
        mode: 'oauth-user',
        status: 'pending',
        statusReason: `Waiting for authorization on ${provider.name}.`,
        createdBy: user.userId,
        createdByName: user.displayName,
      },
      ctx.now().toISOString(),
    );
    created.version = 1;
    tx.add(created);
    appendAudit(ctx, tx, workspaceId, user, { action: 'connection.created', provider: provider.key, connectionId: created.id, detail: 'authorization started' });
    return { connectionId: created.id, connectionVersion: created.version };
  });

  const state = randomToken(32);
  const key = await attemptKey(state);
  const binding = ctx.oauth.bindToBrowser ? await createBinding(stateHashOf(key), origin, ATTEMPT_SECONDS) : undefined;
  const verifier = createCodeVerifier();
  const redirectUri = `${origin}${API_BASE}/oauth/callback`;
  const attempt: Attempt = {
    workspaceId,
    userId: user.userId,
    actorName: user.displayName,
    provider: provider.key,
    connectionId,
    connectionVersion,
    mode: body.mode,
    returnTo: body.returnTo,
    redirectUri,
    verifier: await ctx.vault.encrypt(verifier, attemptVault({ workspaceId, provider: provider.key }, key)),
    ...(binding && { binding: binding.hash }),
    expiresAt: new Date(ctx.now().getTime() + ATTEMPT_SECONDS * 1000).toISOString(),
    outcome: 'waiting',
  };
  await ctx.store.set(key, attempt);

  const authorize = new URL(endpoints(ctx, provider).authorize);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('client_id', client.clientId);
  authorize.searchParams.set('redirect_uri', redirectUri);
  authorize.searchParams.set('scope', provider.oauth!.scopes.join(' '));
  authorize.searchParams.set('state', state);
  authorize.searchParams.set('code_challenge', await codeChallenge(verifier));
  authorize.searchParams.set('code_challenge_method', 'S256');
  return { body: { authorizeUrl: authorize.href, state, connectionId, expiresAt: attempt.expiresAt }, setCookie: binding?.setCookie };
}

/** GET /oauth/status?state=: the outcome, for the user who started it. */
export async function oauthStatus(ctx: ServerContext, principal: Principal, state: string | undefined): Promise<OAuthStatus> {
  const user = requireUser(principal);
  if (!state) throw validationFailed({ state: 'is required: the state /oauth/start returned' });
  const attempt = await ctx.store.get<Attempt>(await attemptKey(state));
  if (!attempt || attempt.workspaceId !== user.workspaceId || attempt.userId !== user.userId) throw notFound('The authorization');
  const expired = attempt.outcome === 'waiting' && Date.parse(attempt.expiresAt) < ctx.now().getTime();
  if (expired) return { outcome: 'error', provider: attempt.provider, connectionId: attempt.connectionId, message: `The sign-in was not finished within ${ATTEMPT_SECONDS / 60} minutes. Start again.` };
  return { outcome: attempt.outcome, provider: attempt.provider, connectionId: attempt.connectionId, ...(attempt.message && { message: attempt.message }) };
}

/** Token endpoint call (authorization code or refresh), form-encoded as OAuth 2 requires. */
async function tokenRequest(ctx: ServerContext, provider: Provider, params: Record<string, string>) {
  const client = clientOf(ctx, provider);
  const body = new URLSearchParams({ ...params, client_id: client.clientId, client_secret: client.clientSecret });
  const response = await ctx.tester.fetch(
    new Request(endpoints(ctx, provider).token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    }),
    { signal: AbortSignal.timeout(ctx.tester.timeoutMs) },
  );
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok && typeof json.access_token === 'string', status: response.status, json };
}

/** The stored credential from a token response (keeping the old refresh token if none came back). */
function credentialFrom(ctx: ServerContext, json: Record<string, unknown>, previous?: OAuthCredential): OAuthCredential {
  const seconds = Number(json.expires_in);
  const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : previous?.refreshToken;
  return {
    accessToken: String(json.access_token),
    tokenType: typeof json.token_type === 'string' ? json.token_type : 'bearer',
    scope: typeof json.scope === 'string' ? json.scope : (previous?.scope ?? ''),
    ...(refreshToken && { refreshToken }),
    ...(Number.isFinite(seconds) && seconds > 0 && { expiresAt: new Date(ctx.now().getTime() + seconds * 1000).toISOString() }),
  };
}

/** Stores a grant's tokens, encrypted; a renewal keeps the account the sign-in found. */
async function storeCredential(ctx: ServerContext, provider: Provider, record: StoredConnection, credential: OAuthCredential, account: ConnectedAccount | null | undefined = record.oauth?.account): Promise<void> {
  record.secret = await ctx.vault.encryptJson(credential, { workspaceId: record.workspaceId, provider: record.provider, connectionId: record.id });
  record.credentialPreview = previewCredential({ ...provider, credentials: [] }, { accessToken: credential.accessToken });
  record.oauth = { scopes: (credential.scope ?? '').split(/[\s,]+/).filter(Boolean), expiresAt: credential.expiresAt ?? null, ...(account && { account }) };
}

/**
 * GET /oauth/callback: where the provider sends the browser back. Authenticated by its one-time
 * state together with the cookie /oauth/start set in the browser that started the sign-in.
 */
export async function oauthCallback(ctx: ServerContext, request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const state = query.get('state') ?? '';
  const key = await attemptKey(state);
  const response = await finishCallback(ctx, request, query, state, key);
  // The cookie has done its job (or the attempt is over): the browser may drop it.
  if (state && ctx.oauth.bindToBrowser && response.status !== 403) response.headers.append('set-cookie', clearBinding(stateHashOf(key)));
  return response;
}

/** What /oauth/status and the row say after a callback without the attempt's binding cookie. */
const REFUSED_MESSAGE =
  "The sign-in was refused: it came back without this browser's sign-in cookie (finished in another browser, or cookies are blocked), and a sign-in only completes in the browser that started it. Start again.";

/** What claiming an attempt at the callback found. */
type Claim = { kind: 'unknown' } | { kind: 'used' } | { kind: 'refused_before' } | { kind: 'refused'; attempt: Attempt } | { kind: 'claimed'; attempt: Attempt };

async function finishCallback(ctx: ServerContext, request: Request, query: URLSearchParams, state: string, key: string): Promise<Response> {
  const claim = await ctx.locks.run(key, async (): Promise<Claim> => {
    const attempt = state ? await ctx.store.get<Attempt>(key) : undefined;
    if (!attempt) return { kind: 'unknown' };
    if (attempt.usedAt) return { kind: attempt.refused ? 'refused_before' : 'used' };
    // Not this browser's sign-in: refused, and the attempt ends so the page that started it
    // says so at once. Only a holder of the state can do this, and it cannot connect anything.
    const refused = attempt.binding !== undefined && !(await hasBinding(request, stateHashOf(key), attempt.binding));
    attempt.usedAt = ctx.now().toISOString();
    if (refused) Object.assign(attempt, { refused: true, outcome: 'error', message: REFUSED_MESSAGE });
    try {
      await ctx.store.batch([{ key, value: attempt }, { key: claimKey(key), value: attempt.usedAt }], [{ key: claimKey(key), equals: undefined }]);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      // Claimed meanwhile by another process.
      return { kind: (await ctx.store.get<Attempt>(key))?.refused ? 'refused_before' : 'used' };
    }
    return refused ? { kind: 'refused', attempt } : { kind: 'claimed', attempt };
  });
  if (claim.kind === 'unknown') return problemPage('This sign-in link is not valid', 'Start connecting again from the page you came from.');
  if (claim.kind === 'used') return problemPage('This sign-in link was already used', 'Each sign-in link works once. Start connecting again from the page you came from.');
  if (claim.kind === 'refused_before') return problemPage('This sign-in was cancelled', 'It was opened in a browser that did not start it, which ends it. Start connecting again from your page.');
  if (claim.kind === 'refused') {
    await recordFailure(ctx, claim.attempt, 'error', REFUSED_MESSAGE);
    return problemPage(
      'Finish signing in where you started',
      'This sign-in was started in another browser (or this browser did not keep its sign-in cookie). For your safety it only completes in the browser that started it, so it was cancelled. Start connecting again from your page.',
      403,
    );
  }
  const { attempt } = claim;
  const provider = await ctx.catalog.get(attempt.provider);
  const name = provider?.name ?? attempt.provider;

  let outcome: OAuthOutcome;
  let message: string;
  if (Date.parse(attempt.expiresAt) < ctx.now().getTime()) {
    [outcome, message] = ['error', `The sign-in took more than ${ATTEMPT_SECONDS / 60} minutes. Start again.`];
  } else if (query.get('error')) {
    const denied = query.get('error') === 'access_denied';
    const code = oauthErrorCode({ error: query.get('error') }) ?? 'error';
    [outcome, message] = denied ? ['denied', `Access was denied on ${name}.`] : ['error', `${name} did not authorize the connection (${code}).`];
  } else if (!provider?.oauth) {
    [outcome, message] = ['error', `${name} is no longer in the catalog.`];
  } else if (provider.availability !== 'available') {
    [outcome, message] = ['error', `${name} cannot be connected now.`];
  } else {
    [outcome, message] = await exchangeCode(ctx, provider, attempt, key, query.get('code') ?? '');
  }

  if (outcome !== 'connected') await recordFailure(ctx, attempt, outcome, message);
  await ctx.store.set(key, { ...attempt, outcome, message });

  if (attempt.mode === 'redirect') {
    const back = new URL(attempt.returnTo);
    back.searchParams.set('ik_oauth_state', state);
    return new Response(null, { status: 302, headers: { location: back.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  }
  const result = { state, outcome, provider: attempt.provider, connectionId: attempt.connectionId, message } as const;
  const heading = outcome === 'connected' ? `${name} is connected` : outcome === 'denied' ? 'Access denied' : 'The connection did not complete';
  return callbackPage({ ...result, type: 'integration-kit:oauth-result' }, new URL(attempt.returnTo).origin, heading, message);
}

/** A sign-in that did not connect: the pending row says why, and the history records it. */
async function recordFailure(ctx: ServerContext, attempt: Attempt, outcome: OAuthOutcome, message: string): Promise<void> {
  await ctx.workspaces.update(attempt.workspaceId, (tx) => {
    const connection = tx.find(attempt.connectionId);
    if (connection && connection.status === 'pending') connection.statusReason = message;
    appendAudit(ctx, tx, attempt.workspaceId, { userId: attempt.userId, displayName: attempt.actorName }, {
      action: 'connection.authorization_failed',
      provider: attempt.provider,
      connectionId: attempt.connectionId,
      outcome,
      detail: message,
    });
  });
}

/** Trades the code (with the PKCE verifier and the client secret) for tokens, and stores them. */
async function exchangeCode(ctx: ServerContext, provider: Provider, attempt: Attempt, key: string, code: string): Promise<[OAuthOutcome, string]> {
  const verifier = await ctx.vault.decrypt(attempt.verifier, attemptVault(attempt, key)).catch(() => undefined);
  let exchanged: Awaited<ReturnType<typeof tokenRequest>>;
  try {
    exchanged = await tokenRequest(ctx, provider, { grant_type: 'authorization_code', code, redirect_uri: attempt.redirectUri, code_verifier: verifier ?? '' });
  } catch {
    return ['error', `Could not reach ${provider.name} to finish the connection. Try again.`];
  }
  if (!exchanged.ok) return ['error', `${provider.name} refused the authorization (${oauthErrorCode(exchanged.json) ?? `HTTP ${exchanged.status}`}). Try again.`];
  const credential = credentialFrom(ctx, exchanged.json);
  const account = await connectedAccount(ctx, endpoints(ctx, provider).userInfo, credential.accessToken, exchanged.json);
  // Tested at once, as a pasted key is, so the row shows a verdict rather than "not tested yet".
  const test = provider.verification ? await runVerification(provider, credential, ctx.tester) : null;
  const problem = await ctx.workspaces.update(attempt.workspaceId, async (tx) => {
    const connection = tx.find(attempt.connectionId);
    // Removed, or its provider retired, while the user was at the provider (retiring takes this lock too).
    if (!connection) return 'The connection was removed meanwhile. Start again.';
    // Disconnected (or its provider retired) after this sign-in began: that decision stands.
    if (connection.status === 'revoked' && connection.version !== attempt.connectionVersion) return `${provider.name} was disconnected while you were signing in. Start again if it should be connected.`;
    if ((await ctx.catalog.get(provider.key))?.availability !== 'available') return `${provider.name} cannot be connected now.`;
    // A reconnect may sign in as someone else: the account is this sign-in's, or unknown.
    await storeCredential(ctx, provider, connection, credential, account ?? null);
    const actor = { userId: attempt.userId, displayName: attempt.actorName };
    // A token the provider just issued but its own API refuses (e.g. too few scopes) is an error;
    // an inconclusive test (provider slow or rate limited) does not overturn the provider's word.
    const refused = test?.outcome === 'invalid';
    connection.status = refused ? 'error' : 'active';
    if (refused) connection.statusReason = `${provider.name} authorized the connection, but the test failed: ${test.message}`;
    else delete connection.statusReason;
    connection.lastTest = test;
    connection.version += 1;
    connection.updatedAt = ctx.now().toISOString();
    appendAudit(ctx, tx, attempt.workspaceId, actor, { action: 'connection.authorized', provider: provider.key, connectionId: connection.id, outcome: 'connected', detail: [account?.login && `as ${account.login}`, `scopes: ${connection.oauth?.scopes.join(', ') || 'none'}`].filter(Boolean).join(', ') });
    if (test) auditTest(ctx, tx, actor, connection, test);
    return refused ? connection.statusReason : undefined;
  });
  if (problem) return ['error', problem];
  return ['connected', `${provider.name} is connected.`];
}

/** A connection's usable OAuth credential, or why there is none right now. */
export type FreshCredential =
  | { kind: 'ok'; credential: OAuthCredential }
  /** The provider refused to renew it: the connection is now `error` and needs a reconnect. */
  | { kind: 'refused' }
  /** The token expired and the provider could not be reached (or failed) to renew it: try later. */
  | { kind: 'unreachable' };

/**
 * The connection's OAuth credential, renewed first when it expires within a minute. Only a
 * refusal of the grant itself (invalid_grant, an unknown client: 400/401) marks the connection
 * `error` with a reason that asks for a reconnect; a provider that is down, slow, rate limiting
 * or answering garbage leaves everything as it was, so a later request can renew it.
 */
export async function freshCredential(ctx: ServerContext, record: StoredConnection): Promise<FreshCredential> {
  const current = await decryptCredential<OAuthCredential>(ctx, record);
  if (!needsRefresh(ctx, current)) return { kind: 'ok', credential: current };
  const provider = await ctx.catalog.get(record.provider);
  if (!provider?.oauth) return { kind: 'refused' };
  // The provider's answer for a refresh token, kept for when the change runs again (another
  // process committed to the workspace first): the token endpoint is called once per request.
  const answers = new Map<string, Promise<Awaited<ReturnType<typeof tokenRequest>> | undefined>>();
  return ctx.workspaces.update(record.workspaceId, async (tx): Promise<FreshCredential> => {
    const connection = tx.find(record.id);
    if (!connection?.secret || connection.status !== 'active') return { kind: 'refused' };
    // Another request may have renewed it while this one waited for the lock.
    const latest = await decryptCredential<OAuthCredential>(ctx, connection);
    if (!needsRefresh(ctx, latest)) return { kind: 'ok', credential: latest };
    const stillValid = Date.parse(latest.expiresAt ?? '') > ctx.now().getTime();
    const refused = (why: string): FreshCredential => {
      connection.status = 'error';
      connection.statusReason = `Reconnect ${provider.name}: ${why}`;
      connection.version += 1;
      connection.updatedAt = ctx.now().toISOString();
      appendAudit(ctx, tx, connection.workspaceId, { kind: 'service' }, { action: 'connection.refresh_failed', provider: provider.key, connectionId: connection.id, outcome: 'reauthorization_needed', detail: why });
      return { kind: 'refused' };
    };
    if (!latest.refreshToken) return stillValid ? { kind: 'ok', credential: latest } : refused('its authorization expired and it gave no refresh token.');
    const refreshToken = latest.refreshToken;
    if (!answers.has(refreshToken)) answers.set(refreshToken, tokenRequest(ctx, provider, { grant_type: 'refresh_token', refresh_token: refreshToken }).catch(() => undefined));
    const renewed = await answers.get(refreshToken);
    if (!renewed?.ok) {
      if (renewed && grantRefused(renewed)) return refused(`it refused to renew the authorization (${oauthErrorCode(renewed.json) ?? `HTTP ${renewed.status}`}).`);
      return stillValid ? { kind: 'ok', credential: latest } : { kind: 'unreachable' };
    }
    const credential = credentialFrom(ctx, renewed.json, latest);
    await storeCredential(ctx, provider, connection, credential);
    connection.version += 1;
    connection.updatedAt = ctx.now().toISOString();
    appendAudit(ctx, tx, connection.workspaceId, { kind: 'service' }, { action: 'connection.token_refreshed', provider: provider.key, connectionId: connection.id, detail: lifetimeWords(ctx, credential.expiresAt) });
    return { kind: 'ok', credential };
  });
}

/** A token endpoint's answer that refuses the grant itself (RFC 6749 §5.2), not a passing failure. */
function grantRefused(answer: { status: number; json: Record<string, unknown> }): boolean {
  return (answer.status === 400 || answer.status === 401) && typeof answer.json.error === 'string';
}

/** The provider's OAuth error code, when it is one (a short word, never free text from the provider). */
function oauthErrorCode(json: Record<string, unknown>): string | undefined {
  return typeof json.error === 'string' && /^[\w.-]{1,64}$/.test(json.error) ? json.error : undefined;
}

/** How long a renewed token lasts, in words for the history ("new token for 60 min"). */
function lifetimeWords(ctx: ServerContext, expiresAt: string | undefined): string {
  if (!expiresAt) return 'new token without an expiry';
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - ctx.now().getTime()) / 1000));
  return seconds < 120 ? `new token for ${seconds} s` : `new token for ${Math.round(seconds / 60)} min`;
}

function needsRefresh(ctx: ServerContext, credential: OAuthCredential): boolean {
  return credential.expiresAt !== undefined && Date.parse(credential.expiresAt) - ctx.now().getTime() < REFRESH_MARGIN_MS;
}

/**
 * Asks the provider to revoke the connection's grant and says, in words for the history, what it
 * answered (RFC 7009: the refresh token, which ends
 * the whole grant, with the client's credentials). Best effort: the answer is reported, never
 * waited on for the row's sake. Called outside the workspace lock (it is a network call).
 */
export async function revokeAtProvider(ctx: ServerContext, connection: StoredConnection): Promise<string | undefined> {
  if (connection.mode !== 'oauth-user' || !connection.secret) return undefined;
  const provider = await ctx.catalog.get(connection.provider);
  if (!provider?.oauth) return undefined;
  const revokeUrl = endpoints(ctx, provider).revoke;
  if (!revokeUrl) return `${provider.name} offers no way to revoke: its token stays valid until it expires`;
  const credential = await decryptCredential<OAuthCredential>(ctx, connection).catch(() => undefined);
  const client = ctx.oauth.clients[provider.oauth.clientIdRef];
  if (!credential || !client) return `${provider.name} could not be asked to revoke it`;
  const token = credential.refreshToken ?? credential.accessToken;
  const body = new URLSearchParams({ token, token_type_hint: credential.refreshToken ? 'refresh_token' : 'access_token', client_id: client.clientId, client_secret: client.clientSecret });
  try {
    const answer = await ctx.tester.fetch(new Request(revokeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), { signal: AbortSignal.timeout(ctx.tester.timeoutMs) });
    await answer.body?.cancel();
    return answer.ok ? `${provider.name} confirmed the revocation` : `${provider.name} did not confirm the revocation (HTTP ${answer.status})`;
  } catch {
    return `${provider.name} could not be reached to revoke it`;
  }
}

/**
 * POST /provider-connections/:id/revoke: the provider is asked to revoke the grant, the stored
 * tokens are deleted, and the row stays, `revoked`, until it is reconnected.
 */
export async function revokeConnection(ctx: ServerContext, principal: Principal, id: string) {
  const user = requireUser(principal);
  const before = (await ctx.workspaces.read(user.workspaceId)).connection(id);
  if (!before) throw notFound('The connection');
  requirePermission(user, 'connection.edit', before);
  const revocation = await revokeAtProvider(ctx, before);
  return ctx.workspaces.update(user.workspaceId, async (tx) => {
    const connection = tx.find(id);
    if (!connection) throw notFound('The connection');
    requirePermission(user, 'connection.edit', connection);
    delete connection.secret;
    delete connection.oauth;
    connection.credentialPreview = {};
    connection.status = 'revoked';
    connection.statusReason = `Disconnected by ${user.displayName}.`;
    connection.version += 1;
    connection.updatedAt = ctx.now().toISOString();
    appendAudit(ctx, tx, user.workspaceId, user, { action: 'connection.revoked', provider: connection.provider, connectionId: connection.id, outcome: 'user_revoked', ...(revocation && { detail: revocation }) });
    return connectionView(connection);
  });
}
