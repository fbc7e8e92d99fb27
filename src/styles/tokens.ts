import { css } from 'lit';

/**
 * The theme. Public tokens are `--ik-*` custom properties a host sets anywhere above an
 * element; each has a designed light and dark default, picked by `color-scheme`: the user's
 * preference unless the host sets `--ik-color-scheme: light | dark` (or the element's
 * `color-scheme` attribute). Components read only the private `--_*` names below.
 */
export const tokens = css`
  :host {
    color-scheme: var(--ik-color-scheme, light dark);
    --_mono: var(--ik-font-family-mono, ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_size: var(--ik-font-size, 0.9375rem);
    --_space: var(--ik-space, 0.25rem);
    --_radius: var(--ik-radius, 12px);
    --_radius-sm: var(--ik-radius-sm, 8px);
    --_bg: var(--ik-color-surface, light-dark(#ffffff, #17181c));
    --_bg-subtle: var(--ik-color-surface-subtle, light-dark(#f6f6f8, #1e1f25));
    --_bg-raised: var(--ik-color-surface-raised, light-dark(#ffffff, #202128));
    --_border: var(--ik-color-border, light-dark(#e3e3e8, #30323b));
    --_border-strong: var(--ik-color-border-strong, light-dark(#c9c9d1, #454855));
    --_text: var(--ik-color-text, light-dark(#18181b, #ececf1));
    --_muted: var(--ik-color-text-muted, light-dark(#5b5d6b, #a3a6b4));
    --_accent: var(--ik-color-accent, light-dark(#4f46e5, #8d94ff));
    --_accent-hover: var(--ik-color-accent-hover, light-dark(#4338ca, #a5abff));
    --_on-accent: var(--ik-color-on-accent, light-dark(#ffffff, #11122a));
    --_accent-subtle: var(--ik-color-accent-subtle, light-dark(#eef0ff, #262a4d));
    --_success: var(--ik-color-success, light-dark(#166534, #6ee7a0));
    --_success-bg: var(--ik-color-success-subtle, light-dark(#dcfce7, #16301f));
    --_warning: var(--ik-color-warning, light-dark(#854d0e, #facc15));
    --_warning-bg: var(--ik-color-warning-subtle, light-dark(#fef3c7, #352b0c));
    --_danger: var(--ik-color-danger, light-dark(#b91c1c, #fca5a5));
    --_danger-bg: var(--ik-color-danger-subtle, light-dark(#fee2e2, #3a1818));
    --_danger-solid: var(--ik-color-danger-solid, light-dark(#b91c1c, #ef4444));
    --_focus: var(--ik-focus-ring-color, var(--_accent));
    --_shadow: var(--ik-shadow, 0 1px 2px light-dark(rgb(16 16 24 / 0.06), rgb(0 0 0 / 0.4)));
    --_shadow-raised: var(--ik-shadow-raised, 0 12px 32px light-dark(rgb(16 16 24 / 0.16), rgb(0 0 0 / 0.55)));
    --_backdrop: var(--ik-backdrop, light-dark(rgb(16 16 24 / 0.4), rgb(0 0 0 / 0.6)));
    --_skeleton: var(--ik-color-skeleton, light-dark(#ececf1, #2a2c34));

    /* Unset, the token leaves the declaration invalid, so the host page's font is inherited. */
    font-family: var(--ik-font-family);
    font-size: var(--_size);
    line-height: 1.5;
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
  }
  /* The attribute also sets the token, so kit elements nested inside (the dialog) follow. */
  :host([color-scheme='light']) {
    --ik-color-scheme: light;
    color-scheme: light;
  }
  :host([color-scheme='dark']) {
    --ik-color-scheme: dark;
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
`;
