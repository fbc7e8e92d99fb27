import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml } from 'lit/static-html.js';
import { innerTag } from '../../src/element/define.ts';
import { forwardParts } from '../../src/element/parts.ts';
import { maskedValue } from '../../src/credentials/preview.ts';
import { checkCredentials } from '../../src/credentials/validate.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { credentialFieldStyles, renderCredentialField } from '../../src/element/credential-field.ts';
import { logoStyles, renderLogo } from '../../src/element/logo.ts';
import { IntegrationElement, type ConnectionChangeEvent } from '../../src/element/integration-element.ts';
import { clearLink, copyText, linkedValue, linkTo } from '../../src/element/deep-link.ts';
import { filterBarStyles, renderFilterBar } from '../../src/element/filter-bar.ts';
import { renderLoadError } from '../../src/element/load-error.ts';
import { IkConnectionRemovedEvent, IkConnectionSavedEvent, IkConnectionTestedEvent, IkPolicyChangedEvent } from '../../src/events/events.ts';
import { absoluteTime, relativeTime } from '../../src/i18n/format.ts';
import type { Connection, TestResult } from '../../src/schema/connection.ts';
import type { FieldErrors } from '../../src/schema/errors.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import type { RoutingMode, RoutingPolicy } from '../../src/schema/routing.ts';
import { statusLabel } from '../../src/i18n/strings.ts';
import { icons } from '../../src/styles/icons.ts';
import { ToastController, toastStyles } from '../../src/element/toast.ts';
import { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { claimOAuthReturn } from '../connect-dialog/oauth-flow.ts';
import { ConnectionEditor } from '../connection-editor/connection-editor.ts';
import { categoryCounts } from '../integration-marketplace/marketplace-filter.ts';
import { keyInUse } from './key-in-use.ts';
import { renderOverride, renderPolicySection } from './policy-section.ts';
import { filterConnections } from './settings-filter.ts';
import { emptyRow, type RowMessage, type RowState } from './row-state.ts';
import { styles } from './integration-settings.styles.ts';

const DRAWER_PARTS = forwardParts(ConnectionEditor.cssParts, 'drawer');
const DIALOG_PARTS = forwardParts(ConnectDialog.cssParts, 'dialog');

/**
 * The workspace's installed integrations, one row each: logo, status, masked key, Save (paste
 * a new key: rotated in place and tested at once), Test, and Remove (after a confirmation).
 *
 * Above the list: the workspace's routing policy (admins change it) and, on every row, which
 * key requests use right now. Edit opens `<connection-editor>`: name, projects, fields, history.
 *
 * @summary Manage the keys of installed integrations.
 * @tagname integration-settings
 * @event {IkConnectionSavedEvent} ik-connection-saved - A key was saved (added or rotated).
 * @event {IkConnectionTestedEvent} ik-connection-tested - A key was tested.
 * @event {IkConnectionRemovedEvent} ik-connection-removed - A connection was removed.
 * @event {IkPolicyChangedEvent} ik-policy-changed - An admin changed the workspace's routing policy (or a provider's override).
 * @event {IkCloseRequestEvent} ik-close-request - Bubbles up from the edit drawer and the reconnect dialog (cancelable).
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart base - The whole element.
 * @csspart heading - The section heading.
 * @csspart list - The list of rows.
 * @csspart row - One installed integration.
 * @csspart row-logo - A row's logo.
 * @csspart row-name - A row's name.
 * @csspart row-status - A row's status badge.
 * @csspart row-key - A row's masked key.
 * @csspart row-test - A row's last test: outcome, HTTP status, latency, when.
 * @csspart row-message - What the last action in a row did.
 * @csspart row-actions - Save, Test, Edit, Remove.
 * @csspart save-button - A row's Save (or Add key) button.
 * @csspart test-button - A row's Test button.
 * @csspart edit-button - A row's Edit (or Details) button: opens the drawer.
 * @csspart remove-button - A row's Remove button.
 * @csspart connect-button - An OAuth row's Connect or Reconnect button.
 * @csspart disconnect-button - An OAuth row's Disconnect button.
 * @csspart row-key-in-use - Which key requests for the provider use right now.
 * @csspart row-projects - The projects the connection is assigned to.
 * @csspart override - An admin's per-provider routing choice.
 * @csspart copy-link - A row's "copy link" button.
 * @csspart policy - The workspace's routing policy.
 * @csspart policy-option - One choice of the policy.
 * @csspart toolbar - Search and Type filter.
 * @csspart search - The search field.
 * @csspart type-button - The Type filter's button.
 * @csspart type-menu - The Type filter's menu.
 * @csspart others - Providers without a connection, and the key they would use.
 * @csspart field - A credential field (label, input, hint, error).
 * @csspart label - A credential field's label.
 * @csspart input - A credential input.
 * @csspart reveal-button - The show/hide toggle of a secret input.
 * @csspart hint - A credential field's hint.
 * @csspart field-error - A credential field's error message.
 * @csspart empty - The "nothing installed" state.
 * @csspart error - The load error, with its retry button.
 * @csspart confirm - The remove (or disconnect) confirmation dialog.
 * @csspart confirm-cancel-button - The confirmation's Cancel.
 * @csspart confirm-button - The confirmation's Remove (or Disconnect).
 * @csspart role-notice - The notice shown to read-only users.
 * @csspart toast - The short message at the bottom of the window (link copied, removed).
 * @csspart drawer-* - Every part of the inner <connection-editor> (Edit), prefixed: drawer-drawer, drawer-save-button, …
 * @csspart dialog-* - Every part of the inner <connect-dialog> (OAuth connect and reconnect), prefixed: dialog-dialog, …
 * @csspart row-oauth - An OAuth row's granted scopes and token expiry.
 * @cssproperty --ik-drawer-width - The edit drawer's width (default 480px at the default --ik-font-size).
 * @cssproperty --ik-dialog-width - The OAuth dialog's width (default 544px at the default --ik-font-size).
 */
export class IntegrationSettings extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, toastStyles, logoStyles, credentialFieldStyles, filterBarStyles, styles];

  @state() private connections: Connection[] = [];
  @state() private rows = new Map<string, RowState>();
  /** The connection a confirmation asks about, and what it would do. */
  @state() private confirming?: { connection: Connection; action: 'remove' | 'revoke' } | undefined;
  private toast = new ToastController(this);

  @state() private policy?: RoutingPolicy;
  @state() private policyBusy = false;
  @state() private policyMessage?: { kind: 'success' | 'error'; text: string } | undefined;
  @state() private query = '';
  @state() private categories = new Set<string>();

  /** The query parameter of this element's deep links (`?connection=conn_…`). */
  @property({ attribute: 'link-param' }) linkParam = 'connection';

  @query('dialog.confirm') private confirmDialog!: HTMLDialogElement;
  @query('.connection-editor') private editor!: ConnectionEditor;
  @query('.connect-dialog') private connectDialog!: ConnectDialog;

  private providers = new Map<string, ProviderView>();
  private projectNames = new Map<string, string>();
  private linkHandled = false;
  private clock?: ReturnType<typeof setInterval>;

  private readonly data = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) throw new Error(this.t.noBackend);
      const workspaceId = await this.workspaceId(client, signal);
      const [providers, connections, policy, projects] = await Promise.all([
        client.listProviders({ signal }),
        client.listConnections(workspaceId, { signal }),
        client.getRoutingPolicy(workspaceId, { signal }),
        client.listProjects(workspaceId, { signal }),
      ]);
      this.knownWorkspace = workspaceId;
      this.providers = new Map(providers.map((p) => [p.key, p]));
      this.projectNames = new Map(projects.map((p) => [p.id, p.name]));
      this.connections = connections;
      this.policy = policy;
      return { workspaceId };
    },
    onComplete: () => void this.openLinked(),
    // A new token (or token source) reloads: a host may set it after the elements upgraded.
    args: () => [this.client, this.workspace, this.contextWorkspace, this.token, this.getToken] as const,
    onError: (error) => this.report(error),
  });

  protected override readonly live = true;

  /** Loads the workspace's connections again. */
  override refresh(): Promise<void> {
    return this.data.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // "tested 2 minutes ago" keeps its word.
    this.clock = setInterval(() => this.requestUpdate(), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
  }

  protected override connectionChanged(event: ConnectionChangeEvent): void {
    if (event instanceof IkConnectionRemovedEvent) {
      this.connections = this.connections.filter((c) => c.id !== event.detail.connectionId);
      return;
    }
    const changed = event.detail.connection;
    const index = this.connections.findIndex((c) => c.id === changed.id);
    // A provider added to the catalog after we loaded it: load again to learn it.
    if (!this.providers.has(changed.provider)) void this.refresh();
    this.connections = index === -1 ? [...this.connections, changed] : this.connections.map((c) => (c.id === changed.id ? changed : c));
  }

  private row(id: string): RowState {
    return this.rows.get(id) ?? emptyRow();
  }

  private patchRow(id: string, patch: Partial<RowState>): void {
    this.rows = new Map(this.rows).set(id, { ...this.row(id), ...patch });
  }

  protected override render(): TemplateResult {
    return html`
      <section part="base" aria-labelledby="heading">
        <h2 id="heading" part="heading" tabindex="-1">${this.t.settingsHeading}</h2>
        ${this.data.render({
          initial: () => this.renderLoading(),
          pending: () => (this.data.value ? this.renderLoaded() : this.renderLoading()),
          complete: () => this.renderLoaded(),
          error: (error) => renderLoadError(error, this.t, () => void this.refresh()),
        })}
        ${this.toast.render()}
        ${this.renderConfirm()}
        ${this.renderInnerElements()}
      </section>
    `;
  }

  /** The edit drawer and the OAuth dialog, under whatever tags the page registered their classes as. */
  private renderInnerElements() {
    const editor = innerTag(ConnectionEditor, 'connection-editor');
    const dialog = innerTag(ConnectDialog, 'connect-dialog');
    return staticHtml`
      <${editor} class="connection-editor" exportparts=${DRAWER_PARTS} .backend=${this.client} .strings=${this.strings} refresh-interval="0"></${editor}>
      <${dialog} class="connect-dialog" exportparts=${DIALOG_PARTS} .backend=${this.client} .strings=${this.strings} workspace=${this.knownWorkspace} refresh-interval="0"></${dialog}>
    `;
  }

  private renderLoading() {
    return html`
      <p class="visually-hidden" role="status">${this.t.loading}</p>
      <ul class="list" part="list" aria-busy="true" aria-label=${this.t.loading}>
        ${Array.from({ length: 3 }, () => html`
          <li class="row skeleton-row" aria-hidden="true">
            <div class="row-head"><span class="skeleton logo"></span><span class="skeleton line w30"></span></div>
            <span class="skeleton line w60"></span>
          </li>
        `)}
      </ul>
    `;
  }


  private renderLoaded() {
    return html`
      ${this.policy
        ? renderPolicySection({
            policy: this.policy,
            editable: this.may('policy.edit'),
            busy: this.policyBusy,
            message: this.policyMessage,
            t: this.t,
            onMode: (mode) => void this.savePolicy({ mode }),
          })
        : nothing}
      ${this.me && !this.may('connection.create') ? html`<p class="notice" part="role-notice" role="note">${this.t.readOnlyNotice}</p>` : nothing}
      ${this.connections.length > 1 || this.filtering ? this.renderFilters() : nothing}
      ${this.renderList()}
      ${this.renderOthers()}
    `;
  }

  private renderFilters() {
    const installed = this.connections.flatMap((c) => this.providers.get(c.provider) ?? []);
    return renderFilterBar({
      query: this.query,
      categories: this.categories,
      counts: categoryCounts(installed),
      placeholder: this.t.settingsSearchPlaceholder,
      t: this.t,
      onQuery: (query) => (this.query = query),
      onToggle: (category) => {
        const next = new Set(this.categories);
        if (!next.delete(category)) next.add(category);
        this.categories = next;
      },
      onClear: this.clearFilters,
    });
  }

  /** Whether a search or a Type choice is narrowing the list (the bar stays while it does). */
  private get filtering(): boolean {
    return this.query !== '' || this.categories.size > 0;
  }

  private clearFilters = (): void => {
    this.query = '';
    this.categories = new Set();
  };

  /** Providers the workspace has not connected, with the key their requests would use. */
  private renderOthers() {
    const policy = this.policy;
    if (!policy) return nothing;
    const installed = new Set(this.connections.map((c) => c.provider));
    const others = [...this.providers.values()].filter((p) => !installed.has(p.key) && p.availability === 'available');
    if (others.length === 0) return nothing;
    return html`
      <details class="others" part="others">
        <summary>${this.t.otherProviders(others.length)}</summary>
        <ul>
          ${others.map((provider) => {
            const use = keyInUse(provider, undefined, policy, this.t);
            return html`<li><span class="other-name">${provider.name}</span> <span class="key-in-use ${use.tone}">${use.text}</span></li>`;
          })}
        </ul>
      </details>
    `;
  }

  private renderList() {
    if (this.connections.length === 0) {
      return html`
        <div class="state" part="empty">
          ${icons.plug}
          <p class="state-title">${this.t.noConnections}</p>
          <p class="state-text">${this.me && !this.may('connection.create') ? this.t.noConnectionsReadOnlyHint : this.t.noConnectionsHint}</p>
        </div>
      `;
    }
    const shown = filterConnections(this.connections, this.providers, this.query, this.categories);
    if (shown.length === 0) {
      return html`<div class="state" part="empty">
        <p class="state-title">${this.t.noFilterMatches}</p>
        <button class="button" @click=${this.clearFilters}>${this.t.clearFilters}</button>
      </div>`;
    }
    return html`
      <ul class="list" part="list" aria-label=${this.t.settingsHeading}>
        ${repeat(shown, (c) => c.id, (c) => this.renderRow(c))}
      </ul>
    `;
  }

  private renderRow(connection: Connection) {
    const provider = this.providers.get(connection.provider);
    const name = provider?.name ?? connection.provider;
    const row = this.row(connection.id);
    const busy = row.busy !== null;
    const hasKey = Object.keys(connection.credentialPreview).length > 0;
    const dirty = Object.values(row.values).some((v) => v.trim() !== '');
    const editable = this.may('connection.edit', connection) && provider?.availability !== 'retired';
    return html`
      <li class="row" part="row" data-provider=${connection.provider} data-connection=${connection.id} aria-busy=${busy ? 'true' : 'false'}>
        <button class="button quiet icon copy-link" part="copy-link" aria-label=${this.t.copyLinkTo(connection.displayName)} @click=${() => this.copyLink(connection)}>
          ${icons.link}
        </button>
        <div class="row-head">
          ${provider ? renderLogo(provider.logo, provider.name, 'row-logo') : html`<span class="logo"></span>`}
          <div class="row-title">
            <h3 part="row-name">${connection.displayName}</h3>
            <p class="meta">${[provider?.category, connection.displayName !== name ? name : ''].filter(Boolean).join(' · ')}</p>
          </div>
          <span class="badge ${connection.status}" part="row-status">${statusLabel(this.t, connection)}</span>
        </div>
        <div class="row-body">
          ${hasKey && connection.mode !== 'oauth-user' ? this.renderKey(connection, provider) : nothing}
          ${this.renderOAuthLine(connection)}
          ${this.projectNames.size ? this.renderProjects(connection) : nothing}
          ${connection.statusReason && connection.statusReason !== connection.lastTest?.message
            ? html`<p class="reason ${connection.status}">${connection.statusReason}</p>`
            : nothing}
          ${connection.mode !== 'oauth-user' || connection.status === 'active' ? this.renderLastTest(connection, provider?.verification !== undefined) : nothing}
          ${provider ? this.renderKeyInUse(connection, provider, name) : nothing}
          ${editable && provider && provider.authType !== 'oauth2' ? this.renderForm(connection, provider, row, { busy, hasKey, dirty, name }) : nothing}
          ${!editable || !provider || provider.authType === 'oauth2' ? this.renderActions(connection, row, { busy, hasKey, dirty: false, name, canSave: false }) : nothing}
          ${this.me && !editable && provider?.availability !== 'retired' && this.may('connection.create') ? html`<p class="hint">${this.t.addedBy(connection.createdBy)} · ${this.t.readOnly}</p>` : nothing}
          ${row.message ? this.renderMessage(row.message) : nothing}
        </div>
      </li>
    `;
  }

  private renderKey(connection: Connection, provider: ProviderView | undefined) {
    return html`
      <p class="key" part="row-key">
        ${Object.entries(connection.credentialPreview).map(
          ([field, preview]) => html`<span><span class="key-label">${provider?.credentials.find((f) => f.name === field)?.label ?? field}</span> <code>${maskedValue(preview)}</code></span>`,
        )}
      </p>
    `;
  }

  private renderProjects(connection: Connection) {
    const names = connection.projectIds.map((id) => this.projectNames.get(id) ?? id);
    return html`<p class="projects-line" part="row-projects">${names.length ? this.t.projectsOf(names.join(', ')) : this.t.noProjects}</p>`;
  }

  private renderLastTest(connection: Connection, testable: boolean) {
    const test = connection.lastTest;
    if (!test) return html`<p class="test-line" part="row-test">${testable ? this.t.neverTested : this.t.noTestAvailable}</p>`;
    const summary = this.t.lastTest((connection.mode === 'oauth-user' ? this.t.oauthOutcome : this.t.outcome)[test.outcome], test.httpStatus === null ? '' : this.t.httpStatus(test.httpStatus), this.t.latency(test.latencyMs), '');
    const recent = Date.now() - Date.parse(test.testedAt) < 45_000;
    const when = recent ? this.t.testedJustNow : this.t.testedAgo(relativeTime(test.testedAt));
    // One line of markup: its text is read as is ("Key works · HTTP 200 · 12 ms · tested just now").
    return html`<p class="test-line ${test.outcome}" part="row-test">${summary} · <time datetime=${test.testedAt} title=${absoluteTime(test.testedAt)}>${when}</time></p>`;
  }

  private renderKeyInUse(connection: Connection, provider: ProviderView, name: string) {
    if (!this.policy) return nothing;
    const use = keyInUse(provider, connection, this.policy, this.t);
    return html`
      <p class="key-in-use-line" part="row-key-in-use">
        <span class="key-in-use ${use.tone}">${use.text}</span>
        ${renderOverride({
          provider: provider.key,
          name,
          policy: this.policy,
          editable: this.may('policy.edit'),
          busy: this.policyBusy,
          t: this.t,
          onChange: (mode) => void this.saveOverride(provider.key, mode),
        })}
      </p>
    `;
  }

  private renderForm(connection: Connection, provider: ProviderView, row: RowState, flags: { busy: boolean; hasKey: boolean; dirty: boolean; name: string }) {
    return html`
      <form class="credentials" novalidate @submit=${(e: Event) => this.save(e, connection, provider)}>
        <div class="fields">
          ${provider.credentials.map((field) =>
            renderCredentialField({
              field,
              id: `${connection.id}-${field.name}`,
              value: row.values[field.name] ?? '',
              revealed: row.revealed.has(field.name),
              error: row.errors[field.name],
              saved: connection.credentialPreview[field.name],
              disabled: flags.busy,
              t: this.t,
              onInput: (value) => this.patchRow(connection.id, { values: { ...this.row(connection.id).values, [field.name]: value }, errors: {} }),
              onToggleReveal: () => this.toggleReveal(connection.id, field.name),
            }),
          )}
        </div>
        ${this.renderActions(connection, row, { ...flags, canSave: true })}
      </form>
    `;
  }

  private renderActions(connection: Connection, row: RowState, flags: { busy: boolean; hasKey: boolean; dirty: boolean; name: string; canSave: boolean }) {
    const spinner = html`<span class="spinner" aria-hidden="true"></span>`;
    const saveLabel = flags.hasKey ? this.t.save : this.t.addKey;
    const provider = this.providers.get(connection.provider);
    const retired = provider?.availability === 'retired';
    // An OAuth grant that is not active has nothing to test: it needs (re)connecting.
    const oauthIdle = connection.mode === 'oauth-user' && connection.status !== 'active';
    const mayTest = this.may('connection.test', connection) && !retired && provider?.verification !== undefined && !oauthIdle;
    const mayRemove = this.may('connection.remove', connection);
    const mayEdit = this.may('connection.edit', connection) && !retired;
    const detailsLabel = mayEdit ? this.t.edit : this.t.details;
    return html`
      <div class="actions" part="row-actions">
        ${flags.canSave
          ? html`<button type="submit" class="button small primary" part="save-button" aria-label=${this.t.rowAction(saveLabel, flags.name)} ?disabled=${flags.busy || !flags.dirty} aria-busy=${row.busy === 'save' ? 'true' : 'false'}>
              ${row.busy === 'save' ? html`${spinner}${this.t.saving}` : saveLabel}
            </button>`
          : nothing}
        ${mayTest
          ? html`<button type="button" class="button small" part="test-button" aria-label=${this.t.rowAction(this.t.test, flags.name)} ?disabled=${flags.busy || !flags.hasKey} aria-busy=${row.busy === 'test' ? 'true' : 'false'} @click=${() => this.test(connection)}>
              ${row.busy === 'test' ? html`${spinner}${this.t.testing}` : this.t.test}
            </button>`
          : nothing}
        ${provider?.authType === 'oauth2' && mayEdit ? this.renderOAuthActions(connection, provider, flags.name, flags.busy) : nothing}
        <button type="button" class="button small" part="edit-button" data-edit=${connection.id} aria-label=${this.t.rowAction(detailsLabel, flags.name)} ?disabled=${flags.busy} @click=${(e: Event) => this.openEditor(connection, e.currentTarget as HTMLElement)}>
          ${detailsLabel}
        </button>
        ${mayRemove
          ? html`<button type="button" class="button small quiet remove" part="remove-button" data-remove=${connection.id} aria-label=${this.t.rowAction(this.t.remove, flags.name)} ?disabled=${flags.busy} @click=${() => this.askConfirm(connection, 'remove')}>
              ${row.busy === 'remove' ? html`${spinner}${this.t.removing}` : this.t.remove}
            </button>`
          : nothing}
      </div>
    `;
  }

  /** OAuth rows: (re)connect through the provider's sign-in, or disconnect (revoke). */
  private renderOAuthActions(connection: Connection, provider: ProviderView, name: string, busy: boolean) {
    if (connection.status === 'active') {
      return html`<button type="button" class="button small" part="disconnect-button" data-revoke=${connection.id} aria-label=${this.t.rowAction(this.t.disconnect, name)} ?disabled=${busy}
        @click=${() => this.askConfirm(connection, 'revoke')}>${this.t.disconnect}</button>`;
    }
    const label = connection.status === 'pending' ? this.t.connectLabel : this.t.reconnect;
    return html`<button type="button" class="button small primary" part="connect-button" data-reconnect=${connection.id} aria-label=${this.t.rowAction(label, name)} ?disabled=${busy}
      @click=${(e: Event) => void this.connectDialog.show({ provider, connection, trigger: e.currentTarget as HTMLElement })}>${label}</button>`;
  }

  /** Granted scopes and when the current token expires, for OAuth rows. */
  private renderOAuthLine(connection: Connection) {
    const oauth = connection.oauth;
    if (!oauth) return nothing;
    // Only a working grant's token renews; a refused one's expiry means nothing.
    const expires = oauth.expiresAt && connection.status === 'active'
      ? Date.parse(oauth.expiresAt) > Date.now()
        ? this.t.expiresIn(relativeTime(oauth.expiresAt))
        : this.t.tokenExpired
      : '';
    return html`<p class="oauth-line" part="row-oauth">${[this.t.grantedScopes(oauth.scopes.join(', ') || '—'), expires].filter(Boolean).join(' · ')}</p>`;
  }

  private renderMessage(message: RowMessage) {
    return html`<p class="notice ${message.kind}" part="row-message" role=${message.kind === 'error' ? 'alert' : 'status'}>${message.text}</p>`;
  }

  private renderConfirm() {
    const target = this.confirming;
    const name = target ? (this.providers.get(target.connection.provider)?.name ?? target.connection.provider) : '';
    const revoke = target?.action === 'revoke';
    return html`
      <dialog class="confirm" part="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.onConfirmClosed}>
        <h3 id="confirm-title">${revoke ? this.t.confirmRevokeTitle(name) : this.t.confirmRemoveTitle(name)}</h3>
        <p id="confirm-body">${revoke ? this.t.confirmRevokeBody(name) : this.t.confirmRemoveBody}</p>
        <form method="dialog" class="confirm-actions">
          <button class="button" part="confirm-cancel-button" value="cancel" autofocus>${this.t.cancel}</button>
          <button class="button danger" part="confirm-button" value="confirm">${revoke ? this.t.disconnect : this.t.remove}</button>
        </form>
      </dialog>
    `;
  }

  private toggleReveal(id: string, field: string): void {
    const revealed = new Set(this.row(id).revealed);
    if (!revealed.delete(field)) revealed.add(field);
    this.patchRow(id, { revealed });
  }

  /** A test's outcome in the row: after a save it also says the key was saved. */
  private outcomeMessage(test: TestResult, afterSave: boolean): RowMessage {
    const kind = test.outcome === 'valid' ? 'success' : test.outcome === 'invalid' ? 'error' : 'warning';
    if (!afterSave) return { kind, text: test.message };
    const text = { success: this.t.savedAndTested, error: this.t.testFailed, warning: this.t.testInconclusive }[kind](test.message);
    return { kind, text };
  }

  private replace(connection: Connection): void {
    this.connections = this.connections.map((c) => (c.id === connection.id ? connection : c));
  }

  private async save(event: Event, connection: Connection, provider: ProviderView): Promise<void> {
    event.preventDefault();
    const row = this.row(connection.id);
    if (row.busy) return;
    const payload = Object.fromEntries(Object.entries(row.values).filter(([, v]) => v.trim() !== ''));
    const saved = Object.fromEntries(Object.keys(connection.credentialPreview).map((name) => [name, 'saved']));
    const { errors } = checkCredentials(provider, payload, saved);
    if (Object.keys(errors).length > 0) {
      this.patchRow(connection.id, { errors, message: undefined });
      return this.focusInvalid(connection.id);
    }
    this.patchRow(connection.id, { busy: 'save', errors: {}, message: undefined });
    try {
      const result = await this.requireClient().saveConnection({
        workspaceId: connection.workspaceId,
        provider: connection.provider,
        connectionId: connection.id,
        credentialPayload: payload,
      });
      this.replace(result.connection);
      // The secret leaves the page's memory as soon as it is saved.
      this.patchRow(connection.id, {
        busy: null,
        values: {},
        revealed: new Set(),
        message: result.test ? this.outcomeMessage(result.test, true) : { kind: 'success', text: this.t.savedTitle(provider.name) },
      });
      const base = { providerKey: connection.provider, connectionId: connection.id, workspaceId: connection.workspaceId, connection: result.connection };
      this.dispatchEvent(new IkConnectionSavedEvent({ ...base, created: false }));
      if (result.test) this.dispatchEvent(new IkConnectionTestedEvent({ ...base, outcome: result.test.outcome, httpStatus: result.test.httpStatus, latencyMs: result.test.latencyMs }));
    } catch (error) {
      const fields = error instanceof IntegrationsError ? error.fields : {};
      const errors: FieldErrors = {};
      for (const [path, problem] of Object.entries(fields)) {
        if (path.startsWith('credentialPayload.')) errors[path.slice('credentialPayload.'.length)] = problem;
      }
      const message = this.report(error, { providerKey: connection.provider, connectionId: connection.id });
      this.patchRow(connection.id, { busy: null, errors, message: Object.keys(errors).length ? undefined : { kind: 'error', text: message } });
      if (Object.keys(errors).length) await this.focusInvalid(connection.id);
    }
  }

  private async test(connection: Connection): Promise<void> {
    if (this.row(connection.id).busy) return;
    this.patchRow(connection.id, { busy: 'test', message: undefined });
    try {
      const { test, connection: updated } = await this.requireClient().testConnection(connection.id);
      this.replace(updated);
      this.patchRow(connection.id, { busy: null, message: this.outcomeMessage(test, false) });
      this.dispatchEvent(
        new IkConnectionTestedEvent({
          providerKey: connection.provider,
          connectionId: connection.id,
          workspaceId: connection.workspaceId,
          connection: updated,
          outcome: test.outcome,
          httpStatus: test.httpStatus,
          latencyMs: test.latencyMs,
        }),
      );
    } catch (error) {
      this.patchRow(connection.id, { busy: null, message: { kind: 'error', text: this.report(error, { providerKey: connection.provider, connectionId: connection.id }) } });
    }
  }

  private askConfirm(connection: Connection, action: 'remove' | 'revoke'): void {
    this.confirming = { connection, action };
    void this.updateComplete.then(() => this.confirmDialog.showModal());
  }

  private onConfirmClosed = async (): Promise<void> => {
    const target = this.confirming;
    const confirmed = this.confirmDialog.returnValue === 'confirm';
    this.confirmDialog.returnValue = '';
    this.confirming = undefined;
    if (!target) return;
    const { connection, action } = target;
    if (!confirmed) {
      this.renderRoot.querySelector<HTMLElement>(`[data-${action}="${connection.id}"]`)?.focus();
      return;
    }
    if (action === 'remove') await this.removeConnection(connection);
    else await this.revokeConnection(connection);
  };

  private async revokeConnection(connection: Connection): Promise<void> {
    this.patchRow(connection.id, { busy: 'remove', message: undefined });
    try {
      const revoked = await this.requireClient().revokeConnection(connection.id);
      this.replace(revoked);
      this.patchRow(connection.id, { busy: null, message: { kind: 'success', text: this.t.disconnected(revoked.displayName) } });
      this.dispatchEvent(new IkConnectionSavedEvent({ providerKey: connection.provider, connectionId: connection.id, workspaceId: connection.workspaceId, connection: revoked, created: false }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[data-reconnect="${connection.id}"]`)?.focus();
    } catch (error) {
      this.patchRow(connection.id, { busy: null, message: { kind: 'error', text: this.report(error, { providerKey: connection.provider, connectionId: connection.id }) } });
    }
  }

  private async removeConnection(connection: Connection): Promise<void> {
    const name = this.providers.get(connection.provider)?.name ?? connection.provider;
    this.patchRow(connection.id, { busy: 'remove', message: undefined });
    try {
      await this.requireClient().deleteConnection(connection.id);
      this.connections = this.connections.filter((c) => c.id !== connection.id);
      const rows = new Map(this.rows);
      rows.delete(connection.id);
      this.rows = rows;
      this.toast.show({ text: this.t.removed(name) });
      this.dispatchEvent(new IkConnectionRemovedEvent({ providerKey: connection.provider, connectionId: connection.id, workspaceId: connection.workspaceId }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
    } catch (error) {
      this.patchRow(connection.id, { busy: null, message: { kind: 'error', text: this.report(error, { providerKey: connection.provider, connectionId: connection.id }) } });
    }
  }

  private async savePolicy(change: Partial<Pick<RoutingPolicy, 'mode' | 'overrides'>>): Promise<void> {
    const current = this.policy;
    if (!current || this.policyBusy) return;
    this.policyBusy = true;
    this.policyMessage = undefined;
    try {
      const policy = await this.requireClient().putRoutingPolicy({
        workspaceId: current.workspaceId,
        mode: change.mode ?? current.mode,
        overrides: change.overrides ?? current.overrides,
        expectedVersion: current.version,
      });
      this.policy = policy;
      this.policyMessage = { kind: 'success', text: this.t.policySaved(this.t.policyMode[policy.mode]) };
      this.dispatchEvent(new IkPolicyChangedEvent({ workspaceId: policy.workspaceId, policy }));
    } catch (error) {
      this.policyMessage = { kind: 'error', text: this.report(error) };
    } finally {
      this.policyBusy = false;
    }
  }

  private saveOverride(provider: string, mode: RoutingMode | ''): Promise<void> {
    const { [provider]: _old, ...overrides } = this.policy!.overrides;
    return this.savePolicy({ overrides: mode ? { ...overrides, [provider]: mode } : overrides });
  }

  private openEditor(connection: Connection, trigger: HTMLElement | null): void {
    const provider = this.providers.get(connection.provider);
    if (provider) void this.editor.show({ connection, provider, trigger });
  }

  private async copyLink(connection: Connection): Promise<void> {
    const url = linkTo(this.linkParam, connection.id);
    this.toast.show((await copyText(url)) ? { text: this.t.linkCopied(connection.displayName) } : { text: this.t.linkNotCopied, link: url });
  }

  /** Opens the drawer the page's address points at (once, after the first load). */
  private async openLinked(): Promise<void> {
    if (this.linkHandled) return;
    this.linkHandled = true;
    const returned = claimOAuthReturn();
    if (returned) {
      const status = await this.requireClient().oauthStatus(returned).catch(() => undefined);
      const provider = status && this.providers.get(status.provider);
      if (status && provider) await this.connectDialog.showOAuthResult(provider, status);
    }
    const id = linkedValue(this.linkParam);
    if (!id) return;
    const connection = this.connections.find((c) => c.id === id);
    if (!connection) {
      this.toast.show({ text: this.t.linkNotFound });
      clearLink(this.linkParam);
      return;
    }
    await this.updateComplete;
    const row = this.renderRoot.querySelector<HTMLElement>(`[data-connection="${connection.id}"]`);
    row?.scrollIntoView({ block: 'center' });
    this.openEditor(connection, row?.querySelector<HTMLElement>('[data-edit]') ?? null);
    clearLink(this.linkParam);
  }

  private async focusInvalid(id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-connection="${id}"] input[aria-invalid="true"]`)?.focus();
  }
}
