import { createApp } from '../../../mock-server/app.ts';
import { parseCatalog } from '../../../mock-server/data/catalog-repo.ts';
import { MemoryStore } from '../../../mock-server/store/memory-store.ts';
import { generateEncryptionKey, Vault } from '../../../mock-server/vault.ts';
import type { OAuthClients } from '../../../mock-server/oauth/oauth-clients.ts';
import { HttpBackend } from '../../../src/backend/http-backend.ts';

let fixtures: Promise<{ catalog: unknown[]; principals: unknown; samples: Record<string, Record<string, string>>; oauthClients: OAuthClients }> | undefined;

function loadFixtures() {
  fixtures ??= Promise.all([
    fetch('/mock-server/catalog/providers.json').then((r) => r.json()),
    fetch('/mock-server/config/dev-principals.json').then((r) => r.json()),
    fetch('/mock-server/catalog/sample-keys.json').then((r) => r.json()),
    fetch('/mock-server/config/dev-oauth-clients.json').then((r) => r.json()),
  ]).then(([catalog, principals, samples, oauthClients]) => ({ catalog: catalog.providers, principals, samples, oauthClients }));
  return fixtures;
}

export const KIT_SERVICE_TOKEN = 'kit-service-token-0123456789';

export interface TestKit {
  /** An HttpBackend speaking to the real mock-server app, running in this page. */
  backend: HttpBackend;
  /** Requests the backend made, as "METHOD /path". */
  requests: string[];
  samples: Record<string, Record<string, string>>;
  /** Holds every request until release() (to see loading states). */
  hold(): void;
  release(): void;
  /** Makes the next `count` requests fail as if the network were down. */
  failNext(count: number): void;
  /** Acts directly on the server, as another user or tab would (the kit's token by default). */
  api(method: string, path: string, body?: unknown, token?: string): Promise<any>;
  /** Moves the server's clock forward (session expiry). */
  advanceClock(seconds: number): void;
  /** fetch() into the in-page server, for backends a test builds itself. */
  fetch: typeof fetch;
}

/**
 * The real mock server (in-memory store, in-process simulated upstream) behind a real
 * HttpBackend: component tests exercise the actual contract, with no stubbed methods.
 */
export async function createKit(token = 'demo-acme-admin', options: { oauthClients?: Record<string, { clientId: string; clientSecret: string }> } = {}): Promise<TestKit & { backendFor(token: string): HttpBackend }> {
  const fixtures = await loadFixtures();
  const { catalog, principals, samples } = fixtures;
  const oauthClients = options.oauthClients ?? fixtures.oauthClients;
  let clockOffset = 0;
  const app: ReturnType<typeof createApp> = createApp({
    store: new MemoryStore(),
    vault: await Vault.fromBase64(generateEncryptionKey()),
    principals: { ...(principals as object), serviceToken: KIT_SERVICE_TOKEN } as never,
    now: () => new Date(Date.now() + clockOffset),
    catalogSeed: parseCatalog(catalog, 'providers.json'),
    platformKeys: { openai: { apiKey: 'sk-platform-demo-key-0000000000000000' } },
    // OAuth sign-in windows open on this page's origin (loopback); the server calls itself in-process.
    origin: () => location.origin,
    upstream: { fetch: (input, init) => Promise.resolve(app.fetch(new Request(input, init))) },
    // A Response made in a page cannot carry Set-Cookie, so the browser-binding cookie (proven in
    // the node and end-to-end tests) is off for this in-page server.
    oauth: { clients: oauthClients, tokenSeconds: 3600, bindToBrowser: false },
  });
  const requests: string[] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let failures = 0;
  const fetchIntoApp: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname.replace('/api/integrations', '')}`);
    if (gate) await gate;
    if (failures > 0) {
      failures -= 1;
      throw new TypeError('Failed to fetch');
    }
    return app.fetch(request);
  };
  const base = 'http://kit.test/api/integrations';
  return {
    backend: new HttpBackend({ apiBase: base, token, fetch: fetchIntoApp }),
    /** Another user's backend on the same server. */
    backendFor: (other: string) => new HttpBackend({ apiBase: base, token: other, fetch: fetchIntoApp }),
    requests,
    samples,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
      gate = undefined;
    },
    failNext(count) {
      failures = count;
    },
    fetch: fetchIntoApp,
    advanceClock(seconds) {
      clockOffset += seconds * 1000;
    },
    async api(method, path, body, as = token) {
      const response = await app.fetch(
        new Request(base + path, {
          method,
          headers: { authorization: `Bearer ${as}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : null,
        }),
      );
      return response.status === 204 ? null : response.json();
    },
  };
}

/** Resolves once `predicate` holds, checking each animation frame (fails after `timeout` ms). */
export async function until(predicate: () => unknown, timeout = 3000): Promise<void> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeout) throw new Error(`timed out waiting for ${predicate}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Text of an element's shadow root, all the way down. */
export function deepText(root: Element | ShadowRoot): string {
  let text = '';
  for (const node of Array.from(root.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    else if (node instanceof Element) {
      text += deepText(node);
      if (node.shadowRoot) text += deepText(node.shadowRoot);
      if (node instanceof HTMLInputElement) text += ` ${node.value} `;
    }
  }
  return text;
}

/** Waits for finite animations (a dialog opening) so checks see the final look. */
export async function settled(): Promise<void> {
  const roots: (Document | ShadowRoot)[] = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of Array.from(roots[i]!.querySelectorAll('*'))) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const finite = roots.flatMap((root) => root.getAnimations()).filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
}
