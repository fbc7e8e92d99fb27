/**
 * The virtualizer, in its own chunk (see long-list.ts): only the items near the viewport (and
 * `OVERHANG` px either side) are in the DOM; the page scrolls as if all of them were.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { DirectiveResult } from 'lit/directive.js';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { provideResizeObserver } from '@lit-labs/virtualizer/polyfillLoaders/ResizeObserver.js';

/**
 * How far beyond the viewport items are rendered, px. The virtualizer's default, 1,000, renders
 * about twice what a filter or a first paint needs; 400 is still more than a card's line, so
 * the next card is in the DOM before Tab reaches it, and a wheel's step lands on rendered items.
 */
const OVERHANG = 400;

/** The average item height each kind of list measured last, px: the next one's first guess. */
const measuredHeights = new Map<string, number>();

/**
 * The flow layout (items of any height, measured as they render), with a nearer overhang, for
 * one kind of list (`kind`: marketplace lines, settings rows).
 *
 * The first frame is as cheap as it can be: it holds only the items that fit the viewport
 * (no overhang), guessed at the height a list of the same kind measured last (the first list
 * of a page guesses the virtualizer's 100 px); the overhang is added on the next frame.
 */
function nearFlowLayout(kind: string): typeof FlowLayout {
  return class NearFlowLayout extends FlowLayout {
    constructor(...args: ConstructorParameters<typeof FlowLayout>) {
      super(...args);
      this._overhang = 0;
      const guess = measuredHeights.get(kind);
      if (guess) this._itemSize = { ...this._itemSize, height: guess };
      // At the start of the second frame (the first has been painted by then); the virtualizer
      // reflows with it when it next updates, which ListResizeObserver asks for right after.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          this._overhang = OVERHANG;
          this._scheduleReflow();
        }),
      );
    }

    override get viewportScroll(): Positions {
      return super.viewportScroll;
    }

    /**
     * A jump of more than a viewport (End, a deep link, the scrollbar dragged) lets the anchor go
     * even while the first measurements are still coming in (see _reflow): the range is then
     * chosen around where the page is now instead of the page being pulled back to the anchor.
     */
    override set viewportScroll(coords: Positions) {
      const before = this._scrollPosition;
      super.viewportScroll = coords;
      if (!this._stable && Math.abs(this._scrollPosition - before) > this._viewDim1) {
        this._resetReflowState();
        // The half-placed items of the unfinished reflow too: the range starts afresh here.
        this._clearItems();
      }
    }

    /**
     * Where an item not rendered yet probably is. Before any item was measured, the flow layout
     * estimates items past the rendered ones at the measured average, which is 0 then: a jump of
     * the scroll position in the first frames (End, a deep link) found its anchor near the top,
     * and the page was pulled back there. Until a measurement, every item is the guessed size.
     */
    override _estimatePosition(index: number): number {
      const cache = this._metricsCache;
      if (cache.averageChildSize > 0) return super._estimatePosition(index);
      return cache.averageMarginSize + index * (cache.averageMarginSize + this._getAverageSize());
    }

    /**
     * The layout reflows around an anchor item it keeps "until stable", but lets it go only
     * after a reflow that leaves the range as it was; a reflow that shrinks the range (the first
     * measurements: lines taller than guessed) left the anchor set, and the next jump of the
     * scroll position (End, a deep link, dragging the scrollbar) was then pulled back to it. Once
     * every item placed was measured, nothing is estimated: let the anchor go.
     */
    override _reflow(): void {
      super._reflow();
      if (this._stable) this._resetReflowState();
      const average = this._metricsCache.averageChildSize;
      if (average > 0) measuredHeights.set(kind, average);
    }
  };
}

type Positions = FlowLayout['viewportScroll'];

const NativeResizeObserver = ResizeObserver;

/** Whether `list` is one of ours: an empty `[data-virtual-probe]` element, as wide as it and 0 tall, just before it. */
const ours = (list: Element | null | undefined): list is Element => !!list && virtualizerRef in list && !!list.previousElementSibling?.hasAttribute('data-virtual-probe');

/**
 * The virtualizer watches its list, the list's scrolling ancestors and the page with one
 * ResizeObserver and its items with another, and works inside their callbacks: measuring the
 * items grows the list and the page, and renders and observes more items, where the browser
 * cannot deliver the news, so it reports "ResizeObserver loop completed with undelivered
 * notifications" as an error event on `window` (which the host's error monitoring and test
 * runners see) on nearly every render. For our lists:
 * - the outer observer watches what it needs instead: the probe's width, the window's size, and
 *   the list's own height as the virtualizer sets it (told on the next frame: the layout then
 *   settles, and a later jump of the scroll position is taken as a jump, not pulled back);
 * - items start being observed at the next animation frame (before that frame's layout, so a
 *   new item is still measured before it is painted; one rendered by a measurement, just past
 *   the viewport, is measured a frame later, placed meanwhile at the average height), and stop
 *   as soon as they leave the list (their going to 0 × 0 is news nobody needs).
 * Any other virtualizer on the page keeps the native observer.
 */
