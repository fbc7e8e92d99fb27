import type { AuditEntry } from '../schema/audit.ts';
import type { Connection, TestResult } from '../schema/connection.ts';
import type { PrincipalView } from '../schema/principal.ts';
import type { ProviderInput, ProviderView } from '../schema/provider.ts';
import type { Project } from '../schema/workspace.ts';
import type { OAuthStatus, StartOAuthRequest, StartOAuthResponse } from '../schema/oauth.ts';
import type { PutRoutingPolicyRequest, SaveConnectionRequest } from '../schema/requests.ts';
import type { RoutingPolicy } from '../schema/routing.ts';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SaveConnectionResult {
  connection: Connection;
  /** Present when a new credential was tested at once. */
  test?: TestResult;
  created: boolean;
}

export interface TestConnectionResult {
  connection: Connection;
  test: TestResult;
}

/**
 * Everything the elements need from a backend. `HttpBackend` implements it over the REST
 * contract; a host may implement it directly. Methods reject with `IntegrationsError`.
 */
export interface IntegrationsBackend {
  getMe(options?: RequestOptions): Promise<PrincipalView>;
  listProviders(options?: RequestOptions): Promise<ProviderView[]>;
  listConnections(workspaceId: string, options?: RequestOptions): Promise<Connection[]>;
  saveConnection(request: SaveConnectionRequest, options?: RequestOptions): Promise<SaveConnectionResult>;
  testConnection(connectionId: string, options?: RequestOptions): Promise<TestConnectionResult>;
  deleteConnection(connectionId: string, options?: RequestOptions): Promise<void>;
  getRoutingPolicy(workspaceId: string, options?: RequestOptions): Promise<RoutingPolicy>;
  putRoutingPolicy(request: PutRoutingPolicyRequest, options?: RequestOptions): Promise<RoutingPolicy>;
  listProjects(workspaceId: string, options?: RequestOptions): Promise<Project[]>;
  /** Newest first; optionally one connection's history only. */
  listAudit(workspaceId: string, filter?: { connectionId?: string; limit?: number }, options?: RequestOptions): Promise<AuditEntry[]>;
  /** Platform admins: add a catalog row. */
  createProvider(provider: ProviderInput, options?: RequestOptions): Promise<ProviderView>;
  /** Platform admins: replace a catalog row (its key never changes). */
  updateProvider(key: string, provider: ProviderInput, options?: RequestOptions): Promise<ProviderView>;
  /** Platform admins: take a row out of the catalog; its connections are revoked. */
  retireProvider(key: string, options?: RequestOptions): Promise<ProviderView>;
  getConnection(connectionId: string, options?: RequestOptions): Promise<Connection>;
  /** Starts an OAuth authorization: where to send the user, and the state to follow it by. */
  startOAuth(request: StartOAuthRequest, options?: RequestOptions): Promise<StartOAuthResponse>;
  /** How an OAuth authorization ended, or that it is still open. */
  oauthStatus(state: string, options?: RequestOptions): Promise<OAuthStatus>;
  /** Revokes a connection's credential (at the provider too, for OAuth); the row stays, revoked. */
  revokeConnection(connectionId: string, options?: RequestOptions): Promise<Connection>;
}
