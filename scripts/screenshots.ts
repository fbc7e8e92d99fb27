/**
 * `npm run screenshots`: the README's pictures, taken from the real demo so they stay current.
 * Starts the demo with scratch data, connects a few providers through the UI (a working key,
 * a rejected key, "I'll add it later", GitHub through the simulated OAuth popup), then shoots
 * the marketplace, the connect dialog, settings and the edit drawer in light and dark, and
 * settings and the dialog on a 390 px phone. Writes docs/screenshots/*.png.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { launchBrowser, startDemo } from './demo-process.ts';

const OUT = join(PROJECT_ROOT, 'docs', 'screenshots');
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

const demo = await startDemo();
const browser = await launchBrowser();
const written: string[] = [];

async function save(target: Locator | Page, name: string): Promise<void> {
  const path = join(OUT, `${name}.png`);
  await target.screenshot({ path, animations: 'disabled' });
  written.push(relative(PROJECT_ROOT, path));
}

async function open(browser: Browser, scheme: Scheme, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${demo.origin}/?user=alice&theme=${scheme}`);
  await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Stripe' }).waitFor(); // never connected here
  return page;
}

const marketplace = (page: Page) => page.locator('integration-marketplace');
const settings = (page: Page) => page.locator('integration-settings');
const dialogOf = (host: Locator, name: string) => host.getByRole('dialog', { name });

/** The states worth showing, made the way a user makes them. */
async function seed(page: Page): Promise<void> {
  const connect = async (name: string, key: string, outcome: string) => {
    await marketplace(page).getByRole('button', { name: `Install: ${name}` }).click();
    const dialog = dialogOf(marketplace(page), `Connect ${name}`);
    await dialog.getByLabel('API key', { exact: true }).fill(key);
    await dialog.getByRole('button', { name: 'Save & test' }).click();
    await dialog.getByText(outcome).waitFor();
    await page.keyboard.press('Escape'); // a rejected key keeps the form open: Escape closes either way
    await dialog.waitFor({ state: 'hidden' });
  };
  await connect('OpenAI', 'sk-proj-demo0123456789abcdefghijklmnopqrstuvwxyz', 'OpenAI is connected');
  await connect('Anthropic', 'sk-ant-api03-invalid0123456789abcdefghijklmnop', 'Saved, but the key was rejected.');

  await marketplace(page).getByRole('button', { name: 'Install: SendGrid' }).click();
  await dialogOf(marketplace(page), 'Connect SendGrid').getByRole('button', { name: "I'll add it later" }).click();

  await marketplace(page).getByRole('button', { name: 'Install: GitHub' }).click();
  const github = dialogOf(marketplace(page), 'Connect GitHub');
  const [popup] = await Promise.all([page.waitForEvent('popup'), github.getByRole('button', { name: 'Connect with GitHub' }).click()]);
  await popup.getByRole('button', { name: 'Approve', exact: true }).click();
  await github.getByRole('heading', { name: 'GitHub is connected' }).waitFor();
  await github.getByRole('button', { name: 'Done' }).click();
  await page.locator('[part~="toast"]').first().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
}

async function shootDesktop(scheme: Scheme): Promise<void> {
  const page = await open(browser, scheme, 1440, 1000);
  await save(page.locator('.marketplace-panel'), `marketplace-${scheme}`);
  await save(settings(page), `settings-${scheme}`);

  await marketplace(page).getByRole('button', { name: 'Install: Stripe' }).click();
  const dialog = dialogOf(marketplace(page), 'Connect Stripe');
  await dialog.getByLabel('Secret key', { exact: true }).waitFor();
  await save(dialog, `connect-dialog-${scheme}`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await settings(page).getByRole('button', { name: 'Edit OpenAI' }).click();
  const drawer = dialogOf(settings(page), 'Edit OpenAI');
  await drawer.locator('[part~="key-in-use"]').waitFor();
  await save(drawer, `edit-drawer-${scheme}`);
  await page.context().close();
}

async function shootPhone(scheme: Scheme): Promise<void> {
  const page = await open(browser, scheme, 390, 844);
  await settings(page).getByRole('heading', { name: 'GitHub' }).waitFor();
  await settings(page).scrollIntoViewIfNeeded();
  await save(settings(page), `settings-phone-${scheme}`);
  await page.context().close();
}

try {
  await mkdir(OUT, { recursive: true });
  const first = await open(browser, 'light', 1440, 1000);
  await seed(first);
  await first.context().close();
  for (const scheme of SCHEMES) await shootDesktop(scheme);
  for (const scheme of SCHEMES) await shootPhone(scheme);
  console.log(`Wrote ${written.length} screenshots:\n  ${written.join('\n  ')}`);
} finally {
  await browser.close();
  await demo.stop();
}
