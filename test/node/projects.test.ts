import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, expectFields, expectNothingStored, loadSampleKeys, readProjectJson, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/**
 * Projects of a workspace (from the principals file), assigning connections to them, and
 * key resolution per project: removing an assignment cuts that project off at once.
 */
let server: TestServer;
let samples: Record<string, Record<string, string>>;
let config: { workspaces: { id: string; name: string; projects: { id: string; name: string }[] }[] };

before(async () => {
  server = await startTestServer();
  samples = await loadSampleKeys();
  config = await readProjectJson('mock-server/config/dev-principals.json');
  await server.call('GET', '/providers'); // the catalog is seeded into the store on first use
});
after(() => server.stop());

const save = (body: object, token: string = TOKENS.acmeAdmin) => server.call('POST', '/provider-connections', { token, body: { workspaceId: 'acme', ...body } });
const resolve = (body: object) => server.call('POST', '/resolve', { token: TOKENS.service, body: { workspaceId: 'acme', provider: 'openai', ...body } });
const setPolicy = (mode: string) => server.call('PUT', '/routing-policy', { body: { workspaceId: 'acme', mode } });

describe('GET /projects', () => {
  it("returns the token's workspace projects, with or without workspaceId", async () => {
    const acme = config.workspaces.find((w) => w.id === 'acme')!.projects;
    const globex = config.workspaces.find((w) => w.id === 'globex')!.projects;
    for (const token of [TOKENS.acmeViewer, TOKENS.acmeMember, TOKENS.acmeAdmin, TOKENS.platformAdmin]) {
      assert.deepEqual((await server.call('GET', '/projects?workspaceId=acme', { token })).body, { projects: acme });
      assert.deepEqual((await server.call('GET', '/projects', { token })).body, { projects: acme });
    }
    assert.deepEqual((await server.call('GET', '/projects', { token: TOKENS.globexMember })).body, { projects: globex });
    assert.deepEqual(acme.map((p) => p.id), ['website', 'mobile-app', 'support-bot']);
  });

  it('refuses another workspace', async () => {
    expectError(await server.call('GET', '/projects?workspaceId=globex'), 403, 'forbidden', 'wrong_workspace');
  });

  it('answers an empty list for a workspace without projects', async () => {
    const { body } = await server.call('POST', '/sessions', { token: TOKENS.service, body: { userId: 'nia', workspaceId: 'initech', role: 'viewer' } });
    assert.deepEqual((await server.call('GET', '/projects', { token: body.token })).body, { projects: [] });
  });
});

