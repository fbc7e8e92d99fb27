import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { launchBrowser as launch, startDemo, type DemoServer } from '../../scripts/demo-process.ts';

export { startDemo, type DemoServer };
export const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

/** A headless Chromium; the suite's screenshots go to test-artifacts/. */
export const launchBrowser = (): Promise<Browser> => launch(ARTIFACTS);

/**
 * The real `npm start` and a Chromium, for the tests of one suite: started before them (before
 * the suite's own hooks registered after this call), stopped after.
 */
export function demoAndBrowser(env: Record<string, string> = {}, args: string[] = []): { readonly demo: DemoServer; readonly browser: Browser } {
  const suite = {} as { demo: DemoServer; browser: Browser };
  before(async () => {
    suite.demo = await startDemo(env, args);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.demo?.stop();
  });
  return suite;
}

