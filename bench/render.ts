/**
 * The rendering benchmark's page (opened by `npm run bench`): the real mock-server app runs in
 * this page behind an HttpBackend, and `window.ikBench` times the elements against it.
 */
import '../components/define.ts';
import catalogFile from '../mock-server/catalog/providers.json';
import sampleKeys from '../mock-server/catalog/sample-keys.json';
import { createApp } from '../mock-server/app.ts';
import { parseCatalog } from '../mock-server/data/catalog-repo.ts';
import { MemoryStore } from '../mock-server/store/memory-store.ts';
import { generateEncryptionKey, Vault } from '../mock-server/vault.ts';
import type { IntegrationsBackend } from '../src/backend/backend.ts';
import { HttpBackend } from '../src/backend/http-backend.ts';
import { PlainGrid, PlainSettings } from './plain-grid.ts';

// Registered here: the package's sideEffects list does not name bench/, so a bare import would be dropped.
customElements.define('bench-plain-grid', PlainGrid);
customElements.define('bench-plain-settings', PlainSettings);

const TOKEN = 'bench-admin-token';
const WORKSPACE = 'bench';
const CATEGORIES = ['AI', 'Payments', 'Messaging', 'Email', 'Calendar', 'Advertising', 'Developer tools', 'Productivity'];
/** Typed into the marketplace search: one category in eight, and no other field contains it. */
const SEARCH_CATEGORY = 'Payments';
const CARD = '[data-provider]';
const ROW = '[data-connection]';

/** One figure over the runs: ms per run (or a count). */
export type Runs = number[];

export interface GridTimings {
  /** Insertion to the first painted frame whose cards fill the viewport (or show all of them when fewer), ms per run. */
  firstFrame: Runs;
  /** Input to the filtered cards painted (filling the viewport), ms per run. */
  filter: Runs;
  /** Clearing the search to the unfiltered cards painted again, ms per run. */
  clear: Runs;
  /** Nodes in the element's shadow root at the first frame (last run). */
  nodes: number;
  /** Cards in the DOM at the first frame (last run). */
  cards: number;
  /** Cards left by the filter. */
  matches: number;
}

export interface MarketplaceBench {
  kit: GridTimings;
  /** A plain Lit `map()` grid of the same cards (bench/plain-grid.ts), in the same page. */
  baseline: GridTimings;
}

export interface SettingsBench {
  kit: { firstFrame: Runs; nodes: number; rows: number };
  baseline: { firstFrame: Runs; nodes: number; rows: number };
}

export interface BenchPage {
  /** `dataLoad`: each mount loads the catalog through the in-page app; otherwise the backend answers from memory after the first run's load. */
  marketplace(providers: number, runs: number, dataLoad: boolean): Promise<MarketplaceBench>;
  settings(providers: number, connections: number, runs: number): Promise<SettingsBench>;
}

declare global {
  interface Window {
    ikBench?: BenchPage;
  }
}

const providerKey = (i: number) => `p-${String(i).padStart(5, '0')}`;
const categoryOf = (i: number) => CATEGORIES[(i - 1) % CATEGORIES.length]!;

/** `count` copies of the seeded OpenAI row: p-00001 "Provider 1", p-00002 "Provider 2", … */
function generatedCatalog(count: number): unknown[] {
  const openai = catalogFile.providers.find((p) => p.key === 'openai')!;
  return Array.from({ length: count }, (_, index) => {
    const i = index + 1;
    return { ...openai, key: providerKey(i), name: `Provider ${i}`, category: categoryOf(i) };
  });
}

