import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

// Small stroke icons (24px grid), decorative: always aria-hidden, labelled by their control.
export const icon = (paths: SVGTemplateResult): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths}</svg>`;

export const icons = {
  eye: icon(svg`<path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" /><circle cx="12" cy="12" r="3" />`),
  eyeOff: icon(svg`<path d="M10.6 5.1A10.6 10.6 0 0 1 12 5c6.4 0 10 7 10 7a17 17 0 0 1-2.6 3.5M6.6 6.6A17 17 0 0 0 2 12s3.6 7 10 7a10 10 0 0 0 5.4-1.6" /><path d="M9.9 9.9a3 3 0 0 0 4.2 4.2" /><path d="M3 3l18 18" />`,
  ),
  close: icon(svg`<path d="M18 6 6 18M6 6l12 12" />`),
  check: icon(svg`<path d="M20 6 9 17l-5-5" />`),
  alert: icon(svg`<circle cx="12" cy="12" r="10" /><path d="M12 8v4M12 16h.01" />`),
  external: icon(svg`<path d="M15 3h6v6M10 14 21 3M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6" />`),
  search: icon(svg`<circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" />`),
  chevronDown: icon(svg`<path d="m6 9 6 6 6-6" />`),
  link: icon(svg`<path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" /><path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />`),
};
