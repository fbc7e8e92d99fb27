/**
 * The rendering benchmark's baseline: the marketplace's cards (same markup, same stylesheets) in
 * one plain Lit `map()` grid, every card in the DOM, no virtualization. It gets the same
 * providers and connections from the same backend as the kit's element.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { map } from 'lit/directives/map.js';
import { renderCardSummary } from '../components/integration-marketplace/card-summary.ts';
import { styles } from '../components/integration-marketplace/integration-marketplace.styles.ts';
import { styles as settingsStyles } from '../components/integration-settings/integration-settings.styles.ts';
import { emptyRow } from '../components/integration-settings/row-state.ts';
import { renderSettingsRow } from '../components/integration-settings/settings-row.ts';
import { settingsDefaults } from '../src/i18n/settings-strings.ts';
import type { IntegrationsBackend } from '../src/backend/backend.ts';
import { IntegrationElement } from '../src/element/integration-element.ts';
import { logoStyles } from '../src/element/logo.ts';
import type { Connection } from '../src/schema/connection.ts';
import type { ProviderView } from '../src/schema/provider.ts';
import { icons } from '../src/styles/icons.ts';

export class PlainGrid extends LitElement {
  static override styles = [...IntegrationElement.styles, logoStyles, styles];

  @property({ attribute: false }) backend?: IntegrationsBackend;
  @property() workspace = '';
  /** Shows only the providers of this category (lowercase), like the kit's search for it. */
  @property() query = '';
  private providers: ProviderView[] = [];
  private connections = new Map<string, Connection>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const [providers, connections] = await Promise.all([this.backend!.listProviders(), this.backend!.listConnections(this.workspace)]);
    this.providers = providers;
    this.connections = new Map(connections.map((c) => [c.provider, c]));
    this.requestUpdate();
  }

  protected override render(): TemplateResult {
    const shown = this.query ? this.providers.filter((p) => p.category.toLowerCase().includes(this.query)) : this.providers;
    return html`<section part="base"><ul class="grid" part="grid">${map(shown, (p) => this.card(p))}</ul></section>`;
  }

  private card(provider: ProviderView): TemplateResult {
    const connection = this.connections.get(provider.key);
    return html`<li class="card" part="card" data-provider=${provider.key}>
      <button class="button quiet icon copy-link" part="copy-link" aria-label=${`Copy link to ${provider.name}`}>${icons.link}</button>
      ${renderCardSummary(provider)}
      <div class="card-foot">
        <span class="badge plain" part="card-status">${connection ? 'Not connected' : 'Not installed'}</span>
        ${connection ? nothing : html`<button class="button small primary" part="card-action" aria-label=${`Install: ${provider.name}`}>Install</button>`}
      </div>
    </li>`;
  }
}

/** The settings' baseline: every connection's row (the settings' own row template and stylesheets) in one plain `map()` list. */
export class PlainSettings extends LitElement {
  static override styles = [...IntegrationElement.styles, logoStyles, settingsStyles];

  @property({ attribute: false }) backend?: IntegrationsBackend;
  @property() workspace = '';
  private providers = new Map<string, ProviderView>();
  private connections: Connection[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const [providers, connections] = await Promise.all([this.backend!.listProviders(), this.backend!.listConnections(this.workspace)]);
    this.providers = new Map(providers.map((p) => [p.key, p]));
    this.connections = connections;
    this.requestUpdate();
  }

  protected override render(): TemplateResult {
    const noop = () => undefined;
    return html`<section part="base"><ul class="list" part="list">${map(this.connections, (connection) =>
      renderSettingsRow({
        connection,
        provider: this.providers.get(connection.provider),
        state: emptyRow(),
        keyInUse: undefined,
        may: { edit: true, test: true, remove: true },
        addedByOther: false,
        highlighted: false,
        t: settingsDefaults,
        onPrimary: noop,
        onTest: noop,
        onEdit: noop,
        onRemove: noop,
        onCopyLink: noop,
      }),
    )}</ul></section>`;
  }
}


declare global {
  interface HTMLElementTagNameMap {
    'bench-plain-grid': PlainGrid;
    'bench-plain-settings': PlainSettings;
  }
}
