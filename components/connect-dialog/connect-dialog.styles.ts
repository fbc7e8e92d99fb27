import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(var(--ik-dialog-width, calc(34 * var(--_rem))), calc(100vw - 2 * var(--_rem)));
    max-height: calc(100dvh - 2 * var(--_rem));
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 4px);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
    overflow: auto;
  }
  dialog::backdrop {
    background: var(--_backdrop);
    backdrop-filter: blur(2px);
  }

  header {
    display: flex;
    gap: calc(var(--_space) * 3.5);
    align-items: flex-start;
    padding: calc(var(--_space) * 5) calc(var(--_space) * 5) calc(var(--_space) * 3);
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: calc(1.125 * var(--_rem));
    font-weight: 650;
    line-height: 1.3;
  }
  header p {
    margin: calc(var(--_space) * 1) 0 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }

  form {
    display: grid;
    gap: calc(var(--_space) * 4);
    padding: calc(var(--_space) * 2) calc(var(--_space) * 5) 0;
  }
  .fields {
    display: grid;
    gap: calc(var(--_space) * 4);
  }
  .oauth {
    display: grid;
    gap: calc(var(--_space) * 3);
  }
  .oauth-note {
    margin: 0;
    color: var(--_muted);
  }
  .scopes-title {
    margin: 0 0 calc(var(--_space) * 1.5);
    font-size: calc(0.8125 * var(--_rem));
    font-weight: 650;
  }
  .scopes ul {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .scopes li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
    align-items: baseline;
    font-size: calc(0.875 * var(--_rem));
  }
  .scopes li::before {
    content: '✓';
    color: var(--_success);
    font-weight: 700;
  }
  .scopes code {
    overflow-wrap: anywhere;
  }
  .scopes .scope-name {
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
  }
  .notice .spinner {
    flex: none;
    margin-top: 0.25em;
  }
  .notice .button {
    margin-top: calc(var(--_space) * 2);
  }
  .notice-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
  }

  .help {
    padding: calc(var(--_space) * 3.5) calc(var(--_space) * 4);
    border-radius: var(--_radius-sm);
    background: var(--_bg-subtle);
    font-size: calc(0.8125 * var(--_rem));
  }
  .help h3 {
    margin: 0 0 calc(var(--_space) * 1.5);
    font-size: calc(0.8125 * var(--_rem));
    font-weight: 650;
  }
  .help p {
    margin: 0 0 calc(var(--_space) * 2);
    color: var(--_muted);
  }
  .help a {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    color: var(--_accent);
    font-weight: 600;
    text-decoration: none;
  }
  .help a:hover {
    text-decoration: underline;
  }

  footer {
    position: sticky;
    bottom: 0;
    display: flex;
    /* The primary action is last in the markup: wrapped on a narrow screen, its line goes on top. */
    flex-wrap: wrap-reverse;
    gap: calc(var(--_space) * 2);
    align-items: center;
    margin-top: calc(var(--_space) * 1);
    padding: calc(var(--_space) * 4) calc(var(--_space) * 5) calc(var(--_space) * 5);
    background: var(--_bg-raised);
  }
  .spacer {
    flex: 1;
  }

  .result {
    display: grid;
    justify-items: center;
    gap: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 4) calc(var(--_space) * 6) calc(var(--_space) * 2);
    text-align: center;
  }
  .result-icon {
    display: grid;
    place-items: center;
    width: calc(3 * var(--_rem));
    height: calc(3 * var(--_rem));
    border-radius: 50%;
    background: var(--_success-bg);
    color: var(--_success);
  }
  .result-icon .icon {
    width: calc(1.5 * var(--_rem));
    height: calc(1.5 * var(--_rem));
  }
  .result h3 {
    margin: 0;
    font-size: calc(1.0625 * var(--_rem));
  }
  .result p {
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  .result-key {
    display: grid;
    gap: calc(var(--_space) * 1);
  }
  code {
    font-family: var(--_mono);
    color: var(--_text);
  }
`;
