import type { Connection, TestOutcome } from '../schema/connection.ts';
import type { RoutingPolicy } from '../schema/routing.ts';

const init = { bubbles: true, composed: true } as const;

export interface ConnectRequestDetail {
  providerKey: string;
  /** The workspace's existing connection for the provider, when there is one. */
  connectionId?: string;
}

/** A user asked to connect a provider. Cancel it to open your own flow instead of the dialog. */
export class IkConnectRequestEvent extends CustomEvent<ConnectRequestDetail> {
  static readonly eventName = 'ik-connect-request';
  constructor(detail: ConnectRequestDetail) {
    super(IkConnectRequestEvent.eventName, { ...init, cancelable: true, detail });
  }
}

export interface ConnectionChangeDetail {
  providerKey: string;
  connectionId: string;
  workspaceId: string;
  /** The connection as stored now (never a secret: only its masked preview). */
  connection: Connection;
}

/** A connection was created or updated (a key pasted, rotated, or "I'll add it later"). */
export class IkConnectionSavedEvent extends CustomEvent<ConnectionChangeDetail & { created: boolean }> {
  static readonly eventName = 'ik-connection-saved';
  constructor(detail: ConnectionChangeDetail & { created: boolean }) {
    super(IkConnectionSavedEvent.eventName, { ...init, detail });
  }
}

/** A connection's credential was tested; `outcome` says what the provider thought of it. */
export class IkConnectionTestedEvent extends CustomEvent<ConnectionChangeDetail & { outcome: TestOutcome; httpStatus: number | null; latencyMs: number }> {
  static readonly eventName = 'ik-connection-tested';
  constructor(detail: ConnectionChangeDetail & { outcome: TestOutcome; httpStatus: number | null; latencyMs: number }) {
    super(IkConnectionTestedEvent.eventName, { ...init, detail });
  }
}

export interface ConnectionRemovedDetail {
  providerKey: string;
  connectionId: string;
  workspaceId: string;
}

/** A connection was removed; resolution stopped using it. */
export class IkConnectionRemovedEvent extends CustomEvent<ConnectionRemovedDetail> {
  static readonly eventName = 'ik-connection-removed';
  constructor(detail: ConnectionRemovedDetail) {
    super(IkConnectionRemovedEvent.eventName, { ...init, detail });
  }
}

export interface ErrorDetail {
  /** The contract's error code, or network_error / bad_response. */
  code: string;
  message: string;
  status: number;
  providerKey?: string;
  connectionId?: string;
}

/** A backend call failed. The element also shows the error; this lets the host log or react. */
export class IkErrorEvent extends CustomEvent<ErrorDetail> {
  static readonly eventName = 'ik-error';
  constructor(detail: ErrorDetail) {
    super(IkErrorEvent.eventName, { ...init, detail });
  }
}

export interface CloseRequestDetail {
  reason: 'escape' | 'cancel' | 'done' | 'later';
}

/** The connect dialog is about to close. Cancel it to keep the dialog open. */
export class IkCloseRequestEvent extends CustomEvent<CloseRequestDetail> {
  static readonly eventName = 'ik-close-request';
  constructor(detail: CloseRequestDetail) {
    super(IkCloseRequestEvent.eventName, { ...init, cancelable: true, detail });
  }
}

export interface CatalogChangeDetail {
  providerKey: string;
  action: 'created' | 'updated' | 'retired';
}

/** A platform admin changed the provider catalog; marketplaces on the page reload it. */
export class IkCatalogChangedEvent extends CustomEvent<CatalogChangeDetail> {
  static readonly eventName = 'ik-catalog-changed';
  constructor(detail: CatalogChangeDetail) {
    super(IkCatalogChangedEvent.eventName, { ...init, detail });
  }
}

export interface PolicyChangeDetail {
  workspaceId: string;
  policy: RoutingPolicy;
}

/** A workspace's routing policy changed. */
export class IkPolicyChangedEvent extends CustomEvent<PolicyChangeDetail> {
  static readonly eventName = 'ik-policy-changed';
  constructor(detail: PolicyChangeDetail) {
    super(IkPolicyChangedEvent.eventName, { ...init, detail });
  }
}

export interface TokenExpiredDetail {
  /**
   * Answer with a fresh token (or a promise of one) during the event; the request that
   * failed is then retried once. Without an answer the element reports the expiry.
   */
  renew(token: string | Promise<string>): void;
}

/** The element's session token expired. Call `event.detail.renew(newToken)` to carry on. */
export class IkTokenExpiredEvent extends CustomEvent<TokenExpiredDetail> {
  static readonly eventName = 'ik-token-expired';
  constructor(detail: TokenExpiredDetail) {
    super(IkTokenExpiredEvent.eventName, { ...init, detail });
  }
}

/** Connection changes every kit element listens for, to stay in sync on one page. */
export const CONNECTION_CHANGE_EVENTS = [IkConnectionSavedEvent.eventName, IkConnectionTestedEvent.eventName, IkConnectionRemovedEvent.eventName] as const;

/** Every kit event by name. They bubble and are composed: listen on the element, the document or the window. */
export interface IkEventMap {
  'ik-connect-request': IkConnectRequestEvent;
  'ik-connection-saved': IkConnectionSavedEvent;
  'ik-connection-tested': IkConnectionTestedEvent;
  'ik-connection-removed': IkConnectionRemovedEvent;
  'ik-error': IkErrorEvent;
  'ik-close-request': IkCloseRequestEvent;
  'ik-catalog-changed': IkCatalogChangedEvent;
  'ik-policy-changed': IkPolicyChangedEvent;
  'ik-token-expired': IkTokenExpiredEvent;
}

declare global {
  interface HTMLElementEventMap extends IkEventMap {}
  interface DocumentEventMap extends IkEventMap {}
  interface WindowEventMap extends IkEventMap {}
}