/** A fresh in-page mock server with `providers` catalog rows and `connections` connections (odd ones keyed, even ones pending). */
async function createBackend(providers: number, connections: number): Promise<IntegrationsBackend> {
  const app = createApp({
    store: new MemoryStore(),
    vault: await Vault.fromBase64(generateEncryptionKey()),
    principals: { principals: [{ token: TOKEN, userId: 'bench', displayName: 'Bench admin', workspaceId: WORKSPACE, role: 'admin' }] },
    catalogSeed: parseCatalog(generatedCatalog(providers), 'generated catalog'),
    // Every keyed connection is tested on save; the default limit would stop the setup.
    testsPerMinute: 1_000_000,
  });
  const backend = new HttpBackend({
    apiBase: 'http://bench.local/api/integrations',
    token: TOKEN,
    fetch: async (input, init) => app.fetch(new Request(input, init)),
  });
  for (let i = 1; i <= connections; i++) {
    const credentialPayload = i % 2 === 1 ? { apiKey: `${sampleKeys.openai.apiKey}${providerKey(i)}` } : undefined;
    await backend.saveConnection({ workspaceId: WORKSPACE, provider: providerKey(i), ...(credentialPayload && { credentialPayload }) });
  }
  return backend;
}

const backends = new Map<string, Promise<IntegrationsBackend>>();

function backendFor(providers: number, connections: number): Promise<IntegrationsBackend> {
  const key = `${providers}/${connections}`;
  let backend = backends.get(key);
  if (!backend) backends.set(key, (backend = createBackend(providers, connections)));
  return backend;
}

/**
 * The answers the elements load on mount, kept after the first call: the figures are then the
 * elements' own rendering, not the in-page app's JSON and HttpBackend's parsing (same for both).
 */
function inMemory(backend: IntegrationsBackend): IntegrationsBackend {
  const cache = new Map<string, Promise<unknown>>();
  const kept = new Set(['listProviders', 'listConnections', 'getRoutingPolicy', 'getMe']);
  return new Proxy(backend, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name !== 'string' || !kept.has(name) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = `${name}/${typeof args[0] === 'string' ? args[0] : ''}`;
        let answer = cache.get(key);
        if (!answer) cache.set(key, (answer = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args.filter((a) => typeof a === 'string'))));
        return answer;
      };
    },
  });
}

