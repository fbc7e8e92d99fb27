import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.3;
  }
  code {
    font-family: var(--_mono);
    font-size: calc(0.8125 * var(--_rem));
  }

  /* ——— Header, messages, list ——— */
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 3);
    align-items: center;
    margin-bottom: calc(var(--_space) * 3);
  }
  .head-text {
    flex: 1;
    min-width: 0;
  }
  h2 {
    font-size: var(--_rem);
    font-weight: 650;
  }
  h2:focus {
    outline: none;
  }
  .count {
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  [part~='message'] {
    align-items: center;
    margin-bottom: calc(var(--_space) * 3);
  }
  [part~='message'] p {
    flex: 1;
    margin: 0;
  }
  [part~='message'] .button {
    color: inherit;
  }
  .read-only {
    margin-bottom: calc(var(--_space) * 3);
    border: 1px solid var(--_border);
  }

  .list {
    display: grid;
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 3);
    align-items: center;
    padding: calc(var(--_space) * 3) calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
    content-visibility: auto;
    contain-intrinsic-size: auto calc(4.5 * var(--_rem));
  }
  .row.retired {
    background: var(--_bg-subtle);
  }
  .row.retired .logo {
    filter: grayscale(1);
    opacity: 0.6;
  }
  .row-title {
    display: grid;
    flex: 1 1 calc(14 * var(--_rem));
    gap: calc(var(--_space) * 1);
    min-width: 0;
  }
  h3 {
    font-size: calc(0.9375 * var(--_rem));
    font-weight: 650;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .meta > * + *::before {
    content: '·';
    margin-right: calc(var(--_space) * 2);
  }
  .meta code {
    color: var(--_text);
  }
  .row-note {
    margin: 0;
    color: var(--_danger);
    font-size: calc(0.8125 * var(--_rem));
  }
  .row-actions {
    display: flex;
    gap: calc(var(--_space) * 1.5);
    /* Edit lines up across rows, whether or not Retire follows it. */
    min-width: calc(9.75 * var(--_rem));
  }
  .danger-text {
    color: var(--_danger);
  }
  .skeleton-row .row-title {
    gap: calc(var(--_space) * 2);
  }

  /* ——— The add/edit dialog ——— */
  dialog {
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 4px);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  dialog::backdrop {
    background: var(--_backdrop);
    backdrop-filter: blur(2px);
  }
  .editor {
    width: min(var(--ik-catalog-dialog-width, calc(46 * var(--_rem))), calc(100vw - 2 * var(--_rem)));
    max-height: calc(100dvh - 2 * var(--_rem));
    overflow: auto;
    overscroll-behavior: contain;
  }
  .dialog-head {
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: flex-start;
    padding: calc(var(--_space) * 5) calc(var(--_space) * 5) calc(var(--_space) * 2);
  }
  .dialog-head h2 {
    font-size: calc(1.125 * var(--_rem));
  }
  .dialog-head p {
    margin: calc(var(--_space) * 1) 0 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 3);
    padding: calc(var(--_space) * 2) calc(var(--_space) * 5) 0;
  }
  .summary ul {
    margin: calc(var(--_space) * 1.5) 0 0;
    padding-left: 1.1em;
  }
  .summary li + li {
    margin-top: calc(var(--_space) * 1);
  }
  .summary a {
    color: inherit;
    text-underline-offset: 0.15em;
  }
  .section {
    display: grid;
    gap: calc(var(--_space) * 3);
    padding: calc(var(--_space) * 4) 0;
    border-top: 1px solid var(--_border);
  }
  .section h3 {
    font-size: calc(0.8125 * var(--_rem));
    font-weight: 700;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  .subsection {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  h4 {
    font-size: calc(0.875 * var(--_rem));
    font-weight: 650;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: calc(var(--_space) * 3.5) calc(var(--_space) * 4);
    align-items: start;
  }
  .grid > .wide,
  .grid > .field.wide {
    grid-column: 1 / -1;
  }
  @media (max-width: 36rem) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .grid > span:empty {
      display: none;
    }
  }
  .field {
    display: grid;
    align-content: start;
  }
  .label {
    margin-bottom: calc(var(--_space) * 1.5);
    font-size: calc(0.8125 * var(--_rem));
    font-weight: 600;
  }
  .optional {
    color: var(--_muted);
    font-weight: 400;
  }
  textarea.input {
    min-height: calc(4.5 * var(--_rem));
    resize: vertical;
    line-height: 1.45;
  }
  select.input {
    appearance: auto;
  }
  .locked-input {
    position: relative;
  }
  .locked-input .icon {
    position: absolute;
    top: 50%;
    right: calc(var(--_space) * 3);
    color: var(--_muted);
    transform: translateY(-50%);
  }
  .locked .input {
    padding-right: calc(var(--_space) * 9);
    background: var(--_bg-subtle);
    color: var(--_muted);
  }
  .key-warning {
    display: inline;
  }
  .key-warning .icon {
    margin-right: 0.35em;
    vertical-align: -0.2em;
    color: var(--_warning);
  }

  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 calc(var(--_space) * 2);
    align-items: center;
    font-size: calc(0.875 * var(--_rem));
  }
  .check .hint {
    grid-column: 2;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: var(--_rem);
    height: var(--_rem);
    margin: 0;
    accent-color: var(--_accent);
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2) calc(var(--_space) * 6);
  }

  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(calc(12 * var(--_rem)), 1fr));
    gap: calc(var(--_space) * 2);
  }
  .choices > legend:not(.visually-hidden) {
    float: left;
    grid-column: 1 / -1;
    width: 100%;
  }
  .choice {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: calc(var(--_space) * 0.5) calc(var(--_space) * 2);
    align-content: start;
    align-items: center;
    padding: calc(var(--_space) * 2.5) calc(var(--_space) * 3);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius-sm);
    font-size: calc(0.875 * var(--_rem));
    font-weight: 550;
  }
  .choice.chosen {
    border-color: var(--_accent);
    background: var(--_accent-subtle);
  }
  .choice .hint {
    grid-column: 2;
    margin: 0;
    font-weight: 400;
  }
  .choice label {
    cursor: pointer;
  }

  /* The logo: preview, upload, URL. */
  .logo-editor {
    display: flex;
    gap: calc(var(--_space) * 4);
    align-items: flex-start;
  }
  .logo-preview {
    display: grid;
    flex: none;
    place-items: center;
    width: calc(4.5 * var(--_rem));
    height: calc(4.5 * var(--_rem));
    border: 1px dashed var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg-subtle);
    color: var(--_muted);
  }
  /* On the same light tile as everywhere else the logo shows. */
  .logo-preview img {
    width: calc(4 * var(--_rem));
    height: calc(4 * var(--_rem));
    padding: 10%;
    border-radius: var(--_radius-sm);
    background: var(--_logo-bg);
    object-fit: contain;
  }
  .logo-preview .icon {
    width: calc(1.5 * var(--_rem));
    height: calc(1.5 * var(--_rem));
  }
  .logo-inputs {
    display: grid;
    flex: 1;
    gap: calc(var(--_space) * 3.5);
    min-width: 0;
  }
  .file {
    max-width: 100%;
    color: var(--_muted);
    font: inherit;
    font-size: calc(0.8125 * var(--_rem));
  }
  .file::file-selector-button {
    margin-right: calc(var(--_space) * 3);
  }
  .file[aria-invalid='true']::file-selector-button {
    border-color: var(--_danger);
  }

  /* Repeatable groups. */
  .repeat {
    display: grid;
    gap: calc(var(--_space) * 3);
    justify-items: start;
  }
  .repeat > * {
    justify-self: stretch;
  }
  .repeat > .add {
    justify-self: start;
  }
  .repeat-list {
    display: grid;
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .card-fieldset {
    padding: calc(var(--_space) * 3) calc(var(--_space) * 4) calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-subtle);
  }
  .row-legend {
    float: left;
    max-width: calc(100% - 7 * var(--_rem));
    padding: 0;
    overflow: hidden;
    font-size: calc(0.875 * var(--_rem));
    font-weight: 650;
    line-height: calc(1.875 * var(--_rem));
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row-tools {
    display: flex;
    float: right;
    gap: calc(var(--_space) * 0.5);
  }
  .row-tools .button.icon,
  .header-row .button.icon {
    width: calc(1.875 * var(--_rem));
  }
  .card-fieldset > .grid {
    clear: both;
    padding-top: calc(var(--_space) * 2);
  }
  .card-fieldset > .checks {
    margin-top: calc(var(--_space) * 3);
  }
  .card-fieldset .input {
    background: var(--_bg);
  }
  .headers {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .headers > legend {
    float: left;
    width: 100%;
  }
  .header-columns,
  .header-row {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) calc(1.875 * var(--_rem));
    gap: calc(var(--_space) * 2);
    align-items: start;
  }
  .header-columns {
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
    font-weight: 600;
  }
  .header-row .button {
    margin-top: calc(0.25 * var(--_rem));
  }
  .headers > .add {
    justify-self: start;
  }

  footer {
    position: sticky;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: center;
    margin: 0 calc(var(--_space) * -5);
    padding: calc(var(--_space) * 4) calc(var(--_space) * 5) calc(var(--_space) * 5);
    border-top: 1px solid var(--_border);
    background: var(--_bg-raised);
  }
  .spacer {
    flex: 1;
  }

  /* ——— The retire confirmation ——— */
  .confirm {
    width: min(28 * var(--_rem), calc(100vw - 2 * var(--_rem)));
    padding: calc(var(--_space) * 5);
  }
  .confirm h3 {
    font-size: calc(1.0625 * var(--_rem));
  }
  .confirm p {
    margin: calc(var(--_space) * 2) 0 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  .confirm-actions {
    display: flex;
    gap: calc(var(--_space) * 2);
    justify-content: flex-end;
    margin-top: calc(var(--_space) * 5);
    padding: 0;
  }
`;
