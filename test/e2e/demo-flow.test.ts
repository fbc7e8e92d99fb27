import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS, demoAndBrowser } from '../support/demo.ts';
import { pageFootprint } from '../support/page-secrets.ts';

// Not the sample keys: the demo page lists those, so they are in the page by design.
const OPENAI_KEY = 'sk-proj-e2e0123456789abcdefghijklmnopqrstuvwxyz';
const SENDGRID_KEY = 'SG.e2e0123456789abcdefghi.e2e0123456789abcdefghijklmnopqrstuvwxyzABCDE';
const SENDGRID_ROTATED = 'SG.rotated0123456789abcd.rotated0123456789abcdefghijklmnopqrstuvwxyZZ99';

describe('the demo, end to end in Chromium', () => {
  const suite = demoAndBrowser();
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  before(async () => {
    page = await suite.browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  });

  const marketplace = () => page.locator('integration-marketplace');
  const settings = () => page.locator('integration-settings');
  const row = (name: string) => settings().getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

  it('opens the demo with the catalog and an empty settings list', async () => {
    await page.goto(`${suite.demo.origin}/?user=alice`);
    await marketplace().getByRole('button', { name: 'Install: OpenAI' }).waitFor();
    assert.equal(await marketplace().getByRole('listitem').count(), 16);
    await settings().getByText('No integrations installed yet.').waitFor();
    await shot('01-catalog');
  });

  it('finds a provider with the search box', async () => {
    await marketplace().getByRole('searchbox', { name: 'Search integrations' }).fill('gpt');
    await marketplace().getByText('1 of 16 integrations').waitFor();
    assert.deepEqual(await marketplace().getByRole('heading', { level: 3 }).allTextContents(), ['OpenAI']);
    await shot('02-search');
  });

  it('connects it by pasting a valid key: connected, masked in settings, plaintext nowhere', async () => {
    await marketplace().getByRole('button', { name: 'Install: OpenAI' }).click();
    const dialog = marketplace().getByRole('dialog', { name: 'Connect OpenAI' });
    await dialog.getByLabel('API key', { exact: true }).fill(OPENAI_KEY);
    await shot('03-dialog-filled');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('OpenAI is connected').waitFor();
    await shot('04-connected');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await row('OpenAI').locator('[part~="row-status"]').getByText('Connected').waitFor();
    assert.match(await row('OpenAI').textContent() ?? '', /••••••••wxyz/);
    assert.ok(!(await pageFootprint(page)).includes(OPENAI_KEY), 'the key is nowhere in the page or its storage');
  });

  it("installs another with \"I'll add it later\": a pending row", async () => {
    await marketplace().getByRole('searchbox', { name: 'Search integrations' }).fill('');
    await marketplace().getByRole('button', { name: 'Install: SendGrid' }).click();
    await marketplace().getByRole('dialog', { name: 'Connect SendGrid' }).getByRole('button', { name: "I'll add it later" }).click();
    // It says what happened, and the new row shows, marked for a moment.
    await marketplace().locator('[part~="toast"]').filter({ hasText: 'SendGrid is installed.' }).waitFor();
    await row('SendGrid').locator('[part~="row-status"]').getByText('Not connected').waitFor();
    await marketplace().getByRole('button', { name: 'Add key: SendGrid' }).waitFor();
    await shot('05-pending');
  });

  it('adds the pending key from its row, then tests it', async () => {
    await row('SendGrid').getByRole('button', { name: 'Add key SendGrid' }).click();
    const dialog = settings().getByRole('dialog', { name: 'Connect SendGrid' });
    await dialog.getByLabel('API key', { exact: true }).fill(SENDGRID_KEY);
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('SendGrid accepted the key.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await row('SendGrid').locator('[part~="row-status"]').getByText('Connected').waitFor();
    await marketplace().getByRole('button', { name: 'Update key: SendGrid' }).waitFor();
    await row('SendGrid').getByRole('button', { name: 'Test SendGrid' }).click();
    await row('SendGrid').getByText('SendGrid accepted the key.').waitFor();
    await shot('06-tested');
  });

  it('rotates the key in the drawer', async () => {
    await row('SendGrid').getByRole('button', { name: 'Edit SendGrid' }).click();
    const drawer = settings().getByRole('dialog', { name: 'Edit SendGrid' });
    await drawer.getByRole('button', { name: 'Replace the saved API key' }).click();
    await drawer.getByLabel('API key', { exact: true }).fill(SENDGRID_ROTATED);
    await drawer.getByRole('button', { name: 'Save', exact: true }).click();
    await drawer.getByText(/Saved\. SendGrid accepted the key\./).waitFor();
    await drawer.getByRole('button', { name: 'Close', exact: true }).first().click();
    await row('SendGrid').getByText('••••••••ZZ99', { exact: true }).waitFor();
    const footprint = await pageFootprint(page);
    for (const key of [OPENAI_KEY, SENDGRID_KEY, SENDGRID_ROTATED]) assert.ok(!footprint.includes(key));
    await shot('07-rotated');
  });

  it('removes it after confirming', async () => {
    await row('SendGrid').getByRole('button', { name: 'Remove SendGrid' }).click();
    const confirm = settings().getByRole('dialog', { name: 'Remove SendGrid?' });
    await confirm.waitFor();
    await shot('08-confirm-remove');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    // Said in the live region for screen readers, and shown in a toast.
    await settings().getByRole('status').filter({ hasText: 'SendGrid was removed.' }).waitFor({ state: 'attached' });
    await settings().locator('[part~="toast"]').filter({ hasText: 'SendGrid was removed.' }).waitFor();
    assert.equal(await row('SendGrid').count(), 0);
    await marketplace().getByRole('button', { name: 'Install: SendGrid' }).waitFor();
  });

  it('shows a rejected key as such, with the reason', async () => {
    await marketplace().getByRole('button', { name: 'Install: Anthropic' }).click();
    const dialog = marketplace().getByRole('dialog', { name: 'Connect Anthropic' });
    await dialog.getByLabel('API key', { exact: true }).fill('sk-ant-api03-invalid0123456789abcdefghijklmnop');
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText('Saved, but the key was rejected.').waitFor();
    await shot('09-test-failed');
    await page.keyboard.press('Escape');
    await row('Anthropic').locator('[part~="row-status"]').getByText('Key rejected').waitFor();
    await row('Anthropic').getByRole('button', { name: 'Fix key Anthropic' }).waitFor();
  });

  it('works with the keyboard alone', async () => {
    await page.goto(`${suite.demo.origin}/?user=alice&theme=dark`);
    const search = marketplace().getByRole('searchbox', { name: 'Search integrations' });
    await marketplace().getByRole('button', { name: 'Install: Stripe' }).waitFor();
    await search.focus();
    await page.keyboard.type('stripe');
    const focused = () => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? document.activeElement?.shadowRoot?.activeElement?.textContent?.trim());
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Type');
    await page.keyboard.press('Tab'); // the only card: its copy-link button, then its action
    assert.equal(await focused(), 'Copy link to Stripe');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Install: Stripe');
    await page.keyboard.press('Enter');
    const dialog = marketplace().getByRole('dialog', { name: 'Connect Stripe' });
    await dialog.waitFor();
    await page.keyboard.type('sk_test_demo0123456789abcdefghijklmnopqrstuvwxyz'); // the key field has focus
    await page.keyboard.press('Enter'); // submits: Save & test
    await dialog.getByText('Stripe is connected').waitFor();
    await shot('10-keyboard-dark');
    await page.keyboard.press('Enter'); // Done has focus
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label')), 'Update key: Stripe', 'focus is back on the card');
    await row('Stripe').locator('[part~="row-status"]').getByText('Connected').waitFor();
  });

  it('keeps each workspace to itself', async () => {
    await page.goto(`${suite.demo.origin}/?user=dana`);
    await settings().getByText('No integrations installed yet.').waitFor();
    await marketplace().getByRole('button', { name: 'Install: OpenAI' }).waitFor();
  });
});
