import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { denial, type Action, type DenialReason } from '../../src/auth/permissions.ts';
import type { Role } from '../../src/schema/principal.ts';
import { expectError, expectNothingStored, startTestServer, TEST_PROVIDER_KEY, testProvider, TOKENS, type TestServer } from '../support/server.ts';

/**
 * Each role of the acme workspace x each action, through the real server: 2xx where the role
 * may, 403 with the rule's exact reason where it may not, and nothing stored by a refusal.
 */
let server: TestServer;
/** carol (a viewer) as a member, so a viewer can have a connection of its own to be refused on. */
let carolAsMember: string;

const TOKEN: Record<Role, string> = {
  viewer: TOKENS.acmeViewer,
  member: TOKENS.acmeMember,
  admin: TOKENS.acmeAdmin,
  'platform-admin': TOKENS.platformAdmin,
};
const USER: Record<Role, string> = { viewer: 'carol', member: 'bob', admin: 'alice', 'platform-admin': 'pat' };
const ROLES = Object.keys(TOKEN) as Role[];

before(async () => {
  server = await startTestServer();
  const session = await server.call('POST', '/sessions', { token: TOKENS.service, body: { userId: 'carol', workspaceId: 'acme', role: 'member' } });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  carolAsMember = session.body.token;
});
after(() => server.stop());

type Result = Awaited<ReturnType<TestServer['call']>>;
type Outcome = 200 | 201 | 204 | DenialReason;

interface Fixture {
  provider: string;
  /** A connection created by the acting user (by carol-as-member for the viewer). */
  own: any;
  /** A connection created by someone else: alice's for the member, bob's for everyone else. */
  other: any;
}

