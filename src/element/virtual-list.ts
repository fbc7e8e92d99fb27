/**
 * The virtualizer, in its own chunk (see long-list.ts): only the items near the viewport (and
 * `OVERHANG` px either side) are in the DOM; the page scrolls as if all of them were.
 */
import type { TemplateResult } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';

/**
 * How far beyond the viewport items are rendered, px. The virtualizer's default, 1,000, renders
 * about twice what a filter or a first paint needs; 400 is still more than a card's line, so
 * the next card is in the DOM before Tab reaches it, and a wheel's step lands on rendered items.
 */
const OVERHANG = 400;

/** The flow layout (items of any height, measured as they render), with a nearer overhang. */
class NearFlowLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    this._overhang = OVERHANG;
  }
}

export interface VirtualListOptions<T> {
  items: T[];
  key: (item: T, index: number) => unknown;
  render: (item: T, index: number) => TemplateResult;
}

/**
 * The items of a list, as the list element's only content:
 * `<div role="list" tabindex="-1">${virtualItems(…)}</div>`. The page's own scrolling drives it
 * (no scroller of its own).
 */
export function virtualItems<T>({ items, key, render }: VirtualListOptions<T>): DirectiveResult {
  return virtualize({ items, keyFunction: key, renderItem: render, layout: { type: NearFlowLayout } });
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Scrolls item `index` of the virtual list `host` into view and resolves with the element `find`
 * picks out once it is rendered there (undefined if it never is, after about a second).
 */
export async function scrollToItem<E extends Element>(host: Element, index: number, find: () => E | null): Promise<E | undefined> {
  let asked = false;
  for (let tries = 0; tries < 60; tries++) {
    // The virtualizer sets itself up on its first frame: ask once it is there.
    const virtualizer = (host as VirtualizerHostElement)[virtualizerRef];
    if (!asked && virtualizer) {
      virtualizer.element(index)?.scrollIntoView({ block: 'center' });
      asked = true;
    }
    await frame();
    const found = asked ? find() : null;
    if (found) return found;
  }
  return undefined;
}

const kept = new WeakSet<HTMLElement>();

/**
 * Keeps keyboard focus in the list when the focused item leaves the DOM (scrolled far away with
 * the wheel): focus moves to the list itself (tabindex="-1"), so the next Tab continues from the
 * items now shown instead of from the top of the page; and if that item comes back while the
 * list still holds focus, focus returns to the same control in it. `keyAttribute` names each
 * item's identifying attribute (`data-provider`).
 */
export function keepFocus(host: HTMLElement, keyAttribute: string): void {
  if (kept.has(host)) return;
  kept.add(host);
  let lost: { key: string; part: string | null } | undefined;
  const root = host.getRootNode() as ShadowRoot | Document;
  host.addEventListener('focusin', (event) => {
    const target = event.target as HTMLElement;
    const item = target.closest(`[${keyAttribute}]`);
    lost = item ? { key: item.getAttribute(keyAttribute)!, part: target.getAttribute('part') } : lost;
  });
  host.addEventListener('focusout', (event) => {
    const target = event.target as HTMLElement;
    // Focus moved on (or the user clicked away): forget. A removed item keeps its claim.
    queueMicrotask(() => {
      const inside = root.activeElement !== null && host.contains(root.activeElement);
      if (target.isConnected && !inside) lost = undefined;
    });
  });
  const check = () =>
    requestAnimationFrame(() => {
      if (!lost || !host.isConnected) return;
      const active = root.activeElement;
      if (active === null && (document.activeElement === document.body || document.activeElement === null)) {
        host.focus({ preventScroll: true });
      } else if (active === host) {
        const item = host.querySelector(`[${keyAttribute}="${CSS.escape(lost.key)}"]`);
        const control = item && (lost.part ? item.querySelector<HTMLElement>(`[part="${CSS.escape(lost.part)}"]`) : null);
        control?.focus({ preventScroll: true });
      }
    });
  host.addEventListener('rangeChanged', check);
  host.addEventListener('visibilityChanged', check);
}
