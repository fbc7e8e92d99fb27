import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSampleKeys, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

let server: TestServer;
let samples: Record<string, Record<string, string>>;
const OPENAI_KEY = () => samples.openai!.apiKey!;

before(async () => {
  server = await startTestServer();
  samples = await loadSampleKeys();
});
after(() => server.stop());

/** Every response to a browser token, so we can prove no whole key ever came back to one. */
const responses: string[] = [];
async function call(...args: Parameters<TestServer['call']>) {
  const result = await server.call(...args);
  // /resolve answers the service token (server to server) with the key: that is its job.
  if (args[2]?.token !== TOKENS.service) responses.push(JSON.stringify(result.body));
  return result;
}

function expectError(result: { status: number; body: any }, status: number, code: string) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.equal(result.body?.error?.code, code);
  assert.equal(typeof result.body.error.message, 'string');
}

describe('authentication', () => {
  it('rejects a missing, malformed or unknown bearer token with 401', async () => {
    expectError(await call('GET', '/providers', { token: null }), 401, 'unauthorized');
    expectError(await call('GET', '/providers', { token: null, headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
    expectError(await call('GET', '/providers', { token: 'not-a-token' }), 401, 'unauthorized');
  });

  it('keeps the service token out of browser endpoints and browser tokens out of /resolve', async () => {
    expectError(await call('GET', '/provider-connections?workspaceId=acme', { token: TOKENS.service }), 403, 'forbidden');
    expectError(await call('POST', '/resolve', { body: { workspaceId: 'acme', provider: 'openai' } }), 403, 'forbidden');
  });

  it('tells who a token speaks for', async () => {
    const me = await call('GET', '/me', { token: TOKENS.acmeMember });
    assert.deepEqual(me.body, { userId: 'bob', displayName: 'Bob (member)', workspaceId: 'acme', role: 'member' });
  });
});

describe('GET /providers', () => {
  it('lists the catalog with platformKeyAvailable and never a platform key', async () => {
    const { status, body } = await call('GET', '/providers');
    assert.equal(status, 200);
    const keys = body.providers.map((p: { key: string }) => p.key);
    for (const key of ['anthropic', 'openai', 'stripe', 'twilio', 'sendgrid', 'google-calendar', 'meta-ads', 'github', 'telegram']) assert.ok(keys.includes(key), key);
    assert.equal(body.providers.find((p: any) => p.key === 'openai').platformKeyAvailable, true);
    assert.equal(body.providers.find((p: any) => p.key === 'stripe').platformKeyAvailable, false);
    assert.ok(!JSON.stringify(body).includes(server.config.platformKeys.openai!.apiKey!));
  });

  it('returns one provider, or 404', async () => {
    const one = await call('GET', '/providers/twilio');
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.credentials.map((f: any) => f.name), ['accountSid', 'authToken', 'statusCallbackUrl']);
    expectError(await call('GET', '/providers/no-such-provider'), 404, 'not_found');
  });
});

describe('POST /provider-connections', () => {
  let connectionId = '';

  it('saves a key encrypted, tests it at once and answers 201 with a masked preview', async () => {
    const { status, body } = await call('POST', '/provider-connections', {
      body: { workspaceId: 'acme', provider: 'openai', displayName: 'OpenAI (prod)', credentialPayload: { apiKey: OPENAI_KEY() } },
    });
    assert.equal(status, 201, JSON.stringify(body));
    connectionId = body.connection.id;
    assert.match(connectionId, /^conn_[0-9a-f]{32}$/);
    assert.equal(body.test.outcome, 'valid');
    assert.equal(body.test.httpStatus, 200);
    assert.equal(body.connection.status, 'active');
    assert.equal(body.connection.mode, 'service');
    assert.equal(body.connection.displayName, 'OpenAI (prod)');
    assert.equal(body.connection.createdBy, 'alice');
    assert.deepEqual(body.connection.credentialPreview, { apiKey: { secret: true, last4: OPENAI_KEY().slice(-4) } });
    assert.deepEqual(body.connection.lastTest, body.test);
    assert.equal(body.connection.secret, undefined);
  });

  it('upserts the workspace connection of the same provider (200, same id, new version)', async () => {
    const before = (await call('GET', `/provider-connections/${connectionId}`)).body;
    const { status, body } = await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', projectIds: ['website', 'website'] } });
    assert.equal(status, 200);
    assert.equal(body.connection.id, connectionId);
    assert.deepEqual(body.connection.projectIds, ['website']);
    assert.ok(body.connection.version > before.version);
    assert.equal(body.test, undefined, 'no new key, no test');
    assert.equal(body.connection.status, 'active');
  });

  it('rejects a stale expectedVersion with 409 and accepts the current one', async () => {
    const current = (await call('GET', `/provider-connections/${connectionId}`)).body;
    expectError(
      await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', connectionId, displayName: 'x', expectedVersion: current.version - 1 } }),
      409,
      'version_conflict',
    );
    const ok = await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', connectionId, displayName: 'OpenAI', expectedVersion: current.version } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.connection.displayName, 'OpenAI');
  });

  it('keeps an invalid key but marks the connection error, with the reason', async () => {
    const { status, body } = await call('POST', '/provider-connections', {
      body: { workspaceId: 'acme', provider: 'anthropic', credentialPayload: { apiKey: samples.anthropic!.apiKey!.replace(/demo/, 'invalid') } },
    });
    assert.equal(status, 201);
    assert.equal(body.test.outcome, 'invalid');
    assert.equal(body.test.httpStatus, 401);
    assert.equal(body.connection.status, 'error');
    assert.match(body.connection.statusReason, /rejected/);
  });

  it('leaves a rate-limited first test pending, saying it is not verified yet', async () => {
    const { body } = await call('POST', '/provider-connections', {
      body: { workspaceId: 'acme', provider: 'stripe', credentialPayload: { apiKey: samples.stripe!.apiKey!.replace(/demo/, 'ratelimited') } },
    });
    assert.equal(body.test.outcome, 'rate_limited');
    assert.equal(body.connection.status, 'pending');
    assert.match(body.connection.statusReason, /not verified/);
  });

  it('creates a pending row without a payload ("I\'ll add it later")', async () => {
    const { status, body } = await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'sendgrid' } });
    assert.equal(status, 201);
    assert.equal(body.connection.status, 'pending');
    assert.deepEqual(body.connection.credentialPreview, {});
    assert.equal(body.connection.lastTest, null);
    assert.equal(body.test, undefined);
  });

  it('shows non-secret fields in full and nothing of secrets shorter than 12 characters', async () => {
    const { body } = await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'twilio', credentialPayload: samples.twilio! } });
    assert.equal(body.connection.credentialPreview.accountSid.value, samples.twilio!.accountSid);
    assert.equal(body.connection.credentialPreview.authToken.last4, samples.twilio!.authToken!.slice(-4));
    // A field catalogued with a short secret: the pattern-free coming-soon rows cannot be used,
    // so check the rule on the preview function directly in credentials.test.ts as well.
  });

  it('updates one field of a multi-field credential and keeps the others', async () => {
    const newToken = samples.twilio!.authToken!.replace(/.{4}$/, 'beef');
    const { status, body } = await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'twilio', credentialPayload: { authToken: newToken } } });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.connection.credentialPreview.accountSid.value, samples.twilio!.accountSid);
    assert.equal(body.connection.credentialPreview.authToken.last4, 'beef');
    assert.equal(body.test.outcome, 'valid');
  });
});

