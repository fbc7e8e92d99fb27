import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../support/demo.ts';
import { startHostServer, type HostServer } from '../support/proxy.ts';
import { startTestServer, TOKENS, type TestServer } from '../support/server.ts';
import { makeHostApps, npmBuild, npmInstall, packKit, readmeSnippets, type HostApps } from './support/host-apps.ts';

/**
 * The host matrix: the package as a host installs it (`npm pack`, then `npm install` of the
 * tarball into apps made from create-vite's templates, running the README's snippets), served
 * as a host serves it, and the core journey in Chromium under every host condition we promise.
 */

const OPENAI_KEY = 'sk-proj-demo0123456789abcdefghijklmnopqrstuvwxyz';
const CDN_URL = /https:\/\/cdn\.jsdelivr\.net\/npm\/integration-kit@[^/]+\/dist\/cdn\/integration-kit\.js/g;
const HOSTILE_CSS = '* { font: 10px/1 serif !important; color: red !important } button { display: none } dialog { all: unset }';
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:";

interface Row {
  host: string;
  condition: string;
  result: 'pass' | 'FAIL';
  seconds: string;
  note: string;
}
const matrix: Row[] = [];

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** A file under `root` for a URL path (index.html for a folder), or undefined. */
function fileFor(root: string, path: string): string | undefined {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(root)) return undefined;
  const candidate = path.endsWith('/') ? join(file, 'index.html') : file;
  return existsSync(candidate) ? candidate : undefined;
}

async function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers }).end(await readFile(file));
}

/** The drop-in bundle's file a path ends in (`…/integration-kit.js`, `…/chunks/<name>.js`), under the package's dist/cdn. */
function cdnFileFor(cdnDir: string, url: string): string | undefined {
  const match = /\/(integration-kit\.js|chunks\/[\w.-]+\.js)$/.exec(new URL(url, 'http://host').pathname);
  return match ? join(cdnDir, match[1]!) : undefined;
}

/** The host's backend: a short-lived token for its signed-in user, minted with the service token. */
async function mintToken(api: TestServer, res: ServerResponse) {
  const minted = await api.call('POST', '/sessions', {
    token: TOKENS.service,
    body: { userId: 'dana', displayName: 'Dana', workspaceId: 'acme', role: 'admin', ttlSeconds: 600 },
  });
  res.writeHead(minted.status, { 'content-type': 'text/plain' }).end(minted.body.token);
}

/** Inline scripts moved into files (of the same type), as a page under a strict CSP must have them. */
function externalize(page: string, prefix: string): { page: string; scripts: string[] } {
  const scripts: string[] = [];
  const html = page.replace(/<script( type="module")?>([\s\S]*?)<\/script>/g, (_, type = '', code: string) => {
    scripts.push(code);
    return `<script${type} src="${prefix}inline-${scripts.length - 1}.js"></script>`;
  });
  return { page: html, scripts };
}

