import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCRATCH_SERVICE_TOKEN } from '../../scripts/node-process.ts';
import { generateEncryptionKey } from '../../mock-server/vault.ts';
import { freshDatabaseUrl, postgresSkip } from '../support/sql.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { beginOAuth, decideOAuth, openCallback, testProvider, type TestServer } from '../support/server.ts';

/**
 * Two server processes on one PostgreSQL database, as a deployment with two replicas: every
 * write through either is seen by both, and racing writes have exactly one winner.
 */
const skip = postgresSkip();

describe('two server processes on one PostgreSQL database', { skip }, () => {
  let servers: ServerProcess[] = [];
  before(async () => {
    const env = { DATABASE_URL: await freshDatabaseUrl(), IK_ENCRYPTION_KEY: generateEncryptionKey() };
    // Started together: both migrate the new database at once (the advisory lock orders them).
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  after(() => Promise.all(servers.map((s) => s.stop())));

  const acme = { workspaceId: 'acme', provider: 'openai' };
  let connectionId: string;

  it('50 concurrent updates of one connection from both processes: exactly one winner per version, version_conflict for the rest', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const created = await a.call('POST', '/provider-connections', { body: acme });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    connectionId = created.body.connection.id;
    let version: number = created.body.connection.version;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          servers[i % 2]!.call('POST', '/provider-connections', { body: { ...acme, connectionId, expectedVersion: version, displayName: `round ${round} writer ${i}` } }).then((r) => ({ ...r, i })),
        ),
      );
      const winners = answers.filter((r) => r.status === 200);
      assert.equal(winners.length, 1, `one winner for version ${version}: ${JSON.stringify(answers.map((r) => r.status))}`);
      const losers = answers.filter((r) => r.status !== 200);
      assert.ok(losers.every((r) => r.status === 409 && r.body.error.code === 'version_conflict'), JSON.stringify(losers.find((r) => r.status !== 409)?.body));
      const winner = winners[0]!;
      assert.equal(winner.body.connection.version, version + 1);
      for (const server of servers) {
        const seen = await server.call('GET', `/provider-connections/${connectionId}`);
        assert.equal(seen.body.version, version + 1, 'both processes see the new version');
        assert.equal(seen.body.displayName, `round ${round} writer ${winner.i}`);
      }
      version += 1;
    }
    const audit = await b.call('GET', `/audit?workspaceId=acme&connectionId=${connectionId}`);
    const updates = audit.body.entries.filter((e: { action: string }) => e.action === 'connection.updated');
    assert.equal(updates.length, 3, 'each acknowledged change once in the audit trail');
    assert.equal(audit.body.entries.filter((e: { action: string }) => e.action === 'connection.created').length, 1);
  });

  it('concurrent updates without an expected version from both processes: none is lost, each audited once', async () => {
    const before = (await servers[0]!.call('GET', `/provider-connections/${connectionId}`)).body.version as number;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => servers[i % 2]!.call('POST', '/provider-connections', { body: { ...acme, connectionId, displayName: `free writer ${i}` } })),
    );
    assert.deepEqual(answers.map((r) => r.status), Array(30).fill(200), JSON.stringify(answers.find((r) => r.status !== 200)?.body));
    const versions = answers.map((r) => r.body.connection.version as number).sort((x, y) => x - y);
    assert.deepEqual(versions, Array.from({ length: 30 }, (_, i) => before + 1 + i), 'each update got its own version');
    const after = (await servers[1]!.call('GET', `/provider-connections/${connectionId}`)).body;
    assert.equal(after.version, before + 30);
    const audit = await servers[0]!.call('GET', `/audit?workspaceId=acme&connectionId=${connectionId}&limit=200`);
    const details = audit.body.entries.filter((e: { action: string }) => e.action === 'connection.updated').map((e: { detail: string }) => e.detail);
    assert.equal(details.length, 3 + 30);
  });

  it('a session minted on one process works on the other', async () => {
    const minted = await servers[0]!.call('POST', '/sessions', { token: SCRATCH_SERVICE_TOKEN, body: { userId: 'zoe', workspaceId: 'acme', role: 'admin' } });
    assert.equal(minted.status, 201, JSON.stringify(minted.body));
    const me = await servers[1]!.call('GET', '/me', { token: minted.body.token });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.userId, 'zoe');
  });

  it('a catalog change on one process is served by the other', async () => {
    const created = await servers[1]!.call('POST', '/providers', { token: 'demo-platform-admin', body: testProvider('shared-row') });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const seen = await servers[0]!.call('GET', '/providers/shared-row');
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.equal(seen.body.name, 'Test shared-row');
  });

  it('one OAuth callback replayed on both processes at once is claimed by exactly one', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const begun = await beginOAuth(a as unknown as TestServer, { provider: 'github', returnTo: `${a.origin}/` });
    const callbackUrl = await decideOAuth(begun, 'approve');
    const pages = await Promise.all([openCallback(begun, callbackUrl), openCallback(begun, callbackUrl.replace(a.origin, b.origin))]);
    const used = pages.filter((page) => page.html.includes('already used'));
    assert.equal(used.length, 1, pages.map((page) => `${page.status} ${page.html.slice(0, 300)}`).join('\n'));
  });
});
