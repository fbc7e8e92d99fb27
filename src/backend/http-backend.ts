import type { AuditEntry } from '../schema/audit.ts';
import type { Connection, TestResult } from '../schema/connection.ts';
import type { FieldErrors } from '../schema/errors.ts';
import type { PrincipalView } from '../schema/principal.ts';
import type { ProviderInput, ProviderView } from '../schema/provider.ts';
import type { Project } from '../schema/workspace.ts';
import type { OAuthStatus, StartOAuthRequest, StartOAuthResponse } from '../schema/oauth.ts';
import type { PutRoutingPolicyRequest, SaveConnectionRequest } from '../schema/requests.ts';
import type { RoutingPolicy } from '../schema/routing.ts';
import { hasShape, isListOf, SHAPES } from './answer-shape.ts';
import type { IntegrationsBackend, RequestOptions, SaveConnectionResult, TestConnectionResult } from './backend.ts';
import { coreStrings, type IkStrings } from '../i18n/strings.ts';
import { IntegrationsError, isAbort } from './errors.ts';

export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface HttpBackendOptions {
  /** Base URL of the REST contract, e.g. `/api/integrations` or `https://api.example.com/integrations`. */
  apiBase: string;
  /** The bearer token, or a function returning it (called before every request). */
  token?: TokenSource | undefined;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch | undefined;
  /**
   * Asked for a fresh token when the server says the current one expired (401
   * token_expired); the request is then retried once with it. Undefined: give up.
   */
  renewToken?: (() => Promise<string | undefined>) | undefined;
  /** The words of its network errors (a kit element passes its own, host-overridable strings). */
  strings?: (() => NetworkStrings) | undefined;
}

export type NetworkStrings = Pick<IkStrings, 'networkError' | 'networkErrorCrossOrigin'>;

/** Whether an answer is what an endpoint returns: checks of the members the elements read. */
type AnswerCheck = (body: unknown) => boolean;
const record = (shape: keyof typeof SHAPES): AnswerCheck => (body) => hasShape(body, SHAPES[shape]);
const listIn = (member: string, shape: keyof typeof SHAPES): AnswerCheck => (body) => hasShape(body, { [member]: 'array' }) && isListOf(body[member], SHAPES[shape]);
const withConnection = (test: 'required' | 'optional'): AnswerCheck => (body) =>
  hasShape(body, { connection: 'object', test: test === 'required' ? 'object' : 'object?' }) &&
  hasShape(body.connection, SHAPES.connection) &&
  (body.test === undefined || hasShape(body.test, SHAPES.test));

interface SendOptions extends RequestOptions {
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
}

/** The REST contract over fetch. Each answer is checked to be the record it should be (see answer-shape.ts). */
export class HttpBackend implements IntegrationsBackend {
  private readonly base: string;

  constructor(private readonly options: HttpBackendOptions) {
    this.base = options.apiBase.replace(/\/+$/, '');
  }

  /** The last catalog and its ETag: polling costs a 304 until the catalog changes. */
  private catalog?: { etag: string; providers: ProviderView[] };

  private async request(method: string, path: string, body: unknown, options: SendOptions = {}): Promise<Response> {
    try {
      return await this.send(method, path, body, options);
    } catch (error) {
      if (!(error instanceof IntegrationsError) || error.code !== 'token_expired' || !this.options.renewToken) throw error;
      const fresh = await this.options.renewToken();
      if (!fresh) throw error;
      return this.send(method, path, body, { ...options, token: fresh });
    }
  }

