import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2 {
    margin: 0 0 calc(var(--_space) * 3);
    font-size: 1rem;
    font-weight: 650;
  }
  h2:focus {
    outline: none;
  }
  .list {
    display: grid;
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: grid;
    gap: calc(var(--_space) * 3);
    padding: calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
    content-visibility: auto;
    contain-intrinsic-size: auto 14rem;
  }
  .row-head {
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: center;
  }
  .row-title {
    flex: 1;
    min-width: 0;
  }
  h3 {
    margin: 0;
    font-size: 0.9375rem;
    font-weight: 650;
    line-height: 1.3;
  }
  .meta,
  .reason,
  .test-line,
  .key {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .row-body {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding-left: calc(2.5rem + var(--_space) * 3);
  }
  @container (max-width: 28rem) {
    .row-body {
      padding-left: 0;
    }
  }
  .key {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 1) calc(var(--_space) * 4);
    color: var(--_text);
  }
  .key-label {
    color: var(--_muted);
  }
  code {
    font-family: var(--_mono);
    font-size: 0.8125rem;
    word-break: break-all;
  }
  .reason.pending {
    color: var(--_warning);
  }
  .reason.error,
  .reason.revoked {
    color: var(--_danger);
  }
  .test-line.invalid {
    color: var(--_danger);
  }
  .test-line.valid {
    color: var(--_success);
  }
  .credentials {
    display: grid;
    gap: calc(var(--_space) * 3);
    margin-top: calc(var(--_space) * 1);
  }
  .fields {
    display: grid;
    gap: calc(var(--_space) * 3);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
  }
  .remove {
    margin-left: auto;
    color: var(--_danger);
  }
  .notice {
    margin: 0;
  }
  .confirm {
    width: min(26rem, calc(100vw - 2rem));
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
    font-size: 1.0625rem;
  }
  .confirm p {
    margin: calc(var(--_space) * 2) 0 calc(var(--_space) * 5);
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .confirm-actions {
    display: flex;
    gap: calc(var(--_space) * 2);
    justify-content: flex-end;
  }
`;
