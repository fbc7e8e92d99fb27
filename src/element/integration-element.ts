import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { IntegrationsBackend } from '../backend/backend.ts';
import { IntegrationsError, isAbort } from '../backend/errors.ts';
import { HttpBackend } from '../backend/http-backend.ts';
import { backendContext, workspaceContext } from '../context.ts';
import {
  CONNECTION_CHANGE_EVENTS,
  IkErrorEvent,
  type IkConnectionRemovedEvent,
  type IkConnectionSavedEvent,
  type IkConnectionTestedEvent,
} from '../events/events.ts';
import { defaultStrings, type IkStrings } from '../i18n/strings.ts';
import { controls } from '../styles/controls.ts';
import { tokens } from '../styles/tokens.ts';

export type ConnectionChangeEvent = IkConnectionSavedEvent | IkConnectionTestedEvent | IkConnectionRemovedEvent;

/**
 * What every kit element shares: where its backend and workspace come from (property, then
 * an ancestor's context, then an HTTP backend for `api-base`), its strings, the theme, and
 * keeping in step with the other kit elements on the page.
 */
export abstract class IntegrationElement extends LitElement {
  static override styles = [tokens, controls];

  /** The backend to call. Wins over an ancestor's context and over `api-base`. */
  @property({ attribute: false }) backend?: IntegrationsBackend;

  /** Base URL of the REST contract: with it the element creates its own HTTP backend. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** The workspace to show. Defaults to the context's, then to the token's own workspace. */
  @property() workspace = '';

  /** Bearer token for the HTTP backend. */
  @property({ attribute: false }) token?: string;

  /** Called before each request for a fresh bearer token (wins over `token`). */
  @property({ attribute: false }) getToken?: () => string | undefined | Promise<string | undefined>;

  /** Overrides for any of the element's strings. */
  @property({ attribute: false }) strings: Partial<IkStrings> = {};

  @consume({ context: backendContext, subscribe: true })
  @state()
  protected contextBackend?: IntegrationsBackend;

  @consume({ context: workspaceContext, subscribe: true })
  @state()
  protected contextWorkspace?: string;

  /** The backend in use, derived in willUpdate. */
  @state() protected client?: IntegrationsBackend;

  protected t: IkStrings = defaultStrings;

  private resolvedWorkspace?: Promise<string>;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('backend') || changed.has('contextBackend') || changed.has('apiBase')) {
      this.client =
        this.backend ??
        this.contextBackend ??
        (this.apiBase ? new HttpBackend({ apiBase: this.apiBase, token: () => this.getToken?.() ?? this.token }) : undefined);
      this.resolvedWorkspace = undefined;
    }
    if (changed.has('workspace') || changed.has('contextWorkspace')) this.resolvedWorkspace = undefined;
    if (changed.has('strings')) this.t = { ...defaultStrings, ...this.strings };
  }

  /** The workspace id: the attribute, the context's, or (asked once) the token's own. */
  protected workspaceId(client: IntegrationsBackend, signal?: AbortSignal): Promise<string> {
    const explicit = this.workspace || this.contextWorkspace;
    if (explicit) return Promise.resolve(explicit);
    this.resolvedWorkspace ??= client.getMe({ signal }).then((me) => me.workspaceId);
    this.resolvedWorkspace.catch(() => (this.resolvedWorkspace = undefined));
    return this.resolvedWorkspace;
  }

  protected requireClient(): IntegrationsBackend {
    if (!this.client) throw new IntegrationsError('no_backend', this.t.noBackend, 0);
    return this.client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const name of CONNECTION_CHANGE_EVENTS) window.addEventListener(name, this.onWindowChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const name of CONNECTION_CHANGE_EVENTS) window.removeEventListener(name, this.onWindowChange);
  }

  private onWindowChange = (event: Event): void => {
    const change = event as ConnectionChangeEvent;
    const current = this.workspace || this.contextWorkspace || this.knownWorkspace;
    if (!current || change.detail.workspaceId === current) this.connectionChanged(change);
  };

  /** The workspace this element last loaded, for filtering page-wide changes. */
  protected knownWorkspace = '';

  /** Another kit element (or this one) changed a connection of this workspace. */
  protected connectionChanged(_event: ConnectionChangeEvent): void {}

  /** Reports a failed call as an `ik-error` event and returns the message to show. */
  protected report(error: unknown, context: { providerKey?: string; connectionId?: string } = {}): string {
    if (isAbort(error)) return '';
    const known = error instanceof IntegrationsError ? error : new IntegrationsError('unexpected', String((error as Error)?.message ?? error), 0);
    this.dispatchEvent(new IkErrorEvent({ code: known.code, message: known.message, status: known.status, ...context }));
    return known.message;
  }
}