  private async send(method: string, path: string, body: unknown, options: SendOptions & { token?: string }): Promise<Response> {
    const token = options.token ?? (typeof this.options.token === 'function' ? await this.options.token() : this.options.token);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      const doFetch = this.options.fetch ?? fetch;
      response = await doFetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
        credentials: options.credentials ?? 'same-origin',
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new IntegrationsError('network_error', this.networkMessage(), 0);
    }
    if (!response.ok && response.status !== 304) throw await this.errorFrom(response);
    return response;
  }

  /**
   * Why a request got no answer. A page sees a refused CORS check exactly as a server that is
   * down (a TypeError, nothing else), so for an API on another origin both causes are named.
   */
  private networkMessage(): string {
    const t = this.options.strings?.() ?? coreStrings;
    const page = globalThis.location?.origin;
    const api = page && page !== 'null' ? originOf(this.base, globalThis.location.href) : undefined;
    if (!api || api === page) return t.networkError;
    // The user reads the plain message; whoever set the page up gets the setting to look at.
    console.warn(`integration-kit: no answer from ${api}. If it is running, allow ${page} in its CORS settings (on the reference server: IK_CORS_ORIGINS).`);
    return t.networkErrorCrossOrigin(api, page!);
  }

  private async errorFrom(response: Response): Promise<IntegrationsError> {
    const body: unknown = await response.json().catch(() => undefined);
    if (hasShape(body, { error: 'object' }) && hasShape(body.error, SHAPES.error)) {
      const { code, message, fields, reason } = body.error as { code: string; message: string; fields?: FieldErrors; reason?: string };
      return new IntegrationsError(code, message, response.status, fields ?? undefined, reason ?? undefined);
    }
    return new IntegrationsError('http_error', `The integrations service answered HTTP ${response.status}.`, response.status);
  }

  private async json<T>(check: AnswerCheck, response: Response): Promise<T> {
    const body: unknown = await response.json().catch(() => undefined);
    if (!check(body)) throw new IntegrationsError('bad_response', 'The integrations service sent an answer this page does not understand.', response.status);
    return body as T;
  }

  async getMe(options?: RequestOptions) {
    return this.json<PrincipalView>(record('principal'), await this.request('GET', '/me', undefined, options));
  }

  async listProviders(options?: RequestOptions): Promise<ProviderView[]> {
    const cached = this.catalog;
    const response = await this.request('GET', '/providers', undefined, { ...options, ...(cached && { headers: { 'if-none-match': cached.etag } }) });
    if (response.status === 304 && cached) return cached.providers;
    const { providers } = await this.json<{ providers: ProviderView[] }>(listIn('providers', 'provider'), response);
    const etag = response.headers.get('etag');
    this.catalog = etag ? { etag, providers } : undefined;
    return providers;
  }

  private async catalogWrite(method: string, path: string, body: unknown, options?: RequestOptions): Promise<ProviderView> {
    const written = await this.json<ProviderView>(record('provider'), await this.request(method, path, body, options));
    this.catalog = undefined;
    return written;
  }

  createProvider(provider: ProviderInput, options?: RequestOptions) {
    return this.catalogWrite('POST', '/providers', provider, options);
  }

  updateProvider(key: string, provider: ProviderInput, options?: RequestOptions) {
    return this.catalogWrite('PUT', `/providers/${encodeURIComponent(key)}`, provider, options);
  }

  retireProvider(key: string, options?: RequestOptions) {
    return this.catalogWrite('POST', `/providers/${encodeURIComponent(key)}/retire`, undefined, options);
  }

  async getConnection(connectionId: string, options?: RequestOptions) {
    return this.json<Connection>(record('connection'), await this.request('GET', `/provider-connections/${encodeURIComponent(connectionId)}`, undefined, options));
  }

  async startOAuth(request: StartOAuthRequest, options?: RequestOptions) {
    // The answer sets the cookie that ties the sign-in to this browser, also for an API on a sibling origin.
    return this.json<StartOAuthResponse>(record('oauthStart'), await this.request('POST', '/oauth/start', request, { ...options, credentials: 'include' }));
  }

  async oauthStatus(state: string, options?: RequestOptions) {
    return this.json<OAuthStatus>(record('oauthStatus'), await this.request('GET', `/oauth/status?state=${encodeURIComponent(state)}`, undefined, options));
  }

  async revokeConnection(connectionId: string, options?: RequestOptions) {
    return this.json<Connection>(record('connection'), await this.request('POST', `/provider-connections/${encodeURIComponent(connectionId)}/revoke`, undefined, options));
  }

  async listProjects(workspaceId: string, options?: RequestOptions) {
    return (await this.json<{ projects: Project[] }>(listIn('projects', 'project'), await this.request('GET', `/projects?workspaceId=${encodeURIComponent(workspaceId)}`, undefined, options))).projects;
  }

  async listAudit(workspaceId: string, filter: { connectionId?: string; limit?: number } = {}, options?: RequestOptions) {
    const query = new URLSearchParams({ workspaceId });
    if (filter.connectionId) query.set('connectionId', filter.connectionId);
    if (filter.limit) query.set('limit', String(filter.limit));
    return (await this.json<{ entries: AuditEntry[] }>(listIn('entries', 'audit'), await this.request('GET', `/audit?${query}`, undefined, options))).entries;
  }

  async listConnections(workspaceId: string, options?: RequestOptions) {
    const query = workspaceId ? `?workspaceId=${encodeURIComponent(workspaceId)}` : '';
    return (await this.json<{ connections: Connection[] }>(listIn('connections', 'connection'), await this.request('GET', `/provider-connections${query}`, undefined, options))).connections;
  }

  async saveConnection(request: SaveConnectionRequest, options?: RequestOptions): Promise<SaveConnectionResult> {
    const response = await this.request('POST', '/provider-connections', request, options);
    const body = await this.json<{ connection: Connection; test?: TestResult }>(withConnection('optional'), response);
    return { connection: body.connection, ...(body.test && { test: body.test }), created: response.status === 201 };
  }

  async testConnection(connectionId: string, options?: RequestOptions): Promise<TestConnectionResult> {
    return this.json<TestConnectionResult>(withConnection('required'), await this.request('POST', `/provider-connections/${encodeURIComponent(connectionId)}/test`, undefined, options));
  }

  async deleteConnection(connectionId: string, options?: RequestOptions): Promise<void> {
    await this.request('DELETE', `/provider-connections/${encodeURIComponent(connectionId)}`, undefined, options);
  }

  async getRoutingPolicy(workspaceId: string, options?: RequestOptions) {
    return this.json<RoutingPolicy>(record('policy'), await this.request('GET', `/routing-policy?workspaceId=${encodeURIComponent(workspaceId)}`, undefined, options));
  }

  async putRoutingPolicy(request: PutRoutingPolicyRequest, options?: RequestOptions) {
    return this.json<RoutingPolicy>(record('policy'), await this.request('PUT', '/routing-policy', request, options));
  }
}

/** The origin of `url` read against `base`, or undefined for something that is not a URL. */
function originOf(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}