/** Resolves once `done()` holds, checking after each DOM change under `root`. */
function when(root: ShadowRoot, done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(check);
    // A broken build or backend must fail the benchmark, not hang it.
    const timer = setTimeout(() => settle(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
    function settle(error?: Error) {
      observer.disconnect();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    function check() {
      if (done()) settle();
    }
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    check();
  });
}

/**
 * Whether the items `selector` in `root` fill the viewport (the last one reaches its bottom), or
 * are all `total` there; and `shows` holds for them. The same test for the kit and the baseline.
 */
function fills(root: ShadowRoot, selector: string, total: number, shows: (items: NodeListOf<Element>) => boolean = () => true): () => boolean {
  return () => {
    const items = root.querySelectorAll(selector);
    if (items.length === 0 || !shows(items)) return false;
    return items.length === total || items[items.length - 1]!.getBoundingClientRect().bottom >= innerHeight;
  };
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Resolves once the DOM as it is now has been painted: the next frame callback runs just before
 * that frame's style, layout and paint, and a task queued from it runs after them.
 */
async function painted(): Promise<void> {
  await nextFrame();
  await nextTask();
}

function countNodes(root: ShadowRoot): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}

type Tag = 'integration-marketplace' | 'integration-settings' | 'bench-plain-grid' | 'bench-plain-settings';

/** Inserts a fresh element and times it until `ready` holds and that frame is painted. */
async function timeMount(tag: Tag, backend: IntegrationsBackend, ready: (root: ShadowRoot) => () => boolean) {
  const element = document.createElement(tag);
  element.backend = backend;
  element.workspace = WORKSPACE;
  const started = performance.now();
  document.body.append(element);
  await when(element.shadowRoot!, ready(element.shadowRoot!), `${tag} first frame`);
  await painted();
  return { element, ms: performance.now() - started };
}

/** Times `change` until `ready` holds and that frame is painted. */
async function timeChange(root: ShadowRoot, change: () => void, ready: () => boolean, what: string): Promise<number> {
  const started = performance.now();
  change();
  await when(root, ready, what);
  await painted();
  return performance.now() - started;
}

/** Types `query` into the marketplace's search box, as one input event. */
function typeSearch(marketplace: HTMLElement, query: string): void {
  const input = marketplace.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = query;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function unmount(element: HTMLElement): Promise<void> {
  element.remove();
  scrollTo(0, 0);
  // Let the removal's own style and layout happen outside the next run's timing.
  await painted();
}

async function benchGrid(tag: 'integration-marketplace' | 'bench-plain-grid', backend: IntegrationsBackend, providers: number, runs: number): Promise<GridTimings> {
  const matches = Array.from({ length: providers }, (_, i) => categoryOf(i + 1)).filter((c) => c === SEARCH_CATEGORY).length;
  const timings: GridTimings = { firstFrame: [], filter: [], clear: [], nodes: 0, cards: 0, matches };
  const category = (item: Element | undefined) => item?.querySelector('[part~="card-category"]')?.textContent;
  // Filtered: the first and last cards shown are of the category. Cleared: the first two are the catalog's first two.
  const filtered = (items: NodeListOf<Element>) => category(items[0]) === SEARCH_CATEGORY && category(items[items.length - 1]) === SEARCH_CATEGORY;
  const cleared = (items: NodeListOf<Element>) => items[0]!.getAttribute('data-provider') === providerKey(1) && (items.length === 1 || items[1]!.getAttribute('data-provider') === providerKey(2));
  for (let run = 0; run < runs; run++) {
    const { element, ms } = await timeMount(tag, backend, (root) => fills(root, CARD, providers));
    const root = element.shadowRoot!;
    timings.firstFrame.push(ms);
    timings.nodes = countNodes(root);
    timings.cards = root.querySelectorAll(CARD).length;
    const search = (query: string) => () => (tag === 'bench-plain-grid' ? ((element as HTMLElementTagNameMap['bench-plain-grid']).query = query) : typeSearch(element, query));
    timings.filter.push(await timeChange(root, search(SEARCH_CATEGORY.toLowerCase()), fills(root, CARD, matches, filtered), `${tag} filter`));
    timings.clear.push(await timeChange(root, search(''), fills(root, CARD, providers, cleared), `${tag} clear`));
    await unmount(element);
  }
  return timings;
}

async function benchList(tag: 'integration-settings' | 'bench-plain-settings', backend: IntegrationsBackend, connections: number, runs: number) {
  const result = { firstFrame: [] as number[], nodes: 0, rows: 0 };
  for (let run = 0; run < runs; run++) {
    const { element, ms } = await timeMount(tag, backend, (root) => fills(root, ROW, connections));
    result.firstFrame.push(ms);
    result.nodes = countNodes(element.shadowRoot!);
    result.rows = element.shadowRoot!.querySelectorAll(ROW).length;
    await unmount(element);
  }
  return result;
}

window.ikBench = {
  async marketplace(providers, runs, dataLoad) {
    const loaded = await backendFor(providers, 10);
    const shared = dataLoad ? loaded : inMemory(loaded);
    // One warm-up run each (the virtualizer's chunk loads then), outside the figures.
    await benchGrid('integration-marketplace', shared, providers, 1);
    await benchGrid('bench-plain-grid', shared, providers, 1);
    const kit = await benchGrid('integration-marketplace', shared, providers, runs);
    const baseline = await benchGrid('bench-plain-grid', shared, providers, runs);
    return { kit, baseline };
  },

  async settings(providers, connections, runs) {
    const backend = inMemory(await backendFor(providers, connections));
    await benchList('integration-settings', backend, connections, 1);
    await benchList('bench-plain-settings', backend, connections, 1);
    return { kit: await benchList('integration-settings', backend, connections, runs), baseline: await benchList('bench-plain-settings', backend, connections, runs) };
  },
};
