import { svg, type TemplateResult } from 'lit';
import { icon } from './icons.ts';

/** Icons of the management screens only (settings, the drawer, the catalog editor): the marketplace's bundle goes without them. */
export const manageIcons: Record<'key' | 'history' | 'plug' | 'plus', TemplateResult> = {
  key: icon(svg`<circle cx="7.5" cy="15.5" r="4.5" /><path d="m10.7 12.3 9.3-9.3M17 6l3 3M14 9l2 2" />`),
  history: icon(svg`<path d="M3 12a9 9 0 1 0 3-6.7L3 8" /><path d="M3 3v5h5M12 7v5l3 2" />`),
  plug: icon(svg`<path d="M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0V8zM12 18v4" />`),
  plus: icon(svg`<path d="M12 5v14M5 12h14" />`),
};
