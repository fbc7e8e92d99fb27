import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { defaultStrings as t } from '../../src/i18n/default-strings.ts';
import { buildDropInBundle, bundleFile, type DropInBundle } from '../support/bundle.ts';
import { ARTIFACTS } from '../support/demo.ts';
import { startHostServer, type HostServer } from '../support/proxy.ts';
import { startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/**
 * OAuth in real deployments, in Chromium: a host that proxies the API on its own origin
 * (IK_PUBLIC_ORIGIN), and a page on another site than the API (IK_CORS_ORIGINS).
 */

/** A name of the host's own, mapped to loopback in this browser only: not an alias the server knows. */
const HOST_NAME = 'ik-host.test';

/** A host page knowing nothing of the kit but its bundle, its tags, a token and where the API is. */
const hostPage = (apiBase: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Host product</title></head>
<body>
  <h1>Host product — Integrations</h1>
  <integration-marketplace api-base="${apiBase}" workspace="acme"></integration-marketplace>
  <integration-settings api-base="${apiBase}" workspace="acme"></integration-settings>
  <script>
    for (const el of document.querySelectorAll('integration-marketplace, integration-settings')) el.getToken = async () => '${TOKENS.acmeAdmin}';
  </script>
  <script type="module" src="/integration-kit.js"></script>
</body></html>`;

let bundle: DropInBundle;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

before(async () => {
  bundle = await buildDropInBundle();
  const executablePath = findChromium();
  assert.ok(executablePath, 'Chromium is installed');
  browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1`] });
});
after(() => browser?.close());
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  assert.deepEqual(errors.splice(0), [], 'no uncaught errors in any page');
});

/** The host's pages: the page at / and the kit's bundle. */
function pages(apiBase: () => string) {
  return (req: { url?: string }, res: import('node:http').ServerResponse) => {
    const script = bundleFile(bundle, req.url ?? '/');
    if (script !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(apiBase()));
  };
}

/** A fresh context whose pages (popups included) record every URL they navigate to. */
async function openPage(url: string): Promise<{ page: Page; visited: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const visited: string[] = [];
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('framenavigated', (frame) => visited.push(frame.url()));
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('integration-marketplace').getByRole('listitem').first().waitFor();
  return { page, visited };
}

const marketplace = (page: Page) => page.locator('integration-marketplace');
const settingsRow = (page: Page, name: string) =>
  page.locator('integration-settings').getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
const badge = (page: Page, name: string, text: string) =>
  settingsRow(page, name).locator('[part~="row-status"]').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) }).waitFor();

describe('a host that proxies the API on its own origin (IK_PUBLIC_ORIGIN), in Chromium', () => {
  let host: HostServer;
  let api: TestServer;
  const hostOrigin = () => `http://${HOST_NAME}:${host.port}`;

  before(async () => {
    // A proxy that passes the browser's Host on, as Vite's does by default: the API server must answer to that name.
    host = await startHostServer({ target: () => api.origin, preserveHost: true, pages: pages(() => '/api/integrations') });
    api = await startTestServer({ publicOrigin: `http://${HOST_NAME}:${host.port}` });
  });
  after(async () => {
    await api?.stop();
    await host?.close();
  });

  it('completes a GitHub sign-in through a popup from the host page, with no IK_CORS_ORIGINS entry', async () => {
    assert.deepEqual(api.config.corsOrigins, []);
    const { page } = await openPage(`${hostOrigin()}/`);
    await marketplace(page).getByRole('button', { name: 'Install: GitHub' }).click();
    const dialog = marketplace(page).getByRole('dialog', { name: 'Connect GitHub' });
    const [popup] = await Promise.all([page.waitForEvent('popup'), dialog.getByRole('button', { name: 'Connect with GitHub' }).click()]);
    await popup.getByRole('heading', { name: 'Connect to GitHub' }).waitFor();

    // The simulated provider is at the API server's own address; it sends the browser back to the host.
    const authorize = new URL(popup.url());
    assert.equal(authorize.origin, api.origin);
    assert.equal(authorize.searchParams.get('redirect_uri'), `${hostOrigin()}/api/integrations/oauth/callback`);

    const closed = popup.waitForEvent('close', { timeout: 10_000 });
    await popup.getByRole('button', { name: 'Approve', exact: true }).click();
    await closed;
    const result = dialog.locator('[part~="result"]');
    await result.getByRole('heading', { name: 'GitHub is connected' }).waitFor();
    await result.getByText('Granted: Read and write your repositories, Read your profile').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'oauth-deploy-proxy-connected.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await badge(page, 'GitHub', t.statusWord.connected);

    const stored = (await api.call('GET', '/provider-connections?workspaceId=acme')).body.connections.find((c: { provider: string }) => c.provider === 'github');
    assert.equal(stored.status, 'active');
  });
});

