import type { Connection, TestResult } from '../schema/connection.ts';
import type { PrincipalView } from '../schema/principal.ts';
import type { ProviderView } from '../schema/provider.ts';
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
}
