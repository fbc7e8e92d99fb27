import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveKeySource, type Resolution } from '../../src/resolve/resolve.ts';
import type { ConnectionStatus } from '../../src/schema/connection.ts';
import type { RoutingMode } from '../../src/schema/routing.ts';
import { expectFields, loadSampleKeys, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

type State = 'none' | ConnectionStatus;

/** What each policy does with each state of the workspace's connection (platform key available). */
const EXPECTED: Record<RoutingMode, Record<'none' | 'pending' | 'active' | 'error', string>> = {
  auto: { none: 'built_in:no_connection', pending: 'built_in:connection_pending', active: 'byo', error: 'built_in:connection_error' },
  byo: { none: 'none:no_connection', pending: 'none:connection_pending', active: 'byo', error: 'none:connection_error' },
  built_in: { none: 'built_in', pending: 'built_in', active: 'built_in', error: 'built_in' },
};

function summary(r: Resolution): string {
  if (r.source === 'byo') return 'byo';
  if (r.source === 'built_in') return r.fallbackReason ? `built_in:${r.fallbackReason}` : 'built_in';
  return `none:${r.reason}`;
}

describe('resolveKeySource (pure)', () => {
  for (const mode of ['auto', 'byo', 'built_in'] as const) {
    for (const state of ['none', 'pending', 'active', 'error'] as const) {
      it(`${mode} x ${state}`, () => {
        const connection = state === 'none' ? undefined : { id: 'c1', status: state as ConnectionStatus, projectIds: [] };
        const result = resolveKeySource({ policy: { mode, overrides: {} }, provider: 'openai', connection, platformKeyAvailable: true });
        assert.equal(summary(result), EXPECTED[mode][state]);
      });
    }
  }

  it('without a platform key, auto and built_in find nothing where they would have fallen back', () => {
    const base = { provider: 'openai', connection: undefined, platformKeyAvailable: false };
    assert.equal(summary(resolveKeySource({ ...base, policy: { mode: 'auto', overrides: {} } })), 'none:no_connection');
    assert.equal(summary(resolveKeySource({ ...base, policy: { mode: 'built_in', overrides: {} } })), 'none:no_platform_key');
  });

  it('a revoked connection is never used', () => {
    const connection = { id: 'c1', status: 'revoked' as const, projectIds: [] };
    assert.equal(summary(resolveKeySource({ policy: { mode: 'auto', overrides: {} }, provider: 'x', connection, platformKeyAvailable: true })), 'built_in:connection_revoked');
  });

  it('never mistakes inherited properties for overrides', () => {
    const result = resolveKeySource({ policy: { mode: 'byo', overrides: {} }, provider: 'constructor', connection: undefined, platformKeyAvailable: true });
    assert.equal(summary(result), 'none:no_connection');
  });

  it('a per-provider override wins over the workspace mode', () => {
    const connection = { id: 'c1', status: 'active' as const, projectIds: [] };
    const result = resolveKeySource({ policy: { mode: 'byo', overrides: { openai: 'built_in' } }, provider: 'openai', connection, platformKeyAvailable: true });
    assert.equal(summary(result), 'built_in');
  });

  it('with a projectId, only a connection assigned to that project counts', () => {
    const connection = { id: 'c1', status: 'active' as const, projectIds: ['web'] };
    const input = { policy: { mode: 'auto' as const, overrides: {} }, provider: 'openai', connection, platformKeyAvailable: true };
    assert.equal(summary(resolveKeySource({ ...input, projectId: 'web' })), 'byo');
    assert.equal(summary(resolveKeySource({ ...input, projectId: 'mobile' })), 'built_in:not_assigned_to_project');
    assert.equal(summary(resolveKeySource(input)), 'byo');
  });
});

describe('POST /resolve (through the server)', () => {
  let server: TestServer;
  let samples: Record<string, Record<string, string>>;
  // One provider per connection state, all with a platform key.
  const providerFor = { none: 'resend', pending: 'sendgrid', active: 'openai', error: 'anthropic' } as const;

  before(async () => {
    samples = await loadSampleKeys();
    server = await startTestServer({
      platformKeys: Object.fromEntries(Object.values(providerFor).map((p) => [p, { apiKey: `platform-${p}-key-0000000000` }])),
    });
    const save = (body: object) => server.call('POST', '/provider-connections', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', ...body } });
    await save({ provider: 'sendgrid' });
    await save({ provider: 'openai', credentialPayload: samples.openai, projectIds: ['research'] });
    await save({ provider: 'anthropic', credentialPayload: { apiKey: samples.anthropic!.apiKey!.replace('demo', 'invalid') } });
  });
  after(() => server.stop());

  const resolve = (body: object) => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'globex', ...body } });

  it('names an unknown workspace or project instead of quietly using the platform key', async () => {
    expectFields(await resolve({ workspaceId: 'no-such-workspace', provider: 'openai' }), ['workspaceId']);
    expectFields(await resolve({ provider: 'openai', projectId: 'website' }), ['projectId']); // a project of acme, not globex
    expectFields(await resolve({ provider: 'openai', projectId: 'no-such-project' }), ['projectId']);
    assert.equal((await resolve({ provider: 'openai', projectId: 'research' })).status, 200);
  });


  for (const mode of ['auto', 'byo', 'built_in'] as const) {
    it(`follows the "${mode}" policy for each connection state`, async () => {
      const put = await server.call('PUT', '/routing-policy', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', mode } });
      assert.equal(put.status, 200);
      for (const state of ['none', 'pending', 'active', 'error'] as const) {
        const provider = providerFor[state];
        const { status, body } = await resolve({ provider });
        const [source, reason] = EXPECTED[mode][state].split(':');
        if (source === 'none') {
          assert.equal(status, 409, `${mode}/${state}`);
          assert.equal(body.error.code, 'no_credential');
          assert.equal(body.error.reason, reason);
          continue;
        }
        assert.equal(status, 200, `${mode}/${state}: ${JSON.stringify(body)}`);
        assert.equal(body.source, source, `${mode}/${state}`);
        assert.equal(body.mode, mode);
        assert.equal(body.fallbackReason, reason, `${mode}/${state}`);
        if (reason) assert.match(body.fallbackMessage, /platform key because/);
        if (source === 'byo') assert.deepEqual(body.credential, samples.openai);
        else assert.deepEqual(body.credential, { apiKey: `platform-${provider}-key-0000000000` });
      }
    });
  }

  it('scopes resolution to a project when one is given', async () => {
    await server.call('PUT', '/routing-policy', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', mode: 'auto' } });
    assert.equal((await resolve({ provider: 'openai', projectId: 'research' })).body.source, 'byo');
    const other = await resolve({ provider: 'openai', projectId: 'billing' });
    assert.equal(other.body.source, 'built_in');
    assert.equal(other.body.fallbackReason, 'not_assigned_to_project');
  });

  it('says clearly when no key exists at all', async () => {
    const { status, body } = await resolve({ provider: 'stripe' });
    assert.equal(status, 409);
    assert.equal(body.error.code, 'no_credential');
    assert.match(body.error.message, /Stripe/);
    assert.match(body.error.message, /platform has no key/);
  });

  it('validates its input like every endpoint', async () => {
    const bad = await resolve({ provider: 'no-such-provider', projectId: 7 });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.error.fields), ['projectId']);
    const unknown = await resolve({ provider: 'no-such-provider' });
    assert.deepEqual(Object.keys(unknown.body.error.fields), ['provider']);
  });
});
