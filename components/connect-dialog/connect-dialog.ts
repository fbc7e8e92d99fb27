import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { maskedValue } from '../../src/credentials/preview.ts';
import { checkCredentials, type CredentialValues } from '../../src/credentials/validate.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import type { IntegrationsBackend, SaveConnectionResult } from '../../src/backend/backend.ts';
import { credentialFieldStyles, renderCredentialField } from '../../src/element/credential-field.ts';
import { logoStyles, renderLogo } from '../../src/element/logo.ts';
import { deepActiveElement } from '../../src/element/deep-active-element.ts';
import { IntegrationElement } from '../../src/element/integration-element.ts';
import { IkCloseRequestEvent, IkConnectionSavedEvent, IkConnectionTestedEvent, type CloseRequestDetail } from '../../src/events/events.ts';
import type { FieldErrors } from '../../src/schema/errors.ts';
import type { Connection, TestResult } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { icons } from '../../src/styles/icons.ts';
import { relativeTime } from '../../src/i18n/format.ts';
import { testSaid } from '../../src/i18n/strings.ts';
import { accountWords, scopeWords } from '../../src/i18n/oauth-words.ts';
import { ToastController, toastStyles } from '../../src/element/toast.ts';
import type { OAuthStatus } from '../../src/schema/oauth.ts';
import { styles } from './connect-dialog.styles.ts';
import { callbackOriginOf, openSignInWindow, watchAuthorization, type OAuthWatch } from './oauth-flow.ts';

export interface ShowOptions {
  provider?: ProviderView;
  /** The workspace's existing connection: the dialog then replaces its key. */
  connection?: Connection | undefined;
  /** Where focus returns when the dialog closes; defaults to what had focus. */
  trigger?: HTMLElement | null;
}

type Notice = { kind: 'error' | 'warning'; title: string; text?: string };

/**
 * Connects one provider: paste the key (saved, encrypted and tested at once) or install now
 * and add the key later. A native modal `<dialog>`.
 *
 * @summary The connect flow for one provider.
 * @tagname connect-dialog
 * @event {IkConnectionSavedEvent} ik-connection-saved - A connection was created or updated.
 * @event {IkConnectionTestedEvent} ik-connection-tested - A saved key was tested; `detail.outcome` says how it went.
 * @event {IkCloseRequestEvent} ik-close-request - The dialog is about to close (cancelable).
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart dialog - The native dialog.
 * @csspart header - Logo, name and description.
 * @csspart logo - The provider's logo.
 * @csspart title - The dialog's heading.
 * @csspart description - The provider's description.
 * @csspart close-button - The × button.
 * @csspart form - The credential form.
 * @csspart field - One credential field (label, input, hint, error).
 * @csspart label - A field's label.
 * @csspart input - A credential input.
 * @csspart reveal-button - The show/hide toggle of a secret input.
 * @csspart hint - A field's hint.
 * @csspart field-error - A field's error message.
 * @csspart notice - A form-level message (test failed, save failed).
 * @csspart help - "Where to find your key": instructions and link.
 * @csspart help-link - The link to the provider's key page.
 * @csspart footer - The action buttons.
 * @csspart save-button - "Save & test".
 * @csspart later-button - "I'll add it later".
 * @csspart authorize-button - "Connect with <Provider>" (OAuth providers).
 * @csspart oauth - The OAuth explanation and requested scopes.
 * @csspart scopes - The list of requested scopes.
 * @csspart account - Which account was connected ("Connected as @octocat"), after an OAuth sign-in.
 * @csspart oauth-status - Waiting for the sign-in window, or told it was blocked.
 * @csspart redirect-button - "Continue in this window" when the sign-in window was blocked.
 * @csspart reopen-button - "Open the window again" when the sign-in window was closed early.
 * @csspart cancel-button - "Cancel".
 * @csspart result - The success panel.
 * @csspart done-button - "Done" on the success panel.
 * @csspart toast - What happened, once the dialog closed ("OpenAI is installed…").
 * @cssproperty --ik-dialog-width - The dialog's width (default 544px at the default --ik-font-size, scaling with it).
 */
