import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEntry } from '../../src/schema/audit.ts';
import { expectError, expectFields, loadSampleKeys, storedText, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/**
 * The audit trail: a scripted sequence of every kind of change, then GET /audit must hold one
 * entry per change, newest first, each saying who, when (UTC), where, what and how it went,
 * and never a key.
 */
let server: TestServer;
let samples: Record<string, Record<string, string>>;
const PLATFORM_KEYS = {
  openai: { apiKey: 'sk-platform-audit-openai-00000000000000' },
  anthropic: { apiKey: 'sk-ant-platform-audit-000000000000000000' },
  'google-gemini': { apiKey: 'AIzaPlatformAuditKey00000000000000000000' },
};
/** Every key this file sends or the server holds; none may show up in the audit or on disk in the clear. */
const keysUsed = () => [
  samples.openai!.apiKey!,
  ROTATED_OPENAI,
  samples.anthropic!.apiKey!,
  samples['google-gemini']!.apiKey!,
];
const ROTATED_OPENAI = 'sk-proj-rotated9876543210zyxwvutsrqponmlkjihg';

before(async () => {
  server = await startTestServer({ platformKeys: PLATFORM_KEYS });
  samples = await loadSampleKeys();
});
after(() => server.stop());

const save = (body: object, token: string = TOKENS.acmeAdmin) => server.call('POST', '/provider-connections', { token, body: { workspaceId: 'acme', ...body } });
const resolve = (provider: string, extra: object = {}) => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider, ...extra } });
const audit = async (query = '', token: string = TOKENS.acmeAdmin) => {
  const result = await server.call('GET', `/audit${query}`, { token });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body.entries as any[];
};
/** The facts of an entry that the sequence below decides. */
const facts = (e: any) => [e.action, e.actor, e.provider ?? null, e.connectionId ?? null, e.outcome ?? null];