let counter = 0;
/** A fresh catalog row per case, so every case starts from connections of its own. */
async function newProvider(): Promise<string> {
  const key = `role-case-${++counter}`;
  const created = await server.call('POST', '/providers', { token: TOKENS.platformAdmin, body: testProvider(key) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return key;
}

async function connect(token: string, provider: string): Promise<any> {
  const saved = await server.call('POST', '/provider-connections', { token, body: { workspaceId: 'acme', provider, credentialPayload: { apiKey: TEST_PROVIDER_KEY } } });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  assert.equal(saved.body.connection.status, 'active');
  return saved.body.connection;
}

/** Two connections of one new provider cannot coexist in a workspace, so own and other get a provider each. */
async function fixture(role: Role, needs: { own?: boolean; other?: boolean }): Promise<Fixture> {
  const provider = await newProvider();
  const fx: Fixture = { provider, own: undefined, other: undefined };
  if (needs.own) fx.own = await connect(role === 'viewer' ? carolAsMember : TOKEN[role], provider);
  if (needs.other) fx.other = await connect(role === 'member' ? TOKENS.acmeAdmin : TOKENS.acmeMember, needs.own ? await newProvider() : provider);
  return fx;
}

interface Case {
  name: string;
  /** The rule of src/auth/permissions.ts this case exercises (the elements use the same one). */
  permission?: { action: Action; on?: 'own' | 'other' };
  expect: Record<Role, Outcome>;
  needs?: { own?: boolean; other?: boolean };
  call(token: string, fx: Fixture, role: Role): Promise<Result>;
  /** After an allowed call: the change really happened. */
  verify?(fx: Fixture, result: Result, role: Role): Promise<void>;
}

const writers = (allowed: 200 | 201 | 204): Record<Role, Outcome> => ({ viewer: 'read_only', member: allowed, admin: allowed, 'platform-admin': allowed });
const managers = (allowed: 200 | 204): Record<Role, Outcome> => ({ viewer: 'read_only', member: 'not_owner', admin: allowed, 'platform-admin': allowed });
const admins: Record<Role, Outcome> = { viewer: 'admin_only', member: 'admin_only', admin: 200, 'platform-admin': 200 };
const platformAdmins = (allowed: 200 | 201): Record<Role, Outcome> => ({
  viewer: 'platform_admin_only',
  member: 'platform_admin_only',
  admin: 'platform_admin_only',
  'platform-admin': allowed,
});
const everyone: Record<Role, Outcome> = { viewer: 200, member: 200, admin: 200, 'platform-admin': 200 };

const get = (token: string, path: string) => server.call('GET', path, { token });
const save = (token: string, body: object) => server.call('POST', '/provider-connections', { token, body: { workspaceId: 'acme', ...body } });
const connectionOf = (fx: Fixture, on: 'own' | 'other') => (on === 'own' ? fx.own : fx.other);

function editCase(on: 'own' | 'other'): Case {
  return {
    name: `edit ${on === 'own' ? 'its own' : "someone else's"} connection (name and projects)`,
    permission: { action: 'connection.edit', on },
    expect: on === 'own' ? writers(200) : managers(200),
    needs: { [on]: true },
    call: (token, fx) => {
      const target = connectionOf(fx, on);
      return save(token, { provider: target.provider, connectionId: target.id, displayName: 'Renamed by a test', projectIds: ['website'] });
    },
    verify: async (fx) => {
      const target = connectionOf(fx, on);
      const now = (await get(TOKENS.acmeAdmin, `/provider-connections/${target.id}`)).body;
      assert.equal(now.displayName, 'Renamed by a test');
      assert.deepEqual(now.projectIds, ['website']);
      assert.equal(now.createdBy, target.createdBy, 'editing does not change the owner');
    },
  };
}

function replaceKeyCase(on: 'own' | 'other'): Case {
  return {
    name: `replace the key of ${on === 'own' ? 'its own' : "someone else's"} connection`,
    permission: { action: 'connection.edit', on },
    expect: on === 'own' ? writers(200) : managers(200),
    needs: { [on]: true },
    call: (token, fx) => save(token, { provider: connectionOf(fx, on).provider, credentialPayload: { apiKey: `${TEST_PROVIDER_KEY}Rotated` } }),
    verify: async (fx, result) => {
      assert.equal(result.body.connection.id, connectionOf(fx, on).id, 'an upsert of the same row');
      assert.equal(result.body.connection.credentialPreview.apiKey.last4, 'ated');
      assert.equal(result.body.test.outcome, 'valid');
    },
  };
}

function testCase(on: 'own' | 'other'): Case {
  return {
    name: `test ${on === 'own' ? 'its own' : "someone else's"} connection`,
    permission: { action: 'connection.test', on },
    expect: on === 'own' ? writers(200) : managers(200),
    needs: { [on]: true },
    call: (token, fx) => server.call('POST', `/provider-connections/${connectionOf(fx, on).id}/test`, { token }),
    verify: async (fx, result) => {
      assert.equal(result.body.test.outcome, 'valid');
      assert.ok(result.body.connection.version > connectionOf(fx, on).version, 'the test result was stored');
    },
  };
}

function removeCase(on: 'own' | 'other'): Case {
  return {
    name: `remove ${on === 'own' ? 'its own' : "someone else's"} connection`,
    permission: { action: 'connection.remove', on },
    expect: on === 'own' ? writers(204) : managers(204),
    needs: { [on]: true },
    call: (token, fx) => server.call('DELETE', `/provider-connections/${connectionOf(fx, on).id}`, { token }),
    verify: async (fx) => expectError(await get(TOKENS.acmeAdmin, `/provider-connections/${connectionOf(fx, on).id}`), 404, 'not_found'),
  };
}

const CASES: Case[] = [
  {
    name: 'create a connection with a key',
    permission: { action: 'connection.create' },
    expect: writers(201),
    call: (token, fx) => save(token, { provider: fx.provider, credentialPayload: { apiKey: TEST_PROVIDER_KEY } }),
    verify: async (_fx, result, role) => {
      assert.equal(result.body.connection.createdBy, USER[role]);
      assert.equal(result.body.connection.status, 'active');
    },
  },
  {
    name: 'create a connection without a key ("add it later")',
    permission: { action: 'connection.create' },
    expect: writers(201),
    call: (token, fx) => save(token, { provider: fx.provider }),
    verify: async (_fx, result) => assert.equal(result.body.connection.status, 'pending'),
  },
  editCase('own'),
  editCase('other'),
  replaceKeyCase('own'),
  replaceKeyCase('other'),
  testCase('own'),
  testCase('other'),
  removeCase('own'),
  removeCase('other'),
  {
    name: 'set the routing policy',
    permission: { action: 'policy.edit' },
    expect: admins,
    call: (token, fx) => server.call('PUT', '/routing-policy', { token, body: { workspaceId: 'acme', mode: 'auto', overrides: { [fx.provider]: 'byo' } } }),
    verify: async (fx, _result, role) => {
      const policy = (await get(TOKENS.acmeViewer, '/routing-policy')).body;
      assert.deepEqual(policy.overrides, { [fx.provider]: 'byo' });
      assert.equal(policy.updatedBy, USER[role]);
    },
  },
  {
    name: 'create a catalog row',
    permission: { action: 'catalog.edit' },
    expect: platformAdmins(201),
    call: (token, fx) => server.call('POST', '/providers', { token, body: testProvider(`${fx.provider}-new`) }),
    verify: async (fx) => assert.equal((await get(TOKENS.acmeViewer, `/providers/${fx.provider}-new`)).status, 200),
  },
  {
    name: 'update a catalog row',
    permission: { action: 'catalog.edit' },
    expect: platformAdmins(200),
    call: (token, fx) => server.call('PUT', `/providers/${fx.provider}`, { token, body: testProvider(fx.provider, { name: 'Renamed row' }) }),
    verify: async (fx) => assert.equal((await get(TOKENS.acmeViewer, `/providers/${fx.provider}`)).body.name, 'Renamed row'),
  },
  {
    name: 'retire a catalog row',
    permission: { action: 'catalog.edit' },
    expect: platformAdmins(200),
    needs: { other: true },
    call: (token, fx) => server.call('POST', `/providers/${fx.provider}/retire`, { token }),
    verify: async (fx) => {
      assert.equal((await get(TOKENS.acmeViewer, `/providers/${fx.provider}`)).body.availability, 'retired');
      assert.equal((await get(TOKENS.acmeViewer, `/provider-connections/${fx.other.id}`)).body.status, 'revoked');
    },
  },
  {
    name: 'read the connections',
    expect: everyone,
    needs: { other: true },
    call: (token) => get(token, '/provider-connections?workspaceId=acme'),
    verify: async (fx, result) => assert.ok(result.body.connections.some((c: any) => c.id === fx.other.id), 'lists the connection'),
  },
  {
    name: 'read one connection',
    expect: everyone,
    needs: { other: true },
    call: (token, fx) => get(token, `/provider-connections/${fx.other.id}`),
    verify: async (fx, result) => assert.equal(result.body.id, fx.other.id),
  },
  {
    name: 'read the routing policy',
    expect: everyone,
    call: (token) => get(token, '/routing-policy?workspaceId=acme'),
    verify: async (_fx, result) => assert.equal(result.body.workspaceId, 'acme'),
  },
  {
    name: 'read the audit trail',
    expect: everyone,
    needs: { other: true },
    call: (token) => get(token, '/audit?workspaceId=acme'),
    verify: async (fx, result) => assert.ok(result.body.entries.some((e: any) => e.connectionId === fx.other.id && e.action === 'connection.created'), 'holds the creation'),
  },
  {
    name: 'read the projects',
    expect: everyone,
    call: (token) => get(token, '/projects?workspaceId=acme'),
    verify: async (_fx, result) => assert.deepEqual(result.body.projects.map((p: any) => p.id), ['website', 'mobile-app', 'support-bot']),
  },
  {
    name: 'read the catalog',
    expect: everyone,
    call: (token) => get(token, '/providers'),
    verify: async (fx, result) => assert.ok(result.body.providers.some((p: any) => p.key === fx.provider), 'lists the row'),
  },
];

describe('roles x actions (acme: carol viewer, bob member, alice admin, pat platform-admin)', () => {
  for (const testCase of CASES) {
    describe(testCase.name, () => {
      for (const role of ROLES) {
        const expected = testCase.expect[role];
        const allowed = typeof expected === 'number';
        it(`${role}: ${allowed ? expected : `403 ${expected}`}`, async () => {
          const fx = await fixture(role, testCase.needs ?? {});
          const unchanged = await expectNothingStored(server.dataDir);
          const result = await testCase.call(TOKEN[role], fx, role);
          if (allowed) {
            assert.equal(result.status, expected, JSON.stringify(result.body));
            await testCase.verify?.(fx, result, role);
          } else {
            expectError(result, 403, 'forbidden', expected);
            await unchanged();
          }
          // The elements decide what to show with the same rule: it must agree with the server.
          if (testCase.permission) {
            const { action, on } = testCase.permission;
            const target = on ? connectionOf(fx, on) : undefined;
            assert.equal(denial({ userId: USER[role], role }, action, target), allowed ? undefined : expected);
          }
        });
      }
    });
  }
});

describe('refusals leave everything as it was', () => {
  it('a viewer, a member on another\'s row and an admin on the catalog change nothing anyone can read', async () => {
    const fx = await fixture('member', { other: true });
    const snapshot = async () => ({
      connections: (await get(TOKENS.acmeAdmin, '/provider-connections')).body,
      policy: (await get(TOKENS.acmeAdmin, '/routing-policy')).body,
      audit: (await get(TOKENS.acmeAdmin, '/audit?limit=1000')).body,
      catalog: (await get(TOKENS.acmeAdmin, '/providers')).body,
      etag: (await get(TOKENS.acmeAdmin, '/providers')).headers.get('etag'),
    });
    const before = await snapshot();
    const refusals = [
      await save(TOKENS.acmeViewer, { provider: 'openai', credentialPayload: { apiKey: 'sk-proj-demo0123456789abcdefghijklmnopqrstuvwxyz' } }),
      await save(TOKENS.acmeMember, { provider: fx.provider, connectionId: fx.other.id, credentialPayload: { apiKey: `${TEST_PROVIDER_KEY}X` } }),
      await save(TOKENS.acmeMember, { provider: fx.provider, displayName: 'taken over' }),
      await server.call('POST', `/provider-connections/${fx.other.id}/test`, { token: TOKENS.acmeMember }),
      await server.call('DELETE', `/provider-connections/${fx.other.id}`, { token: TOKENS.acmeMember }),
      await server.call('PUT', '/routing-policy', { token: TOKENS.acmeMember, body: { workspaceId: 'acme', mode: 'byo' } }),
      await server.call('POST', '/providers', { token: TOKENS.acmeAdmin, body: testProvider('never-created') }),
      await server.call('PUT', `/providers/${fx.provider}`, { token: TOKENS.acmeAdmin, body: testProvider(fx.provider, { name: 'x' }) }),
      await server.call('POST', `/providers/${fx.provider}/retire`, { token: TOKENS.acmeAdmin }),
    ];
    assert.deepEqual(refusals.map((r) => r.status), refusals.map(() => 403));
    assert.deepEqual(await snapshot(), before);
  });
});
