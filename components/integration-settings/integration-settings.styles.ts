import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2 {
    margin: 0 0 calc(var(--_space) * 3);
    font-size: var(--_rem);
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
  }
  .row {
    position: relative;
  }
  .row-head .badge {
    margin-right: calc(2 * var(--_rem));
  }

  .policy {
    margin-bottom: calc(var(--_space) * 4);
    padding: calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-subtle);
  }
  .policy fieldset {
    display: grid;
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .policy legend {
    margin-bottom: calc(var(--_space) * 2);
    padding: 0;
    font-size: calc(0.9375 * var(--_rem));
    font-weight: 650;
  }
  .mode {
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: flex-start;
    padding: calc(var(--_space) * 2.5) calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_bg);
    cursor: pointer;
  }
  .mode.selected {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  fieldset:disabled .mode {
    cursor: default;
  }
  .mode input {
    margin: calc(0.2 * var(--_rem)) 0 0;
    accent-color: var(--_accent);
  }
  .mode-text {
    display: grid;
  }
  .mode-name {
    font-size: calc(0.875 * var(--_rem));
    font-weight: 600;
  }
  .mode-help {
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .policy .notice,
  .policy .hint {
    margin-top: calc(var(--_space) * 2);
  }

  .key-in-use-line {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2) calc(var(--_space) * 4);
    align-items: center;
    justify-content: space-between;
    margin: 0;
    font-size: calc(0.8125 * var(--_rem));
  }
  .key-in-use {
    font-weight: 600;
  }
  .key-in-use.own {
    color: var(--_success);
  }
  .key-in-use.platform {
    color: var(--_accent);
  }
  .key-in-use.none {
    color: var(--_danger);
  }
  .override {
    display: inline-flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
    color: var(--_muted);
  }
  .small-select {
    width: auto;
    min-height: calc(1.875 * var(--_rem));
    padding: 0 calc(var(--_space) * 2);
    font-size: calc(0.8125 * var(--_rem));
  }
  .override-note {
    color: var(--_muted);
  }

  .toolbar {
    margin-bottom: calc(var(--_space) * 3);
  }
  .others {
    margin-top: calc(var(--_space) * 4);
    font-size: calc(0.8125 * var(--_rem));
  }
  .others summary {
    color: var(--_muted);
    font-weight: 600;
    cursor: pointer;
  }
  .others ul {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: calc(var(--_space) * 2) 0 0;
    padding: 0;
    list-style: none;
  }
  .other-name {
    display: inline-block;
    min-width: calc(9 * var(--_rem));
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
    font-size: calc(0.9375 * var(--_rem));
    font-weight: 650;
    line-height: 1.3;
  }
  .meta,
  .projects-line,
  .oauth-line,
  .reason,
  .test-line,
  .key {
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .row-body {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding-left: calc(2.5 * var(--_rem) + var(--_space) * 3);
  }
  @container (max-width: 448px) {
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
    font-size: calc(0.8125 * var(--_rem));
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
  }
  .confirm p {
    margin: calc(var(--_space) * 2) 0 calc(var(--_space) * 5);
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  .confirm-actions {
    display: flex;
    gap: calc(var(--_space) * 2);
    justify-content: flex-end;
  }
`;
