import { css } from 'lit';

/** Buttons, inputs, badges, skeletons: the few building blocks every element shares. */
export const controls = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .button,
  .file::file-selector-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) * 2);
    min-height: calc(2.25 * var(--_rem));
    padding: 0 calc(var(--_space) * 3.5);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius-sm);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    font-size: calc(0.875 * var(--_rem));
    font-weight: 550;
    white-space: nowrap;
    cursor: pointer;
    transition:
      background-color 120ms ease,
      border-color 120ms ease,
      color 120ms ease;
  }
  .button:hover:not(:disabled),
  .file:hover::file-selector-button {
    background: var(--_bg-subtle);
    border-color: var(--_muted);
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .button[aria-busy='true'] {
    cursor: progress;
  }
  .button.primary {
    border-color: transparent;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--_accent-hover);
  }
  .button.danger {
    border-color: transparent;
    background: var(--_danger-solid);
    color: #fff;
  }
  .button.danger:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  .button.quiet {
    border-color: transparent;
    background: transparent;
  }
  .button.quiet:hover:not(:disabled) {
    background: var(--_bg-subtle);
  }
  .button.small {
    min-height: calc(1.875 * var(--_rem));
    padding: 0 calc(var(--_space) * 2.5);
    font-size: calc(0.8125 * var(--_rem));
  }
  .button.icon {
    padding: 0;
    width: calc(2.25 * var(--_rem));
  }

  /* Modal dialogs rise into place as they open. */
  .rises[open] {
    animation: rise 160ms ease-out;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(8px) scale(0.98);
    }
  }

  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 700ms linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .input {
    width: 100%;
    min-height: calc(2.375 * var(--_rem));
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius-sm);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    font-size: calc(0.875 * var(--_rem));
  }
  .input::placeholder {
    color: var(--_muted);
    opacity: 0.85;
  }
  .input:hover:not(:disabled) {
    border-color: var(--_muted);
  }
  .input:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 0;
    border-color: var(--_focus);
  }
  .input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .input.mono {
    font-family: var(--_mono);
    font-size: calc(0.8125 * var(--_rem));
    letter-spacing: 0.01em;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: calc(0.125 * var(--_rem)) calc(0.5 * var(--_rem));
    border-radius: 999px;
    background: var(--_bg-subtle);
    color: var(--_muted);
    font-size: calc(0.75 * var(--_rem));
    font-weight: 600;
    line-height: 1.4;
    white-space: nowrap;
  }
  .badge::before {
    content: '';
    width: calc(0.45 * var(--_rem));
    height: calc(0.45 * var(--_rem));
    border-radius: 50%;
    background: currentColor;
  }
  .badge.plain::before {
    display: none;
  }
  /* Tones of the one status vocabulary (src/i18n/status.ts); neutral is the plain badge. */
  .badge.success {
    background: var(--_success-bg);
    color: var(--_success);
  }
  .badge.warning {
    background: var(--_warning-bg);
    color: var(--_warning);
  }
  .badge.danger {
    background: var(--_danger-bg);
    color: var(--_danger);
  }
  .badge.busy {
    background: var(--_accent-subtle);
    color: var(--_accent);
  }
  .badge.busy::before {
    animation: pulse 1s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.3;
    }
  }

  .skeleton {
    display: block;
    border-radius: var(--_radius-sm);
    background: linear-gradient(90deg, var(--_skeleton) 0%, var(--_bg-subtle) 50%, var(--_skeleton) 100%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton,
    .spinner {
      animation-duration: 0s;
    }
    .rises[open] {
      animation: none;
    }
    .button {
      transition: none;
    }
  }

  .logo {
    flex: none;
    width: calc(2.5 * var(--_rem));
    height: calc(2.5 * var(--_rem));
    border-radius: calc(var(--_radius-sm) + 2px);
    object-fit: contain;
    background: var(--_bg-subtle);
  }

  .notice {
    display: flex;
    gap: calc(var(--_space) * 2.5);
    align-items: flex-start;
    padding: calc(var(--_space) * 3) calc(var(--_space) * 3.5);
    border-radius: var(--_radius-sm);
    background: var(--_bg-subtle);
    font-size: calc(0.875 * var(--_rem));
  }
  .notice.success {
    background: var(--_success-bg);
    color: var(--_success);
  }
  .notice.warning {
    background: var(--_warning-bg);
    color: var(--_warning);
  }
  .notice.error {
    background: var(--_danger-bg);
    color: var(--_danger);
  }
  .notice .icon {
    flex: none;
    margin-top: 0.2em;
  }
  .notice p {
    margin: 0;
  }
  .notice-title {
    font-weight: 600;
  }
  .notice-text {
    margin-top: calc(var(--_space) * 1) !important;
    color: var(--_text);
    opacity: 0.85;
  }

  /* "Copy link" in the corner of a card or row: shown with the pointer or keyboard focus on
     devices that hover, always on touch screens. Its container is position: relative. */
  .copy-link {
    position: absolute;
    top: calc(var(--_space) * 2);
    right: calc(var(--_space) * 2);
    width: calc(2 * var(--_rem));
    min-height: calc(2 * var(--_rem));
    color: var(--_muted);
  }
  @media (hover: hover) {
    .copy-link {
      opacity: 0;
    }
    :hover > .copy-link,
    .copy-link:focus-visible {
      opacity: 1;
    }
  }

  .field-error {
    margin: calc(var(--_space) * 1.5) 0 0;
    color: var(--_danger);
    font-size: calc(0.8125 * var(--_rem));
  }
  .hint {
    margin: calc(var(--_space) * 1) 0 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }

  .skeleton.line {
    height: calc(0.75 * var(--_rem));
  }
  /* Placeholder line lengths as classes, not style attributes: a strict CSP (no 'unsafe-inline')
     refuses inline styles. */
  .skeleton.line.w30 {
    width: 30%;
  }
  .skeleton.line.w35 {
    width: 35%;
  }
  .skeleton.line.w45 {
    width: 45%;
  }
  .skeleton.line.w55 {
    width: 55%;
  }
  .skeleton.line.w60 {
    width: 60%;
  }
  .skeleton.line.w70 {
    width: 70%;
  }
  .skeleton.logo {
    width: calc(2.5 * var(--_rem));
    height: calc(2.5 * var(--_rem));
  }

  /* The empty and load-error panels of the marketplace and the settings. */
  .state {
    display: grid;
    justify-items: center;
    gap: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 10) calc(var(--_space) * 4);
    border: 1px dashed var(--_border-strong);
    border-radius: var(--_radius);
    color: var(--_muted);
    text-align: center;
  }
  .state .icon {
    width: calc(1.5 * var(--_rem));
    height: calc(1.5 * var(--_rem));
  }
  .state p {
    margin: 0;
  }
  .state-title {
    color: var(--_text);
    font-weight: 650;
  }
  .state-text {
    font-size: calc(0.875 * var(--_rem));
  }
  .error-state {
    border-style: solid;
    border-color: var(--_danger);
    background: var(--_danger-bg);
  }
  .error-state .state-title {
    color: var(--_danger);
  }
`;
