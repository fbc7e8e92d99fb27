import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoAndBrowser, launchBrowser } from '../support/demo.ts';
import { buildDropInBundle, bundleFile, type DropInBundle } from '../support/bundle.ts';
import { startHostWithApi, type HostWithApi } from '../support/host-server.ts';

/**
 * The built bundle on host pages with their own ideas about text size: the kit ignores the
 * page's root font size but keeps the reader's own default-size preference, and `--ik-font-size`
 * scales it. Then the demo's theme switcher, which sets only the page's colour scheme.
 */

const PAGE = (css: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><title>Host</title><link rel="stylesheet" href="/host.css?css=${encodeURIComponent(css)}" /></head>
<body>
  <integration-marketplace api-base="/api/integrations" workspace="acme" refresh-interval="0"></integration-marketplace>
  <script type="module" src="/host.js"></script>
</body>
</html>`;

const HOST_SCRIPT = `
  document.querySelector('integration-marketplace').token = 'demo-acme-admin';
  await import('/integration-kit.js');
`;

describe('the bundle on pages that resize their text', () => {
  let bundle: DropInBundle;
  let host: HostWithApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    bundle = await buildDropInBundle();
    host = await startHostWithApi((path, query) => {
      const script = bundleFile(bundle, path);
      if (script !== undefined) return { body: script, type: 'text/javascript' };
      if (path === '/host.js') return { body: HOST_SCRIPT, type: 'text/javascript' };
      // The page's own stylesheet: whatever CSS the test put in the page's address.
      if (path === '/host.css') return { body: query.get('css') ?? '', type: 'text/css' };
      if (path === '/') return { body: PAGE(query.get('css') ?? '') };
      return undefined;
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await host?.stop();
  });

  /** A page with the given CSS, in a browser whose reader chose `defaultSize` as the default font size. */
  async function open(css: string, defaultSize = 16): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: defaultSize, fixed: 13 } });
    await page.goto(`${host.origin}/?css=${encodeURIComponent(css)}`);
    await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Resend' }).waitFor();
    return page;
  }

  /** The card name's text size and the Install button's height, in pixels. */
  async function sizes(page: Page): Promise<{ text: number; button: number }> {
    const card = page.locator('integration-marketplace').getByRole('listitem').filter({ hasText: 'Resend' });
    const text = await card.getByRole('heading').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const button = (await card.getByRole('button', { name: 'Install: Resend' }).boundingBox())!.height;
    return { text, button };
  }

  it("ignores the page's html { font-size: 62.5% }", async () => {
    assert.deepEqual(await sizes(await open('html { font-size: 62.5%; }')), { text: 15, button: 30 });
  });

  it("keeps the reader's own default font size (20px), whatever the page's root size", async () => {
    assert.deepEqual(await sizes(await open('', 20)), { text: 18.75, button: 37.5 });
    assert.deepEqual(await sizes(await open('html { font-size: 62.5%; }', 20)), { text: 18.75, button: 37.5 });
  });

  it('scales with --ik-font-size', async () => {
    assert.deepEqual(await sizes(await open('html { font-size: 62.5%; } integration-marketplace { --ik-font-size: 18px; }')), { text: 18, button: 36 });
  });
});

describe("the demo's theme switcher sets the page's colour scheme, and the kit follows", () => {
  const suite = demoAndBrowser();
  const LIGHT_CARD = 'rgb(255, 255, 255)';
  const DARK_CARD = 'rgb(23, 24, 28)';

  async function cardBackground(theme: string, os: 'light' | 'dark'): Promise<string> {
    const context = await suite.browser.newContext({ colorScheme: os });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.demo.origin}/?user=alice&theme=${theme}`);
      const card = page.locator('integration-marketplace').getByRole('listitem').first();
      await card.waitFor();
      return await card.evaluate((el) => getComputedStyle(el).backgroundColor);
    } finally {
      await context.close();
    }
  }

  it('"system" follows the OS; light, dark and brand do not', async () => {
    assert.equal(await cardBackground('system', 'dark'), DARK_CARD);
    assert.equal(await cardBackground('system', 'light'), LIGHT_CARD);
    assert.equal(await cardBackground('light', 'dark'), LIGHT_CARD);
    assert.equal(await cardBackground('dark', 'light'), DARK_CARD);
    assert.equal(await cardBackground('brand', 'dark'), 'rgb(255, 253, 248)');
  });
});
