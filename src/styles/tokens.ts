import { css } from 'lit';

/**
 * The kit's own rem, registered so that it inherits as an absolute length: what `1rem` is on a
 * page that leaves its root font size alone (16px at the browser's default size), scaled by
 * `--ik-font-size` (whose default, 15px, is 0.9375 of it). Every length in the kit's styles is a
 * multiple of it, so a host's `html { font-size: 62.5% }` changes nothing inside the kit while
 * the user's own default-size preference still does.
 *
 * The definition never changes: a second copy of the kit on the page registers the same name
 * and gets the same property.
 */
const KIT_REM: PropertyDefinition = { name: '--_ik-rem', syntax: '<length>', inherits: true, initialValue: '16px' };

let registered = false;

/**
 * Registers the kit's custom properties, once per page. Called by the elements when they first
 * connect (importing a class registers nothing); tolerates a registration made by another copy
 * of the kit. `@property` rules would not do: they are ignored inside shadow roots.
 */
export function registerKitProperties(): void {
  if (registered || typeof CSS === 'undefined' || typeof CSS.registerProperty !== 'function') return;
  registered = true;
  try {
    CSS.registerProperty(KIT_REM);
  } catch {
    // InvalidModificationError: already registered on this page (another copy of the kit).
  }
}

/**
 * The theme. Public tokens are `--ik-*` custom properties a host sets anywhere above an
 * element; each has a designed light and dark default, picked by the element's colour scheme:
 * the host page's (`color-scheme` inherits; a page that declares none is light) unless the host
 * sets `--ik-color-scheme: light | dark | light dark` (or the element's `color-scheme`
 * attribute). Components read only the private `--_*` names below, and size everything in
 * multiples of `--_rem`.
 *
 * The element's text basics are declared `!important` on `:host`: inside a shadow tree that
 * beats the page's rules on the element, even its own `!important` ones, so a host's
 * `integration-marketplace { line-height: 1 }` or `* { font: 10px/1 serif !important }` cannot
 * reflow the kit. Only the font family is left to the page (and `--ik-font-family`).
 */
export const tokens = css`
  :host {
    /* Unset, the token leaves the declaration invalid, so the host page's scheme is inherited. */
    color-scheme: var(--ik-color-scheme);
    /* The kit's rem, from the browser's default size (medium) whatever the page's root size. */
    font-size: medium !important;
    --_ik-rem: calc(var(--ik-font-size, 0.9375em) / 0.9375);
    --_rem: var(--_ik-rem);
    --_mono: var(--ik-font-family-mono, ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_space: var(--ik-space, calc(0.25 * var(--_rem)));
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
    --_danger-solid: var(--ik-color-danger-solid, light-dark(#b91c1c, #dc2626));
    --_focus: var(--ik-focus-ring-color, var(--_accent));
    --_shadow: var(--ik-shadow, 0 1px 2px light-dark(rgb(16 16 24 / 0.06), rgb(0 0 0 / 0.4)));
    --_shadow-raised: var(--ik-shadow-raised, 0 12px 32px light-dark(rgb(16 16 24 / 0.16), rgb(0 0 0 / 0.55)));
    --_backdrop: var(--ik-backdrop, light-dark(rgb(16 16 24 / 0.4), rgb(0 0 0 / 0.6)));
    --_skeleton: var(--ik-color-skeleton, light-dark(#ececf1, #2a2c34));
    /* Logos sit on a light tile in both schemes: brand marks are drawn for light backgrounds,
       and many (GitHub's, Vercel's) are near-black. */
    --_logo-bg: var(--ik-logo-background, light-dark(#ffffff, #f4f4f6));
    --_logo-text: var(--ik-logo-color, #5b5d6b);

    /* Unset, the token leaves the declaration invalid, so the host page's font is inherited. */
    font-family: var(--ik-font-family);
    /* The rest of the text basics are the kit's own: the page's rules on the element (even
       !important ones) do not reach past these. */
    color: var(--_text) !important;
    line-height: 1.5 !important;
    font-style: normal !important;
    font-weight: 400 !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-align: start !important;
    text-indent: 0 !important;
    text-transform: none !important;
    text-shadow: none !important;
    white-space: normal !important;
    -webkit-font-smoothing: antialiased;
  }
  /* The base text size (--ik-font-size, 15px by default), one level down: the host itself keeps
     font-size: medium, which --_ik-rem is computed from. */
  :host > * {
    font-size: calc(0.9375 * var(--_rem));
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
