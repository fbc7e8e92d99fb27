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

const TOKEN = 'bench-admin-token';
const WORKSPACE = 'bench';
const CATEGORIES = ['AI', 'Payments', 'Messaging', 'Email', 'Calendar', 'Advertising', 'Developer tools', 'Productivity'];
/** Typed into the marketplace search: one category in eight, and no other field contains it. */
const SEARCH_CATEGORY = 'Payments';
const CARD = 'li[data-provider]';

export interface MarketplaceTimings {
  /** Insertion to all cards painted, ms per run. */
  render: number[];
  /** Input event to the filtered grid painted, ms per run (empty unless asked for). */
  search: number[];
  /** Cards left by the search. */
  searchMatches: number;
}

export interface BenchPage {
  marketplace(providers: number, runs: number, withSearch: boolean): Promise<MarketplaceTimings>;
  /** Insertion to all connection rows painted, ms per run. */
  settings(providers: number, connections: number, runs: number): Promise<number[]>;
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

/** Resolves once `root` holds exactly `count` matches of `selector`, checking after each DOM change. */
function whenCount(root: ShadowRoot, selector: string, count: number, timeoutMs = 30_000): Promise<void> {
  const found = () => root.querySelectorAll(selector).length;
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(check);
    // A broken build or backend must fail the benchmark, not hang it.
    const timer = setTimeout(() => settle(new Error(`expected ${count} × ${selector} within ${timeoutMs} ms, found ${found()}`)), timeoutMs);
    function settle(error?: Error) {
      observer.disconnect();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    function check() {
      if (found() === count) settle();
    }
    observer.observe(root, { childList: true, subtree: true });
    check();
  });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** The first frame callback runs before the frame showing the change; the second, once it has been painted. */
async function painted(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

/** Inserts a fresh element and times it until `count` matches of `selector` are painted. */
async function timeMount(tag: 'integration-marketplace' | 'integration-settings', backend: IntegrationsBackend, selector: string, count: number) {
  const element = document.createElement(tag);
  element.backend = backend;
  element.workspace = WORKSPACE;
  const started = performance.now();
  document.body.append(element);
  await whenCount(element.shadowRoot!, selector, count);
  await painted();
  return { element, ms: performance.now() - started };
}

/** Types `query` into the marketplace's search box (as one input event) and times it until `matches` cards are painted. */
async function timeSearch(marketplace: HTMLElement, query: string, matches: number): Promise<number> {
  const root = marketplace.shadowRoot!;
  const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await whenCount(root, CARD, matches);
  await painted();
  return performance.now() - started;
}

async function unmount(element: HTMLElement): Promise<void> {
  element.remove();
  // Let the removal's own style and layout happen outside the next run's timing.
  await painted();
}

window.ikBench = {
  async marketplace(providers, runs, withSearch) {
    const backend = await backendFor(providers, 10);
    const matches = Array.from({ length: providers }, (_, i) => categoryOf(i + 1)).filter((c) => c === SEARCH_CATEGORY).length;
    const timings: MarketplaceTimings = { render: [], search: [], searchMatches: matches };
    for (let run = 0; run < runs; run++) {
      const { element, ms } = await timeMount('integration-marketplace', backend, CARD, providers);
      timings.render.push(ms);
      if (withSearch) timings.search.push(await timeSearch(element, SEARCH_CATEGORY.toLowerCase(), matches));
      await unmount(element);
    }
    return timings;
  },

  async settings(providers, connections, runs) {
    const backend = await backendFor(providers, connections);
    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { element, ms } = await timeMount('integration-settings', backend, 'li[data-connection]', connections);
      timings.push(ms);
      await unmount(element);
    }
    return timings;
  },
};
