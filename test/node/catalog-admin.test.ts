import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../mock-server/app.ts';
import { MemoryStore } from '../../mock-server/store/memory-store.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';
import {
  expectError,
  expectFields,
  expectNothingStored,
  loadSampleKeys,
  loadSeedCatalog,
  startTestServer,
  TEST_PROVIDER_KEY,
  testProvider,
  TOKENS,
  type TestServer,
} from '../support/server.ts';

/**
 * The catalog as data: platform admins add, edit and retire rows through the API; rows are
 * validated (nothing unsafe gets in), live at once, and retiring one revokes its connections.
 */
let server: TestServer;
const PLATFORM_KEY = { apiKey: 'tk_PlatformKeyForTheNewRow000000000' };

before(async () => {
  server = await startTestServer({
    platformKeys: { openai: { apiKey: 'sk-platform-test-key-000000000000000000' }, 'acme-search': PLATFORM_KEY },
  });
});
after(() => server.stop());

const createRow = (row: unknown, token: string = TOKENS.platformAdmin) => server.call('POST', '/providers', { token, body: row });
const updateRow = (key: string, row: unknown, token: string = TOKENS.platformAdmin) => server.call('PUT', `/providers/${key}`, { token, body: row });
const retireRow = (key: string, token: string = TOKENS.platformAdmin) => server.call('POST', `/providers/${key}/retire`, { token });
const catalog = (headers: Record<string, string> = {}) => server.call('GET', '/providers', { token: TOKENS.acmeMember, headers });
const save = (token: string, body: object) => server.call('POST', '/provider-connections', { token, body });
const resolve = (workspaceId: string, provider = 'acme-search') => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId, provider } });
const connectionOf = async (token: string, provider: string) =>
  (await server.call('GET', '/provider-connections', { token })).body.connections.find((c: any) => c.provider === provider);

/** Links that must never get into a row, in any letter case and with the control characters browsers strip. */
const UNSAFE_LINKS = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'JAVASCRIPT:alert(document.cookie)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  '\u0000javascript:alert(1)',
  ' javascript:alert(1)',
  'javascript\u0000:alert(1)',
  'jav\u0085ascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'Data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'http://example.com/keys',
  '//example.com/keys',
  'https://exa\tmple.com/keys',
  'https://user:password@example.com/keys',
  'https\u0000://example.com/keys',
];