export class ConnectDialog extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, logoStyles, credentialFieldStyles, toastStyles, styles];

  /** Every part the dialog renders, for elements that contain one to forward (`exportparts`). */
  static readonly cssParts = [
    'dialog', 'header', 'logo', 'title', 'description', 'close-button', 'form', 'field', 'label', 'input', 'reveal-button',
    'hint', 'field-error', 'notice', 'help', 'help-link', 'footer', 'save-button', 'later-button', 'authorize-button', 'oauth',
    'scopes', 'oauth-status', 'redirect-button', 'reopen-button', 'cancel-button', 'result', 'account', 'done-button', 'toast',
  ] as const;

  /** The provider to connect. */
  @property({ attribute: false }) provider?: ProviderView | undefined;

  /** The provider's key, when `provider` is not given: loaded from the backend on show(). */
  @property({ attribute: 'provider-key' }) providerKey = '';

  /** The workspace's existing connection for the provider: the dialog then replaces its key. */
  @property({ attribute: false }) connection?: Connection | undefined;

  /** Whether the dialog is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Size of the OAuth sign-in window, in CSS pixels (it opens centred on this page's window). */
  @property({ type: Number, attribute: 'popup-width' }) popupWidth = 600;
  @property({ type: Number, attribute: 'popup-height' }) popupHeight = 720;

  /** Where an OAuth authorization stands: the window opening, waiting for it, or blocked. */
  @state() private oauthPhase: 'idle' | 'waiting' | 'blocked' = 'idle';
  @state() private oauthWindowClosed = false;
  /** An authorization is being started (waiting for /oauth/start): no second one meanwhile. */
  @state() private oauthStarting = false;
  /** Counts authorizations: an answer for an older one (abandoned, superseded) is dropped. */
  private oauthAttempt = 0;
  private oauthWatch?: OAuthWatch;
  private oauthPopup: Window | null = null;

  @state() private values: CredentialValues = {};
  @state() private revealed = new Set<string>();
  @state() private fieldErrors: FieldErrors = {};
  @state() private notice?: Notice | undefined;
  @state() private busy: 'save' | 'later' | null = null;
  @state() private success?: SaveConnectionResult | undefined;
  /** Whether the dialog opened to replace a saved key, or to reconnect an OAuth grant (fixed at show()). */
  @state() private replacing = false;
  @state() private reconnecting = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  /** Says what happened once the dialog has closed (installed for later). */
  private toast = new ToastController(this);

  private trigger: HTMLElement | null = null;

  /** Opens the dialog, optionally for another provider or connection. */
  async show(options: ShowOptions = {}): Promise<void> {
    this.trigger = options.trigger ?? deepActiveElement();
    if (options.provider) this.provider = options.provider;
    if ('connection' in options) this.connection = options.connection;
    if (!this.provider && this.providerKey) {
      const providers = await this.requireClient().listProviders();
      this.provider = providers.find((p) => p.key === this.providerKey);
    }
    this.reset();
    this.replacing = Object.keys(this.connection?.credentialPreview ?? {}).length > 0;
    // Only a grant that existed is reconnected; a row never authorized is still being connected.
    this.reconnecting = this.provider?.authType === 'oauth2' && this.connection !== undefined && this.connection.status !== 'pending';
    this.open = true;
  }

  /** Closes the dialog without asking (see requestClose for the cancelable path). */
  close(): void {
    this.open = false;
  }

  private reset(): void {
    this.stopOAuth();
    this.values = {};
    this.revealed = new Set();
    this.fieldErrors = {};
    this.notice = undefined;
    this.success = undefined;
    this.busy = null;
  }

  /** Every way of closing goes through one cancelable ik-close-request. */
  private requestClose(reason: CloseRequestDetail['reason']): void {
    const request = new IkCloseRequestEvent({ reason });
    this.dispatchEvent(request);
    if (!request.defaultPrevented) this.close();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!changed.has('open') || !this.dialog) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private onNativeClose = (): void => {
    this.stopOAuth();
    // Abandoned mid-way: the sign-in window goes with the dialog (a late approval still lands on the row).
    this.oauthPopup?.close();
    this.oauthPopup = null;
    this.open = false;
    this.values = {};
    this.trigger?.focus();
  };

  private onCancel = (event: Event): void => {
    // Escape: route it through ik-close-request instead of closing outright.
    event.preventDefault();
    if (!this.busy) this.requestClose('escape');
  };

  protected override render(): TemplateResult {
    const provider = this.provider;
    return html`
      <dialog class="rises" part="dialog" aria-labelledby="title" @cancel=${this.onCancel} @close=${this.onNativeClose}>
        ${provider ? html`${this.renderHeader(provider)} ${this.success ? this.renderSuccess(provider, this.success) : this.renderForm(provider)}` : nothing}
      </dialog>
      ${this.toast.render()}
    `;
  }

  private renderHeader(provider: ProviderView) {
    const title = this.reconnecting ? this.t.reconnectTitle(provider.name) : this.replacing ? this.t.updateTitle(provider.name) : this.t.connectTitle(provider.name);
    return html`
      <header part="header">
        ${renderLogo(provider.logo, provider.name, 'logo')}
        <div class="heading">
          <h2 id="title" part="title">${title}</h2>
          ${provider.description ? html`<p part="description">${provider.description}</p>` : nothing}
        </div>
        <button class="button quiet icon" part="close-button" aria-label=${this.t.close} ?disabled=${this.busy !== null} @click=${() => this.requestClose('cancel')}>
          ${icons.close}
        </button>
      </header>
    `;
  }

  private renderForm(provider: ProviderView) {
    const updating = this.connection !== undefined;
    const hasSaved = updating && Object.keys(this.connection!.credentialPreview).length > 0;
    const busy = this.busy !== null;
    return html`
      <form part="form" novalidate @submit=${this.onSubmit} aria-busy=${busy ? 'true' : 'false'}>
        ${this.notice ? this.renderNotice(this.notice) : nothing}
        ${provider.authType === 'oauth2'
          ? this.renderOAuth(provider)
          : html`
              <div class="fields">
                ${provider.credentials.map((field, index) =>
                  renderCredentialField({
                    field,
                    id: `field-${field.name}`,
                    value: this.values[field.name] ?? '',
                    revealed: this.revealed.has(field.name),
                    error: this.fieldErrors[field.name],
                    saved: this.connection?.credentialPreview[field.name],
                    autofocus: index === 0,
                    disabled: busy,
                    t: this.t,
                    onInput: (value) => this.onFieldInput(field.name, value),
                    onToggleReveal: () => this.toggleReveal(field.name),
                  }),
                )}
                ${hasSaved ? html`<p class="hint">${this.t.keepSavedHint}</p>` : nothing}
              </div>
            `}
        ${this.renderHelp(provider)}
        <footer part="footer">
          <button type="button" class="button quiet" part="cancel-button" ?disabled=${busy} @click=${() => this.requestClose('cancel')}>${this.t.cancel}</button>
          <span class="spacer"></span>
          ${updating || (this.oauthPhase === 'waiting' && !this.oauthWindowClosed)
            ? nothing
            : html`<button type="button" class="button" part="later-button" ?disabled=${busy} aria-busy=${this.busy === 'later' ? 'true' : 'false'} @click=${this.onLater}>
                ${this.busy === 'later' ? html`<span class="spinner" aria-hidden="true"></span>${this.t.addingLater}` : this.t.addLater}
              </button>`}
          ${provider.authType === 'oauth2'
            ? html`<button type="button" class="button primary" part="authorize-button" ?disabled=${busy || this.oauthPhase === 'waiting'}
                aria-busy=${this.oauthPhase === 'waiting' ? 'true' : 'false'} @click=${() => this.authorizeInPopup(provider)}>
                ${this.oauthPhase === 'waiting'
                  ? html`<span class="spinner" aria-hidden="true"></span>${this.t.waitingFor(provider.name)}`
                  : this.reconnecting ? this.t.reconnectWith(provider.name) : this.t.connectWith(provider.name)}
              </button>`
            : html`<button type="submit" class="button primary" part="save-button" ?disabled=${busy} aria-busy=${this.busy === 'save' ? 'true' : 'false'}>
                ${this.busy === 'save'
                  ? html`<span class="spinner" aria-hidden="true"></span>${provider.verification ? this.t.saving : this.t.savingOnly}`
                  : provider.verification ? this.t.saveAndTest : this.t.save}
              </button>`}
        </footer>
      </form>
    `;
  }

  private renderNotice(notice: Notice) {
    return html`
      <div class="notice ${notice.kind}" part="notice" role="alert">
        ${icons.alert}
        <div>
          <p class="notice-title">${notice.title}</p>
          ${notice.text ? html`<p class="notice-text">${notice.text}</p>` : nothing}
        </div>
      </div>
    `;
  }

  private renderHelp(provider: ProviderView) {
    const { url, instructions } = provider.help;
    if (!url && !instructions) return nothing;
    const label = provider.credentials.find((f) => f.secret)?.label ?? provider.credentials[0]?.label ?? 'key';
    const oauth = provider.authType === 'oauth2';
    return html`
      <section class="help" part="help" aria-labelledby="help-title">
        <h3 id="help-title">${oauth ? this.t.aboutConnecting(provider.name) : this.t.whereToFind(label)}</h3>
        ${instructions ? html`<p>${instructions}</p>` : nothing}
        ${url
          ? html`<a part="help-link" href=${url} target="_blank" rel="noopener noreferrer">
              ${oauth ? this.t.openOAuthHelp(provider.name) : this.t.openHelp(provider.name)} ${icons.external}<span class="visually-hidden"> ${this.t.opensInNewTab}</span>
            </a>`
          : nothing}
      </section>
    `;
  }

  private renderSuccess(provider: ProviderView, result: SaveConnectionResult) {
    const test = result.test;
    // An OAuth grant is described by its scopes; its token's tail means nothing to anyone.
    const previews = result.connection.oauth ? [] : Object.entries(result.connection.credentialPreview).filter(([, p]) => p.secret);
    return html`
      <div class="result" part="result" role="status">
        <div class="result-icon">${icons.check}</div>
        <h3>${test || result.connection.oauth ? this.t.connectedTitle(provider.name) : this.t.savedTitle(provider.name)}</h3>
        ${test ? html`<p class="result-detail">${testSaid(this.t, result.connection, test.outcome, provider.name)}</p>` : nothing}
        ${result.connection.oauth
          ? html`${this.renderAccount(result.connection)}
              <p class="result-detail">${this.t.grantedScopes(result.connection.oauth.scopes.map((scope) => scopeWords(provider, scope)).join(', ') || '—')}</p>
              ${result.connection.oauth.expiresAt ? html`<p class="result-detail">${this.t.accessExpires(relativeTime(result.connection.oauth.expiresAt))}</p>` : nothing}`
          : nothing}
        ${previews.length
          ? html`<p class="result-key">${previews.map(([name, p]) => html`<span>${provider.credentials.find((f) => f.name === name)?.label ?? name}: <code>${maskedValue(p)}</code></span>`)}</p>`
          : nothing}
      </div>
      <footer part="footer">
        <span class="spacer"></span>
        <button class="button primary" part="done-button" @click=${() => this.requestClose('done')}>${this.t.done}</button>
      </footer>
    `;
  }

  private renderAccount(connection: Connection) {
    const account = accountWords(connection.oauth?.account);
    return account ? html`<p class="result-detail account" part="account">${this.t.connectedAs(account)}</p>` : nothing;
  }

  private onFieldInput(name: string, value: string): void {
    this.values = { ...this.values, [name]: value };
    if (this.fieldErrors[name]) {
      const { [name]: _cleared, ...rest } = this.fieldErrors;
      this.fieldErrors = rest;
    }
  }

  private toggleReveal(name: string): void {
    const next = new Set(this.revealed);
    if (!next.delete(name)) next.add(name);
    this.revealed = next;
  }

  private renderOAuth(provider: ProviderView) {
    const scopes = provider.oauth?.scopes ?? [];
    // The plain words first; the scope's own name after them, for whoever compares it with the provider's page.
    const scopeItem = (scope: string) => {
      const words = scopeWords(provider, scope);
      return words === scope ? html`<li><code>${scope}</code></li>` : html`<li><span class="scope-words">${words}</span> <code class="scope-name">${scope}</code></li>`;
    };
    return html`
      <div class="oauth" part="oauth">
        <p class="oauth-note">${this.t.oauthIntro(provider.name)}</p>
        ${scopes.length
          ? html`<div class="scopes"><p class="scopes-title">${this.t.scopesRequested}</p><ul part="scopes">${scopes.map(scopeItem)}</ul></div>`
          : nothing}
        ${this.oauthPhase === 'waiting'
          ? html`<div class="notice" part="oauth-status" role="status">
              <span class="spinner" aria-hidden="true"></span>
              <div>
                <p class="notice-title">${this.oauthWindowClosed ? this.t.signInWindowClosedTitle : this.t.finishInWindow(provider.name)}</p>
                ${this.oauthWindowClosed ? html`<p class="notice-text">${this.t.signInWindowClosed}</p>` : nothing}
                <button type="button" class="button small" part="reopen-button" ?disabled=${this.oauthStarting} @click=${() => this.authorizeInPopup(provider)}>${this.t.openWindowAgain}</button>
              </div>
            </div>`
          : nothing}
        ${this.oauthPhase === 'blocked'
          ? html`<div class="notice warning" part="oauth-status" role="alert">
              ${icons.alert}
              <div>
                <p class="notice-title">${this.t.popupBlocked}</p>
                <p class="notice-text">${this.t.popupBlockedHint}</p>
                <div class="notice-actions">
                  <button type="button" class="button small" ?disabled=${this.oauthStarting} @click=${() => this.authorizeInPopup(provider)}>${this.t.tryWindowAgain}</button>
                  <button type="button" class="button small primary" part="redirect-button" ?disabled=${this.oauthStarting} aria-busy=${this.oauthStarting ? 'true' : 'false'}
                    @click=${() => void this.authorizeHere(provider)}>${this.t.continueHere}</button>
                </div>
              </div>
            </div>`
          : nothing}
      </div>
    `;
  }

  /** The sign-in window must open inside the click, before anything is awaited. */
  private authorizeInPopup(provider: ProviderView): void {
    if (this.oauthStarting) return;
    this.stopOAuth();
    this.notice = undefined;
    const popup = openSignInWindow(this.popupWidth, this.popupHeight, this.t.openingSignIn(provider.name));
    if (!popup) {
      this.oauthPhase = 'blocked';
      return;
    }
    if (this.oauthPopup !== popup) this.oauthPopup?.close();
    this.oauthPopup = popup;
    this.oauthPhase = 'waiting';
    this.oauthWindowClosed = false;
    const attempt = this.oauthAttempt;
    const current = () => attempt === this.oauthAttempt && this.open;
    this.oauthStarting = true;
    void (async () => {
      try {
        const client = this.requireClient();
        const started = await this.startAuthorization(client, provider, 'popup');
        // Cancelled (or started again) while /oauth/start was answering: this one is dropped.
        if (!current()) return;
        popup.location.href = started.authorizeUrl;
        this.oauthWatch = watchAuthorization({
          backend: client,
          state: started.state,
          callbackOrigin: callbackOriginOf(started.authorizeUrl),
          popup,
          onResult: (result) => void (current() && this.showOAuthResult(provider, result)),
          onWindowClosed: () => (this.oauthWindowClosed = true),
        });
      } catch (error) {
        if (!current()) return;
        popup.close();
        this.oauthPhase = 'idle';
        this.showError(error, provider.key);
      } finally {
        if (attempt === this.oauthAttempt) this.oauthStarting = false;
      }
    })();
  }

  /** Asks the backend for an authorization of this provider (or of the dialog's connection), returning to this page. */
  private async startAuthorization(client: IntegrationsBackend, provider: ProviderView, mode: 'popup' | 'redirect') {
    return client.startOAuth({
      workspaceId: await this.workspaceId(client),
      provider: provider.key,
      mode,
      returnTo: location.href,
      ...(this.connection && { connectionId: this.connection.id }),
    });
  }

  /** When no window may open: the whole page goes to the provider and comes back here. */
  private async authorizeHere(provider: ProviderView): Promise<void> {
    if (this.oauthStarting) return;
    this.oauthStarting = true;
    try {
      const started = await this.startAuthorization(this.requireClient(), provider, 'redirect');
      location.assign(started.authorizeUrl);
    } catch (error) {
      this.oauthStarting = false;
      this.showError(error, provider.key);
    }
  }

  /** Ends any authorization under way, including one still being started. */
  private stopOAuth(): void {
    this.oauthAttempt += 1;
    this.oauthStarting = false;
    this.oauthWatch?.stop();
    this.oauthWatch = undefined;
    this.oauthPhase = 'idle';
  }

  /**
   * Shows how an authorization ended: connected (the success view), or denied / failed (a
   * notice; the row stays as it was, and the user may try again). Also used after a redirect.
   */
  async showOAuthResult(provider: ProviderView, result: OAuthStatus): Promise<void> {
    this.stopOAuth();
    this.oauthPopup?.close();
    this.oauthPopup = null;
    this.provider = provider;
    if (!this.open) {
      this.reset();
      this.open = true;
    }
    try {
      const client = this.requireClient();
      const connection = await client.getConnection(result.connectionId);
      const created = !this.connection;
      this.connection = connection;
      if (result.outcome === 'connected') {
        this.success = { connection, created };
        this.dispatchEvent(new IkConnectionSavedEvent({ providerKey: provider.key, connectionId: connection.id, workspaceId: connection.workspaceId, connection, created }));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part~="done-button"]')?.focus();
      } else {
        this.notice = { kind: result.outcome === 'denied' ? 'warning' : 'error', title: result.message ?? this.t.oauthFailed(provider.name) };
        this.dispatchEvent(new IkConnectionSavedEvent({ providerKey: provider.key, connectionId: connection.id, workspaceId: connection.workspaceId, connection, created }));
      }
    } catch (error) {
      this.showError(error, provider.key);
    }
  }

  /** Only fields the user filled in are sent; on an update the others keep their saved values. */
  private payload(): CredentialValues {
    return Object.fromEntries(Object.entries(this.values).filter(([, v]) => v.trim() !== ''));
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const provider = this.provider;
    if (!provider || this.busy) return;
    const payload = this.payload();
    const saved = Object.fromEntries(Object.keys(this.connection?.credentialPreview ?? {}).map((name) => [name, 'saved']));
    if (Object.keys(payload).length === 0 && Object.keys(saved).length > 0) {
      this.notice = { kind: 'warning', title: this.t.nothingToSave };
      return;
    }
    const { errors } = checkCredentials(provider, payload, saved);
    this.fieldErrors = errors;
    if (Object.keys(errors).length > 0) {
      // The field's own error says what is wrong now: an earlier test's banner would only contradict it.
      this.notice = undefined;
      return this.focusFirstError();
    }
    this.busy = 'save';
    this.notice = undefined;
    try {
      const client = this.requireClient();
      const workspaceId = await this.workspaceId(client);
      const result = await client.saveConnection({
        workspaceId,
        provider: provider.key,
        credentialPayload: payload,
        ...(this.connection && { connectionId: this.connection.id }),
      });
      this.values = {};
      this.revealed = new Set();
      this.connection = result.connection;
      this.announceSaved(result, workspaceId);
      if (!result.test || result.test.outcome === 'valid') {
        this.success = result;
        // autofocus only counts when a dialog opens: move focus to Done ourselves.
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part~="done-button"]')?.focus();
      } else {
        this.notice = this.testNotice(result.test);
        await this.focusFirstField();
      }
    } catch (error) {
      this.showError(error, provider.key);
    } finally {
      this.busy = null;
    }
  };

  private onLater = async (): Promise<void> => {
    const provider = this.provider;
    if (!provider || this.busy) return;
    this.busy = 'later';
    this.notice = undefined;
    try {
      const client = this.requireClient();
      const workspaceId = await this.workspaceId(client);
      const result = await client.saveConnection({ workspaceId, provider: provider.key });
      this.values = {};
      this.connection = result.connection;
      this.announceSaved(result, workspaceId);
      this.busy = null;
      this.requestClose('later');
      if (!this.open) this.toast.show({ text: (provider.authType === 'oauth2' ? this.t.installedLaterOAuth : this.t.installedLater)(provider.name) });
    } catch (error) {
      this.showError(error, provider.key);
    } finally {
      this.busy = null;
    }
  };

  private announceSaved(result: SaveConnectionResult, workspaceId: string): void {
    const { connection, test, created } = result;
    const base = { providerKey: connection.provider, connectionId: connection.id, workspaceId, connection };
    this.dispatchEvent(new IkConnectionSavedEvent({ ...base, created }));
    if (test) this.dispatchEvent(new IkConnectionTestedEvent({ ...base, outcome: test.outcome, httpStatus: test.httpStatus, latencyMs: test.latencyMs }));
  }

  private testNotice(test: TestResult): Notice {
    const said = testSaid(this.t, { mode: 'service' }, test.outcome, this.provider?.name ?? '');
    const title = test.outcome === 'invalid' ? this.t.savedButRejected : this.t.savedNotVerified;
    return { kind: test.outcome === 'invalid' ? 'error' : 'warning', title, text: test.outcome === 'invalid' ? this.t.tryAnotherKey : said };
  }

  private showError(error: unknown, providerKey: string): void {
    const message = this.report(error, { providerKey, ...(this.connection && { connectionId: this.connection.id }) });
    if (!message) return;
    const fields = error instanceof IntegrationsError ? error.fields : {};
    const byField: FieldErrors = {};
    for (const [path, problem] of Object.entries(fields)) {
      const name = path.startsWith('credentialPayload.') ? path.slice('credentialPayload.'.length) : '';
      if (name && this.provider?.credentials.some((f) => f.name === name)) byField[name] = problem;
    }
    this.fieldErrors = byField;
    if (Object.keys(byField).length === 0) this.notice = { kind: 'error', title: message };
    else {
      this.notice = undefined;
      void this.focusFirstError();
    }
  }

  private async focusFirstField(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('.fields input')?.focus();
  }

  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }
}
