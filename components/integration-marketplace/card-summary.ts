import { html, type TemplateResult } from 'lit';
import { renderLogo } from '../../src/element/logo.ts';
import type { ProviderView } from '../../src/schema/provider.ts';

/** A card's logo, name, category and description: what every marketplace card shows whatever its state. */
export function renderCardSummary(provider: ProviderView): TemplateResult {
  return html`
    <div class="card-head">
      ${renderLogo(provider.logo, provider.name, 'card-logo', true)}
      <div class="card-title">
        <h3 part="card-name">${provider.name}</h3>
        <p class="category" part="card-category">${provider.category}</p>
      </div>
    </div>
    <p class="description" part="card-description">${provider.description}</p>
  `;
}
