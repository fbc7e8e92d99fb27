import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { html as staticHtml } from 'lit/static-html.js';
import { innerTag } from '../../src/element/define.ts';
import { forwardParts } from '../../src/element/parts.ts';
import { IntegrationElement, type ConnectionChangeEvent } from '../../src/element/integration-element.ts';
import { logoStyles } from '../../src/element/logo.ts';
import { clearLink, copyText, linkedValue, linkTo } from '../../src/element/deep-link.ts';
import { filterBarStyles, renderFilterBar } from '../../src/element/filter-bar.ts';
import { renderLoadError } from '../../src/element/load-error.ts';
import { IkConnectionRemovedEvent, IkConnectRequestEvent } from '../../src/events/events.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { STATUS_TONE, statusOf } from '../../src/i18n/status.ts';
import { icons } from '../../src/styles/icons.ts';
import { ToastController, toastStyles } from '../../src/element/toast.ts';
import { isLong, loadVirtualList, virtualListFor } from '../../src/element/long-list.ts';
import type { VirtualGrid } from '../../src/element/virtual-list.ts';
import { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { claimOAuthReturn } from '../connect-dialog/oauth-flow.ts';
import { renderCardSummary } from './card-summary.ts';
import { categoryCounts, displayOrder, filterProviders } from './marketplace-filter.ts';
import { styles } from './integration-marketplace.styles.ts';

const DIALOG_PARTS = forwardParts(ConnectDialog.cssParts, 'dialog');

/**
 * The catalog as a grid of cards, each with the workspace's state for that provider, a live
 * search and a Type filter. Install / Connect opens `<connect-dialog>`.
 *
 * @summary Browse and connect providers.
 * @tagname integration-marketplace
 * @event {IkConnectRequestEvent} ik-connect-request - A user asked to connect a provider (cancelable: cancel to run your own flow).
 * @event {IkConnectionSavedEvent} ik-connection-saved - Bubbles up from the dialog.
 * @event {IkConnectionTestedEvent} ik-connection-tested - Bubbles up from the dialog.
 * @event {IkCloseRequestEvent} ik-close-request - Bubbles up from the dialog (cancelable).
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart base - The whole element.
 * @csspart toolbar - Search and filter.
 * @csspart search - The search field.
 * @csspart type-button - The Type filter's button.
 * @csspart type-menu - The Type filter's menu.
 * @csspart summary - "16 integrations".
 * @csspart grid - The list of cards.
 * @csspart card - One provider card.
 * @csspart card-logo - A card's logo.
 * @csspart card-name - A card's provider name.
 * @csspart card-category - A card's category.
 * @csspart card-status - A card's status badge.
 * @csspart card-description - A card's description.
 * @csspart card-action - A card's Install / Add key / Update key button.
 * @csspart card-note - Why a card has no button for this user (read-only, added by someone else).
 * @csspart copy-link - A card's "copy link" button.
 * @csspart role-notice - The notice shown to read-only users.
 * @csspart empty - The "no matches" or "no integrations" state.
 * @csspart error - The load error, with its retry button.
 * @csspart toast - The short message at the bottom of the window (link copied).
 * @csspart dialog-* - Every part of the inner <connect-dialog>, prefixed: dialog-dialog, dialog-save-button, …
 * @cssproperty --ik-dialog-width - The connect dialog's width (default 544px at the default --ik-font-size).
 * @cssproperty --ik-card-min-width - Narrowest card before the grid wraps (default 272px at the default --ik-font-size, scaling with it).
 */
export class IntegrationMarketplace extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, toastStyles, logoStyles, filterBarStyles, styles];

  @state() private query = '';
  @state() private categories = new Set<string>();
  /** The workspace's connections by provider key, kept in step with the rest of the page. */
  @state() private connections = new Map<string, Connection>();

  @query('.connect-dialog') private dialog!: ConnectDialog;
  /** The grid of a long catalog, once there is one (see renderGrid). */
  private virtualGrid?: VirtualGrid<ProviderView>;

  private readonly data = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) throw new Error(this.t.noBackend);
      const workspaceId = await this.workspaceId(client, signal);
      const [providers, connections] = await Promise.all([client.listProviders({ signal }), client.listConnections(workspaceId, { signal })]);
      this.knownWorkspace = workspaceId;
      this.connections = new Map(connections.map((c) => [c.provider, c]));
      const shown = displayOrder(providers.filter((p) => p.availability !== 'retired'));
      // A long catalog waits for the virtualizer rather than painting every card first.
      if (isLong(shown.length)) await loadVirtualList().catch(() => undefined);
      return { providers: shown, workspaceId };
    },
    onComplete: ({ providers }) => void this.openLinked(providers),
    // A new token (or token source) reloads: a host may set it after the elements upgraded.
    args: () => [this.client, this.workspace, this.contextWorkspace, this.token, this.getToken] as const,
    onError: (error) => this.report(error),
  });

  /** The query parameter of this element's deep links (`?integration=openai`). */
  @property({ attribute: 'link-param' }) linkParam = 'integration';

  private toast = new ToastController(this);

  protected override readonly live = true;
  private linkHandled = false;

  /** Loads the catalog and the workspace's connections again. */
  override refresh(): Promise<void> {
    return this.data.run();
  }

  protected override connectionChanged(event: ConnectionChangeEvent): void {
    const next = new Map(this.connections);
    if (event instanceof IkConnectionRemovedEvent) next.delete(event.detail.providerKey);
    else next.set(event.detail.providerKey, event.detail.connection);
    this.connections = next;
  }

  protected override render(): TemplateResult {
    return html`
      <section part="base" aria-label=${this.t.searchLabel}>
        ${this.data.render({
          initial: () => this.renderLoading(),
          pending: () => (this.data.value ? this.renderCatalog(this.data.value.providers) : this.renderLoading()),
          complete: ({ providers }) => this.renderCatalog(providers),
          error: (error) => renderLoadError(error, this.t, () => void this.refresh()),
        })}
        ${this.toast.render()}
        ${this.renderDialog()}
      </section>
    `;
  }

  /** The connect dialog, under whatever tag the page registered ConnectDialog as. */
  private renderDialog() {
    const tag = innerTag(ConnectDialog, 'connect-dialog');
    return staticHtml`<${tag}
      class="connect-dialog"
      exportparts=${DIALOG_PARTS}
      .backend=${this.client}
      .strings=${this.strings}
      workspace=${this.data.value?.workspaceId ?? this.workspace}
    ></${tag}>`;
  }

  private renderLoading() {
    return html`
      ${this.renderToolbar([], true)}
      <p class="visually-hidden" role="status">${this.t.loading}</p>
      <ul class="grid" part="grid" aria-busy="true" aria-label=${this.t.loading}>
        ${Array.from({ length: 6 }, () => html`
          <li class="card skeleton-card" aria-hidden="true">
            <div class="card-head"><span class="skeleton logo"></span><span class="skeleton line w45"></span></div>
            <span class="skeleton line"></span><span class="skeleton line w70"></span>
          </li>
        `)}
      </ul>
    `;
  }


  private renderToolbar(providers: ProviderView[], disabled = false) {
    return renderFilterBar({
      query: this.query,
      categories: this.categories,
      counts: categoryCounts(providers),
      disabled,
      placeholder: this.t.searchPlaceholder,
      t: this.t,
      onQuery: (query) => (this.query = query),
      onToggle: (category) => this.toggleCategory(category),
      onClear: this.clearFilters,
    });
  }

  private renderCatalog(providers: ProviderView[]) {
    const shown = filterProviders(providers, this.query, this.categories);
    return html`
      ${this.renderToolbar(providers)}
      ${this.me && !this.may('connection.create') ? html`<p class="notice role-notice" part="role-notice" role="note">${this.t.readOnlyNotice}</p>` : nothing}
      <p class="summary" part="summary" role="status">${this.t.resultCount(shown.length, providers.length)}</p>
      ${shown.length === 0 ? this.renderEmpty(providers.length === 0) : this.renderGrid(shown)}
    `;
  }

  /** Every card in one CSS grid; or, for a long list, only the lines of cards near the viewport (see VirtualGrid). */
  private renderGrid(shown: ProviderView[]) {
    const virtual = virtualListFor(shown.length, () => this.requestUpdate());
    if (!virtual) return html`<ul class="grid" part="grid">${repeat(shown, (p) => p.key, (p) => this.renderCard(p))}</ul>`;
    this.virtualGrid ??= new virtual.VirtualGrid(this, 'data-provider');
    return this.virtualGrid.render(shown, (p) => p.key, (p, position) => this.renderCard(p, { position, size: shown.length }));
  }

  private renderEmpty(catalogIsEmpty: boolean) {
    return html`
      <div class="state" part="empty">
        <p class="state-title">${catalogIsEmpty ? this.t.emptyCatalog : this.t.noMatches}</p>
        ${catalogIsEmpty
          ? nothing
          : html`<p class="state-text">${this.t.noMatchesHint}</p>
              <button class="button" @click=${this.clearFilters}>${this.t.clearFilters}</button>`}
      </div>
    `;
  }

  /** A card; in a virtual list, with its place in the whole list (the DOM holds only some). */
  private renderCard(provider: ProviderView, virtual?: { position: number; size: number }) {
    return html`<li class="card ${provider.availability === 'coming_soon' ? 'soon' : ''}" part="card" data-provider=${provider.key}
      role=${virtual ? 'listitem' : nothing} aria-posinset=${virtual?.position ?? nothing} aria-setsize=${virtual?.size ?? nothing}>${this.renderCardBody(provider)}</li>`;
  }

  private renderCardBody(provider: ProviderView) {
    const connection = this.connections.get(provider.key);
    const soon = provider.availability === 'coming_soon';
    const word = connection && statusOf(connection);
    const [badgeClass, badgeText] = soon ? ['plain', this.t.comingSoon] : word ? [STATUS_TONE[word], this.t.statusWord[word]] : ['plain', this.t.notInstalled];
    const action = this.actionFor(provider, connection);
    const allowed = connection ? this.may('connection.edit', connection) : this.may('connection.create');
    return html`
        <button class="button quiet icon copy-link" part="copy-link" aria-label=${this.t.copyLinkTo(provider.name)} @click=${() => this.copyLink(provider)}>
          ${icons.link}
        </button>
        ${renderCardSummary(provider)}
        <div class="card-foot">
          <span class="badge ${badgeClass}" part="card-status">${badgeText}</span>
          ${soon || !action ? nothing : !allowed ? this.renderNotAllowed(connection) : html`<button
            class="button small ${connection || soon ? '' : 'primary'}"
            part="card-action"
            aria-label=${this.t.actionLabel(action, provider.name)}
            @click=${(e: Event) => this.requestConnect(provider, connection, e.currentTarget as HTMLElement)}
          >
            ${action}
          </button>`}
        </div>
    `;
  }

  /**
   * The card's button: API keys are added, updated or fixed; OAuth grants connected or
   * reconnected. A working grant has none: there is nothing to do about it here.
   */
  private actionFor(provider: ProviderView, connection: Connection | undefined): string | undefined {
    if (!connection) return this.t.install;
    const word = statusOf(connection);
    if (provider.authType === 'oauth2') return word === 'connected' ? undefined : word === 'not_connected' ? this.t.connectLabel : this.t.reconnect;
    if (provider.authType === 'none') return undefined;
    return word === 'connected' ? this.t.updateKey : word === 'not_connected' || word === 'revoked' ? this.t.addKey : this.t.fixKey;
  }

  /**
   * Why there is no button: someone else's connection, for a member. Read-only users are told
   * once, above the grid, not on every card.
   */
  private renderNotAllowed(connection: Connection | undefined) {
    if (!this.me || !connection || !this.may('connection.create')) return nothing;
    return html`<span class="card-note" part="card-note">${this.t.addedBy(connection.createdByName ?? connection.createdBy)}</span>`;
  }

  private async copyLink(provider: ProviderView): Promise<void> {
    const url = linkTo(this.linkParam, provider.key);
    this.toast.show((await copyText(url)) ? { text: this.t.linkCopied(provider.name) } : { text: this.t.linkNotCopied, link: url });
  }

  /** Opens the dialog the page's address points at (once, after the first load). */
  private async openLinked(providers: ProviderView[]): Promise<void> {
    if (this.linkHandled) return;
    this.linkHandled = true;
    // Back from authorizing in this same window: show how it ended.
    const returned = claimOAuthReturn();
    if (returned) {
      const status = await this.requireClient().oauthStatus(returned).catch(() => undefined);
      const provider = status && providers.find((p) => p.key === status.provider);
      if (status && provider) return this.dialog.showOAuthResult(provider, status);
    }
    const key = linkedValue(this.linkParam);
    if (!key) return;
    const provider = providers.find((p) => p.key === key);
    if (!provider || provider.availability !== 'available') {
      this.toast.show({ text: this.t.linkNotFound });
      clearLink(this.linkParam);
      return;
    }
    const connection = this.connections.get(provider.key);
    const allowed = connection ? this.may('connection.edit', connection) : this.may('connection.create');
    if (!allowed) {
      this.toast.show({ text: this.t.linkNotAllowed(provider.name) });
      clearLink(this.linkParam);
      return;
    }
    // The task calls onComplete before it asks for the render that shows its result.
    await Promise.resolve();
    while (!(await this.updateComplete));
    const card = await this.showCard(providers, provider);
    this.requestConnect(provider, connection, card?.querySelector<HTMLElement>('[part~="card-action"]') ?? null);
    // Followed once: reloading the page afterwards opens nothing.
    clearLink(this.linkParam);
  }

  /** Scrolls a card into view, first bringing it into the DOM when the grid is virtualized. */
  private async showCard(providers: ProviderView[], provider: ProviderView): Promise<HTMLElement | undefined> {
    const find = () => this.renderRoot.querySelector<HTMLElement>(`[data-provider="${CSS.escape(provider.key)}"]`);
    const index = filterProviders(providers, this.query, this.categories).indexOf(provider);
    if (this.virtualGrid?.shown && index !== -1) return this.virtualGrid.scrollTo(index, find);
    const card = find() ?? undefined;
    card?.scrollIntoView({ block: 'center' });
    return card;
  }

  private toggleCategory(category: string): void {
    const next = new Set(this.categories);
    if (!next.delete(category)) next.add(category);
    this.categories = next;
  }

  private clearFilters = (): void => {
    this.query = '';
    this.categories = new Set();
  };

  private requestConnect(provider: ProviderView, connection: Connection | undefined, trigger: HTMLElement | null): void {
    const request = new IkConnectRequestEvent({ providerKey: provider.key, ...(connection && { connectionId: connection.id }) });
    this.dispatchEvent(request);
    if (!request.defaultPrevented) void this.dialog.show({ provider, connection, trigger });
  }
}
