import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  /* A side sheet: full height on the right, sliding in. */
  dialog {
    position: fixed;
    inset: 0 0 0 auto;
    width: min(var(--ik-drawer-width, calc(30 * var(--_rem))), 100vw);
    max-width: 100vw;
    height: 100dvh;
    max-height: 100dvh;
    margin: 0;
    padding: 0;
    border: 0;
    border-left: 1px solid var(--_border);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
    overflow: auto;
  }
  dialog::backdrop {
    background: var(--_backdrop);
  }
  dialog[open] {
    animation: slide 180ms ease-out;
  }
  @keyframes slide {
    from {
      transform: translateX(24px);
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    dialog[open] {
      animation: none;
    }
  }
  header {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: flex-start;
    padding: calc(var(--_space) * 5);
    border-bottom: 1px solid var(--_border);
    background: var(--_bg-raised);
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: calc(1.0625 * var(--_rem));
    font-weight: 650;
  }
  header p {
    margin: calc(var(--_space) * 1) 0 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 5);
    padding: calc(var(--_space) * 5);
  }
  fieldset {
    display: grid;
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    margin-bottom: calc(var(--_space) * 2);
    padding: 0;
    font-size: calc(0.875 * var(--_rem));
    font-weight: 650;
  }
  .check {
    display: flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
    font-size: calc(0.875 * var(--_rem));
  }
  .check input {
    width: var(--_rem);
    height: var(--_rem);
    margin: 0;
    accent-color: var(--_accent);
  }
  .saved {
    cursor: text;
    background: var(--_bg-subtle);
  }
  .notice {
    margin: 0;
  }
  footer {
    display: flex;
    flex-wrap: wrap-reverse;
    gap: calc(var(--_space) * 2);
    align-items: center;
  }
  .spacer {
    flex: 1;
  }
  .history {
    padding: calc(var(--_space) * 4) calc(var(--_space) * 5) calc(var(--_space) * 6);
    border-top: 1px solid var(--_border);
  }
  .history h3 {
    display: flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
    margin: 0 0 calc(var(--_space) * 3);
    font-size: calc(0.875 * var(--_rem));
  }
  .history ol {
    display: grid;
    gap: calc(var(--_space) * 2.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .history li {
    display: grid;
    gap: 2px;
    padding-left: calc(var(--_space) * 3);
    border-left: 2px solid var(--_border);
    font-size: calc(0.8125 * var(--_rem));
  }
  .who {
    color: var(--_muted);
  }

  /* Where the connection stands, above the form. */
  .status {
    display: grid;
    gap: calc(var(--_space) * 2.5);
    padding: calc(var(--_space) * 4) calc(var(--_space) * 5);
    border-bottom: 1px solid var(--_border);
    font-size: calc(0.875 * var(--_rem));
  }
  .status:empty {
    display: none;
  }
  .status p {
    margin: 0;
  }
  .reason {
    color: var(--_danger);
  }
  .key-in-use {
    font-weight: 600;
  }
  .key-in-use.none {
    color: var(--_danger);
  }
  .last-test time,
  .grant {
    color: var(--_muted);
  }
  .last-test time::before {
    content: ' · ';
  }
  .technical {
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .technical summary {
    cursor: pointer;
  }
  .technical p {
    margin-top: calc(var(--_space) * 1);
    overflow-wrap: anywhere;
  }
  .routing select {
    max-width: 100%;
  }
  .danger-text {
    justify-self: start;
    color: var(--_danger);
  }
  .confirm-inline {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 3);
    border-radius: var(--_radius-sm);
    background: var(--_danger-bg);
  }
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    justify-content: flex-end;
  }
`;