describe('audit completeness', () => {
  let openaiId: string;
  let sendgridId: string;
  let startedAt: number;
  const expected: unknown[][] = [];

  it('a scripted sequence of every kind of change', async () => {
    startedAt = Date.now();
    // Created with a key, then tested at once.
    const created = await save({ provider: 'openai', credentialPayload: samples.openai });
    assert.equal(created.status, 201);
    openaiId = created.body.connection.id;
    expected.push(['connection.created', 'alice', 'openai', openaiId, null], ['connection.tested', 'alice', 'openai', openaiId, 'valid']);
    // Created without a key ("add it later"), by a member.
    const later = await save({ provider: 'sendgrid' }, TOKENS.acmeMember);
    sendgridId = later.body.connection.id;
    expected.push(['connection.created', 'bob', 'sendgrid', sendgridId, null]);
    // Key replaced, tested at once.
    assert.equal((await save({ provider: 'openai', credentialPayload: { apiKey: ROTATED_OPENAI } })).status, 200);
    expected.push(['connection.key_replaced', 'alice', 'openai', openaiId, null], ['connection.tested', 'alice', 'openai', openaiId, 'valid']);
    // Renamed and reassigned in one save: one entry.
    assert.equal((await save({ provider: 'openai', displayName: 'OpenAI (prod)', projectIds: ['website', 'mobile-app'] })).status, 200);
    expected.push(['connection.updated', 'alice', 'openai', openaiId, null]);
    // Saved again with nothing changed: no entry.
    assert.equal((await save({ provider: 'openai', displayName: 'OpenAI (prod)', projectIds: ['website', 'mobile-app'] })).status, 200);
    // Tested.
    assert.equal((await server.call('POST', `/provider-connections/${openaiId}/test`)).status, 200);
    expected.push(['connection.tested', 'alice', 'openai', openaiId, 'valid']);
    // Removed.
    assert.equal((await server.call('DELETE', `/provider-connections/${sendgridId}`, { token: TOKENS.acmeMember })).status, 204);
    expected.push(['connection.removed', 'bob', 'sendgrid', sendgridId, null]);
    // Policy changed.
    assert.equal((await server.call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode: 'auto', overrides: { stripe: 'byo' } } })).status, 200);
    expected.push(['policy.changed', 'alice', null, null, 'auto']);
    // Resolution fell back (auto, no connection, platform key).
    assert.equal((await resolve('anthropic')).body.fallbackReason, 'no_connection');
    expected.push(['resolution.fell_back', 'service', 'anthropic', null, 'no_connection']);
    // Resolution failed (byo override, no connection).
    expectError(await resolve('stripe'), 409, 'no_credential', 'no_connection');
    expected.push(['resolution.failed', 'service', 'stripe', null, 'no_connection']);
    // Refused requests are not changes: nothing recorded.
    assert.equal((await save({ provider: 'openai', displayName: 'x' }, TOKENS.acmeViewer)).status, 403);
    assert.equal((await server.call('PUT', '/routing-policy', { token: TOKENS.acmeMember, body: { workspaceId: 'acme', mode: 'byo' } })).status, 403);
    assert.equal((await save({ provider: 'openai', credentialPayload: { apiKey: 'not-a-key' } })).status, 400);
    // Provider retired: the connection is revoked.
    assert.equal((await server.call('POST', '/providers/openai/retire', { token: TOKENS.platformAdmin })).status, 200);
    expected.push(['connection.revoked', 'platform', 'openai', openaiId, 'provider_retired']);
  });

  it('GET /audit returns one entry per change, newest first', async () => {
    const entries = await audit('?workspaceId=acme');
    assert.deepEqual(entries.map(facts), [...expected].reverse());
  });

  it('each entry says who, when (UTC ISO), which workspace, and matches the schema', async () => {
    const entries = await audit();
    const ids = new Set<string>();
    let previous = Infinity;
    for (const entry of entries) {
      const parsed = auditEntry.safeParse(entry);
      assert.ok(parsed.success, JSON.stringify(entry));
      assert.equal(entry.workspaceId, 'acme');
      assert.match(entry.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(new Date(entry.at).toISOString(), entry.at);
      const at = Date.parse(entry.at);
      assert.ok(at >= startedAt - 1000 && at <= Date.now(), entry.at);
      assert.ok(at <= previous, 'newest first');
      previous = at;
      assert.ok(!ids.has(entry.id), 'ids are unique');
      ids.add(entry.id);
    }
    const byAction = (action: string) => entries.find((e) => e.action === action);
    assert.equal(byAction('connection.created').actorName, 'Bob (member)');
    assert.equal(byAction('policy.changed').actorName, 'Alice (admin)');
    assert.equal(byAction('resolution.fell_back').actorName, undefined);
    assert.match(entries.findLast((e) => e.action === 'connection.created').detail, /with a key/);
    assert.match(byAction('connection.created').detail, /without a key/);
    assert.equal(byAction('connection.key_replaced').detail, 'fields: API key');
    assert.equal(byAction('connection.updated').detail, 'display name; projects: Website, Mobile app');
    assert.match(byAction('policy.changed').detail, /stripe: byo/);
  });

  it('connectionId= filters to one connection\'s history', async () => {
    const openai = await audit(`?connectionId=${openaiId}`);
    assert.deepEqual(openai.map(facts), expected.filter((f) => f[3] === openaiId).reverse());
    const sendgrid = await audit(`?workspaceId=acme&connectionId=${sendgridId}`);
    assert.deepEqual(sendgrid.map((e) => e.action), ['connection.removed', 'connection.created']);
    assert.deepEqual(await audit('?connectionId=conn_00000000000000000000000000000000'), []);
  });

  it('limit= keeps the newest entries', async () => {
    const all = await audit();
    assert.deepEqual(await audit('?limit=3'), all.slice(0, 3));
    assert.deepEqual(await audit(`?limit=2&connectionId=${openaiId}`), all.filter((e) => e.connectionId === openaiId).slice(0, 2));
  });

  it('names a bad limit or an empty workspace instead of guessing', async () => {
    for (const limit of ['abc', '0', '-5', '1001', '2.5']) expectFields(await server.call('GET', `/audit?workspaceId=acme&limit=${limit}`), ['limit']);
    expectFields(await server.call('GET', '/audit?workspaceId='), ['workspaceId']);
  });

  it('viewers and members read the same trail; other workspaces and the service token do not', async () => {
    const all = await audit();
    assert.deepEqual(await audit('', TOKENS.acmeViewer), all);
    assert.deepEqual(await audit('?workspaceId=acme', TOKENS.acmeMember), all);
    expectError(await server.call('GET', '/audit?workspaceId=acme', { token: TOKENS.globexAdmin }), 403, 'forbidden', 'wrong_workspace');
    expectError(await server.call('GET', '/audit?workspaceId=acme', { token: TOKENS.service }), 403, 'forbidden', 'user_token_required');
    assert.deepEqual(await audit('', TOKENS.globexAdmin), []);
  });

  it('holds no key, and neither does anything in the data directory', async () => {
    const text = JSON.stringify(await audit());
    const files = await storedText(server);
    assert.ok(files.includes(openaiId), 'the data directory does hold the connections');
    for (const key of keysUsed()) {
      assert.ok(!text.includes(key), 'a key in the audit');
      assert.ok(!files.includes(key), 'a key in the data directory');
      assert.ok(!text.includes(key.slice(-12)) && !files.includes(key.slice(-12)), 'a long piece of a key');
    }
    for (const { apiKey } of Object.values(PLATFORM_KEYS)) assert.ok(!text.includes(apiKey) && !files.includes(apiKey), 'a platform key in the audit or on disk');
    for (const line of server.logger.lines) for (const key of keysUsed()) assert.ok(!line.includes(key), 'a key in the log');
  });
});

