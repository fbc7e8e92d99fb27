import { css, html, nothing, type TemplateResult } from 'lit';
import type { IkStrings } from '../i18n/strings.ts';
import { icons } from '../styles/icons.ts';

export interface FilterBarView {
  query: string;
  categories: ReadonlySet<string>;
  /** Every category with how many items it holds, in display order. */
  counts: [string, number][];
  disabled?: boolean;
  placeholder: string;
  t: IkStrings;
  onQuery(query: string): void;
  onToggle(category: string): void;
  onClear(): void;
}

/** Drops the Type menu under its button (no CSS anchor positioning needed). */
function placeMenu(event: ToggleEvent): void {
  if (event.newState !== 'open') return;
  const menu = event.target as HTMLElement;
  const button = (menu.previousElementSibling as HTMLElement).getBoundingClientRect();
  menu.style.top = `${button.bottom + 6}px`;
  menu.style.left = `${Math.max(8, Math.min(button.left, window.innerWidth - 280))}px`;
}

/** A live search box and a multi-select "Type" menu, as the marketplace and settings show them. */
export function renderFilterBar(view: FilterBarView): TemplateResult {
  const { t } = view;
  const selected = view.categories.size;
  return html`
    <div class="toolbar" part="toolbar">
      <div class="search" part="search">
        ${icons.search}
        <label class="visually-hidden" for="search">${t.searchLabel}</label>
        <input
          id="search"
          class="input"
          type="search"
          .value=${view.query}
          placeholder=${view.placeholder}
          autocomplete="off"
          ?disabled=${view.disabled}
          @input=${(e: Event) => view.onQuery((e.target as HTMLInputElement).value)}
        />
      </div>
      <button class="button type-button" part="type-button" popovertarget="type-menu" ?disabled=${view.disabled}>
        ${t.typeFilter}${selected ? html`<span class="count" aria-label="(${selected} selected)">${selected}</span>` : nothing} ${icons.chevronDown}
      </button>
      <div id="type-menu" class="type-menu" part="type-menu" popover @beforetoggle=${placeMenu}>
        <fieldset>
          <legend>${t.typeFilter}</legend>
          ${view.counts.map(
            ([category, count]) => html`
              <label class="option">
                <input type="checkbox" .checked=${view.categories.has(category)} @change=${() => view.onToggle(category)} />
                <span>${category}</span><span class="option-count">${count}</span>
              </label>
            `,
          )}
        </fieldset>
        ${selected ? html`<button class="button small quiet clear" @click=${view.onClear}>${t.clearFilters}</button>` : nothing}
      </div>
    </div>
  `;
}

export const filterBarStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: center;
  }
  .search {
    position: relative;
    flex: 1 1 calc(16 * var(--_rem));
  }
  .search .icon {
    position: absolute;
    top: 50%;
    left: calc(0.75 * var(--_rem));
    color: var(--_muted);
    transform: translateY(-50%);
    pointer-events: none;
  }
  .search .input {
    padding-left: calc(2.25 * var(--_rem));
  }
  .count {
    display: inline-grid;
    place-items: center;
    min-width: calc(1.25 * var(--_rem));
    height: calc(1.25 * var(--_rem));
    padding: 0 calc(0.3 * var(--_rem));
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: calc(0.6875 * var(--_rem));
  }
  .type-menu {
    position: fixed;
    inset: auto;
    margin: 0;
    min-width: calc(15 * var(--_rem));
    max-height: min(24 * var(--_rem), 70vh);
    overflow: auto;
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  .type-menu fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  .type-menu legend {
    padding: calc(var(--_space) * 1) calc(var(--_space) * 2) calc(var(--_space) * 2);
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
    font-weight: 650;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  .option {
    display: flex;
    gap: calc(var(--_space) * 2.5);
    align-items: center;
    padding: calc(var(--_space) * 1.75) calc(var(--_space) * 2);
    border-radius: 6px;
    font-size: calc(0.875 * var(--_rem));
    cursor: pointer;
  }
  .option:hover {
    background: var(--_bg-subtle);
  }
  .option input {
    width: var(--_rem);
    height: var(--_rem);
    margin: 0;
    accent-color: var(--_accent);
  }
  .option span:first-of-type {
    flex: 1;
  }
  .option-count {
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
  }
  .clear {
    width: 100%;
    margin-top: calc(var(--_space) * 1);
  }
  .summary {
    margin: calc(var(--_space) * 3) 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
`;
