import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashRounds, scratchDatabase } from '../../scripts/crash-test.ts';
import { postgresSkip, TEST_DATABASE_URL } from '../support/sql.ts';

/**
 * A few rounds of scripts/crash-test.ts (SIGKILL of the server during a stream of writes, then
 * every acknowledged write must be there); `npm run crash-test` runs 100.
 */
const ROUNDS = 5;

describe('crash safety: SIGKILL during a stream of writes', () => {
  it(`PGlite: ${ROUNDS} kills, every acknowledged write is present after each`, async () => {
    const report = await crashRounds({ engine: 'pglite', rounds: ROUNDS });
    assert.equal(report.rounds, ROUNDS);
    assert.ok(report.acknowledged > ROUNDS, `writes were acknowledged (${report.acknowledged})`);
  });

  it(`PostgreSQL: ${ROUNDS} kills, every acknowledged write is present after each`, { skip: postgresSkip() }, async () => {
    const database = await scratchDatabase(TEST_DATABASE_URL);
    try {
      const report = await crashRounds({ engine: 'postgres', rounds: ROUNDS, databaseUrl: database.url });
      assert.equal(report.rounds, ROUNDS);
      assert.ok(report.acknowledged > ROUNDS, `writes were acknowledged (${report.acknowledged})`);
    } finally {
      await database.drop();
    }
  });
});