describe('POST /providers: validation', () => {
  before(async () => void (await catalog())); // the catalog is seeded into the store on first use

  it('accepts the base row used below (so each rejection below is about its one field)', async () => {
    const created = await createRow(testProvider('valid-row'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.key, 'valid-row');
    assert.equal(created.body.availability, 'available');
    assert.equal(created.body.platformKeyAvailable, false);
  });

  it('rejects a key that is not a slug', async () => {
    for (const key of ['Bad Slug', 'UPPER', '-leading-hyphen', 'a', 'x'.repeat(64), 'under_score', 'dot.ted', '', 'ключ']) {
      expectFields(await createRow(testProvider(key)), ['key']);
    }
    const { key: _key, ...withoutKey } = testProvider('x');
    expectFields(await createRow(withoutKey), ['key']);
  });

  it('rejects help URLs that are not https, and javascript:/data: links in any case or with control characters', async () => {
    for (const url of UNSAFE_LINKS) {
      const result = await createRow(testProvider('unsafe-help', { help: { url, instructions: 'x' } }));
      expectFields(result, ['help.url']);
    }
  });

  it('rejects the same links in OAuth URLs', async () => {
    const oauthRow = (authorizeUrl: string, key = 'unsafe-oauth') =>
      testProvider(key, {
        authType: 'oauth2',
        credentials: [],
        verification: undefined,
        oauth: { authorizeUrl, tokenUrl: 'https://example.com/token', scopes: [], clientIdRef: 'example' },
      });
    assert.equal((await createRow(oauthRow('https://example.com/authorize', 'safe-oauth'))).status, 201);
    for (const url of UNSAFE_LINKS) expectFields(await createRow(oauthRow(url)), ['oauth.authorizeUrl']);
  });

  it('rejects a logo that is not an image, is an unsafe link, or is too large', async () => {
    const logos = [
      ...UNSAFE_LINKS,
      'data:text/plain;base64,aGVsbG8=',
      'data:application/pdf;base64,JVBERi0xLjQ=',
      'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
      'data:image/png;base64,not*base64!',
      'DATA:image/png;base64,iVBORw0KGgo=',
      'data:image/svg+xml,%3Csvg%3E\u0007%3C/svg%3E',
      'data:image/png;base64,' + 'A'.repeat(140_000), // about 102 KB of image: over 100 KB
      'data:image/svg+xml,' + '<g/>'.repeat(26_000), // 104 KB of SVG
      'data:image/png;base64,' + 'A'.repeat(300_000), // longer than any logo may be
      'https://example.com/logo.png\n',
      'logo.png',
      // The bytes must be the image the type claims, and an SVG a picture, not a program.
      'data:image/png;base64,' + Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
      'data:image/png,%3Chtml%3E',
      'data:image/png;base64,',
      'data:image/svg+xml;base64,' + Buffer.from('<svg onload=alert(1)><script>alert(2)</script></svg>').toString('base64'),
      'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>'),
      'data:image/svg+xml,' + encodeURIComponent('<svg><foreignObject><iframe src="https://x"/></foreignObject></svg>'),
      // Variants a filter of dangerous words let through: the server parses the XML and allows only a picture's parts.
      'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="java&#x73;cript:alert(1)"/></svg>'),
      'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css)</style></svg>'),
      'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#a"/></svg>'),
      'data:image/svg+xml,' + encodeURIComponent('<!DOCTYPE svg [<!ENTITY e "&#x3C;script&#x3E;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>'),
      '',
    ];
    for (const logo of logos) expectFields(await createRow(testProvider('bad-logo', { logo })), ['logo']);
    const tooBig = await createRow(testProvider('bad-logo', { logo: 'data:image/png;base64,' + 'A'.repeat(140_000) }));
    assert.match(tooBig.body.error.fields.logo, /at most 100 KB/);
  });

  it('refuses names and categories that are only spaces', async () => {
    expectFields(await createRow(testProvider('blank-name', { name: '   ', category: ' ' })), ['name', 'category']);
  });

  it('refuses patterns a linear-time engine cannot run, and recipe headers that would split the request', async () => {
    for (const pattern of ['(x)\\1', '^(?=a)a$', '^a(?<!b)$', '(?<name>a)\\k<name>', '^[a-']) {
      const result = await createRow(testProvider('slow-pattern', { credentials: [{ name: 'apiKey', label: 'API key', pattern }] }));
      expectFields(result, ['credentials.0.pattern']);
    }
    const split = await createRow(testProvider('split-header', { verification: { method: 'GET', url: 'https://api.example.com/v1/me', headers: { 'X-A': 'a\r\nX-B: {{apiKey}}' } } }));
    expectFields(split, ['verification.headers.X-A']);
    const basic = await createRow(testProvider('split-basic', { verification: { method: 'GET', url: 'https://api.example.com/v1/me', basicAuth: { username: '{{apiKey}}\n', password: '' } } }));
    expectFields(basic, ['verification.basicAuth.username']);
  });

  it('runs any pattern in linear time: the shapes that backtrack forever cost nothing, and answer the field error', { timeout: 20_000 }, async () => {
    // On a backtracking engine each of these takes about 2^40 steps on the key below.
    const patterns = ['^(a|a)*$', '^(a+)+$', '^([a-z]+\\d)*$', '^(a|aa)+$', '^(.*a){20}$'];
    for (const [i, pattern] of patterns.entries()) {
      const key = `linear-${i}`;
      const created = await createRow(testProvider(key, { credentials: [{ name: 'apiKey', label: 'API key', pattern }] }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const saved = await save(TOKENS.acmeAdmin, { workspaceId: 'acme', provider: key, credentialPayload: { apiKey: `${'a'.repeat(40)}!` } });
      expectFields(saved, ['credentialPayload.apiKey']);
      assert.equal(saved.body.error.fields['credentialPayload.apiKey'], "isn't in the expected format");
    }
    // And every tenant is still served at once.
    assert.equal((await server.call('GET', '/providers', { token: TOKENS.globexAdmin })).status, 200);
  });

  it('accepts an https logo and a small PNG, SVG, JPEG or WebP data URI', async () => {
    const logos = [
      'https://example.com/logo.png',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E',
      'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==',
      'data:image/webp;base64,UklGRhoAAABXRUJQ',
      'data:image/png;base64,iVBORw0KGgo' + 'A'.repeat(135_989), // a PNG signature, just under 100 KB
    ];
    let n = 0;
    for (const logo of logos) {
      const result = await createRow(testProvider(`good-logo-${++n}`, { logo }));
      assert.equal(result.status, 201, `${logo.slice(0, 40)}: ${JSON.stringify(result.body).slice(0, 300)}`);
    }
  });

  it('rejects recipe placeholders that are not credential fields, naming where each is', async () => {
    const recipe = (verification: object) => testProvider('bad-recipe', { verification: { method: 'GET', url: 'https://api.example.com/v1/me', ...verification } });
    expectFields(await createRow(recipe({ url: 'https://api.example.com/v1/accounts/{{accountId}}' })), ['verification.url']);
    expectFields(await createRow(recipe({ headers: { Authorization: 'Bearer {{token}}' } })), ['verification.headers.Authorization']);
    expectFields(await createRow(recipe({ basicAuth: { username: '{{apiKey}}', password: '{{secret}}' } })), ['verification.basicAuth.password']);
    expectFields(await createRow(recipe({ method: 'POST', body: '{"key":"{{apikey}}"}' })), ['verification.body']);
    const unknown = await createRow(recipe({ headers: { 'x-key': '{{ apiSecret }}' } }));
    assert.match(unknown.body.error.fields['verification.headers.x-key'], /\{\{apiSecret\}\}, which is not a credential field/);
    // Placeholders never reach the origin: a key must not pick the host a test talks to.
    expectFields(await createRow(recipe({ url: 'https://{{apiKey}}.example.com/v1/me' })), ['verification.url']);
    expectFields(await createRow(recipe({ url: 'javascript:alert(1)//{{apiKey}}' })), ['verification.url']);
  });

  it('names every bad field of one request at once', async () => {
    const result = await createRow(
      testProvider('Bad Key', {
        logo: 'javascript:alert(1)',
        help: { url: 'java\tscript:alert(1)', instructions: 'x' },
        verification: { url: 'http://api.example.com/v1/me' },
        availability: 'sometimes',
      }),
    );
    expectFields(result, ['key', 'logo', 'help.url', 'verification.url', 'availability']);
  });

  it('stored none of the rejected rows, nor changed the ETag', async () => {
    const before = await catalog();
    const unchanged = await expectNothingStored(server.dataDir);
    expectFields(await createRow(testProvider('rejected-row', { help: { url: 'JAVASCRIPT:alert(1)' } })), ['help.url']);
    await unchanged();
    const after = await catalog({ 'if-none-match': before.headers.get('etag')! });
    assert.equal(after.status, 304);
    const keys = before.body.providers.map((p: any) => p.key);
    for (const key of ['unsafe-help', 'unsafe-oauth', 'bad-logo', 'bad-recipe', 'rejected-row']) assert.ok(!keys.includes(key), key);
  });
});

