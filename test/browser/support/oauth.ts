import { expect } from '@open-wc/testing';
import { POPUP_NAME } from '../../../components/connect-dialog/oauth-flow.ts';
import type { TestKit } from './kit.ts';

/**
 * Resolves once `predicate` holds, checking on a timer: while a sign-in window is open this
 * page may count as hidden, and hidden pages get no animation frames.
 */
export async function until(predicate: () => unknown, timeout = 4000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${predicate}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The sign-in window the dialog opened, once it has been sent to the provider. */
export async function signInWindow(): Promise<Window> {
  let popup: Window | null = null;
  await until(() => {
    popup = window.open('', POPUP_NAME);
    return popup && popup.location.href.includes('/__oauth/');
  }, 5000);
  return popup!;
}

/** Closes the sign-in window a test left open. */
export function closeSignInWindow(): void {
  window.open('', POPUP_NAME)?.close();
}

/**
 * Approve or Deny on the simulated provider's consent page (fetched from the in-page server),
 * then the server's callback page written into the sign-in window, where its script runs.
 */
export async function decide(kit: Pick<TestKit, 'fetch'>, popup: Window, decision: 'approve' | 'deny'): Promise<void> {
  const authorizeUrl = popup.location.href;
  const consent = await (await kit.fetch(authorizeUrl)).text();
  const fields = Object.fromEntries([...consent.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, value!.replace(/&amp;/g, '&')]));
  const answer = await kit.fetch(new URL('decision', authorizeUrl).href, { method: 'POST', body: new URLSearchParams({ ...fields, decision }), redirect: 'manual' });
  const callbackUrl = answer.headers.get('location')!;
  expect(callbackUrl).to.contain('/api/integrations/oauth/callback?');
  const page = await (await kit.fetch(callbackUrl)).text();
  popup.document.open();
  popup.document.write(page);
  popup.document.close();
}
