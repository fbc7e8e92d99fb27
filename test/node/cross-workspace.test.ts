import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, expectNothingStored, loadSampleKeys, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/**
 * A token belongs to one workspace. globex's admin (dana) and member (erin) get nothing of
 * acme's: ids of acme records answer exactly like ids that do not exist, and naming acme
 * answers 403 wrong_workspace. The service token and browser tokens keep to their endpoints.
 */
let server: TestServer;
let samples: Record<string, Record<string, string>>;
let acmeConnection: any;
const MISSING_ID = 'conn_00000000000000000000000000000000';
const GLOBEX = { dana: TOKENS.globexAdmin, erin: TOKENS.globexMember };

before(async () => {
  server = await startTestServer();
  samples = await loadSampleKeys();
  const saved = await server.call('POST', '/provider-connections', {
    body: { workspaceId: 'acme', provider: 'openai', credentialPayload: samples.openai!, projectIds: ['website'] },
  });
  assert.equal(saved.status, 201);
  acmeConnection = saved.body.connection;
  await server.call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode: 'byo' } });
  // globex has a connection (and so an audit trail) of its own.
  const globex = await server.call('POST', '/provider-connections', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', provider: 'anthropic' } });
  assert.equal(globex.status, 201);
});
after(() => server.stop());

/** Runs `request`, asserting it is refused and stores nothing. */
async function refusedWithoutEffect(request: () => ReturnType<TestServer['call']>) {
  const unchanged = await expectNothingStored(server.dataDir);
  const result = await request();
  assert.ok(result.status >= 400, JSON.stringify(result.body));
  await unchanged();
  return result;
}

describe('globex tokens and acme connection ids', () => {
  for (const [who, token] of Object.entries(GLOBEX)) {
    it(`${who}: read, test, edit and remove answer 404 exactly as for an id that does not exist`, async () => {
      const pairs: [string, string, object?][] = [
        ['GET', '/provider-connections/:id'],
        ['POST', '/provider-connections/:id/test'],
        ['DELETE', '/provider-connections/:id'],
        // Editing by id within the token's own workspace: the acme id is not there.
        ['POST', '/provider-connections', { workspaceId: 'globex', provider: 'openai', connectionId: ':id', displayName: 'stolen' }],
        ['POST', '/provider-connections', { workspaceId: 'globex', provider: 'openai', connectionId: ':id', credentialPayload: samples.openai }],
      ];
      for (const [method, path, body] of pairs) {
        const withId = (id: string) => ({
          path: path.replace(':id', id),
          body: body && JSON.parse(JSON.stringify(body).replace(':id', id)),
        });
        const foreign = withId(acmeConnection.id);
        const missing = withId(MISSING_ID);
        const a = await refusedWithoutEffect(() => server.call(method, foreign.path, { token, ...(foreign.body && { body: foreign.body }) }));
        const b = await server.call(method, missing.path, { token, ...(missing.body && { body: missing.body }) });
        expectError(a, 404, 'not_found');
        assert.deepEqual([a.status, a.body], [b.status, b.body], `${method} ${path}: indistinguishable from a missing id`);
      }
    });

    it(`${who}: naming acme in the query or the body is 403 wrong_workspace`, async () => {
      const requests: [string, string, object?][] = [
        ['GET', '/provider-connections?workspaceId=acme'],
        ['GET', '/routing-policy?workspaceId=acme'],
        ['GET', '/audit?workspaceId=acme'],
        ['GET', '/projects?workspaceId=acme'],
        ['POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', connectionId: acmeConnection.id, displayName: 'stolen' }],
        ['POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic', credentialPayload: samples.anthropic }],
        ['PUT', '/routing-policy', { workspaceId: 'acme', mode: 'built_in' }],
      ];
      for (const [method, path, body] of requests) {
        const result = await refusedWithoutEffect(() => server.call(method, path, { token, ...(body && { body }) }));
        expectError(result, 403, 'forbidden', 'wrong_workspace');
        assert.ok(!JSON.stringify(result.body).includes(acmeConnection.id), 'nothing of acme in the answer');
      }
    });

    it(`${who}: its own lists hold nothing of acme`, async () => {
      const lists = {
        connections: (await server.call('GET', '/provider-connections', { token })).body.connections,
        audit: (await server.call('GET', '/audit', { token })).body.entries,
        projects: (await server.call('GET', '/projects', { token })).body.projects,
        policy: (await server.call('GET', '/routing-policy', { token })).body,
      };
      assert.deepEqual(lists.connections.map((c: any) => [c.workspaceId, c.provider]), [['globex', 'anthropic']]);
      assert.ok(lists.audit.length > 0, 'globex has a trail of its own');
      assert.ok(lists.audit.every((e: any) => e.workspaceId === 'globex'), 'only globex entries');
      assert.ok(!JSON.stringify(lists.audit).includes(acmeConnection.id), 'no acme connection id');
      assert.deepEqual(lists.projects.map((p: any) => p.id), ['research', 'billing']);
      assert.equal(lists.policy.workspaceId, 'globex');
      assert.equal(lists.policy.mode, 'auto', "acme's byo policy is not globex's");
    });
  }

  it('after all of that the acme connection is untouched', async () => {
    const now = (await server.call('GET', `/provider-connections/${acmeConnection.id}`)).body;
    assert.deepEqual(now, acmeConnection);
    const resolved = await server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai', projectId: 'website' } });
    assert.deepEqual(resolved.body.credential, samples.openai);
  });

  it('globex writes land in globex only', async () => {
    const saved = await server.call('POST', '/provider-connections', { token: TOKENS.globexMember, body: { workspaceId: 'globex', provider: 'openai', credentialPayload: samples.openai } });
    assert.equal(saved.status, 201, 'one connection per provider per workspace: acme\'s openai does not block globex\'s');
    assert.notEqual(saved.body.connection.id, acmeConnection.id);
    assert.equal(saved.body.connection.workspaceId, 'globex');
    // …and an acme token cannot see it either.
    const foreign = await server.call('GET', `/provider-connections/${saved.body.connection.id}`);
    expectError(foreign, 404, 'not_found');
  });
});

