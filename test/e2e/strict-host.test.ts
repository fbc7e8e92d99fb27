import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { launchBrowser } from '../support/demo.ts';
import { buildDropInBundle, bundleFile, type DropInBundle } from '../support/bundle.ts';
import { startHostWithApi, type HostWithApi } from '../support/host-server.ts';
import { loadSampleKeys } from '../support/server.ts';

/**
 * Strict host pages: the drop-in bundle under a Content-Security-Policy without
 * 'unsafe-inline' (and without 'unsafe-eval'), then under Trusted Types, driven through every
 * screen while the page records each `securitypolicyviolation` event. Nothing on the host page
 * is inline either: its scripts and styles are files, as a strict host's would be.
 */

/** What the bundle needs to load and work; nothing inline, no eval. */
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:";
/** Trusted Types on top: the policy names the README tells hosts to allow. */
const TRUSTED_TYPES = "require-trusted-types-for 'script'; trusted-types lit-html";

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/** Loaded first, as a file: records every violation, and the Trusted Types policies created. */
const RECORDER = `
  window.violations = [];
  window.policies = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber });
  });
  if (window.trustedTypes) {
    const create = trustedTypes.createPolicy.bind(trustedTypes);
    trustedTypes.createPolicy = (name, rules) => {
      window.policies.push(name);
      return create(name, rules);
    };
  }
`;

/** The host's own script: tokens first, then the kit (twice with ?copies=2, as two bundles on one page). */
const HOST_SCRIPT = `
  const tokens = { 'integration-marketplace': 'demo-acme-admin', 'integration-settings': 'demo-acme-admin', 'provider-catalog-editor': 'demo-platform-admin' };
  for (const [tag, token] of Object.entries(tokens)) for (const el of document.querySelectorAll(tag)) el.token = token;
  await import('/integration-kit.js');
  if (new URLSearchParams(location.search).get('copies') === '2') {
    try {
      await import('/integration-kit.js?copy=2');
      window.secondCopy = 'loaded';
    } catch (error) {
      window.secondCopy = String(error);
    }
  }
`;

const HOST_CSS = `body { font-family: Georgia, serif; margin: 2rem; }`;

const HOST_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Strict host</title>
  <script src="/recorder.js"></script>
  <link rel="stylesheet" href="/host.css" />
</head>
<body>
  <h1>Strict host</h1>
  <integration-marketplace api-base="/api/integrations" workspace="acme" refresh-interval="0"></integration-marketplace>
  <integration-settings api-base="/api/integrations" refresh-interval="0"></integration-settings>
  <provider-catalog-editor api-base="/api/integrations" refresh-interval="0"></provider-catalog-editor>
  <script type="module" src="/host.js"></script>