class ListResizeObserver implements ResizeObserver {
  private readonly native: ResizeObserver;
  /** Whether this is our list's outer observer (undefined until its first target says). */
  private outer?: boolean;
  private readonly resized = () => this.callback([], this);
  private height?: string;
  private readonly restyled = new MutationObserver((records) => {
    const height = (records[0]!.target as HTMLElement).style.minHeight;
    if (height !== this.height) {
      const first = this.height === undefined;
      this.height = height;
      // The first height makes the list tall enough to show items: heard at once, so they are
      // rendered before the first frame instead of a frame after it.
      if (first) queueMicrotask(this.resized);
      else requestAnimationFrame(this.resized);
    }
  });
  private readonly pending = new Map<Element, ResizeObserverOptions | undefined>();
  private frame = 0;
  private readonly removals = new MutationObserver((records) => {
    for (const record of records) for (const node of Array.from(record.removedNodes)) if (node instanceof Element) this.unobserve(node);
  });
  private lists = new WeakSet<Element>();

  constructor(private readonly callback: ResizeObserverCallback) {
    this.native = new NativeResizeObserver(callback);
  }

  observe(target: Element, options?: ResizeObserverOptions): void {
    this.outer ??= ours(target);
    if (this.outer) {
      if (ours(target)) {
        this.native.observe(target.previousElementSibling!);
        this.restyled.observe(target, { attributes: true, attributeFilter: ['style'] });
        addEventListener('resize', this.resized);
        // The layout's overhang arrives on the second frame: an update then renders it (with the
        // scroll position as it is then, which a reflow of the layout alone would not read).
        requestAnimationFrame(() => requestAnimationFrame(this.resized));
      }
      return;
    }
    const list = target.parentElement;
    if (!ours(list)) return this.native.observe(target, options);
    if (!this.lists.has(list)) {
      this.lists.add(list);
      this.removals.observe(list, { childList: true });
    }
    this.pending.set(target, options);
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      for (const [element, elementOptions] of this.pending) this.native.observe(element, elementOptions);
      this.pending.clear();
    });
  }

  unobserve(target: Element): void {
    this.pending.delete(target);
    this.native.unobserve(target);
  }

  disconnect(): void {
    this.native.disconnect();
    this.restyled.disconnect();
    this.height = undefined;
    this.removals.disconnect();
    this.lists = new WeakSet();
    this.pending.clear();
    removeEventListener('resize', this.resized);
    this.outer = undefined;
  }
}
provideResizeObserver(ListResizeObserver);

const layouts = new Map<string, { type: typeof FlowLayout }>();
const layoutFor = (kind: string) => {
  let layout = layouts.get(kind);
  if (!layout) layouts.set(kind, (layout = { type: nearFlowLayout(kind) }));
  return layout;
};

export interface VirtualListOptions<T> {
  /** What the list holds (`settings-rows`): lists of one kind share their first guess of an item's height. */
  kind: string;
  items: T[];
  key: (item: T, index: number) => unknown;
  render: (item: T, index: number) => TemplateResult;
}

/**
 * The items of a list, as the list element's only content, with an empty probe just before it
 * (see ListResizeObserver):
 * `<div data-virtual-probe aria-hidden="true"></div><div role="list" tabindex="-1">${virtualItems(…)}</div>`.
 * The page's own scrolling drives it (no scroller of its own).
 */