describe('POST and PUT /providers: keys', () => {
  it('refuses a duplicate key with 409 already_exists and leaves the row as it was', async () => {
    await createRow(testProvider('dupe-row', { name: 'The original' }));
    const again = await createRow(testProvider('dupe-row', { name: 'A copy' }));
    expectError(again, 409, 'already_exists');
    assert.deepEqual(Object.keys(again.body.error.fields), ['key']);
    expectError(await createRow(testProvider('openai')), 409, 'already_exists');
    assert.equal((await server.call('GET', '/providers/dupe-row')).body.name, 'The original');
  });

  it('PUT replaces a row but never its key (400 fields.key), and answers 404 for an unknown key', async () => {
    const changeKey = await updateRow('dupe-row', testProvider('dupe-row-renamed'));
    expectFields(changeKey, ['key']);
    assert.match(changeKey.body.error.fields.key, /cannot change/);
    expectError(await updateRow('no-such-row', testProvider('no-such-row')), 404, 'not_found');
    assert.equal((await server.call('GET', '/providers/no-such-row')).status, 404, 'a PUT never creates');
    const { key: _key, ...withoutKey } = testProvider('dupe-row', { name: 'Edited' });
    const edited = await updateRow('dupe-row', withoutKey);
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.key, 'dupe-row');
    assert.equal((await server.call('GET', '/providers/dupe-row')).body.name, 'Edited');
    assert.equal((await server.call('GET', '/providers/dupe-row-renamed')).status, 404);
  });

  it('PUT validates like POST', async () => {
    expectFields(await updateRow('dupe-row', testProvider('dupe-row', { help: { url: 'JaVaScRiPt:alert(1)' } })), ['help.url']);
    expectFields(await updateRow('dupe-row', testProvider('dupe-row', { logo: 'data:text/html,<b>x</b>' })), ['logo']);
    assert.equal((await server.call('GET', '/providers/dupe-row')).body.name, 'Edited');
  });

  it('PUT refuses a body that is not an object, naming it', async () => {
    for (const body of [[], null, 'x', 42]) expectFields(await updateRow('dupe-row', body), ['(body)']);
  });

  it('PUT may not break stored keys: no dropped or renamed field, no new required one, no auth change while connections exist', async () => {
    const row = (credentials: unknown[], extra: Record<string, unknown> = {}) => testProvider('in-use-row', { credentials, verification: undefined, ...extra });
    await createRow(row([{ name: 'apiKey', label: 'API key' }]));
    const unused = await updateRow('in-use-row', row([{ name: 'token', label: 'Token' }]));
    assert.equal(unused.status, 200, `no connection yet: anything goes ${JSON.stringify(unused.body)}`);
    const saved = await server.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'in-use-row', credentialPayload: { token: 'abc' } } });
    assert.ok(saved.status < 300, JSON.stringify(saved.body));

    const renamed = await updateRow('in-use-row', row([{ name: 'apiKey', label: 'API key' }]));
    expectError(renamed, 409, 'provider_in_use');
    assert.match(renamed.body.error.fields.credentials, /cannot drop or rename token while 1 connection uses this provider/);
    const required = await updateRow('in-use-row', row([{ name: 'token', label: 'Token' }, { name: 'region', label: 'Region', secret: false }]));
    expectError(required, 409, 'provider_in_use');
    assert.match(required.body.error.fields.credentials, /add it as optional/);
    expectError(await updateRow('in-use-row', row([], { authType: 'none' })), 409, 'provider_in_use');

    const additive = await updateRow('in-use-row', row([{ name: 'token', label: 'Access token' }, { name: 'region', label: 'Region', secret: false, optional: true }]));
    assert.equal(additive.status, 200, JSON.stringify(additive.body));
    assert.equal((await server.call('GET', '/providers/in-use-row')).body.credentials[0].label, 'Access token');
  });

  it('only platform admins may write the catalog', async () => {
    for (const token of [TOKENS.acmeViewer, TOKENS.acmeMember, TOKENS.acmeAdmin, TOKENS.globexAdmin]) {
      expectError(await createRow(testProvider('by-someone-else'), token), 403, 'forbidden', 'platform_admin_only');
      expectError(await updateRow('dupe-row', testProvider('dupe-row'), token), 403, 'forbidden', 'platform_admin_only');
      expectError(await retireRow('dupe-row', token), 403, 'forbidden', 'platform_admin_only');
    }
  });
});

