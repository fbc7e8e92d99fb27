import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { postgresSkip } from '../support/sql.ts';

/**
 * The HTTP contract and the save races, again on each SQL engine: the same suites with their
 * servers (startTestServer) and in-process apps (testStore) on PGlite, then on PostgreSQL.
 */
const SUITES = ['test/node/contract.test.ts', 'test/node/save-races.test.ts', 'test/node/audit.test.ts', 'test/node/sessions.test.ts'];

async function runOn(engine: 'pglite' | 'postgres'): Promise<void> {
  // Without the parent runner's NODE_TEST_CONTEXT, or the child would report to it instead of printing its summary.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...SUITES], {
    cwd: PROJECT_ROOT,
    env: { ...env, IK_TEST_STORE: engine },
    maxBuffer: 64 * 1024 * 1024,
  });
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    const failures = (error.stdout ?? '').split('\n').filter((line) => /^\s*not ok|error:|expected|actual/.test(line)).slice(0, 40).join('\n');
    assert.fail(`the suites failed on ${engine}:\n${failures}\n${(error.stderr ?? '').slice(-2000)}`);
  });
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(stdout)?.[1] ?? NaN);
  assert.equal(count('fail'), 0);
  assert.ok(count('pass') > 50, `the suites ran (${count('pass')} passed)`);
  console.log(`# ${engine}: ${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped (${SUITES.join(', ')})`);
}

describe('the HTTP contract on each SQL engine', () => {
  it('on PGlite', () => runOn('pglite'));
  it('on PostgreSQL', { skip: postgresSkip() }, () => runOn('postgres'));
});
