import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, demoAndBrowser } from '../support/demo.ts';

/** Several people at once, each in their own browser context, on the real npm start. */
describe('roles, the catalog and deep links, end to end', () => {
  const suite = demoAndBrowser();
  const contexts: BrowserContext[] = [];

  async function signedIn(user: string, query = ''): Promise<Page> {
    const context = await suite.browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.demo.origin });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error (${user}): ${error.message}`));
    await page.goto(`${suite.demo.origin}/?user=${user}${query}`);
    await page.locator('integration-marketplace').getByRole('listitem').first().waitFor();
    return page;
  }

  it('a platform admin adds a provider; a member with the marketplace open sees it and connects it', async () => {
    const member = await signedIn('bob');
    // Poll every second rather than every 30 s, to keep the test short.
    await member.locator('integration-marketplace').evaluate((el: HTMLElement & { refreshInterval: number }) => (el.refreshInterval = 1));
    assert.equal(await member.locator('integration-marketplace').getByRole('button', { name: 'Install: Mailchimp' }).count(), 0);

    const admin = await signedIn('pat');
    const editor = admin.locator('provider-catalog-editor');
    await editor.getByRole('button', { name: 'Add provider' }).click();
    const form = editor.getByRole('dialog', { name: 'Add a provider' });
    await form.locator('#f-key').fill('mailchimp');
    await form.locator('#f-name').fill('Mailchimp');
    await form.getByLabel('Category', { exact: true }).selectOption('Email');
    await form.locator('#f-logo-url').fill('https://cdn.example.com/mailchimp.svg');
    await form.locator('#f-description').fill('Email marketing and audiences.');
    const field = form.locator('[part~="credential-row"]').first();
    await field.locator('[name="credential-name"]').fill('apiKey');
    await field.locator('[name="credential-label"]').fill('API key');
    await field.locator('[name="credential-pattern"]').fill('^[a-z0-9]{32}-us[0-9]+$');
    await form.locator('#f-help-url').fill('https://mailchimp.com/help/about-api-keys/');
    await form.locator('#f-help-instructions').fill('Profile, then Extras, then API keys.');
    await admin.screenshot({ path: join(ARTIFACTS, 'i4-01-catalog-editor.png') });
    await form.getByRole('button', { name: 'Add provider' }).click();
    await editor.getByText('Mailchimp was added to the catalog.').waitFor();

    const install = member.locator('integration-marketplace').getByRole('button', { name: 'Install: Mailchimp' });
    await install.waitFor({ timeout: 10_000 });
    await install.click();
    const dialog = member.locator('integration-marketplace').getByRole('dialog', { name: 'Connect Mailchimp' });
    await dialog.getByLabel('API key', { exact: true }).fill(`${'a'.repeat(32)}-us21`);
    // The new row has no test recipe: it is saved (not "Save & test") and connected without one.
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText('Mailchimp is saved').waitFor();
    await member.screenshot({ path: join(ARTIFACTS, 'i4-02-member-connected.png') });
  });

  it('a viewer sees no edit controls and is told why', async () => {
    const viewer = await signedIn('carol');
    const marketplace = viewer.locator('integration-marketplace');
    const settings = viewer.locator('integration-settings');
    await marketplace.getByText('You have read-only access to integrations.').waitFor();
    assert.equal(await marketplace.getByRole('button', { name: /^(Install|Add key|Update key|Fix key):/ }).count(), 0);
    await settings.getByRole('heading', { name: 'Mailchimp' }).waitFor();
    assert.equal(await settings.locator('[part~="row"] input').count(), 0);
    assert.equal(await settings.getByRole('button', { name: /^(Save|Test|Remove|Add key) / }).count(), 0);
    assert.equal(await settings.getByRole('radio', { name: /Automatic/ }).isDisabled(), true);
    await settings.getByText('Only workspace admins can change this.').waitFor();
    const catalog = viewer.locator('provider-catalog-editor');
    await catalog.getByText('Only platform admins can edit the catalog.').waitFor();
    assert.equal(await catalog.getByRole('button', { name: 'Add provider' }).count(), 0);
    await viewer.screenshot({ path: join(ARTIFACTS, 'i4-03-viewer.png'), fullPage: true });
  });

  it('deep links open the right dialog and drawer', async () => {
    const admin = await signedIn('alice', '&integration=stripe');
    await admin.locator('integration-marketplace').getByRole('dialog', { name: 'Connect Stripe' }).waitFor();
    assert.ok(!admin.url().includes('integration='), 'followed once');

    const id = await admin.locator('integration-settings').locator('[part~="row"][data-provider="mailchimp"]').getAttribute('data-connection');
    const linked = await signedIn('alice', `&connection=${id}`);
    await linked.locator('integration-settings').getByRole('dialog', { name: 'Edit Mailchimp' }).waitFor();
    await linked.screenshot({ path: join(ARTIFACTS, 'i4-04-drawer-from-link.png') });
  });

  it('copy link puts a working deep link on the clipboard', async () => {
    const admin = await signedIn('alice');
    const card = admin.locator('integration-marketplace').getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'OpenAI', exact: true }) });
    await card.hover();
    await card.getByRole('button', { name: 'Copy link to OpenAI' }).click();
    const link = await admin.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /[?&]integration=openai(&|$)/);
    const opened = await admin.context().newPage();
    await opened.goto(link);
    await opened.locator('integration-marketplace').getByRole('dialog', { name: 'Connect OpenAI' }).waitFor();
  });

  it('an admin changes the routing policy and every key-in-use line follows', async () => {
    const admin = await signedIn('alice');
    const settings = admin.locator('integration-settings');
    const mailchimp = settings.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Mailchimp', exact: true }) });
    const meta = mailchimp.locator('[part~="row-meta"]');
    await meta.getByText('Uses your key').waitFor();
    await settings.getByRole('radio', { name: /Platform key only/ }).check();
    await meta.getByText('No key in use').waitFor();
    await admin.screenshot({ path: join(ARTIFACTS, 'i4-05-policy.png') });
    // The drawer says why.
    await mailchimp.getByRole('button', { name: 'Edit Mailchimp' }).click();
    const drawer = settings.getByRole('dialog', { name: 'Edit Mailchimp' });
    await drawer.getByText('No key in use: requests will fail (the platform has no key for it)').waitFor();
    await drawer.locator('[part~="close-button"]').click();
    await settings.getByRole('radio', { name: /Automatic/ }).check();
    await meta.getByText('Uses your key').waitFor();
  });
});