describe('resolution entries record changes, not every call', () => {
  const resolutionEntries = async (provider: string) =>
    (await audit()).filter((e) => e.provider === provider && e.action.startsWith('resolution.')).map((e) => [e.action, e.outcome]);

  it('5 calls that fall back for the same reason: 1 entry', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await resolve('google-gemini')).body.fallbackReason, 'no_connection');
    assert.deepEqual(await resolutionEntries('google-gemini'), [['resolution.fell_back', 'no_connection']]);
  });

  it('5 concurrent calls that start a fallback: 1 entry', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'globex', provider: 'anthropic' } })));
    assert.deepEqual(results.map((r) => r.body.fallbackReason), Array(5).fill('no_connection'));
    const entries = (await audit('', TOKENS.globexAdmin)).filter((e) => e.action === 'resolution.fell_back');
    assert.equal(entries.length, 1, JSON.stringify(entries));
  });

  it('a new reason is a new entry; the same failure repeated is not', async () => {
    assert.equal((await save({ provider: 'google-gemini' })).status, 201); // pending: no key yet
    for (let i = 0; i < 3; i++) assert.equal((await resolve('google-gemini')).body.fallbackReason, 'connection_pending');
    assert.equal((await server.call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode: 'auto', overrides: { 'google-gemini': 'byo' } } })).status, 200);
    for (let i = 0; i < 3; i++) expectError(await resolve('google-gemini'), 409, 'no_credential', 'connection_pending');
    assert.deepEqual(await resolutionEntries('google-gemini'), [
      ['resolution.failed', 'connection_pending'],
      ['resolution.fell_back', 'connection_pending'],
      ['resolution.fell_back', 'no_connection'],
    ]);
  });

  it('a successful resolution records nothing; a fallback that starts again after one is recorded again', async () => {
    // In globex, with google-gemini: one fallback, then the workspace key works, then it is gone again.
    const globex = (provider: string) => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'globex', provider } });
    const entries = async () =>
      (await audit('', TOKENS.globexAdmin)).filter((e) => e.provider === 'google-gemini' && e.action.startsWith('resolution.')).map((e) => [e.action, e.outcome]);
    for (let i = 0; i < 3; i++) assert.equal((await globex('google-gemini')).body.fallbackReason, 'no_connection');
    assert.deepEqual(await entries(), [['resolution.fell_back', 'no_connection']]);
    const saved = await server.call('POST', '/provider-connections', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', provider: 'google-gemini', credentialPayload: samples['google-gemini'] } });
    assert.equal(saved.body.connection.status, 'active');
    const before = (await audit('', TOKENS.globexAdmin)).length;
    for (let i = 0; i < 3; i++) assert.equal((await globex('google-gemini')).body.source, 'byo');
    assert.equal((await audit('', TOKENS.globexAdmin)).length, before, 'using the workspace key is not a change');
    assert.equal((await server.call('DELETE', `/provider-connections/${saved.body.connection.id}`, { token: TOKENS.globexAdmin })).status, 204);
    for (let i = 0; i < 3; i++) assert.equal((await globex('google-gemini')).body.fallbackReason, 'no_connection');
    assert.deepEqual(await entries(), [
      ['resolution.fell_back', 'no_connection'],
      ['resolution.fell_back', 'no_connection'],
    ]);
  });

  it('a fallback for a project says which project', async () => {
    await save({ provider: 'anthropic', credentialPayload: samples.anthropic, projectIds: ['website'] });
    assert.equal((await resolve('anthropic', { projectId: 'support-bot' })).body.fallbackReason, 'not_assigned_to_project');
    const entry = (await audit()).find((e) => e.provider === 'anthropic' && e.action === 'resolution.fell_back');
    assert.equal(entry.outcome, 'not_assigned_to_project');
    assert.match(entry.detail, /project support-bot/);
  });
});
