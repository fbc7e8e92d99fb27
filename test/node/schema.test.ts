import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedValue, previewCredential } from '../../src/credentials/preview.ts';
import { checkCredentials } from '../../src/credentials/validate.ts';
import { canonicalCategory, distinctCategories } from '../../src/schema/category.ts';
import { englishErrors, issuesToFields } from '../../src/schema/messages.ts';
import { isSafeHttpsUrl, logoProblem } from '../../src/schema/primitives.ts';
import { provider, type Provider } from '../../src/schema/provider.ts';

const base = {
  key: 'mailchimp',
  name: 'Mailchimp',
  category: 'Email',
  logo: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E',
  authType: 'api_key',
  credentials: [{ name: 'apiKey', label: 'API key', pattern: '^[a-f0-9]{32}-us[0-9]+$', hint: 'Ends with your data centre, e.g. -us21' }],
  help: { url: 'https://mailchimp.com/help/about-api-keys/', instructions: 'Profile → Extras → API keys.' },
};

function fieldsOf(row: unknown) {
  const result = provider.safeParse(row, { error: englishErrors });
  return result.success ? {} : issuesToFields(result.error.issues);
}

describe('provider schema: unsafe data is rejected', () => {
  it('accepts a well-formed row', () => assert.deepEqual(fieldsOf(base), {}));

  it('rejects non-https and script links in any spelling', () => {
    for (const url of ['http://mailchimp.com', 'javascript:alert(1)', 'JavaScript:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>', 'https://user:pw@mailchimp.com', 'https://mail\u0000chimp.com', '//mailchimp.com']) {
      assert.ok(!isSafeHttpsUrl(url), url);
      assert.ok(fieldsOf({ ...base, help: { url, instructions: '' } })['help.url'], url);
    }
  });

  it('rejects logos that are not images or are too large', () => {
    assert.match(logoProblem('data:text/html;base64,PHNjcmlwdD4=')!, /PNG, JPEG, WebP or SVG/);
    assert.match(logoProblem('javascript:alert(1)')!, /https/);
    assert.match(logoProblem('http://example.com/logo.png')!, /https/);
    assert.match(logoProblem(`data:image/png;base64,${'A'.repeat(200_000)}`)!, /at most 100 KB/);
    assert.match(logoProblem('data:image/png;base64,***')!, /base64/);
    assert.equal(logoProblem('data:image/png;base64,iVBORw0KGgo='), undefined);
    assert.equal(logoProblem('https://cdn.example.com/logo.svg'), undefined);
  });

  it('keeps keys to lowercase slugs', () => {
    for (const key of ['MailChimp', 'mail chimp', '-mailchimp', 'm', 'x'.repeat(64)]) assert.ok(fieldsOf({ ...base, key }).key, key);
  });

  it('checks that recipes only use known fields and keep placeholders out of the host', () => {
    const recipe = (verification: object) => fieldsOf({ ...base, verification });
    assert.match(recipe({ url: 'https://api.x.com/{{nope}}' })['verification.url']!, /nope/);
    assert.ok(recipe({ url: 'https://{{apiKey}}.x.com/' })['verification.url']);
    assert.ok(recipe({ url: 'http://api.x.com/' })['verification.url']);
    assert.deepEqual(recipe({ url: 'https://us21.api.mailchimp.com/3.0/ping', basicAuth: { username: 'any', password: '{{apiKey}}' } }), {});
  });

  it('requires coherent auth settings and unique, valid field definitions', () => {
    assert.ok(fieldsOf({ ...base, credentials: [] }).credentials);
    assert.ok(fieldsOf({ ...base, authType: 'oauth2' }).oauth);
    const dup = fieldsOf({ ...base, credentials: [{ name: 'a', label: 'A' }, { name: 'a', label: 'B' }] });
    assert.ok(dup['credentials.1.name']);
    assert.ok(fieldsOf({ ...base, credentials: [{ name: 'a', label: 'A', pattern: '([' }] })['credentials.0.pattern']);
  });

  it("takes plain words for an OAuth row's scopes and a user endpoint, each checked", () => {
    const oauthRow = (oauth: object) => ({ ...fieldsOf({ ...base, authType: 'oauth2', credentials: [], oauth: { authorizeUrl: 'https://x.com/authorize', tokenUrl: 'https://x.com/token', scopes: ['repo', 'read:user'], clientIdRef: 'x', ...oauth } }) });
    assert.deepEqual(oauthRow({ scopeDescriptions: { repo: 'Read and write your repositories' }, userInfoUrl: 'https://api.x.com/user' }), {});
    assert.deepEqual(oauthRow({ scopeDescriptions: { gist: 'Write gists' } }), { 'oauth.scopeDescriptions.gist': 'describes "gist", which is not one of the scopes' });
    assert.deepEqual(oauthRow({ scopeDescriptions: { repo: '' } }), { 'oauth.scopeDescriptions.repo': 'must not be empty' });
    assert.deepEqual(oauthRow({ userInfoUrl: 'http://api.x.com/user' }), { 'oauth.userInfoUrl': 'must be an https:// URL' });
  });
});

