import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { BRAND_MARKS, CATALOG_FILE, catalogText, withBrandLogos } from '../../scripts/catalog-logos.ts';
import { isSafeHttpsUrl, logoProblem } from '../../src/schema/primitives.ts';
import type { Provider } from '../../src/schema/provider.ts';
import { loadSampleKeys, loadSeedCatalog, startTestServer, type TestServer } from '../support/server.ts';

let catalog: Provider[];
let samples: Record<string, Record<string, string>>;

before(async () => {
  catalog = await loadSeedCatalog(); // throws, naming the row and field, if any row is invalid
  samples = await loadSampleKeys();
});

describe('the seeded catalog', () => {
  it('holds the providers of all three source products, each key once', () => {
    const keys = catalog.map((p) => p.key);
    assert.deepEqual(keys, [
      'anthropic', 'openai', 'stripe', 'twilio', 'sendgrid', 'google-calendar', 'meta-ads',
      'fal-ai', 'google-gemini', 'vercel-ai-gateway', 'elevenlabs', 'resend', 'github', 'google-workspace',
      'telegram', 'openclaw',
    ]);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('lists telegram and openclaw as coming soon, everything else as available', () => {
    const soon = catalog.filter((p) => p.availability === 'coming_soon').map((p) => p.key);
    assert.deepEqual(soon, ['telegram', 'openclaw']);
  });

  it('gives every connectable API-key provider help, a pattern and a verification recipe', () => {
    for (const p of catalog.filter((p) => p.authType === 'api_key' && p.availability === 'available')) {
      assert.ok(p.help.url && isSafeHttpsUrl(p.help.url), `${p.key} help url`);
      assert.ok(p.help.instructions.length > 40, `${p.key} instructions`);
      assert.ok(p.verification, `${p.key} recipe`);
      for (const field of p.credentials.filter((f) => f.secret)) assert.ok(field.pattern, `${p.key}.${field.name} pattern`);
    }
  });

  it('follows the providers\' real APIs for the documented recipes', () => {
    const recipe = (key: string) => catalog.find((p) => p.key === key)!.verification!;
    assert.equal(recipe('openai').url, 'https://api.openai.com/v1/models');
    assert.equal(recipe('openai').headers?.Authorization, 'Bearer {{apiKey}}');
    assert.equal(recipe('anthropic').url, 'https://api.anthropic.com/v1/models');
    assert.equal(recipe('anthropic').headers?.['x-api-key'], '{{apiKey}}');
    assert.equal(recipe('stripe').url, 'https://api.stripe.com/v1/balance');
    assert.equal(recipe('twilio').url, 'https://api.twilio.com/2010-04-01/Accounts/{{accountSid}}.json');
    assert.deepEqual(recipe('twilio').basicAuth, { username: '{{accountSid}}', password: '{{authToken}}' });
  });

  it('describes Twilio with a visible Account SID, a secret Auth Token and an optional endpoint URL', () => {
    const twilio = catalog.find((p) => p.key === 'twilio')!;
    assert.deepEqual(
      twilio.credentials.map((f) => [f.name, f.secret, f.optional, f.format]),
      [['accountSid', false, false, 'text'], ['authToken', true, false, 'text'], ['statusCallbackUrl', false, true, 'url']],
    );
  });

  it('connects GitHub and Google Workspace by OAuth, with no secret in the catalog', () => {
    for (const key of ['github', 'google-workspace']) {
      const p = catalog.find((p) => p.key === key)!;
      assert.equal(p.authType, 'oauth2');
      assert.ok(p.oauth?.authorizeUrl && p.oauth.tokenUrl && p.oauth.clientIdRef);
      assert.ok(!/secret/i.test(JSON.stringify(p.oauth)));
    }
  });

  it('uses brand marks where simple-icons has one and letter tiles elsewhere, each a small SVG the catalog accepts', () => {
    for (const p of catalog) {
      assert.equal(logoProblem(p.logo), undefined, p.key);
      assert.match(p.logo, /^data:image\/svg\+xml,/, p.key);
      const svg = decodeURIComponent(p.logo.slice('data:image/svg+xml,'.length));
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"[^>]*>.*<\/svg>$/s, p.key);
      assert.ok(svg.length < 4000, p.key);
      const mark = BRAND_MARKS[p.key];
      if (mark) assert.ok(svg.includes(`<title>${mark.title}</title>`) && svg.includes(`fill="#${mark.hex}"`), p.key);
      else assert.match(svg, /<text [^>]*>[A-Za-z]{1,2}<\/text>/, `${p.key} keeps its letter tile`);
    }
    assert.ok(Object.keys(BRAND_MARKS).length >= 10);
  });

  it('holds the logos scripts/catalog-logos.ts writes (run it after changing BRAND_MARKS or simple-icons)', async () => {
    const file = await readFile(join(PROJECT_ROOT, CATALOG_FILE), 'utf8');
    assert.equal(catalogText(withBrandLogos(JSON.parse(file))), file);
  });

  it('takes the marks from one exact simple-icons version, the one LOGOS.md names', async () => {
    const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const version = pkg.devDependencies['simple-icons'];
    assert.match(version, /^\d+\.\d+\.\d+$/);
    assert.ok((await readFile(join(PROJECT_ROOT, 'mock-server/catalog/LOGOS.md'), 'utf8')).includes(`simple-icons ${version}`));
  });
});

describe('the simulated upstream answers every provider as documented', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ testTimeoutMs: 300 })));
  after(() => server.stop());

  const connect = (provider: string, credentialPayload: Record<string, string>) =>
    server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider, credentialPayload } });

  /** Puts a word into the random part of each secret, as a demo user would. */
  const withWord = (payload: Record<string, string>, word: string) =>
    Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, v.replace(/demo/i, word)]));

  it('valid for a well-formed sample key, invalid / rate_limited / unreachable by keyword', async () => {
    for (const [provider, payload] of Object.entries(samples)) {
      const outcomes: string[] = [];
      for (const [word, expected] of [['demo', 'valid'], ['invalid', 'invalid'], ['ratelimited', 'rate_limited'], ['hang', 'unreachable']] as const) {
        const { status, body } = await connect(provider, withWord(payload, word));
        assert.ok(status === 200 || status === 201, `${provider}/${word}: ${JSON.stringify(body)}`);
        outcomes.push(body.test.outcome);
        assert.equal(body.test.outcome, expected, `${provider} with "${word}"`);
      }
    }
  });
});
