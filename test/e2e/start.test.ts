import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser, startDemo, type DemoServer } from '../support/demo.ts';

describe('npm start', () => {
  let demo: DemoServer;
  let browser: Browser;

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('generates a development encryption key and says so', () => {
    assert.match(demo.output(), /generated a development encryption key in .*dev-encryption-key/);
    assert.match(demo.output(), /REST API:\s+http:\/\/127\.0\.0\.1:\d+\/api\/integrations/);
  });

  it('serves the demo page and the REST API on one origin, to a real browser', async () => {
    const page = await browser.newPage();
    const response = await page.goto(demo.origin);
    assert.equal(response?.status(), 200);
    assert.match(await page.title(), /integration-kit/);
    const providers = await page.evaluate(async () => {
      const res = await fetch('/api/integrations/providers', { headers: { authorization: 'Bearer demo-acme-admin' } });
      return (await res.json()).providers.length as number;
    });
    assert.equal(providers, 16);
    await page.screenshot({ path: join(ARTIFACTS, 'start-demo.png') });
  });
});