describe('credential payloads', () => {
  const mailchimp = provider.parse({
    ...base,
    credentials: [...base.credentials, { name: 'endpoint', label: 'Endpoint', secret: false, optional: true, format: 'url' }],
  }) as Provider;

  it('trims pasted whitespace and accepts a well-formed key', () => {
    const key = `${'a'.repeat(32)}-us21`;
    assert.deepEqual(checkCredentials(mailchimp, { apiKey: `  ${key}\n` }), { values: { apiKey: key }, errors: {} });
  });

  it('names each bad field without quoting the value', () => {
    const { errors } = checkCredentials(mailchimp, { apiKey: 'nope-secret-value', endpoint: 'javascript:alert(1)', other: 'x' });
    assert.deepEqual(Object.keys(errors).sort(), ['', 'apiKey', 'endpoint']);
    assert.equal(errors[''], 'has 1 field Mailchimp does not take (it takes: apiKey, endpoint)');
    assert.equal(errors.apiKey, "isn't in the expected format");
    assert.ok(!JSON.stringify(errors).includes('nope-secret-value'));
  });

  it('takes only printable ASCII in secrets (they travel in HTTP headers)', () => {
    assert.match(checkCredentials(mailchimp, { apiKey: `${'a'.repeat(32)}-us2€` }).errors.apiKey!, /ASCII/);
  });

  it('keeps stored values for omitted fields on an update', () => {
    const stored = { apiKey: `${'b'.repeat(32)}-us1` };
    assert.deepEqual(checkCredentials(mailchimp, { endpoint: 'https://us1.api.mailchimp.com' }, stored).values, { ...stored, endpoint: 'https://us1.api.mailchimp.com' });
    assert.deepEqual(checkCredentials(mailchimp, {}).errors, { apiKey: 'is required' });
  });

  it('previews at most the last four characters of a secret, and nothing under 12', () => {
    const preview = previewCredential(mailchimp, { apiKey: 'abcdefgh1234', endpoint: 'https://x.example', legacy: 'abcdefghijklmnop' });
    assert.deepEqual(preview, {
      apiKey: { secret: true, last4: '1234' },
      endpoint: { secret: false, value: 'https://x.example' },
      legacy: { secret: true, last4: 'mnop' },
    });
    assert.deepEqual(previewCredential(mailchimp, { apiKey: 'short-key' }), { apiKey: { secret: true } });
    assert.equal(maskedValue({ secret: true, last4: 'a1b2' }), '••••••••a1b2');
    assert.equal(maskedValue({ secret: true }), '••••••••');
  });
});

describe('catalog categories', () => {
  it('lists each once, case and spacing aside, in the spelling most rows use, sorted', () => {
    assert.deepEqual(distinctCategories(['email', 'AI', 'Email', ' Email ', 'Payments', 'ai', '', '  ']), ['AI', 'Email', 'Payments']);
    assert.deepEqual(distinctCategories(['CRM', 'crm']), ['CRM'], 'a tie keeps the first seen');
  });

  it('gives a new category the existing spelling, and leaves a new one as typed', () => {
    assert.equal(canonicalCategory('email', ['Email', 'AI']), 'Email');
    assert.equal(canonicalCategory('  developer   TOOLS ', ['Developer tools']), 'Developer tools');
    assert.equal(canonicalCategory('AI agents', ['AI']), 'AI agents');
    assert.equal(canonicalCategory(' New  one ', []), 'New one');
  });
});