export function virtualItems<T>({ kind, items, key, render }: VirtualListOptions<T>): DirectiveResult {
  return virtualize({ items, keyFunction: key, renderItem: render, layout: layoutFor(kind) });
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Scrolls item `index` of the virtual list `host` into view and resolves with the element `find`
 * picks out once it is rendered there (undefined if it never is, after about a second).
 */
export async function scrollToItem<E extends Element>(host: Element, index: number, find: () => E | null): Promise<E | undefined> {
  let asked = false;
  for (let tries = 0; tries < 60; tries++) {
    // The virtualizer takes new items, and sets its layout up, a few microtasks after the render:
    // ask once it knows the item.
    if (!asked) {
      try {
        const item = (host as VirtualizerHostElement)[virtualizerRef]?.element(index);
        item?.scrollIntoView({ block: 'center' });
        asked = item !== undefined;
      } catch {
        // Its layout is not there yet.
      }
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

/** The columns CSS gives an (empty) auto-fill grid at its width: it keeps the empty tracks. */
const columnsOf = (grid: Element): number => Math.max(1, getComputedStyle(grid).gridTemplateColumns.split(' ').filter((t) => t && t !== 'none').length);

/** The columns the last grid of each kind (its items' key attribute) counted: the next one's first guess. */
const lastColumns = new Map<string, number>();

/** One line of a virtual grid: items `start` to `start + items.length - 1` of the list shown. */
interface GridLine<T> {
  start: number;
  items: T[];
  last: boolean;
}

type GridHost = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment; updateComplete: Promise<boolean> };

/**
 * A responsive grid of cards (CSS `auto-fill` columns, cards of any height), virtualized by lines:
 * each virtual item is one line of the grid, a grid of its own (`ul.grid.grid-row`, role none:
 * its `li` cards are items of the whole list, `div[role=list]`) with the same
 * columns, holding as many cards as a line of the plain grid does. The count comes from an empty
 * probe grid of the same width (auto-fill keeps empty tracks, so its computed columns are the
 * grid's), watched with a ResizeObserver: cards keep the plain grid's widths, a line is as tall
 * as its tallest card, and the flow layout measures lines of any height. (The virtualizer's own
 * grid layout gives every item one fixed size, which cards of different lengths do not have.)
 */
export class VirtualGrid<T> implements ReactiveController {
  /** Cards per line, as CSS lays the grid out. */
  private columns = 1;
  private probe?: Element | undefined;
  // A new count re-renders the lines, which the virtualizer's own observers then see: on the
  // next frame, not inside this callback (a ResizeObserver loop error otherwise).
  private readonly observer = new ResizeObserver(() => requestAnimationFrame(() => this.countColumns()));

  constructor(
    private readonly host: GridHost,
    private readonly keyAttribute: string,
  ) {
    host.addController(this);
  }

  /** Whether the grid is on the page now (the list may be short, or empty, at the moment). */
  get shown(): boolean {
    return this.list() !== null;
  }

  render(items: T[], key: (item: T) => unknown, card: (item: T, position: number) => TemplateResult): TemplateResult {
    // The first time, take the count the last grid of this kind had (usually right, and reading a
    // computed style now would make the browser style the whole element an extra time before the
    // first frame); or count on a probe made for the purpose. Either way lines are of the right
    // width from the first frame, and the probe's observer corrects a wrong guess a frame later.
    if (!this.probe) {
      const guess = lastColumns.get(this.keyAttribute);
      if (guess) {
        this.columns = guess;
      } else {
        const probe = document.createElement('div');
        probe.className = 'grid grid-probe';
        this.host.renderRoot.append(probe);
        this.columns = columnsOf(probe);
        lastColumns.set(this.keyAttribute, this.columns);
        probe.remove();
      }
    }
    const columns = this.columns;
    const lines: GridLine<T>[] = [];
    for (let start = 0; start < items.length; start += columns) lines.push({ start, items: items.slice(start, start + columns), last: start + columns >= items.length });
    return html`
      <div class="grid grid-probe" data-virtual-probe aria-hidden="true"></div>
      <div class="virtual-grid" part="grid" role="list" tabindex="-1">${virtualItems({
        kind: `grid-lines/${this.keyAttribute}`,
        items: lines,
        key: (line) => line.start,
        render: (line) => html`<ul class="grid grid-row ${line.last ? 'last' : ''}" role="none">${repeat(line.items, key, (item, i) => card(item, line.start + i + 1))}</ul>`,
      })}</div>
    `;
  }

  hostUpdated(): void {
    const probe = this.host.renderRoot.querySelector('.grid-probe') ?? undefined;
    if (probe !== this.probe) {
      const first = !this.probe;
      if (this.probe) this.observer.unobserve(this.probe);
      if (probe) this.observer.observe(probe);
      this.probe = probe;
      // A new probe (the list came back) is counted now; the first one is by its observer.
      if (!first) this.countColumns();
    }
    const list = this.list();
    if (list) keepFocus(list, this.keyAttribute);
  }

  hostConnected(): void {
    if (this.probe) this.observer.observe(this.probe);
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  /** Scrolls item `index` into view, rendering its line first; resolves with what `find` picks out then. */
  async scrollTo<E extends Element>(index: number, find: () => E | null): Promise<E | undefined> {
    // The column count may be about to change (it is counted after a render): lines after it.
    while (!(await this.host.updateComplete));
    const list = this.list();
    return list ? scrollToItem(list, Math.floor(index / this.columns), find) : undefined;
  }

  private list(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.virtual-grid');
  }

  private countColumns(): void {
    if (!this.probe) return;
    const columns = columnsOf(this.probe);
    lastColumns.set(this.keyAttribute, columns);
    if (columns !== this.columns) {
      this.columns = columns;
      this.host.requestUpdate();
    }
  }
}
