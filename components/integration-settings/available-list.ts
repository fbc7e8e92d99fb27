import { html, nothing, type TemplateResult } from 'lit';
import { renderLogo } from '../../src/element/logo.ts';
import type { IkStrings } from '../../src/i18n/strings.ts';
import type { ProviderView } from '../../src/schema/provider.ts';

export interface AvailableListView {
  providers: ProviderView[];
  open: boolean;
  t: IkStrings;
  onToggle(open: boolean): void;
  onInstall(provider: ProviderView, trigger: HTMLElement): void;
}

/**
 * The catalog's providers this workspace has not installed, each with Install (the connect
 * dialog): adding one never needs a trip back to the marketplace. Folded away once the
 * workspace has integrations of its own.
 */
export function renderAvailableList(view: AvailableListView): TemplateResult | typeof nothing {
  const { providers, t } = view;
  if (providers.length === 0) return nothing;
  return html`
    <details class="available" part="available" ?open=${view.open} @toggle=${(e: Event) => view.onToggle((e.target as HTMLDetailsElement).open)}>
      <summary part="available-summary">${t.availableTitle(providers.length)}</summary>
      <ul class="available-list">
        ${providers.map(
          (provider) => html`
            <li class="available-item" part="available-item" data-provider=${provider.key}>
              ${renderLogo(provider.logo, provider.name, 'available-logo', true)}
              <span class="available-name"><span class="name">${provider.name}</span> <span class="category">${provider.category}</span></span>
              <button type="button" class="button small" part="install-button" aria-label=${t.actionLabel(t.install, provider.name)}
                @click=${(e: Event) => view.onInstall(provider, e.currentTarget as HTMLElement)}>${t.install}</button>
            </li>
          `,
        )}
      </ul>
    </details>
  `;
}