describe('POST /provider-connections: bad input', () => {
  const save = (body: unknown, token?: string) => call('POST', '/provider-connections', { body, ...(token && { token }) });

  function expectFields(result: { status: number; body: any }, fields: string[]) {
    expectError(result, 400, 'validation_failed');
    assert.deepEqual(Object.keys(result.body.error.fields).sort(), [...fields].sort(), JSON.stringify(result.body.error.fields));
    for (const field of fields) assert.ok(result.body.error.message.includes(field), 'the message names the field');
  }

  it('names each field of the wrong type or missing', async () => {
    expectFields(await save({ workspaceId: 42, provider: 'openai' }), ['workspaceId']);
    expectFields(await save({ workspaceId: 'acme' }), ['provider']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: 'sk-x' }), ['credentialPayload']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', projectIds: 'web' }), ['projectIds']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', expectedVersion: 1.5 }), ['expectedVersion']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', colour: 'red' }), ['colour']);
    expectFields(await save(['not', 'an', 'object']), ['(body)']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', constructor: 1 }), ['constructor']);
    expectFields(await save(JSON.parse('{"workspaceId":"acme","provider":"openai","__proto__":{"admin":true}}')), ['__proto__']);
  });

  it('names the provider when it is unknown, coming soon, or OAuth-only', async () => {
    const unknown = await save({ workspaceId: 'acme', provider: 'no-such-provider' });
    expectFields(unknown, ['provider']);
    assert.match(unknown.body.error.fields.provider, /not in the provider catalog/);
    expectFields(await save({ workspaceId: 'acme', provider: 'Not A Slug' }), ['provider']);
    const soon = await save({ workspaceId: 'acme', provider: 'telegram' });
    expectFields(soon, ['provider']);
    assert.match(soon.body.error.fields.provider, /coming soon/);
    expectFields(await save({ workspaceId: 'acme', provider: 'github', credentialPayload: { apiKey: 'x' } }), ['credentialPayload']);
  });

  it('checks the payload against the provider\'s credential fields without echoing the value', async () => {
    const wrongShape = 'this-is-not-an-openai-key';
    const bad = await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: wrongShape } });
    expectFields(bad, ['credentialPayload.apiKey']);
    assert.ok(!JSON.stringify(bad.body).includes(wrongShape));
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: '' } }), ['credentialPayload.apiKey']);
    const extra = await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: OPENAI_KEY(), extra: 'x' } });
    expectFields(extra, ['credentialPayload']);
    assert.equal(extra.body.error.fields.credentialPayload, 'has 1 field OpenAI does not take (it takes: apiKey)');
    // A client that swapped names and values does not get its key echoed back.
    const swapped = await save({ workspaceId: 'acme', provider: 'twilio', credentialPayload: { [samples.twilio!.authToken!]: 'authToken' } });
    expectFields(swapped, ['credentialPayload']);
    assert.ok(!JSON.stringify(swapped.body).includes(samples.twilio!.authToken!));
    const badName = await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { [OPENAI_KEY()]: 'apiKey' } });
    expectFields(badName, ['credentialPayload']);
    assert.ok(!JSON.stringify(badName.body).includes(OPENAI_KEY()));
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: 'sk-€uro0123456789abcdefghijklmnop' } }), ['credentialPayload.apiKey']);
    expectFields(await save({ workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: `${OPENAI_KEY()}\r\nX-Injected: 1` } }), ['credentialPayload.apiKey']);
    expectFields(await save({ workspaceId: 'acme', provider: 'google-calendar', credentialPayload: { apiKey: samples['google-calendar']!.apiKey } }), ['credentialPayload.calendarId']);
  });

  it('answers 413 for an oversized body, 415 for a wrong content type, 400 for broken JSON', async () => {
    const huge = JSON.stringify({ workspaceId: 'acme', provider: 'openai', displayName: 'x'.repeat(70_000) });
    expectError(await call('POST', '/provider-connections', { raw: huge, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    expectError(await call('POST', '/provider-connections', { raw: '{"workspaceId":"acme"}', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expectError(await call('POST', '/provider-connections', { raw: '{"workspaceId":"acme"}' }), 415, 'unsupported_media_type');
    const broken = await call('POST', '/provider-connections', { raw: `{"apiKey": "${OPENAI_KEY()}"`, headers: { 'content-type': 'application/json' } });
    expectError(broken, 400, 'invalid_json');
    expectError(await call('POST', '/provider-connections', { raw: '', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });

  it('refuses another workspace, viewers, and members editing what they did not create', async () => {
    expectError(await save({ workspaceId: 'globex', provider: 'openai' }), 403, 'forbidden');
    expectError(await save({ workspaceId: 'acme', provider: 'resend' }, TOKENS.acmeViewer), 403, 'forbidden');
    expectError(await save({ workspaceId: 'acme', provider: 'openai', displayName: 'mine now' }, TOKENS.acmeMember), 403, 'forbidden');
  });

  it('targets connections by id: 404 when unknown, 400 when the provider differs', async () => {
    expectError(await save({ workspaceId: 'acme', provider: 'openai', connectionId: 'conn_nope' }), 404, 'not_found');
    const openai = (await call('GET', '/provider-connections?workspaceId=acme')).body.connections.find((c: any) => c.provider === 'openai');
    expectFields(await save({ workspaceId: 'acme', provider: 'stripe', connectionId: openai.id }), ['provider']);
  });

  it('loses nothing already stored: after all the bad requests the key still resolves', async () => {
    const openai = (await call('GET', '/provider-connections?workspaceId=acme')).body.connections.find((c: any) => c.provider === 'openai');
    assert.equal(openai.status, 'active');
    assert.equal(openai.credentialPreview.apiKey.last4, OPENAI_KEY().slice(-4));
    const resolved = await call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai' } });
    assert.equal(resolved.status, 200);
    assert.deepEqual(resolved.body.credential, { apiKey: OPENAI_KEY() });
  });
});

describe('reading connections', () => {
  it('lists the token\'s workspace and refuses another one', async () => {
    const { status, body } = await call('GET', '/provider-connections?workspaceId=acme');
    assert.equal(status, 200);
    assert.ok(body.connections.length >= 5);
    assert.ok(body.connections.every((c: any) => c.workspaceId === 'acme' && c.secret === undefined));
    const implicit = await call('GET', '/provider-connections');
    assert.equal(implicit.body.connections.length, body.connections.length);
    expectError(await call('GET', '/provider-connections?workspaceId=globex'), 403, 'forbidden');
    const globex = await call('GET', '/provider-connections?workspaceId=globex', { token: TOKENS.globexAdmin });
    assert.deepEqual(globex.body.connections, []);
  });

  it('makes another workspace\'s record indistinguishable from a missing one', async () => {
    const id = (await call('GET', '/provider-connections')).body.connections[0].id;
    assert.equal((await call('GET', `/provider-connections/${id}`)).status, 200);
    const foreign = await call('GET', `/provider-connections/${id}`, { token: TOKENS.globexAdmin });
    const missing = await call('GET', '/provider-connections/conn_00000000000000000000000000000000', { token: TOKENS.globexAdmin });
    expectError(foreign, 404, 'not_found');
    assert.deepEqual(foreign.body, missing.body);
    for (const [method, path] of [['POST', `/provider-connections/${id}/test`], ['DELETE', `/provider-connections/${id}`]] as const) {
      const result = await call(method, path, { token: TOKENS.globexAdmin });
      assert.deepEqual([result.status, result.body], [404, missing.body]);
    }
  });
});

describe('POST /provider-connections/:id/test', () => {
  it('tests the stored key and updates status and lastTest', async () => {
    const anthropic = (await call('GET', '/provider-connections')).body.connections.find((c: any) => c.provider === 'anthropic');
    assert.equal(anthropic.status, 'error');
    // Replace the key with a good one, then break nothing: the test flips it to active.
    await call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'anthropic', credentialPayload: samples.anthropic! } });
    const { status, body } = await call('POST', `/provider-connections/${anthropic.id}/test`);
    assert.equal(status, 200);
    assert.equal(body.test.outcome, 'valid');
    assert.equal(body.connection.status, 'active');
    assert.deepEqual(body.connection.lastTest, body.test);
  });

  it('says a pending row without a key cannot be tested', async () => {
    const sendgrid = (await call('GET', '/provider-connections')).body.connections.find((c: any) => c.provider === 'sendgrid');
    expectError(await call('POST', `/provider-connections/${sendgrid.id}/test`), 400, 'not_testable');
  });
});

describe('DELETE /provider-connections/:id', () => {
  it('removes the row (204) and resolution stops using it at once', async () => {
    const openai = (await call('GET', '/provider-connections')).body.connections.find((c: any) => c.provider === 'openai');
    expectError(await call('DELETE', `/provider-connections/${openai.id}`, { token: TOKENS.acmeViewer }), 403, 'forbidden');
    const removed = await call('DELETE', `/provider-connections/${openai.id}`);
    assert.equal(removed.status, 204);
    expectError(await call('GET', `/provider-connections/${openai.id}`), 404, 'not_found');
    expectError(await call('DELETE', `/provider-connections/${openai.id}`), 404, 'not_found');
    const resolved = await call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai' } });
    assert.equal(resolved.body.source, 'built_in');
    assert.equal(resolved.body.fallbackReason, 'no_connection');
  });
});

describe('routing policy', () => {
  it('defaults to auto and lets admins change it', async () => {
    const initial = await call('GET', '/routing-policy?workspaceId=globex', { token: TOKENS.globexAdmin });
    assert.deepEqual(initial.body, { workspaceId: 'globex', mode: 'auto', overrides: {}, version: 0, updatedAt: null, updatedBy: null });
    const put = await call('PUT', '/routing-policy', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', mode: 'byo', overrides: { openai: 'built_in' } } });
    assert.equal(put.status, 200);
    assert.equal(put.body.version, 1);
    assert.equal(put.body.updatedBy, 'dana');
    assert.deepEqual((await call('GET', '/routing-policy', { token: TOKENS.globexAdmin })).body, put.body);
  });

  it('rejects bad modes, unknown providers, stale versions, members and other workspaces', async () => {
    const badMode = await call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode: 'sometimes' } });
    expectError(badMode, 400, 'validation_failed');
    assert.match(badMode.body.error.fields.mode, /auto/);
    const unknown = await call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode: 'auto', overrides: { 'no-such-provider': 'byo' } } });
    assert.deepEqual(Object.keys(unknown.body.error.fields), ['overrides.no-such-provider']);
    expectError(await call('PUT', '/routing-policy', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', mode: 'auto', expectedVersion: 0 } }), 409, 'version_conflict');
    expectError(await call('PUT', '/routing-policy', { token: TOKENS.acmeMember, body: { workspaceId: 'acme', mode: 'byo' } }), 403, 'forbidden');
    expectError(await call('PUT', '/routing-policy', { body: { workspaceId: 'globex', mode: 'byo' } }), 403, 'forbidden');
    expectError(await call('GET', '/routing-policy?workspaceId=globex'), 403, 'forbidden');
  });
});

describe('everything else', () => {
  it('answers unknown routes with a JSON 404', async () => {
    expectError(await call('GET', '/nothing-here'), 404, 'not_found');
  });

  it('marks API responses no-store', async () => {
    const { headers } = await call('GET', '/providers');
    assert.equal(headers.get('cache-control'), 'no-store');
  });

  it('never returned a whole key in any response of this file', () => {
    const all = responses.join('\n');
    for (const [provider, fields] of Object.entries(samples)) {
      for (const value of Object.values(fields)) {
        if (provider === 'twilio' || value.length < 12) continue; // the Account SID is not secret
        assert.ok(!all.includes(value), `${provider} key leaked in a response`);
      }
    }
  });
});

describe('rate limiting ignores refused requests', () => {
  it('spends no test on a request that fails validation or permissions', async () => {
    const limited = await startTestServer({ testsPerMinute: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const bad = await limited.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: 'nope' } } });
        assert.equal(bad.status, 400);
        const viewer = await limited.call('POST', '/provider-connections', { token: TOKENS.acmeViewer, body: { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: OPENAI_KEY() } } });
        assert.equal(viewer.status, 403);
      }
      const good = await limited.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: OPENAI_KEY() } } });
      assert.equal(good.status, 201);
    } finally {
      await limited.stop();
    }
  });
});

describe('host names', () => {
  it('refuses an API request for a host name it does not serve (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.origin}/api/integrations/providers`, { headers: { host: 'attacker.example:5173', authorization: `Bearer ${TOKENS.service}` } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(answer.status, 403);
    assert.match(answer.body, /IK_ALLOWED_HOSTS/);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a workspace runs too many credential tests', async () => {
    const limited = await startTestServer({ testsPerMinute: 2 });
    try {
      const save = () => limited.call('POST', '/provider-connections', { body: { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: OPENAI_KEY() } } });
      assert.equal((await save()).status, 201);
      const id = (await limited.call('GET', '/provider-connections')).body.connections[0].id;
      assert.equal((await limited.call('POST', `/provider-connections/${id}/test`)).status, 200);
      const third = await limited.call('POST', `/provider-connections/${id}/test`);
      expectError(third, 429, 'rate_limited');
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      const before = (await limited.call('GET', `/provider-connections/${id}`)).body;
      const refused = await save();
      expectError(refused, 429, 'rate_limited');
      assert.deepEqual((await limited.call('GET', `/provider-connections/${id}`)).body, before, 'a refused save stores nothing');
    } finally {
      await limited.stop();
    }
  });
});