</body>
</html>`;

/** Requests to the kit's API wait while held (to see the loading states), or fail (the error states). */
class ApiGate {
  private held?: Promise<void>;
  private open?: () => void;
  failing = false;

  hold(): void {
    this.held = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.held = undefined;
  }

  handle = async (route: Route): Promise<void> => {
    await this.held;
    if (this.failing) await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'Down for maintenance' } }) });
    else await route.continue();
  };
}

describe('strict host pages: CSP without unsafe-inline, and Trusted Types', () => {
  let bundle: DropInBundle;
  let host: HostWithApi;
  let browser: Browser;
  let samples: Record<string, Record<string, string>>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** Header per page path: `/strict` (CSP), `/trusted` (CSP + Trusted Types), `/trusted-dup` (+ 'allow-duplicates'). */
  const policies: Record<string, string> = {
    '/strict': CSP,
    '/trusted': `${CSP}; ${TRUSTED_TYPES}`,
    '/trusted-dup': `${CSP}; ${TRUSTED_TYPES} 'allow-duplicates'`,
  };

  before(async () => {
    bundle = await buildDropInBundle();
    samples = await loadSampleKeys();
    host = await startHostWithApi((path) => {
      const script = bundleFile(bundle, path);
      if (script !== undefined) return { body: script, type: 'text/javascript' };
      if (path === '/recorder.js') return { body: RECORDER, type: 'text/javascript' };
      if (path === '/host.js') return { body: HOST_SCRIPT, type: 'text/javascript' };
      if (path === '/host.css') return { body: HOST_CSS, type: 'text/css' };
      const csp = policies[path];
      return csp ? { body: HOST_PAGE, headers: { 'content-security-policy': csp } } : undefined;
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await host?.stop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    assert.deepEqual(pageErrors.splice(0), [], 'no uncaught errors');
    await removeAllConnections();
  });

  /** Each test starts from a workspace with nothing connected. */
  async function removeAllConnections(): Promise<void> {
    const { body } = await host.api.call('GET', '/provider-connections?workspaceId=acme');
    for (const { id } of body.connections as { id: string }[]) assert.equal((await host.api.call('DELETE', `/provider-connections/${id}`)).status, 204);
  }

  async function open(path: string, gate?: ApiGate): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Chromium also reports each refusal on the console: a second witness besides the events.
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text())) pageErrors.push(`console: ${message.text()}`);
    });
    if (gate) await page.route('**/api/integrations/**', gate.handle);
    await page.goto(`${host.origin}${path}`);
    return page;
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: Violation[] }).violations);
  const noViolations = async (page: Page, screen: string) => assert.deepEqual(await violations(page), [], `no CSP violations: ${screen}`);
  const marketplace = (page: Page) => page.locator('integration-marketplace');
  const settings = (page: Page) => page.locator('integration-settings');
  const editor = (page: Page) => page.locator('provider-catalog-editor');
  const row = (page: Page, name: string): Locator => settings(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

  async function connectWithKey(page: Page, name: string, label: string, key: string): Promise<void> {
    await marketplace(page).getByRole('button', { name: `Install: ${name}` }).click();
    const dialog = marketplace(page).getByRole('dialog', { name: `Connect ${name}` });
    await dialog.getByLabel(label, { exact: true }).fill(key);
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText(`${name} is connected`).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** Every screen of every element, checking the record after each. */
  async function walkEveryScreen(path: string): Promise<Page> {
    const gate = new ApiGate();
    gate.hold();
    const page = await open(path, gate);

    // Loading: the skeletons of all three elements.
    for (const element of [marketplace(page), settings(page), editor(page)]) await element.locator('.skeleton.line').first().waitFor();
    await noViolations(page, 'loading skeletons');
    gate.release();

    // Loaded, then filtered by type (the menu is placed by script), then to nothing, then cleared.
    await marketplace(page).getByRole('button', { name: 'Install: Resend' }).waitFor();
    await settings(page).getByText('No integrations installed yet.').waitFor();
    await noViolations(page, 'loaded');
    await marketplace(page).locator('[part~="type-button"]').click();
    await marketplace(page).locator('[part~="type-menu"]').getByRole('checkbox', { name: /^AI\b/ }).check();
    await marketplace(page).getByText(/^\d+ of 16 integrations$/).waitFor();
    await noViolations(page, 'Type menu');
    await page.keyboard.press('Escape');
    await marketplace(page).getByRole('searchbox', { name: 'Search integrations' }).fill('no such provider');
    await marketplace(page).locator('[part~="empty"]').waitFor();
    await noViolations(page, 'filtered to empty');
    await marketplace(page).locator('[part~="empty"]').getByRole('button', { name: 'Clear filters' }).click();

    // The connect dialog for an API key: a field error, then saved and tested.
    await marketplace(page).getByRole('button', { name: 'Install: Resend' }).click();
    const dialog = marketplace(page).getByRole('dialog', { name: 'Connect Resend' });
    await dialog.getByLabel('API key', { exact: true }).fill('not a key');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.locator('[part~="field-error"]').first().waitFor();
    await noViolations(page, 'connect dialog with a field error');
    await dialog.getByLabel('API key', { exact: true }).fill(samples.resend!.apiKey!);
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('Resend is connected').waitFor();
    await noViolations(page, 'connect dialog result');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The OAuth variant, through the sign-in window to the end.
    await marketplace(page).getByRole('button', { name: 'Install: GitHub' }).click();
    const oauth = marketplace(page).getByRole('dialog', { name: 'Connect GitHub' });
    await oauth.locator('[part~="scopes"]').waitFor();
    await noViolations(page, 'OAuth connect dialog');
    const [popup] = await Promise.all([page.waitForEvent('popup'), oauth.getByRole('button', { name: 'Connect with GitHub' }).click()]);
    await popup.getByRole('button', { name: 'Approve', exact: true }).click();
    await oauth.getByRole('heading', { name: 'GitHub is connected' }).waitFor();
    await noViolations(page, 'OAuth result');
    await oauth.getByRole('button', { name: 'Done' }).click();

    // Settings: rows, the edit drawer, the remove confirmation and its toast.
    await row(page, 'Resend').getByText('Connected').waitFor();
    await row(page, 'Resend').getByRole('button', { name: 'Edit Resend' }).click();
    const drawer = settings(page).getByRole('dialog', { name: 'Edit Resend' });
    await drawer.waitFor();
    await noViolations(page, 'edit drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await row(page, 'Resend').getByRole('button', { name: 'Remove Resend' }).click();
    const confirm = settings(page).getByRole('dialog', { name: 'Remove Resend?' });
    await confirm.waitFor();
    await noViolations(page, 'remove confirmation');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await settings(page).locator('[part~="toast"]').filter({ hasText: 'Resend was removed.' }).waitFor();
    await noViolations(page, 'toast');

    // The catalog editor: its list, and its form with an error.
    await editor(page).getByRole('listitem').first().waitFor();
    await editor(page).getByRole('button', { name: 'Add provider' }).click();
    const form = editor(page).getByRole('dialog', { name: 'Add a provider' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Add provider' }).click();
    await form.locator('[aria-invalid="true"]').first().waitFor();
    await noViolations(page, 'catalog editor form');
    await page.keyboard.press('Escape');

    // The load error, with its retry.
    gate.failing = true;
    await page.reload();
    await marketplace(page).locator('[part~="error"]').waitFor();
    await settings(page).locator('[part~="error"]').waitFor();
    await noViolations(page, 'load error');
    gate.failing = false;
    await marketplace(page).locator('[part~="error"]').getByRole('button', { name: 'Try again' }).click();
    await marketplace(page).getByRole('button', { name: 'Install: Resend' }).waitFor();
    await noViolations(page, 'after retrying');
    return page;
  }

  it('every screen under CSP without unsafe-inline records zero violations', async () => {
    const page = await walkEveryScreen('/strict');
    // The recorder does see a violation when there is one (so the zeros above mean something).
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await page.waitForFunction(() => (window as unknown as { violations: unknown[] }).violations.length > 0);
    assert.equal((await violations(page))[0]?.directive, 'style-src-attr');
    pageErrors.splice(0); // that refusal's console line
  });

  it("every screen under Trusted Types allowing only the 'lit-html' policy records zero violations", async () => {
    const page = await walkEveryScreen('/trusted');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { policies: string[] }).policies), ['lit-html'], 'the only policy the bundle creates');
  });

  it("the bundle creates no Trusted Types policy but 'lit-html', and never evaluates strings", () => {
    const code = [...bundle.values()].join('\n');
    const names = [...code.matchAll(/createPolicy\(\s*(["'`])([^"'`]*)\1/g)].map((m) => m[2]);
    assert.deepEqual(names, ['lit-html']);
    assert.doesNotMatch(code, /\beval\(|\bFunction\(|set(Timeout|Interval)\(\s*["'`]/);
  });

  it("two copies of Lit on one page need 'allow-duplicates'; with it they run clean", async () => {
    const strict = await open('/trusted?copies=2');
    await strict.waitForFunction(() => (window as unknown as { secondCopy?: string }).secondCopy);
    assert.match(await strict.evaluate(() => (window as unknown as { secondCopy: string }).secondCopy), /lit-html/, 'the second copy cannot create its policy');
    assert.deepEqual((await violations(strict)).map((v) => v.directive), ['trusted-types']);
    pageErrors.splice(0);

    const page = await open('/trusted-dup?copies=2');
    await page.waitForFunction(() => (window as unknown as { secondCopy?: string }).secondCopy);
    assert.equal(await page.evaluate(() => (window as unknown as { secondCopy: string }).secondCopy), 'loaded');
    await connectWithKey(page, 'Stripe', 'Secret key', samples.stripe!.apiKey!);
    await noViolations(page, 'two copies with allow-duplicates');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { policies: string[] }).policies), ['lit-html', 'lit-html']);
  });
});