describe('the host matrix: the packed package in every kind of host page', () => {
  let scratch: string;
  let apps: HostApps;
  let api: TestServer;
  let browser: Browser;
  /** The plain HTML host (its pages and variants), the built apps, a CDN, and a page on another site. */
  const hosts: Record<'html' | 'react' | 'vue' | 'bundler' | 'cdn' | 'elsewhere', HostServer> = {} as never;
  const timings: string[] = [];

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ik-hosts-'));
    let started = performance.now();
    const tarball = await packKit(scratch);
    timings.push(`pack ${((performance.now() - started) / 1000).toFixed(1)} s`);
    apps = await makeHostApps(scratch, tarball, await readmeSnippets());
    started = performance.now();
    await Promise.all(Object.values(apps).map(npmInstall));
    timings.push(`install ×4 ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    // Each app's own build script: the type check (tsc -b, vue-tsc -b, tsc) and the Vite build.
    await Promise.all([apps.react, apps.vue, apps.bundler].map(npmBuild));
    timings.push(`type-check + build ×3 ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const cdnDir = join(apps.html, 'node_modules', 'integration-kit', 'dist', 'cdn');
    const apiOrigin = () => api.origin;
    const built = (dir: string) => async (req: { url?: string }, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      if (path === '/my-app/integrations-token') return mintToken(api, res);
      const file = fileFor(join(dir, 'dist'), path) ?? fileFor(join(dir, 'dist'), '/');
      return sendFile(res, file!);
    };
    hosts.react = await startHostServer({ target: apiOrigin, preserveHost: true, pages: built(apps.react) });
    hosts.vue = await startHostServer({ target: apiOrigin, preserveHost: true, pages: built(apps.vue) });
    hosts.bundler = await startHostServer({ target: apiOrigin, preserveHost: true, pages: built(apps.bundler) });
    hosts.cdn = await startHostServer({
      pages: (req, res) => {
        const file = cdnFileFor(cdnDir, req.url ?? '/');
        if (!file) return void res.writeHead(404).end();
        void sendFile(res, file, { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' });
      },
    });
    hosts.html = await startHostServer({ target: apiOrigin, preserveHost: true, pages: (req, res) => void htmlHost(req.url ?? '/', res, cdnDir) });
    hosts.elsewhere = await startHostServer({ pages: (req, res) => void htmlHost(req.url ?? '/', res, cdnDir) });
    api = await startTestServer({ publicOrigin: hosts.html.origin, corsOrigins: [`http://localhost:${hosts.elsewhere.port}`] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(Object.values(hosts).map((host) => host?.close()));
    await api?.stop();
    // IK_KEEP_HOSTS=1 keeps the scratch apps for a look afterwards.
    if (scratch && !process.env.IK_KEEP_HOSTS) await rm(scratch, { recursive: true, force: true });
    const header: Row = { host: 'host', condition: 'condition', result: 'result' as Row['result'], seconds: 'seconds', note: 'checked' };
    const rows = [header, ...matrix];
    const width = (key: keyof Row) => Math.max(...rows.map((r) => r[key].length));
    const line = (r: Row) => [r.host.padEnd(width('host')), r.condition.padEnd(width('condition')), r.result.padEnd(width('result')), r.seconds.padStart(width('seconds')), r.note].join('  ');
    console.log(`\nHost matrix (${timings.join(', ')})\n`);
    for (const r of rows) console.log(line(r));
    console.log('');
  });

  /** The plain HTML host: the README's page, in the variant the path names. */
  async function htmlHost(url: string, res: ServerResponse, cdnDir: string) {
    const { pathname } = new URL(url, 'http://host');
    if (pathname === '/my-app/integrations-token') return mintToken(api, res);
    const bundleFile = cdnFileFor(cdnDir, pathname);
    if (bundleFile) return sendFile(res, bundleFile);
    const snippet = await readFile(join(apps.html, 'index.html'), 'utf8');
    const [, variant = '', rest = ''] = /^\/([^/]*)\/?(.*)$/.exec(pathname) ?? [];
    const sameOriginBundle = snippet.replace(CDN_URL, `/${variant}/integration-kit.js`);
    const head = (html: string, extra: string) => html.replace('</head>', `  ${extra}\n</head>`);
    switch (variant) {
      case 'cdn':
        return send(res, snippet.replace(CDN_URL, `${hosts.cdn.origin}/integration-kit.js`));
      case 'strict-csp': {
        const { page, scripts } = externalize(sameOriginBundle, '/strict-csp/');
        const inline = /^inline-(\d+)\.js$/.exec(rest);
        if (inline) return send(res, scripts[Number(inline[1])]!, 'text/javascript');
        return send(res, page, 'text/html; charset=utf-8', { 'content-security-policy': STRICT_CSP });
      }
      case 'trusted-types':
        return send(res, sameOriginBundle, 'text/html; charset=utf-8', { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types lit-html" });
      case 'hostile-css':
        return send(res, head(sameOriginBundle, `<style>${HOSTILE_CSS}</style>`));
      case 'dark':
        return send(res, head(sameOriginBundle, '<style>:root { color-scheme: dark; background: #111; }</style>'));
      case 'two-copies': {
        const second = `<script type="module" src="/two-copies/second/integration-kit.js"></script>`;
        return send(res, head(sameOriginBundle, second));
      }
      case 'coop':
        return send(res, sameOriginBundle, 'text/html; charset=utf-8', { 'cross-origin-opener-policy': 'same-origin' });
      case 'other-origins':
        return send(res, snippet.replace(CDN_URL, `${hosts.cdn.origin}/integration-kit.js`).replaceAll('api-base="/api/integrations"', `api-base="${api.origin}/api/integrations"`));
      default:
        return void res.writeHead(404).end();
    }
  }

  function send(res: ServerResponse, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}) {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body);
  }

  /** A fresh browser context on `url`, recording page errors, console messages and CSP violations. */
  async function open(url: string): Promise<{ context: BrowserContext; page: Page; problems: string[]; console: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const console: string[] = [];
    await context.addInitScript(() => {
      const seen = window as unknown as { violations: string[]; kitErrors: string[] };
      seen.violations = [];
      seen.kitErrors = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      // A failed call, a request before the token was there: the host would see (and log) these.
      document.addEventListener('ik-error', (e) => seen.kitErrors.push((e as CustomEvent<{ code: string }>).detail.code));
    });
    context.on('page', (p) => {
      p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      p.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    });
    const page = await context.newPage();
    await page.goto(url);
    return { context, page, problems, console };
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  const kitErrors = (page: Page) => page.evaluate(() => (window as unknown as { kitErrors: string[] }).kitErrors);

  /** Catalog → connect OpenAI with a pasted key → connected → the row masked in settings → the host saw the event. */
  async function journey(page: Page, tags = { marketplace: 'integration-marketplace', settings: 'integration-settings' }) {
    const market = page.locator(tags.marketplace);
    await market.getByRole('button', { name: 'Install: OpenAI' }).click();
    const dialog = market.getByRole('dialog', { name: 'Connect OpenAI' });
    await dialog.getByLabel('API key', { exact: true }).fill(OPENAI_KEY);
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('OpenAI is connected').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.locator(tags.settings).locator('[part~="row-key"]').getByText('••••••••wxyz').waitFor();
    await page.locator('#last-saved').getByText('OpenAI').waitFor();
  }

  /** Every connection of the journey's workspace removed, so the next row starts from the same place. */
  async function resetWorkspace() {
    const { body } = await api.call('GET', '/provider-connections?workspaceId=acme');
    for (const connection of body.connections as { id: string }[]) await api.call('DELETE', `/provider-connections/${connection.id}`);
  }

  /** One row of the matrix: opens the page, runs `check`, records the outcome (and fails the test on failure). */
  function row(host: string, condition: string, url: () => string, check: (page: Page, seen: { problems: string[]; console: string[] }) => Promise<string>) {
    it(`${host}: ${condition}`, async () => {
      const started = performance.now();
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
      const { context, page, problems, console } = await open(url());
      try {
        const note = await check(page, { problems, console });
        assert.deepEqual(problems, [], 'no page errors');
        assert.deepEqual(await kitErrors(page), [], 'no ik-error reached the host');
        matrix.push({ host, condition, result: 'pass', seconds: seconds(), note });
      } catch (error) {
        await page.screenshot({ path: join(ARTIFACTS, `host-matrix-${host}-${condition}.png`.replace(/[^\w.-]+/g, '-')), fullPage: true }).catch(() => undefined);
        matrix.push({ host, condition, result: 'FAIL', seconds: seconds(), note: String((error as Error).message).split('\n')[0]!.slice(0, 120) });
        // What the page said is most of the diagnosis.
        process.stderr.write(`${host} / ${condition}: the page said:\n${[...problems, ...console].map((line) => `  ${line}`).join('\n')}\n`);
        throw error;
      } finally {
        await context.close();
        await resetWorkspace();
      }
    });
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `host-matrix-${name}.png`), fullPage: true });

  it('installs only what the browser needs into the host', async () => {
    const modules = join(apps.html, 'node_modules');
    const installed = (await readdir(modules)).filter((name) => !name.startsWith('.'));
    const packages = (
      await Promise.all(installed.map(async (name) => (name.startsWith('@') ? (await readdir(join(modules, name))).map((inner) => `${name}/${inner}`) : [name])))
    ).flat();
    // Lit and its own dependencies, the virtualizer (and its tslib), zod, and the kit: nothing of
    // React, Vue, the server or the build.
    assert.deepEqual(packages.sort(), [
      '@lit-labs/ssr-dom-shim',
      '@lit-labs/virtualizer',
      '@lit/context',
      '@lit/reactive-element',
      '@lit/task',
      '@types/trusted-types',
      'integration-kit',
      'lit',
      'lit-element',
      'lit-html',
      'tslib',
      'zod',
    ]);
    const kit = join(modules, 'integration-kit');
    for (const path of ['test', 'demo', 'mock-server', 'bench', 'scripts', '.ci']) assert.ok(!existsSync(join(kit, path)), `the package ships no ${path}/`);
    for (const path of ['dist/components/define.d.ts', 'dist/components/react/index.d.ts', 'dist/cdn/integration-kit.js', 'custom-elements.json', 'LICENSE']) assert.ok(existsSync(join(kit, path)), `the package ships ${path}`);
  });

  it('ships declarations that name only packages it depends on (strict installs, pnpm, Yarn PnP)', async () => {
    const kit = join(apps.html, 'node_modules', 'integration-kit');
    const manifest = JSON.parse(await readFile(join(kit, 'package.json'), 'utf8')) as { dependencies: object; peerDependencies: object };
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const named = new Set<string>();
    for (const file of (await readdir(join(kit, 'dist'), { recursive: true })).filter((f) => f.endsWith('.d.ts'))) {
      const text = await readFile(join(kit, 'dist', file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from\s*|import\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g)) {
        named.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
      }
    }
    assert.ok(named.has('lit'));
    assert.deepEqual([...named].filter((name) => !declared.has(name)), []);
  });

  row('plain HTML', 'the README page, bundle from a CDN origin', () => `${hosts.html.origin}/cdn/`, async (page) => {
    await journey(page);
    await screenshot(page, 'html-cdn');
    return 'journey';
  });

  row('React 19 + Vite', 'integration-kit/react, tsc -b in the template tsconfig', () => `${hosts.react.origin}/`, async (page) => {
    await journey(page);
    await screenshot(page, 'react');
    return 'journey; onIkConnectionSaved; token prop';
  });

  row('Vue 3 + Vite', 'integration-kit/vue, vue-tsc -b', () => `${hosts.vue.origin}/`, async (page) => {
    await journey(page);
    await screenshot(page, 'vue');
    return 'journey; @ik-connection-saved; :token';
  });

  row('vanilla TS + Vite', "import 'integration-kit', tsc", () => `${hosts.bundler.origin}/`, async (page) => {
    await journey(page);
    return 'journey';
  });

  row('vanilla TS + Vite', 'renamed tags (acme-*) from integration-kit/elements', () => `${hosts.bundler.origin}/renamed.html`, async (page) => {
    await journey(page, { marketplace: 'acme-marketplace', settings: 'acme-settings' });
    const defaults = await page.evaluate(() => ['integration-marketplace', 'connect-dialog', 'connection-editor'].filter((tag) => customElements.get(tag)));
    assert.deepEqual(defaults, [], 'no default tag registered');
    assert.ok(await page.locator('acme-marketplace').locator('acme-connect-dialog').count(), 'the dialog is the renamed one');
    return 'journey; no default tags';
  });

  row('plain HTML', `strict CSP (${STRICT_CSP.split(';')[0]}; style-src 'self')`, () => `${hosts.html.origin}/strict-csp/`, async (page) => {
    await journey(page);
    assert.deepEqual(await violations(page), [], 'no CSP violations');
    return '0 securitypolicyviolation';
  });

  row('plain HTML', "Trusted Types (require-trusted-types-for 'script')", () => `${hosts.html.origin}/trusted-types/`, async (page) => {
    await journey(page);
    assert.deepEqual(await violations(page), [], 'no Trusted Types violations');
    return '0 securitypolicyviolation';
  });

  row('plain HTML', 'hostile global CSS', () => `${hosts.html.origin}/hostile-css/`, async (page) => {
    await journey(page);
    const install = page.locator('integration-marketplace').getByRole('button', { name: 'Install: Anthropic' });
    const look = await install.evaluate((button) => ({ display: getComputedStyle(button).display, color: getComputedStyle(button).color, size: getComputedStyle(button).fontSize }));
    assert.notEqual(look.display, 'none');
    assert.notEqual(look.color, 'rgb(255, 0, 0)');
    assert.notEqual(look.size, '10px');
    await screenshot(page, 'hostile-css');
    return `buttons ${look.display}, ${look.size}, not red`;
  });

  row('plain HTML', 'dark host page (color-scheme: dark)', () => `${hosts.html.origin}/dark/`, async (page) => {
    await journey(page);
    const card = page.locator('integration-marketplace').getByRole('listitem').first();
    const background = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number) as [number, number, number];
    assert.ok(r + g + b < 150, `a dark card (${background})`);
    await screenshot(page, 'dark');
    return `card ${background}`;
  });

  row('plain HTML', 'two copies of the bundle', () => `${hosts.html.origin}/two-copies/`, async (page, seen) => {
    await journey(page);
    const notices = seen.console.filter((line) => line.includes('already defined by another script'));
    assert.ok(notices.length > 0, 'the second copy says it left the tags to the first');
    return 'journey; second copy stands aside';
  });

  row('plain HTML', 'COOP same-origin, GitHub OAuth through the popup', () => `${hosts.html.origin}/coop/`, async (page) => {
    const market = page.locator('integration-marketplace');
    await market.getByRole('button', { name: 'Install: GitHub' }).click();
    const dialog = market.getByRole('dialog', { name: 'Connect GitHub' });
    const [popup] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Connect with GitHub' }).click()]);
    await popup.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.getByText('GitHub is connected').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.locator('integration-settings').locator('[part~="row-status"]').getByText('Connected').waitFor();
    await page.locator('#last-saved').getByText('GitHub').waitFor();
    return 'OAuth connected across the opener cut';
  });

  row('plain HTML', 'page, script and API on three origins', () => `http://localhost:${hosts.elsewhere.port}/other-origins/`, async (page) => {
    await journey(page);
    return `page localhost, script ${new URL(hosts.cdn.origin).host}, API ${new URL(api.origin).host}`;
  });
});
