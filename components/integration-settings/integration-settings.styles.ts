import { css } from 'lit';

export const styles = css`
  /* The host decides the width: every layout below follows the element's own size. */
  :host {
    display: block;
    container-type: inline-size;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: center;
    justify-content: space-between;
    margin-bottom: calc(var(--_space) * 3);
  }
  h2 {
    margin: 0;
    font-size: var(--_rem);
    font-weight: 650;
  }
  h2:focus {
    outline: none;
  }
  .role-notice {
    margin-bottom: calc(var(--_space) * 3);
  }

  /* The routing policy: a compact choice of three. */
  .policy {
    margin-bottom: calc(var(--_space) * 4);
    padding: calc(var(--_space) * 3) calc(var(--_space) * 3.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-subtle);
  }
  .policy fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .policy legend {
    margin-bottom: calc(var(--_space) * 2);
    padding: 0;
    font-size: calc(0.875 * var(--_rem));
    font-weight: 650;
  }
  /* A segmented control: the three modes side by side, wrapping in a narrow container. */
  /* A segmented row of three equal choices; stacked when the container is too narrow for it. */
  .modes {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: calc(var(--_space) * 1.5);
  }
  @container (max-width: 460px) {
    .modes {
      grid-template-columns: 1fr;
    }
  }
  .mode {
    display: flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
    min-width: 0;
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_bg);
    cursor: pointer;
  }
  .mode.selected {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  /* Read-only: the current choice is marked, but not in the colour of something to press. */
  fieldset:disabled .mode {
    cursor: default;
  }
  fieldset:disabled .mode.selected {
    border-color: var(--_border-strong);
    box-shadow: inset 0 0 0 1px var(--_border-strong);
  }
  fieldset:disabled .mode input {
    accent-color: var(--_muted);
  }
  .mode input {
    margin: 0;
    accent-color: var(--_accent);
  }
  .mode-name {
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
  }
  .policy .notice,
  .policy .hint {
    margin-top: calc(var(--_space) * 2);
  }

  .toolbar {
    margin-bottom: calc(var(--_space) * 3);
  }

  /* One compact row per connection. */
  .list {
    display: grid;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
    list-style: none;
    overflow: hidden;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2) calc(var(--_space) * 3);
    align-items: center;
    padding: calc(var(--_space) * 3) calc(var(--_space) * 3.5);
    transition: background-color 600ms ease;
  }
  /* Many rows (virtualized): each row positioned by the virtualizer, the list's full width. */
  .virtual-list {
    outline: none;
  }
  /* Just before a virtual list: as wide as it, 0 tall (see virtual-list.ts). */
  .list-probe {
    height: 0;
  }
  .virtual-list > .row {
    width: 100%;
  }
  .row + .row {
    border-top: 1px solid var(--_border);
  }
  .row.highlighted {
    background: var(--_accent-subtle);
  }
  .row .logo {
    flex: none;
  }
  .row-main {
    flex: 1 1 calc(10 * var(--_rem));
    min-width: 0;
  }
  h3 {
    margin: 0;
    overflow: hidden;
    font-size: calc(0.9375 * var(--_rem));
    font-weight: 650;
    line-height: 1.3;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .meta {
    margin: 0;
    overflow: hidden;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row-side {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2) calc(var(--_space) * 3);
    align-items: center;
    justify-content: flex-end;
    margin-left: auto;
    min-width: 0;
  }
  .key {
    color: var(--_muted);
    font-family: var(--_mono);
    font-size: calc(0.8125 * var(--_rem));
    white-space: nowrap;
  }
  .account {
    overflow: hidden;
    max-width: calc(14 * var(--_rem));
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 1.5);
    align-items: center;
  }
  .remove {
    color: var(--_danger);
  }
  .row .copy-link {
    position: static;
  }
  @media (hover: hover) {
    .row:hover .copy-link,
    .row:focus-within .copy-link {
      opacity: 1;
    }
  }
  .row-message {
    flex-basis: 100%;
    margin: 0;
  }
  /* Narrow containers: the side (badge, key, buttons) goes under the name, aligned with it. */
  @container (max-width: 560px) {
    .row-side {
      flex-basis: 100%;
      justify-content: flex-start;
      margin-left: calc(2.5 * var(--_rem) + var(--_space) * 3);
    }
    /* The link button moves to the row's corner so it never wraps onto a line of its own. */
    .row {
      position: relative;
    }
    .row-main {
      padding-right: calc(2 * var(--_rem));
    }
    .row .copy-link {
      position: absolute;
    }
  }
  @container (max-width: 360px) {
    .row {
      padding-inline: calc(var(--_space) * 3);
    }
    .row-side {
      margin-left: 0;
    }
  }
  .skeleton-row {
    min-height: calc(4 * var(--_rem));
  }

  /* The catalog's other providers, to install from here. */
  .available {
    margin-top: calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .available summary {
    padding: calc(var(--_space) * 3) calc(var(--_space) * 3.5);
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
    cursor: pointer;
  }
  .available-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(calc(15 * var(--_rem)), 1fr));
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0 calc(var(--_space) * 3.5) calc(var(--_space) * 3.5);
    list-style: none;
  }
  @container (max-width: 360px) {
    .available-list {
      grid-template-columns: 1fr;
      padding-inline: calc(var(--_space) * 3);
    }
  }
  .available-item {
    display: flex;
    gap: calc(var(--_space) * 2.5);
    align-items: center;
    min-width: 0;
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
  }
  .available-item .logo {
    flex: none;
    width: calc(2 * var(--_rem));
    height: calc(2 * var(--_rem));
  }
  .available-name {
    display: grid;
    flex: 1;
    min-width: 0;
  }
  .available-name .name {
    overflow: hidden;
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .available-name .category {
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
  }

  .confirm {
    width: min(26 * var(--_rem), calc(100vw - 2 * var(--_rem)));
    padding: calc(var(--_space) * 5);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 4px);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  .confirm::backdrop {
    background: var(--_backdrop);
  }
  .confirm h3 {
    font-size: calc(1.0625 * var(--_rem));
    white-space: normal;
  }
  .confirm p {
    margin: calc(var(--_space) * 2) 0 calc(var(--_space) * 5);
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    justify-content: flex-end;
  }
`;