describe('assigning connections to projects', () => {
  it('rejects projects of another workspace and unknown ones with 400 fields.projectIds, storing nothing', async () => {
    const unchanged = await expectNothingStored(server.dataDir);
    for (const projectIds of [['research'], ['billing'], ['no-such-project'], ['website', 'research'], ['Website']]) {
      const result = await save({ provider: 'openai', credentialPayload: samples.openai, projectIds });
      expectFields(result, ['projectIds']);
      const bad = projectIds.filter((id) => !['website', 'mobile-app', 'support-bot'].includes(id));
      for (const id of bad) assert.ok(result.body.error.fields.projectIds.includes(id), `names ${id}`);
      assert.ok(!result.body.error.fields.projectIds.includes('website'), 'does not blame a valid project');
    }
    expectFields(await save({ provider: 'openai', projectIds: 'website' }), ['projectIds']);
    expectFields(await save({ provider: 'openai', projectIds: ['has space'] }), ['projectIds.0']);
    await unchanged();
  });

  it('a globex token cannot assign a connection to acme projects either', async () => {
    const result = await server.call('POST', '/provider-connections', { token: TOKENS.globexAdmin, body: { workspaceId: 'globex', provider: 'openai', projectIds: ['website'] } });
    expectFields(result, ['projectIds']);
  });

  it('saves the assignment, deduplicated, and changes it on a later save', async () => {
    const created = await save({ provider: 'openai', credentialPayload: samples.openai, projectIds: ['website', 'support-bot', 'website'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.connection.projectIds, ['website', 'support-bot']);
    const kept = await save({ provider: 'openai', displayName: 'OpenAI (projects)' });
    assert.deepEqual(kept.body.connection.projectIds, ['website', 'support-bot'], 'a save without projectIds keeps them');
    const changed = await save({ provider: 'openai', projectIds: ['mobile-app'] });
    assert.deepEqual(changed.body.connection.projectIds, ['mobile-app']);
    const restored = await save({ provider: 'openai', projectIds: ['website', 'support-bot'] });
    assert.deepEqual(restored.body.connection.projectIds, ['website', 'support-bot']);
  });
});

describe('resolution per project', () => {
  it('with a projectId, uses only a connection assigned to that project', async () => {
    for (const projectId of ['website', 'support-bot', undefined]) {
      const result = await resolve(projectId ? { projectId } : {});
      assert.equal(result.status, 200);
      assert.equal(result.body.source, 'byo', String(projectId));
      assert.deepEqual(result.body.credential, samples.openai);
    }
    const other = await resolve({ projectId: 'mobile-app' });
    assert.equal(other.body.source, 'built_in');
    assert.equal(other.body.fallbackReason, 'not_assigned_to_project');
    assert.match(other.body.fallbackMessage, /not assigned to this project/);
    assert.deepEqual(other.body.credential, server.config.platformKeys.openai);
  });

  it('removing the assignment cuts that project off at once (auto falls back)', async () => {
    const saved = await save({ provider: 'openai', projectIds: ['support-bot'] });
    assert.equal(saved.status, 200);
    const cut = await resolve({ projectId: 'website' });
    assert.equal(cut.body.source, 'built_in');
    assert.equal(cut.body.fallbackReason, 'not_assigned_to_project');
    assert.notDeepEqual(cut.body.credential, samples.openai);
    assert.equal((await resolve({ projectId: 'support-bot' })).body.source, 'byo', 'the project still assigned keeps it');
  });

  it('under byo, a project without the assignment gets 409 no_credential', async () => {
    assert.equal((await setPolicy('byo')).status, 200);
    const refused = await resolve({ projectId: 'website' });
    expectError(refused, 409, 'no_credential', 'not_assigned_to_project');
    assert.ok(!JSON.stringify(refused.body).includes(samples.openai!.apiKey!), 'no key in the refusal');
    assert.equal((await resolve({ projectId: 'support-bot' })).body.source, 'byo');
    // Assigning it again restores access at once.
    await save({ provider: 'openai', projectIds: ['support-bot', 'website'] });
    assert.equal((await resolve({ projectId: 'website' })).body.source, 'byo');
  });

  it('a connection assigned to no project serves no project (only requests without a projectId)', async () => {
    await save({ provider: 'openai', projectIds: [] });
    expectError(await resolve({ projectId: 'website' }), 409, 'no_credential', 'not_assigned_to_project');
    assert.equal((await resolve({})).body.source, 'byo');
    assert.equal((await setPolicy('auto')).status, 200);
    assert.equal((await resolve({ projectId: 'support-bot' })).body.fallbackReason, 'not_assigned_to_project');
  });

  it('a member can change the projects of its own connection only', async () => {
    const own = await save({ provider: 'stripe', credentialPayload: samples.stripe, projectIds: ['website'] }, TOKENS.acmeMember);
    assert.equal(own.status, 201);
    assert.deepEqual((await save({ provider: 'stripe', projectIds: ['mobile-app'] }, TOKENS.acmeMember)).body.connection.projectIds, ['mobile-app']);
    expectError(await save({ provider: 'openai', projectIds: ['website'] }, TOKENS.acmeMember), 403, 'forbidden', 'not_owner');
    expectError(await save({ provider: 'stripe', projectIds: ['website'] }, TOKENS.acmeViewer), 403, 'forbidden', 'read_only');
    assert.deepEqual((await server.call('GET', `/provider-connections/${own.body.connection.id}`)).body.projectIds, ['mobile-app']);
  });
});