describe('the service token and browser tokens keep to their endpoints', () => {
  const workspaceEndpoints: [string, string, object?][] = [
    ['GET', '/me'],
    ['GET', '/projects?workspaceId=acme'],
    ['GET', '/provider-connections?workspaceId=acme'],
    ['GET', '/provider-connections/:id'],
    ['POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic' }],
    ['POST', '/provider-connections/:id/test'],
    ['DELETE', '/provider-connections/:id'],
    ['GET', '/routing-policy?workspaceId=acme'],
    ['PUT', '/routing-policy', { workspaceId: 'acme', mode: 'built_in' }],
    ['GET', '/audit?workspaceId=acme'],
    ['POST', '/providers', { key: 'by-service', name: 'x', category: 'x', logo: 'https://example.com/x.png', authType: 'none' }],
    ['PUT', '/providers/openai', { name: 'x', category: 'x', logo: 'https://example.com/x.png', authType: 'none' }],
    ['POST', '/providers/openai/retire'],
  ];

  it('the service token is refused by every workspace endpoint: 403 user_token_required', async () => {
    for (const [method, path, body] of workspaceEndpoints) {
      const result = await refusedWithoutEffect(() =>
        server.call(method, path.replace(':id', acmeConnection.id), { token: TOKENS.service, ...(body && { body }) }),
      );
      expectError(result, 403, 'forbidden', 'user_token_required');
    }
  });

  it('browser tokens of every role and workspace are refused by /resolve and /sessions: 403 service_token_required', async () => {
    const session = await server.call('POST', '/sessions', { token: TOKENS.service, body: { userId: 'zoe', workspaceId: 'acme', role: 'admin' } });
    for (const token of [TOKENS.acmeViewer, TOKENS.acmeMember, TOKENS.acmeAdmin, TOKENS.platformAdmin, TOKENS.globexAdmin, TOKENS.globexMember, session.body.token]) {
      const resolve = await refusedWithoutEffect(() => server.call('POST', '/resolve', { token, body: { workspaceId: 'acme', provider: 'openai' } }));
      expectError(resolve, 403, 'forbidden', 'service_token_required');
      assert.ok(!JSON.stringify(resolve.body).includes(samples.openai!.apiKey!), 'no key in the refusal');
      const mint = await refusedWithoutEffect(() => server.call('POST', '/sessions', { token, body: { userId: 'mallory', workspaceId: 'acme', role: 'platform-admin' } }));
      expectError(mint, 403, 'forbidden', 'service_token_required');
    }
  });
});
