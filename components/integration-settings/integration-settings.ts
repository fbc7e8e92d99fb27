import { manageIcons } from '../../src/styles/manage-icons.ts';
import { settingsDefaults } from '../../src/i18n/settings-strings.ts';
import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml } from 'lit/static-html.js';
import { innerTag } from '../../src/element/define.ts';
import { forwardParts } from '../../src/element/parts.ts';
import { IntegrationElement, type ConnectionChangeEvent } from '../../src/element/integration-element.ts';
import { clearLink, copyText, linkedValue, linkTo } from '../../src/element/deep-link.ts';
import { filterBarStyles, renderFilterBar } from '../../src/element/filter-bar.ts';
import { renderLoadError } from '../../src/element/load-error.ts';
import { logoStyles } from '../../src/element/logo.ts';
import { ToastController, toastStyles } from '../../src/element/toast.ts';
import { isLong, loadedVirtualList, loadVirtualList, virtualListFor } from '../../src/element/long-list.ts';
import { IkConnectionRemovedEvent, IkConnectionTestedEvent, IkPolicyChangedEvent } from '../../src/events/events.ts';
import { keyInUse } from '../../src/i18n/key-in-use.ts';
import { testSaid } from '../../src/i18n/strings.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import type { RoutingPolicy } from '../../src/schema/routing.ts';
import { icons } from '../../src/styles/icons.ts';
import { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { claimOAuthReturn } from '../connect-dialog/oauth-flow.ts';
import { ConnectionEditor } from '../connection-editor/connection-editor.ts';
import { categoryCounts } from '../integration-marketplace/marketplace-filter.ts';
import { renderAvailableList } from './available-list.ts';
import { renderPolicySection } from './policy-section.ts';
import { emptyRow, type RowState } from './row-state.ts';
import { renderSettingsRow } from './settings-row.ts';
import { filterConnections } from './settings-filter.ts';
import { styles } from './integration-settings.styles.ts';

const DRAWER_PARTS = forwardParts(ConnectionEditor.cssParts, 'drawer');
const DIALOG_PARTS = forwardParts(ConnectDialog.cssParts, 'dialog');

/** How long a newly installed row stays highlighted. */
const HIGHLIGHT_MS = 2500;

/**
 * The workspace's installed integrations, one compact row each: logo, name, one status badge,
 * the masked key, and Test, Edit and Remove (plus Add key, Fix key, Connect or Reconnect when
 * that is what the row needs). Above them the workspace's routing policy; below them the
 * catalog's other providers, to install from here. Edit opens `<connection-editor>` with the
 * rest: which key is in use and why, the last test's detail, projects, the per-provider
 * routing, replacing a key, disconnecting an OAuth grant, and the history.
 *
 * @summary Manage the keys of installed integrations.
 * @tagname integration-settings
 * @event {IkConnectionSavedEvent} ik-connection-saved - A connection was created or changed (here, in the drawer or the dialog).
 * @event {IkConnectionTestedEvent} ik-connection-tested - A key was tested.
 * @event {IkConnectionRemovedEvent} ik-connection-removed - A connection was removed.
 * @event {IkPolicyChangedEvent} ik-policy-changed - An admin changed the workspace's routing policy (or a provider's override).
 * @event {IkCloseRequestEvent} ik-close-request - Bubbles up from the edit drawer and the connect dialog (cancelable).
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart base - The whole element.
 * @csspart header - The heading and the Add button.
 * @csspart heading - The section heading.
 * @csspart add-button - "Add integration": unfolds the providers to install.
 * @csspart policy - The workspace's routing policy.
 * @csspart policy-option - One choice of the policy.
 * @csspart policy-help - The chosen policy explained in a sentence.
 * @csspart role-notice - The notice shown to read-only users.
 * @csspart toolbar - Search and Type filter.
 * @csspart search - The search field.
 * @csspart type-button - The Type filter's button.
 * @csspart type-menu - The Type filter's menu.
 * @csspart list - The list of rows.
 * @csspart row - One installed integration.
 * @csspart row-logo - A row's logo.
 * @csspart row-name - A row's name.
 * @csspart row-meta - A row's line of context: category, who added it, which key requests use.
 * @csspart row-status - A row's status badge.
 * @csspart row-key - A row's masked key.
 * @csspart row-account - An OAuth row's account ("@octocat"), where a key row shows its masked key.
 * @csspart row-actions - A row's buttons.
 * @csspart save-button - A row's Add key or Fix key button (opens the connect dialog).
 * @csspart connect-button - An OAuth row's Connect or Reconnect button.
 * @csspart test-button - A row's Test button.
 * @csspart edit-button - A row's Edit (or Details) button: opens the drawer.
 * @csspart remove-button - A row's Remove button.
 * @csspart copy-link - A row's "copy link" button.
 * @csspart row-message - What the last action in a row did.
 * @csspart available - The providers without a connection, to install.
 * @csspart available-summary - Its heading, which folds it.
 * @csspart available-item - One provider to install.
 * @csspart available-logo - Its logo.
 * @csspart install-button - Its Install button.
 * @csspart empty - The "nothing installed" state.
 * @csspart error - The load error, with its retry button.
 * @csspart confirm - The remove confirmation dialog.
 * @csspart confirm-cancel-button - The confirmation's Cancel.
 * @csspart confirm-button - The confirmation's Remove.
 * @csspart toast - The short message at the bottom of the window (link copied, removed).
 * @csspart drawer-* - Every part of the inner <connection-editor> (Edit), prefixed: drawer-drawer, drawer-save-button, …
 * @csspart dialog-* - Every part of the inner <connect-dialog> (Add key, Connect, Install), prefixed: dialog-dialog, …
 * @cssproperty --ik-drawer-width - The edit drawer's width (default 480px at the default --ik-font-size).
 * @cssproperty --ik-dialog-width - The connect dialog's width (default 544px at the default --ik-font-size).
 */
export class IntegrationSettings extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, toastStyles, logoStyles, filterBarStyles, styles];
  protected static override defaultStrings = settingsDefaults;

  @state() private connections: Connection[] = [];
  @state() private rows = new Map<string, RowState>();
  /** The connection a confirmation asks about. */
  @state() private confirming?: Connection | undefined;
  @state() private policy?: RoutingPolicy;
  @state() private policyBusy = false;
  @state() private policyMessage?: { kind: 'success' | 'error'; text: string } | undefined;
  @state() private query = '';
  @state() private categories = new Set<string>();
  /** Whether the providers to install are unfolded (always, while nothing is installed). */
  @state() private availableOpen = false;
  /** A row just installed, shown and highlighted for a moment. */
  @state() private highlighted?: string | undefined;

  /** The query parameter of this element's deep links (`?connection=conn_…`). */
  @property({ attribute: 'link-param' }) linkParam = 'connection';

  @query('dialog.confirm') private confirmDialog!: HTMLDialogElement;
  @query('.connection-editor') private editor!: ConnectionEditor;
  @query('.connect-dialog') private connectDialog!: ConnectDialog;

  private toast = new ToastController(this);
  private providers = new Map<string, ProviderView>();
  private linkHandled = false;
  private clock?: ReturnType<typeof setInterval>;
  private highlightTimer?: ReturnType<typeof setTimeout>;

  private readonly data = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) throw new Error(this.t.noBackend);
      const workspaceId = await this.workspaceId(client, signal);
      const [providers, connections, policy] = await Promise.all([
        client.listProviders({ signal }),
        client.listConnections(workspaceId, { signal }),
        client.getRoutingPolicy(workspaceId, { signal }),
      ]);
      this.knownWorkspace = workspaceId;
      this.providers = new Map(providers.map((p) => [p.key, p]));
      this.connections = connections;
      this.policy = policy;
      // Many connections wait for the virtualizer rather than painting every row first.
      if (isLong(connections.length)) await loadVirtualList().catch(() => undefined);
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
    clearTimeout(this.highlightTimer);
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
    if (index === -1) void this.highlight(changed.id);
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
        ${this.renderHeader()}
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

  private renderHeader() {
    const mayAdd = this.may('connection.create') && this.availableProviders().length > 0;
    return html`
      <header class="header" part="header">
        <h2 id="heading" part="heading" tabindex="-1">${this.t.settingsHeading}</h2>
        ${mayAdd ? html`<button type="button" class="button small" part="add-button" @click=${this.showAvailable}>${manageIcons.plus} ${this.t.addIntegration}</button>` : nothing}
      </header>
    `;
  }

  /** The edit drawer and the connect dialog, under whatever tags the page registered their classes as. */
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
        ${Array.from({ length: 3 }, () => html`<li class="row skeleton-row" aria-hidden="true"><span class="skeleton logo"></span><span class="skeleton line w30"></span></li>`)}
      </ul>
    `;
  }

  /** Signed in as someone who may not install anything here (a viewer). */
  private get readOnly(): boolean {
    return this.me !== undefined && !this.may('connection.create');
  }

  private renderLoaded() {
    const readOnly = this.readOnly;
    return html`
      ${readOnly ? html`<p class="notice role-notice" part="role-notice" role="note">${this.t.readOnlyNotice}</p>` : nothing}
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
      ${this.connections.length > 1 || this.filtering ? this.renderFilters() : nothing}
      ${this.renderList()}
      ${readOnly
        ? nothing
        : renderAvailableList({
            providers: this.availableProviders(),
            open: this.availableOpen || this.connections.length === 0,
            t: this.t,
            onToggle: (open) => (this.availableOpen = open),
            onInstall: (provider, trigger) => void this.connectDialog.show({ provider, connection: undefined, trigger }),
          })}
    `;
  }

  /** Providers of the catalog the workspace could install and has not. */
  private availableProviders(): ProviderView[] {
    const installed = new Set(this.connections.map((c) => c.provider));
    return [...this.providers.values()].filter((p) => !installed.has(p.key) && p.availability === 'available');
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

  private renderList() {
    if (this.connections.length === 0) {
      return html`
        <div class="state" part="empty">
          ${manageIcons.plug}
          <p class="state-title">${this.t.noConnections}</p>
          <p class="state-text">${this.readOnly ? this.t.noConnectionsReadOnlyHint : this.t.noConnectionsHint}</p>
        </div>
      `;
    }
    const shown = this.shownConnections();
    if (shown.length === 0) {
      return html`<div class="state" part="empty">
        <p class="state-title">${this.t.noFilterMatches}</p>
        <button class="button" @click=${this.clearFilters}>${this.t.clearFilters}</button>
      </div>`;
    }
    // Many rows: only those near the viewport are in the DOM (see long-list.ts).
    const virtual = virtualListFor(shown.length, () => this.requestUpdate());
    if (virtual) {
      return html`<div class="list-probe" data-virtual-probe aria-hidden="true"></div><div class="list virtual-list" part="list" role="list" tabindex="-1" aria-label=${this.t.settingsHeading}>
        ${virtual.virtualItems({ kind: 'settings-rows', items: shown, key: (c) => c.id, render: (c, index) => this.renderRow(c, { index: index + 1, size: shown.length }) })}
      </div>`;
    }
    return html`<ul class="list" part="list" aria-label=${this.t.settingsHeading}>${repeat(shown, (c) => c.id, (c) => this.renderRow(c))}</ul>`;
  }

  private shownConnections(): Connection[] {
    return filterConnections(this.connections, this.providers, this.query, this.categories);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLElement>('.virtual-list');
    if (list) loadedVirtualList()?.keepFocus(list, 'data-connection');
  }

  /** A row, scrolled into view (first brought into the DOM when the list is virtualized). */
  private async showRow(connection: Connection, block: ScrollLogicalPosition): Promise<HTMLElement | undefined> {
    const find = () => this.renderRoot.querySelector<HTMLElement>(`[data-connection="${CSS.escape(connection.id)}"]`);
    const list = this.renderRoot.querySelector('.virtual-list');
    const index = this.shownConnections().findIndex((c) => c.id === connection.id);
    const virtual = loadedVirtualList();
    if (list && virtual && index !== -1) return virtual.scrollToItem(list, index, find);
    const row = find() ?? undefined;
    row?.scrollIntoView({ block });
    return row;
  }

  private renderRow(connection: Connection, position?: { index: number; size: number }) {
    const provider = this.providers.get(connection.provider);
    const retired = provider?.availability === 'retired';
    const edit = this.may('connection.edit', connection) && !retired;
    return renderSettingsRow({
      connection,
      provider,
      state: this.row(connection.id),
      keyInUse: provider && this.policy ? keyInUse(provider, connection, this.policy, this.t) : undefined,
      may: { edit, test: this.may('connection.test', connection) && !retired, remove: this.may('connection.remove', connection) },
      addedByOther: this.me !== undefined && !edit && !retired && connection.createdBy !== this.me.userId,
      highlighted: this.highlighted === connection.id,
      position,
      t: this.t,
      onPrimary: (trigger) => this.onPrimary(connection, trigger),
      onTest: () => void this.test(connection),
      onEdit: (trigger) => this.openEditor(connection, trigger),
      onRemove: () => this.askRemove(connection),
      onCopyLink: () => void this.copyLink(connection),
    });
  }

  private renderConfirm() {
    const target = this.confirming;
    const name = target ? (this.providers.get(target.provider)?.name ?? target.provider) : '';
    return html`
      <dialog class="confirm" part="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.onConfirmClosed}>
        <h3 id="confirm-title">${this.t.confirmRemoveTitle(name)}</h3>
        <p id="confirm-body">${this.t.confirmRemoveBody}</p>
        <form method="dialog" class="confirm-actions">
          <button class="button" part="confirm-cancel-button" value="cancel" autofocus>${this.t.cancel}</button>
          <button class="button danger" part="confirm-button" value="confirm">${this.t.remove}</button>
        </form>
      </dialog>
    `;
  }

  /** Add key, Fix key, Connect and Reconnect all happen in the connect dialog. */
  private onPrimary(connection: Connection, trigger: HTMLElement): void {
    const provider = this.providers.get(connection.provider);
    if (provider) void this.connectDialog.show({ provider, connection, trigger });
  }

  private showAvailable = async (): Promise<void> => {
    this.availableOpen = true;
    await this.updateComplete;
    const list = this.renderRoot.querySelector<HTMLElement>('[part~="available"]');
    list?.scrollIntoView({ block: 'nearest' });
    list?.querySelector<HTMLElement>('[part~="install-button"]')?.focus();
  };

  /** Brings a row just installed into view and marks it for a moment. */
  private async highlight(id: string): Promise<void> {
    clearTimeout(this.highlightTimer);
    this.highlighted = id;
    await this.updateComplete;
    const connection = this.connections.find((c) => c.id === id);
    if (connection) await this.showRow(connection, 'nearest');
    this.highlightTimer = setTimeout(() => (this.highlighted = undefined), HIGHLIGHT_MS);
  }

  private async test(connection: Connection): Promise<void> {
    if (this.row(connection.id).busy) return;
    const name = this.providers.get(connection.provider)?.name ?? connection.provider;
    this.patchRow(connection.id, { busy: 'test', message: undefined });
    try {
      const { test, connection: updated } = await this.requireClient().testConnection(connection.id);
      this.connections = this.connections.map((c) => (c.id === updated.id ? updated : c));
      const kind = test.outcome === 'valid' ? 'success' : test.outcome === 'invalid' ? 'error' : 'warning';
      this.patchRow(connection.id, { busy: null, message: { kind, text: testSaid(this.t, connection, test.outcome, name) } });
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

  private askRemove(connection: Connection): void {
    this.confirming = connection;
    void this.updateComplete.then(() => this.confirmDialog.showModal());
  }

  private onConfirmClosed = async (): Promise<void> => {
    const connection = this.confirming;
    const confirmed = this.confirmDialog.returnValue === 'confirm';
    this.confirmDialog.returnValue = '';
    this.confirming = undefined;
    if (!connection) return;
    if (confirmed) await this.removeConnection(connection);
    else this.renderRoot.querySelector<HTMLElement>(`[data-remove="${connection.id}"]`)?.focus();
  };

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
    // The task calls onComplete before it asks for the render that shows its result.
    await Promise.resolve();
    while (!(await this.updateComplete));
    const row = await this.showRow(connection, 'center');
    this.openEditor(connection, row?.querySelector<HTMLElement>('[data-edit]') ?? null);
    clearLink(this.linkParam);
  }
}
