import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { IntegrationsBackend } from '../backend/backend.ts';
import { IntegrationsError, isAbort } from '../backend/errors.ts';
import { HttpBackend } from '../backend/http-backend.ts';
import { backendContext, workspaceContext } from '../context.ts';
import { can, type Action } from '../auth/permissions.ts';
import type { PrincipalView } from '../schema/principal.ts';
import {
  CONNECTION_CHANGE_EVENTS,
  IkCatalogChangedEvent,
  IkErrorEvent,
  IkPolicyChangedEvent,
  IkTokenExpiredEvent,
  type IkConnectionRemovedEvent,
  type IkConnectionSavedEvent,
  type IkConnectionTestedEvent,
} from '../events/events.ts';
import { coreStrings, type IkStrings } from '../i18n/strings.ts';
import { controls } from '../styles/controls.ts';
import { registerKitProperties, tokens } from '../styles/tokens.ts';

export type ConnectionChangeEvent = IkConnectionSavedEvent | IkConnectionTestedEvent | IkConnectionRemovedEvent;

/**
 * What every kit element shares: where its backend and workspace come from (property, then
 * an ancestor's context, then an HTTP backend for `api-base`), its strings, the theme, and
 * keeping in step with the other kit elements on the page.
 *
 * @attribute {'light' | 'dark'} color-scheme - `light` or `dark`: overrides the page's colour scheme for this element (and kit elements inside it).
 * @event {IkTokenExpiredEvent} ik-token-expired - The session token expired: call `event.detail.renew(newToken)` and the failed request is retried.
 * @cssproperty --ik-color-scheme - `light`, `dark` or `light dark`; unset, the element follows the page.
 * @cssproperty --ik-font-family - Text font (default: the page's own).
 * @cssproperty --ik-font-family-mono - Font of keys and code.
 * @cssproperty --ik-font-size - Base text size.
 * @cssproperty --ik-space - Spacing unit.
 * @cssproperty --ik-radius - Corner radius of cards and dialogs.
 * @cssproperty --ik-radius-sm - Corner radius of controls.
 * @cssproperty --ik-color-surface - Card and panel background.
 * @cssproperty --ik-color-surface-subtle - Subtle background (hover, wells).
 * @cssproperty --ik-color-surface-raised - Dialog and menu background.
 * @cssproperty --ik-color-border - Borders of cards and controls.
 * @cssproperty --ik-color-border-strong - Borders of inputs and buttons.
 * @cssproperty --ik-color-text - Text.
 * @cssproperty --ik-color-text-muted - Secondary text.
 * @cssproperty --ik-color-accent - Primary buttons, links, focus.
 * @cssproperty --ik-color-accent-hover - Primary buttons on hover.
 * @cssproperty --ik-color-on-accent - Text on the accent colour.
 * @cssproperty --ik-color-accent-subtle - Accent-tinted backgrounds.
 * @cssproperty --ik-color-success - Success text and icons.
 * @cssproperty --ik-color-success-subtle - Success backgrounds.
 * @cssproperty --ik-color-warning - Warning text and icons.
 * @cssproperty --ik-color-warning-subtle - Warning backgrounds.
 * @cssproperty --ik-color-danger - Error text and icons.
 * @cssproperty --ik-color-danger-subtle - Error backgrounds.
 * @cssproperty --ik-color-danger-solid - Destructive buttons.
 * @cssproperty --ik-focus-ring-color - Focus rings (default: the accent).
 * @cssproperty --ik-shadow - Card elevation.
 * @cssproperty --ik-shadow-raised - Dialog and menu elevation.
 * @cssproperty --ik-backdrop - The modal backdrop.
 * @cssproperty --ik-color-skeleton - Loading skeletons.
 * @cssproperty --ik-logo-background - The tile behind provider logos (default: white, near-white on dark pages, so dark marks stay readable).
 * @cssproperty --ik-logo-color - The letter shown on the logo tile when a logo cannot load.
 * @cssproperty --ik-toast-background - Toast background.
 * @cssproperty --ik-toast-color - Toast text.
 */
export abstract class IntegrationElement extends LitElement {
  static override styles = [tokens, controls];

  /** The backend to call. Wins over an ancestor's context and over `api-base`. */
  @property({ attribute: false }) backend?: IntegrationsBackend | undefined;

  /** Base URL of the REST contract: with it the element creates its own HTTP backend. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** The workspace to show. Defaults to the context's, then to the token's own workspace. */
  @property() workspace = '';

  /** Bearer token for the HTTP backend. */
  @property({ attribute: false }) token?: string | undefined;

  /** Called before each request for a fresh bearer token (wins over `token`). */
  @property({ attribute: false }) getToken?: (() => string | undefined | Promise<string | undefined>) | undefined;

  /** Overrides for any of the element's strings. */
  @property({ attribute: false }) strings: Partial<IkStrings> = {};

  /**
   * Seconds between checks for changes made elsewhere (another user, a new catalog row);
   * 0 turns it off. Hidden tabs do not poll, and catch up when shown again.
   */
  @property({ type: Number, attribute: 'refresh-interval' }) refreshInterval = 30;

  @consume({ context: backendContext, subscribe: true })
  @state()
  protected contextBackend?: IntegrationsBackend;

  @consume({ context: workspaceContext, subscribe: true })
  @state()
  protected contextWorkspace?: string;

  /** The backend in use, derived in willUpdate. */
  @state() protected client?: IntegrationsBackend;