describe('POST and PUT /providers: categories', () => {
  const categoryOf = async (key: string) => (await server.call('GET', `/providers/${key}`)).body.category;

  it('a category naming an existing one in another case or spacing is stored in its spelling', async () => {
    for (const [key, typed, stored] of [
      ['cat-lower', 'email', 'Email'],
      ['cat-upper', 'EMAIL', 'Email'],
      ['cat-spaced', '  Email ', 'Email'],
      ['cat-words', 'developer \t TOOLS', 'Developer tools'],
    ] as const) {
      const created = await createRow(testProvider(key, { category: typed }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.category, stored, typed);
      assert.equal(await categoryOf(key), stored, `${typed}: stored so`);
    }
  });

  it('a genuinely new category stays as typed (trimmed, its spaces collapsed)', async () => {
    assert.equal((await createRow(testProvider('cat-new', { category: 'Observability' }))).body.category, 'Observability');
    assert.equal((await createRow(testProvider('cat-new-spaced', { category: ' Data  warehouses ' }))).body.category, 'Data warehouses');
    // Not a prefix match: "AI agents" is not "AI".
    assert.equal((await createRow(testProvider('cat-prefix', { category: 'ai agents' }))).body.category, 'ai agents');
    assert.equal(await categoryOf('cat-prefix'), 'ai agents');
  });

  it('PUT takes the spelling of the other rows, and lets a row alone in its category respell it', async () => {
    const edited = await updateRow('cat-lower', testProvider('cat-lower', { category: 'eMaIl' }));
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(await categoryOf('cat-lower'), 'Email');
    await createRow(testProvider('cat-alone', { category: 'Weather' }));
    assert.equal((await updateRow('cat-alone', testProvider('cat-alone', { category: 'WEATHER' }))).body.category, 'WEATHER');
  });

  it('a bad category still gets a clear field error, never a 500', async () => {
    for (const category of ['', '   ', '\t\n', 'x'.repeat(41), 42, null, ['Email'], { name: 'Email' }]) {
      const result = await createRow(testProvider('cat-bad', { category }));
      expectFields(result, ['category']);
      assert.match(result.body.error.fields.category, /^must (not be|be at most|be a string)/, JSON.stringify(category));
    }
    expectFields(await updateRow('cat-lower', testProvider('cat-lower', { category: ' ' })), ['category']);
    assert.equal((await server.call('GET', '/providers/cat-bad')).status, 404);
    assert.equal(await categoryOf('cat-lower'), 'Email');
  });
});

describe('a new row is live at once', () => {
  let oldEtag: string;
  let newEtag: string;

  it('appears in GET /providers and changes the ETag', async () => {
    const before = await catalog();
    oldEtag = before.headers.get('etag')!;
    assert.match(oldEtag, /^"catalog-\d+"$/);
    assert.equal((await catalog({ 'if-none-match': oldEtag })).status, 304, 'nothing changed yet');
    const created = await createRow(testProvider('acme-search', { name: 'Acme Search', category: 'Search' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.platformKeyAvailable, true);
    const after = await catalog();
    newEtag = after.headers.get('etag')!;
    assert.notEqual(newEtag, oldEtag);
    const row = after.body.providers.find((p: any) => p.key === 'acme-search');
    assert.equal(row.name, 'Acme Search');
    assert.equal(row.availability, 'available');
  });

  it('If-None-Match: the old ETag gets 200 with the row, the new one 304 without a body', async () => {
    const stale = await catalog({ 'if-none-match': oldEtag });
    assert.equal(stale.status, 200);
    assert.ok(stale.body.providers.some((p: any) => p.key === 'acme-search'), 'the new row is listed');
    assert.equal(stale.headers.get('etag'), newEtag);
    const fresh = await catalog({ 'if-none-match': newEtag });
    assert.equal(fresh.status, 304);
    assert.equal(fresh.body, null);
    assert.equal(fresh.headers.get('etag'), newEtag);
    // Edits change it too.
    await updateRow('acme-search', testProvider('acme-search', { name: 'Acme Search', category: 'Search', description: 'Edited.' }));
    assert.equal((await catalog({ 'if-none-match': newEtag })).status, 200);
    newEtag = (await catalog()).headers.get('etag')!;
  });

  it('a member can connect it right away (tested through its recipe), in any workspace', async () => {
    const acme = await save(TOKENS.acmeMember, { workspaceId: 'acme', provider: 'acme-search', credentialPayload: { apiKey: TEST_PROVIDER_KEY } });
    assert.equal(acme.status, 201, JSON.stringify(acme.body));
    assert.equal(acme.body.test.outcome, 'valid');
    assert.equal(acme.body.connection.status, 'active');
    assert.equal(acme.body.connection.displayName, 'Acme Search');
    const globex = await save(TOKENS.globexMember, { workspaceId: 'globex', provider: 'acme-search', credentialPayload: { apiKey: TEST_PROVIDER_KEY } });
    assert.equal(globex.status, 201);
    assert.equal(globex.body.connection.status, 'active');
    // The row's own field rules apply at once.
    const wrong = await save(TOKENS.acmeAdmin, { workspaceId: 'acme', provider: 'acme-search', credentialPayload: { apiKey: 'sk-not-this-one-000000000000' } });
    expectFields(wrong, ['credentialPayload.apiKey']);
    assert.equal(wrong.body.error.fields['credentialPayload.apiKey'], "isn't in the expected format");
    assert.equal((await resolve('acme')).body.source, 'byo');
    assert.equal((await server.call('PUT', '/routing-policy', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', mode: 'byo' } })).status, 200);
    assert.equal((await resolve('globex')).body.source, 'byo');
  });
});

describe('retiring a provider', () => {
  let acmeBefore: any;
  let pendingRow: any;

  before(async () => {
    acmeBefore = await connectionOf(TOKENS.acmeMember, 'acme-search');
    // A second row, with a connection that has no key yet ("add it later").
    await createRow(testProvider('retire-pending'));
    pendingRow = (await save(TOKENS.acmeMember, { workspaceId: 'acme', provider: 'retire-pending' })).body.connection;
    assert.equal(pendingRow.status, 'pending');
  });

  it('marks the row retired and changes the ETag', async () => {
    const etag = (await catalog()).headers.get('etag')!;
    const retired = await retireRow('acme-search');
    assert.equal(retired.status, 200, JSON.stringify(retired.body));
    assert.equal(retired.body.availability, 'retired');
    assert.equal((await server.call('GET', '/providers/acme-search')).body.availability, 'retired');
    const after = await catalog({ 'if-none-match': etag });
    assert.equal(after.status, 200);
    assert.equal(after.body.providers.find((p: any) => p.key === 'acme-search').availability, 'retired', 'still listed, as retired');
  });

  it("revokes every workspace's connection to it, keeping them visible with a reason", async () => {
    for (const token of [TOKENS.acmeViewer, TOKENS.globexMember]) {
      const connection = await connectionOf(token, 'acme-search');
      assert.ok(connection, 'kept');
      assert.equal(connection.status, 'revoked');
      assert.match(connection.statusReason, /Acme Search was retired/);
      assert.ok(connection.credentialPreview.apiKey, 'the stored key is kept');
      assert.equal((await server.call('GET', `/provider-connections/${connection.id}`, { token })).status, 200);
    }
    const acme = await connectionOf(TOKENS.acmeViewer, 'acme-search');
    assert.equal(acme.id, acmeBefore.id);
    assert.ok(acme.version > acmeBefore.version, 'the revocation bumped the version');
  });

  it('resolution stops using them at once: auto falls back with connection_revoked, byo has nothing', async () => {
    const auto = await resolve('acme');
    assert.equal(auto.body.source, 'built_in');
    assert.equal(auto.body.fallbackReason, 'connection_revoked');
    assert.deepEqual(auto.body.credential, PLATFORM_KEY);
    expectError(await resolve('globex'), 409, 'no_credential', 'connection_revoked');
  });

  it('refuses new connections, edits and tests of it', async () => {
    const session = await server.call('POST', '/sessions', { token: TOKENS.service, body: { userId: 'ian', workspaceId: 'initech', role: 'admin' } });
    const fresh = await save(session.body.token, { workspaceId: 'initech', provider: 'acme-search', credentialPayload: { apiKey: TEST_PROVIDER_KEY } });
    expectFields(fresh, ['provider']);
    assert.match(fresh.body.error.fields.provider, /retired/);
    expectFields(await save(TOKENS.acmeMember, { workspaceId: 'acme', provider: 'acme-search', displayName: 'Still mine' }), ['provider']);
    expectFields(await save(TOKENS.acmeMember, { workspaceId: 'acme', provider: 'acme-search', credentialPayload: { apiKey: `${TEST_PROVIDER_KEY}New` } }), ['provider']);
    expectError(await server.call('POST', `/provider-connections/${acmeBefore.id}/test`, { token: TOKENS.acmeMember }), 400, 'not_testable');
    assert.equal((await connectionOf(TOKENS.acmeMember, 'acme-search')).status, 'revoked');
  });

  it('answers 404 for an unknown key', async () => {
    expectError(await retireRow('no-such-row'), 404, 'not_found');
  });

  it('restoring the row does not reactivate its connections; a passing test does', async () => {
    const restored = await updateRow('acme-search', testProvider('acme-search', { name: 'Acme Search', category: 'Search', availability: 'available' }));
    assert.equal(restored.status, 200);
    assert.equal(restored.body.availability, 'available');
    for (const token of [TOKENS.acmeMember, TOKENS.globexMember]) assert.equal((await connectionOf(token, 'acme-search')).status, 'revoked');
    assert.equal((await resolve('acme')).body.fallbackReason, 'connection_revoked');
    expectError(await resolve('globex'), 409, 'no_credential', 'connection_revoked');

    const tested = await server.call('POST', `/provider-connections/${acmeBefore.id}/test`, { token: TOKENS.acmeMember });
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    assert.equal(tested.body.test.outcome, 'valid');
    assert.equal(tested.body.connection.status, 'active');
    assert.equal(tested.body.connection.statusReason, undefined);
    assert.equal((await resolve('acme')).body.source, 'byo');
    // globex's is still revoked until someone there tests it or saves a key.
    expectError(await resolve('globex'), 409, 'no_credential', 'connection_revoked');
    const rekeyed = await save(TOKENS.globexMember, { workspaceId: 'globex', provider: 'acme-search', credentialPayload: { apiKey: `${TEST_PROVIDER_KEY}New` } });
    assert.equal(rekeyed.body.connection.status, 'active');
    assert.equal((await resolve('globex')).body.source, 'byo');
  });

  it('a failing test after restoring leaves the connection unusable', async () => {
    await createRow(testProvider('restore-fails'));
    const saved = await save(TOKENS.acmeAdmin, { workspaceId: 'acme', provider: 'restore-fails', credentialPayload: { apiKey: 'tk_GoodKeyForNowThenStricter000' } });
    assert.equal(saved.body.connection.status, 'active');
    await retireRow('restore-fails');
    // The provider comes back with a stricter key format: the stored key no longer passes.
    await updateRow('restore-fails', testProvider('restore-fails', { credentials: [{ name: 'apiKey', label: 'API key', pattern: '^tk2_[A-Za-z0-9]{20,}$' }] }));
    const tested = await server.call('POST', `/provider-connections/${saved.body.connection.id}/test`);
    assert.equal(tested.body.test.outcome, 'invalid');
    assert.equal(tested.body.connection.status, 'error');
  });

  it('retiring through PUT (availability "retired") revokes just the same', async () => {
    const before = await connectionOf(TOKENS.acmeMember, 'acme-search');
    assert.equal(before.status, 'active');
    const put = await updateRow('acme-search', testProvider('acme-search', { name: 'Acme Search', category: 'Search', availability: 'retired' }));
    assert.equal(put.status, 200);
    assert.equal((await connectionOf(TOKENS.acmeMember, 'acme-search')).status, 'revoked');
    assert.equal((await connectionOf(TOKENS.globexMember, 'acme-search')).status, 'revoked');
    assert.equal((await resolve('acme')).body.fallbackReason, 'connection_revoked');
  });

  it('revokes pending rows too, and records one connection.revoked per connection in each workspace', async () => {
    assert.equal((await retireRow('retire-pending')).status, 200);
    assert.equal((await server.call('GET', `/provider-connections/${pendingRow.id}`)).body.status, 'revoked');
    const acmeAudit = (await server.call('GET', '/audit?workspaceId=acme', { token: TOKENS.acmeViewer })).body.entries;
    const globexAudit = (await server.call('GET', '/audit?workspaceId=globex', { token: TOKENS.globexMember })).body.entries;
    const revoked = (entries: any[], provider: string) => entries.filter((e) => e.action === 'connection.revoked' && e.provider === provider);
    assert.equal(revoked(acmeAudit, 'acme-search').length, 2, 'retired twice (POST, then PUT), revoked twice');
    assert.equal(revoked(acmeAudit, 'retire-pending').length, 1);
    assert.equal(revoked(globexAudit, 'acme-search').length, 2);
    for (const entry of [...revoked(acmeAudit, 'acme-search'), ...revoked(globexAudit, 'acme-search')]) {
      assert.equal(entry.outcome, 'provider_retired');
      assert.ok(entry.connectionId, 'names the connection');
    }
  });

  it('a revoked connection can still be removed by its owner', async () => {
    assert.equal((await server.call('DELETE', `/provider-connections/${pendingRow.id}`, { token: TOKENS.acmeMember })).status, 204);
    assert.equal(await connectionOf(TOKENS.acmeMember, 'retire-pending'), undefined);
  });
});

describe('retiring while a credential test is in flight', () => {
  /** The app in-process with an upstream the test answers by hand, to retire the row mid-test. */
  async function appWithHeldUpstream() {
    let called!: () => void;
    let answer!: (status: number) => void;
    let upstreamCalled = new Promise<void>((resolve) => (called = resolve));
    const app = createApp({
      store: new MemoryStore(),
      vault: await Vault.fromBase64(generateEncryptionKey()),
      principals: {
        serviceToken: TOKENS.service,
        principals: [
          { token: 'alice', userId: 'alice', displayName: 'Alice', workspaceId: 'acme', role: 'admin' },
          { token: 'pat', userId: 'pat', displayName: 'Pat', workspaceId: 'acme', role: 'platform-admin' },
        ],
      },
      catalogSeed: await loadSeedCatalog(),
      platformKeys: { openai: { apiKey: 'sk-platform-test-key-000000000000000000' } },
      upstream: {
        mode: 'live',
        fetch: () =>
          new Promise<Response>((resolve) => {
            answer = (status) => resolve(new Response('{}', { status }));
            called();
          }),
      },
    });
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const response = await app.fetch(
        new Request(`http://test/api/integrations${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
      return { status: response.status, body: (await response.json()) as any };
    };
    const nextUpstreamCall = () => {
      const current = upstreamCalled;
      return current.then(() => void (upstreamCalled = new Promise<void>((resolve) => (called = resolve))));
    };
    return { call, nextUpstreamCall, answer: (status: number) => answer(status) };
  }

  it('a key saved just before the row is retired stays revoked when its test passes afterwards', async () => {
    const samples = await loadSampleKeys();
    const { call, nextUpstreamCall, answer } = await appWithHeldUpstream();
    const saving = call('alice', 'POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    await nextUpstreamCall();
    assert.equal((await call('pat', 'POST', '/providers/openai/retire')).status, 200);
    answer(200);
    const saved = await saving;
    assert.equal(saved.body.test.outcome, 'valid');
    assert.equal(saved.body.connection.status, 'revoked', 'a retired provider\'s connection is not reactivated by a test that began before');
    const resolved = await call(TOKENS.service, 'POST', '/resolve', { workspaceId: 'acme', provider: 'openai' });
    assert.equal(resolved.body.source, 'built_in');
    assert.equal(resolved.body.fallbackReason, 'connection_revoked');
  });

  it('a test started after restoring, with the row retired again meanwhile, leaves the connection revoked', async () => {
    const samples = await loadSampleKeys();
    const { call, nextUpstreamCall, answer } = await appWithHeldUpstream();
    const saving = call('alice', 'POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai });
    await nextUpstreamCall();
    answer(200);
    const id = (await saving).body.connection.id;
    assert.equal((await call('pat', 'POST', '/providers/openai/retire')).status, 200);
    const openai = (await call('alice', 'GET', '/providers/openai')).body;
    assert.equal((await call('pat', 'PUT', '/providers/openai', { ...openai, platformKeyAvailable: undefined, availability: 'available' })).status, 200);
    const testing = call('alice', 'POST', `/provider-connections/${id}/test`);
    await nextUpstreamCall();
    assert.equal((await call('pat', 'POST', '/providers/openai/retire')).status, 200);
    answer(200);
    const tested = await testing;
    assert.equal(tested.status, 200);
    assert.equal(tested.body.connection.status, 'revoked');
    assert.equal((await call('alice', 'GET', `/provider-connections/${id}`)).body.status, 'revoked');
  });
});

describe('the simulated upstream and fields a recipe does not send', () => {
  it('accepts a good key of a provider with a required URL field the test request never carries', async () => {
    const row = testProvider('crm-with-url', {
      credentials: [
        { name: 'apiKey', label: 'API key', pattern: '^tk_[A-Za-z0-9]{20,200}$' },
        { name: 'baseUrl', label: 'Base URL', secret: false, format: 'url' },
      ],
    });
    assert.equal((await createRow(row)).status, 201);
    const saved = await server.call('POST', '/provider-connections', {
      body: { workspaceId: 'acme', provider: 'crm-with-url', credentialPayload: { apiKey: TEST_PROVIDER_KEY, baseUrl: 'https://eu.crm.example.com' } },
    });
    assert.equal(saved.body.test?.outcome, 'valid', JSON.stringify(saved.body));
  });
});