describe('a page on another site than the API (page localhost, API 127.0.0.1, IK_CORS_ORIGINS), in Chromium', () => {
  let pageServer: HostServer;
  let api: TestServer;
  const pageOrigin = () => `http://localhost:${pageServer.port}`;

  before(async () => {
    pageServer = await startHostServer({ pages: pages(() => `${api.origin}/api/integrations`) });
    api = await startTestServer({ corsOrigins: [`http://localhost:${pageServer.port}`] });
  });
  after(async () => {
    await api?.stop();
    await pageServer?.close();
  });

  it('connects a pasted key as before', async () => {
    const { page } = await openPage(`${pageOrigin()}/`);
    await marketplace(page).getByRole('button', { name: 'Install: Resend' }).click();
    const dialog = marketplace(page).getByRole('dialog', { name: 'Connect Resend' });
    await dialog.getByLabel('API key', { exact: true }).fill('re_cross1234_site0123456789abcdefghijklm');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('Resend is connected').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await badge(page, 'Resend', t.statusWord.connected);
  });

  it('refuses an OAuth sign-in at once, before any window reaches the provider, and says why in the dialog', async () => {
    const { page, visited } = await openPage(`${pageOrigin()}/`);
    await marketplace(page).getByRole('button', { name: 'Install: GitHub' }).click();
    const dialog = marketplace(page).getByRole('dialog', { name: 'Connect GitHub' });
    const [popup] = await Promise.all([page.waitForEvent('popup'), dialog.getByRole('button', { name: 'Connect with GitHub' }).click()]);
    const alert = dialog.getByRole('alert');
    await alert.getByText(`GitHub sign-in cannot start from this page: it is on another site (${pageOrigin()}) than the integrations API (${api.origin})`, { exact: false }).waitFor();
    await alert.getByText(/Serve the API from the page's own origin \(proxy \/api\/integrations there and set IK_PUBLIC_ORIGIN to it\)/).waitFor();
    if (!popup.isClosed()) await popup.waitForEvent('close');
    await page.screenshot({ path: join(ARTIFACTS, 'oauth-deploy-cross-site-refused.png'), animations: 'disabled' });

    assert.ok(!visited.some((url) => url.includes('/__oauth/')), `no window went to the provider: ${visited.join(', ')}`);
    assert.equal(await dialog.getByRole('button', { name: 'Connect with GitHub' }).isEnabled(), true, 'the dialog stays usable');
    const connections = (await api.call('GET', '/provider-connections?workspaceId=acme')).body.connections as { provider: string }[];
    assert.ok(!connections.some((c) => c.provider === 'github'), 'no pending row was made');
  });

  it('the same page on an origin the API does not allow: the error names CORS, both origins and IK_CORS_ORIGINS', async () => {
    const other = `http://127.0.0.1:${pageServer.port}`;
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${other}/`);
    const error = marketplace(page).locator('[part~="error"]');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', new RegExp(t.networkErrorCrossOrigin(api.origin, other).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