  /**
   * The English defaults this element shows. Each element class names only the strings it reads
   * (the settings' and the catalog editor's stay out of the marketplace's bundle), so the cast
   * to the whole set is safe.
   */
  protected static defaultStrings: IkStrings = coreStrings as IkStrings;

  protected t: IkStrings = this.defaults;

  private get defaults(): IkStrings {
    return (this.constructor as typeof IntegrationElement).defaultStrings;
  }

  /** Who the token speaks for (role, workspace), once loaded: the UI offers only what they may do. */
  @state() protected me?: PrincipalView;

  private identity?: Promise<PrincipalView>;
  private renewal?: Promise<string | undefined>;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('backend') || changed.has('contextBackend') || changed.has('apiBase')) {
      this.client =
        this.backend ??
        this.contextBackend ??
        (this.apiBase
          ? new HttpBackend({ apiBase: this.apiBase, token: () => this.getToken?.() ?? this.token, renewToken: () => this.renewToken(), strings: () => this.t })
          : undefined);
    }
    if (changed.has('backend') || changed.has('contextBackend') || changed.has('apiBase') || changed.has('token') || changed.has('getToken')) {
      this.identity = undefined;
    }
    if (changed.has('strings')) this.t = { ...this.defaults, ...this.strings };
  }

  /** Who the token speaks for, asked once per backend and token. */
  protected whoAmI(client: IntegrationsBackend, signal?: AbortSignal): Promise<PrincipalView> {
    this.identity ??= client.getMe({ signal }).then((me) => (this.me = me));
    this.identity.catch(() => (this.identity = undefined));
    return this.identity;
  }

  /**
   * The workspace id: the attribute, the context's, or the token's own. Waits for the
   * identity either way: without the user's role the element cannot know what to offer.
   */
  protected async workspaceId(client: IntegrationsBackend, signal?: AbortSignal): Promise<string> {
    const me = await this.whoAmI(client, signal);
    return this.workspace || this.contextWorkspace || me.workspaceId;
  }

  /** Whether the signed-in user may do `action` (false until they are known). */
  protected may(action: Action, connection?: { createdBy: string }): boolean {
    return this.me !== undefined && can(this.me, action, connection);
  }

  /**
   * The session token expired: ask the host through a cancelable-free ik-token-expired event
   * and wait for its answer (one question at a time, however many requests failed).
   */
  private renewToken(): Promise<string | undefined> {
    this.renewal ??= new Promise<string | undefined>((resolve) => {
      let answered = false;
      const renew = (token: string | Promise<string>) => {
        answered = true;
        Promise.resolve(token).then(
          (fresh) => {
            this.token = fresh;
            resolve(fresh);
          },
          () => resolve(undefined),
        );
      };
      this.dispatchEvent(new IkTokenExpiredEvent({ renew }));
      if (!answered) resolve(undefined);
    }).finally(() => (this.renewal = undefined));
    return this.renewal;
  }

  protected requireClient(): IntegrationsBackend {
    if (!this.client) throw new IntegrationsError('no_backend', this.t.noBackend, 0);
    return this.client;
  }

  /** Elements that show data set this: they poll and follow catalog and policy changes. */
  protected readonly live: boolean = false;

  /** Loads the element's data again. */
  refresh(): Promise<void> {
    return Promise.resolve();
  }

  private pollTimer?: ReturnType<typeof setInterval>;
  private lastRefresh = 0;

  /** `token` is watched only to say it is ignored (see warnTokenAttribute). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'token'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name !== 'token') return super.attributeChangedCallback(name, old, value);
    if (value !== null) warnTokenAttribute(this.localName);
  }

  override connectedCallback(): void {
    // The theme's sizes need the kit's registered unit: registered by the first element to connect.
    registerKitProperties();
    super.connectedCallback();
    for (const name of CONNECTION_CHANGE_EVENTS) window.addEventListener(name, this.onWindowChange);
    if (!this.live) return;
    window.addEventListener(IkCatalogChangedEvent.eventName, this.onCatalogOrPolicyChange);
    window.addEventListener(IkPolicyChangedEvent.eventName, this.onCatalogOrPolicyChange);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const name of CONNECTION_CHANGE_EVENTS) window.removeEventListener(name, this.onWindowChange);
    window.removeEventListener(IkCatalogChangedEvent.eventName, this.onCatalogOrPolicyChange);
    window.removeEventListener(IkPolicyChangedEvent.eventName, this.onCatalogOrPolicyChange);
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.live && changed.has('refreshInterval')) this.schedulePolling();
  }

  private schedulePolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    if (this.refreshInterval > 0) this.pollTimer = setInterval(() => this.poll(), this.refreshInterval * 1000);
  }

  private poll(): void {
    if (document.visibilityState !== 'visible' || !this.client) return;
    this.lastRefresh = Date.now();
    void this.refresh();
  }

  private onVisibility = (): void => {
    if (this.refreshInterval > 0 && Date.now() - this.lastRefresh >= this.refreshInterval * 1000) this.poll();
  };

  private onCatalogOrPolicyChange = (): void => void this.refresh();

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
    return known.code === 'token_expired' ? this.t.sessionExpired : known.message;
  }
}

/**
 * A `token` attribute is never read (a bearer token does not belong in markup, where anything
 * that serializes the page sees it). It usually means a framework set it before the kit loaded.
 */
function warnTokenAttribute(tag: string): void {
  console.warn(
    `<${tag}> has a "token" attribute, which is ignored: set the token as a property (element.token = …, or element.getToken = () => …). ` +
      'In React use the components from integration-kit/react; elsewhere load the kit before the framework renders the tag.',
  );
}
