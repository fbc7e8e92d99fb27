/**
 * Long lists: above `VIRTUALIZE_ABOVE` items a list renders only the rows near the viewport
 * (`@lit-labs/virtualizer`), loaded on demand so that hosts with a catalog of a few dozen
 * providers never download it.
 */
import type * as VirtualList from './virtual-list.ts';

/**
 * Lists longer than this are virtualized. Up to 200 cards or rows the plain DOM paints in a few
 * tens of milliseconds here, and every item stays in the page, so the browser's find-in-page
 * finds any of them; above it, style and layout of every item grow with the list (10,000 cards:
 * about 1.4 s), so only what is near the viewport is rendered.
 */
export const VIRTUALIZE_ABOVE = 200;

export type VirtualListModule = typeof VirtualList;

let loading: Promise<VirtualListModule> | undefined;
let loaded: VirtualListModule | undefined;

/** Loads the virtualizer (once); elements call it when a list they are about to show is long. */
export function loadVirtualList(): Promise<VirtualListModule> {
  return (loading ??= import('./virtual-list.ts').then((module) => (loaded = module)));
}

/** Whether a list of `count` items is virtualized. */
export const isLong = (count: number): boolean => count > VIRTUALIZE_ABOVE;

/** The virtualizer, if it has loaded. */
export const loadedVirtualList = (): VirtualListModule | undefined => loaded;

/**
 * The virtualizer when `count` items need it; undefined means: render the plain list. A list
 * that grows long before the virtualizer loaded starts loading it and calls `whenLoaded`.
 */
export function virtualListFor(count: number, whenLoaded?: () => void): VirtualListModule | undefined {
  if (!isLong(count)) return undefined;
  if (!loaded && whenLoaded) void loadVirtualList().then(whenLoaded, () => undefined);
  return loaded;
}
