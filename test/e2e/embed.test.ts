import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startMockServer, type RunningServer } from '../../mock-server/node-server.ts';
import { buildDropInBundle, bundleFile } from '../support/bundle.ts';
import { ARTIFACTS, launchBrowser } from '../support/demo.ts';
import { startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/** A host page that knows nothing of the kit but its bundle, its tags and its tokens. */
const HOST_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Host product</title>
  <style>
    body { font-family: Georgia, serif; margin: 2rem; }
    integration-marketplace, integration-settings { --ik-color-accent: rgb(10, 120, 90); --ik-radius: 2px; }
    integration-marketplace::part(card) { border-color: rgb(200, 0, 0); }
  </style>
</head>
<body>
  <h1>Acme Studio — Integrations</h1>
  <integration-marketplace api-base="/api/integrations" workspace="acme"></integration-marketplace>
  <integration-settings api-base="/api/integrations"></integration-settings>
  <script>
    for (const el of document.querySelectorAll('integration-marketplace, integration-settings')) el.getToken = async () => 'demo-acme-admin';
  </script>
  <script type="module" src="/integration-kit.js"></script>
</body>
</html>`;

/**
 * A host page on short-lived session tokens: it asks its own backend for one, and again when
 * an element says the token expired.
 */
const SESSION_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Host with sessions</title></head>
<body>
  <integration-marketplace api-base="/api/integrations" refresh-interval="0"></integration-marketplace>
  <script type="module">
    const token = async () => (await (await fetch('/host/token')).json()).token;
    const marketplace = document.querySelector('integration-marketplace');
    marketplace.token = await token();
    window.renewals = 0;
    marketplace.addEventListener('ik-token-expired', (event) => {
      window.renewals += 1;
      event.detail.renew(token());
    });
    await import('/integration-kit.js');
  </script>
</body></html>`;

/** The same page with the token set only after the elements have loaded (and failed once). */
const LATE_TOKEN_PAGE = HOST_PAGE.replace(/<script>[\s\S]*?<\/script>/, '').replace(
  '</body>',
  `<script type="module">
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.querySelector('integration-marketplace').token = 'demo-acme-admin';
  </script></body>`,
);

describe('the drop-in bundle in a plain host page', () => {
  let api: TestServer;
  let host: RunningServer;
  let browser: Browser;
  let page: Page;
  let clockOffset = 0;

  before(async () => {
    const bundle = await buildDropInBundle();
    api = await startTestServer();
    // The host's own server: its page and the bundle, with the mock server's API on the same origin.
    host = await startMockServer(api.config, {
      logger: api.logger,
      now: () => new Date(Date.now() + clockOffset),
      fallback: (req, res) => {
        const script = bundleFile(bundle, req.url ?? '/');
        if (script !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        // The host's backend mints session tokens with its service token, as a real host would.
        if (req.url === '/host/token') {
          const minted = host.app.fetch(
            new Request('http://host/api/integrations/sessions', {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKENS.service}`, 'content-type': 'application/json' },
              body: JSON.stringify({ userId: 'bob', displayName: 'Bob', workspaceId: 'acme', role: 'member', ttlSeconds: 600 }),
            }),
          );
          return void Promise.resolve(minted).then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()));
        }
        const page = req.url === '/late' ? LATE_TOKEN_PAGE : req.url === '/sessions' ? SESSION_PAGE : HOST_PAGE;
        res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await api?.stop();
  });

  it('renders from attributes and a token callback, with the host CSS applied inside', async () => {
    await page.goto(host.origin);
    const install = page.locator('integration-marketplace').getByRole('button', { name: 'Install: Resend' });
    await install.waitFor();
    assert.equal(await install.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 120, 90)');
    const card = page.locator('integration-marketplace').getByRole('listitem').first();
    assert.equal(await card.evaluate((el) => getComputedStyle(el).borderTopColor), 'rgb(200, 0, 0)');
    assert.equal(await card.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '2px');
    assert.equal(await card.evaluate((el) => getComputedStyle(el).fontFamily), 'Georgia, serif', "the host's own font");
  });

  it('connects a provider and shows it in settings, which found its workspace from the token', async () => {
    await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Resend' }).click();
    const dialog = page.locator('integration-marketplace').getByRole('dialog', { name: 'Connect Resend' });
    await dialog.getByLabel('API key', { exact: true }).fill('re_embed1234_embed0123456789abcdefghijkl');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('Resend is connected').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.locator('integration-settings').locator('[part~="row-key"]').getByText('••••••••ijkl').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'embed-host-page.png'), fullPage: true });
  });

  it('asks the host for a new session token when it expires, and carries on', async () => {
    const sessions = await browser.newPage();
    sessions.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await sessions.goto(`${host.origin}/sessions`);
    const marketplace = sessions.locator('integration-marketplace');
    await marketplace.getByRole('button', { name: 'Install: Stripe' }).click();
    clockOffset += 11 * 60 * 1000; // the session's 10 minutes are over
    const dialog = marketplace.getByRole('dialog', { name: 'Connect Stripe' });
    await dialog.getByLabel('Secret key', { exact: true }).fill('sk_test_session0123456789abcdefghijklmnopq');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('Stripe is connected').waitFor();
    assert.equal(await sessions.evaluate(() => (window as unknown as { renewals: number }).renewals), 1);
    await sessions.close();
  });

  it('recovers by itself when the host sets the token after the elements loaded', async () => {
    const late = await browser.newPage();
    await late.goto(`${host.origin}/late`);
    await late.locator('integration-marketplace').getByRole('button', { name: 'Install: Twilio' }).waitFor();
    await late.close();
  });

  it("loads the catalog editor's code only once the page shows a <provider-catalog-editor>", async () => {
    const admin = await browser.newPage();
    admin.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    const scripts: string[] = [];
    admin.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
    await admin.goto(host.origin);
    await admin.locator('integration-marketplace').getByRole('button', { name: 'Install: Twilio' }).waitFor();
    assert.deepEqual(scripts, ['/integration-kit.js'], 'a page without the editor loads the bundle alone');
    assert.equal(await admin.evaluate(() => customElements.get('provider-catalog-editor')), undefined);

    await admin.evaluate(() => {
      const editor = document.createElement('provider-catalog-editor') as HTMLElement & { token: string };
      editor.setAttribute('api-base', '/api/integrations');
      editor.token = 'demo-platform-admin'; // set before the class exists: kept through the upgrade
      document.body.append(editor);
    });
    await admin.locator('provider-catalog-editor').getByRole('button', { name: 'Add provider' }).waitFor();
    assert.equal(scripts.length, 2, `one chunk more: ${scripts.join(', ')}`);
    assert.match(scripts[1]!, /^\/chunks\/[\w-]+\.js$/);
    await admin.close();
  });
});
