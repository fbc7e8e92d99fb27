import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { ARTIFACTS, demoAndBrowser, type DemoServer } from '../support/demo.ts';

describe('npm start', () => {
  const suite = demoAndBrowser();

  it('generates a development encryption key and service token, and says so', () => {
    assert.match(suite.demo.output(), /generated a development encryption key in .*dev-encryption-key/);
    assert.match(suite.demo.output(), /generated a development service token in .*dev-service-token/);
    assert.match(suite.demo.output(), /REST API:\s+http:\/\/127\.0\.0\.1:\d+\/api\/integrations/);
  });

  it('serves the demo page and the REST API on one origin, to a real browser', async () => {
    const page = await suite.browser.newPage();
    const response = await page.goto(suite.demo.origin);
    assert.equal(response?.status(), 200);
    assert.match(await page.title(), /integration-kit/);
    const providers = await page.evaluate(async () => {
      const res = await fetch('/api/integrations/providers', { headers: { authorization: 'Bearer demo-acme-admin' } });
      return (await res.json()).providers.length as number;
    });
    assert.equal(providers, 16);
    await page.screenshot({ path: join(ARTIFACTS, 'start-demo.png') });
  });

  it('serves the built page: a handful of requests, no dev server', async () => {
    const page = await suite.browser.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
    await page.goto(`${suite.demo.origin}/?user=alice`);
    await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Stripe' }).waitFor();
    // Bundled chunks, not the ~80 source modules the dev server would send one by one.
    assert.ok(scripts.length <= 12, `scripts loaded: ${scripts.join(', ')}`);
    assert.ok(scripts.every((path) => path.startsWith('/assets/')), scripts.join(', '));
    await page.close();
  });

  it('never serves secrets or server configuration', () => neverServesSecrets(suite.demo));
});

describe('npm run dev (the demo through Vite\'s dev server)', () => {
  const suite = demoAndBrowser({}, ['--dev']);

  it('serves the page from the sources, live', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.demo.origin}/?user=alice`);
    await page.locator('integration-marketplace').getByRole('button', { name: 'Install: Stripe' }).waitFor();
    const viaVite = await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/@fs/')));
    assert.ok(viaVite, 'modules come from the dev server');
    await page.close();
  });

  it('never serves secrets or server configuration through the dev server', () => neverServesSecrets(suite.demo));
});

async function neverServesSecrets(demo: DemoServer): Promise<void> {
  // A file that exists in .data/, where npm start keeps its key, token and store.
  const probe = join(PROJECT_ROOT, '.data', `e2e-probe-${process.pid}`);
  await mkdir(dirname(probe), { recursive: true });
  await writeFile(probe, 'secret-probe-content');
  try {
    const secrets = [probe, demo.scratchFile('dev-encryption-key'), demo.scratchFile('dev-service-token')];
    const config = ['mock-server/config/dev-principals.json', 'mock-server/config/dev-platform-keys.json', '.git/config'].map((p) => join(PROJECT_ROOT, p));
    for (const file of [...secrets, ...config]) {
      for (const path of [`/@fs${file}`, `/${relative(PROJECT_ROOT, file)}`]) {
        for (const suffix of ['', '?raw', '?import']) {
          const response = await fetch(`${demo.origin}${path}${suffix}`);
          assert.ok(response.status === 403 || response.status === 404, `${path}${suffix}: ${response.status}`);
          assert.doesNotMatch(await response.text(), /secret-probe-content|iks_|"token"/);
        }
      }
    }
  } finally {
    await rm(probe, { force: true });
  }
  const page = await (await fetch(`${demo.origin}/`)).text();
  assert.ok(!/service-?token/i.test(page));
}
