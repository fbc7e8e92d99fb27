import type { IntegrationsBackend } from '../../src/backend/backend.ts';
import { OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE } from '../../src/schema/constants.ts';
import type { OAuthResultMessage, OAuthStatus } from '../../src/schema/oauth.ts';

export const POPUP_NAME = 'integration-kit-oauth';

/**
 * Opens the sign-in window at the given size, centred on the window of the page (not on the
 * primary screen: on a second monitor it opens there). Must run inside the click handler,
 * before any await, or browsers block it. Returns null when blocked.
 */
export function openSignInWindow(width: number, height: number, waitingText: string): Window | null {
  const left = Math.round(window.screenX + Math.max(0, (window.outerWidth - width) / 2));
  const top = Math.round(window.screenY + Math.max(0, (window.outerHeight - height) / 2));
  const popup = window.open('about:blank', POPUP_NAME, `popup=yes,width=${width},height=${height},left=${left},top=${top}`);
  if (popup) {
    // A word instead of a white window while the authorize URL is fetched.
    popup.document.title = waitingText;
    popup.document.body.style.cssText = 'font:15px system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;color:#555';
    popup.document.body.textContent = waitingText;
  }
  return popup;
}

export interface OAuthWatch {
  /** Stops listening (the dialog closed, or the user starts over). */
  stop(): void;
}

/**
 * Follows one authorization until it ends, by whichever way news arrives first: the callback
 * page's message (checked: the callback's exact origin and this attempt's state), its
 * BroadcastChannel message (when a strict Cross-Origin-Opener-Policy cut the opener link), or
 * polling the status (when neither reaches this page). Tells when the window was closed, but
 * keeps listening: it may have been closed after finishing, or the link to it cut.
 */
export function watchAuthorization(options: {
  backend: IntegrationsBackend;
  state: string;
  /** Origin of the OAuth callback page (the server's). */
  callbackOrigin: string;
  popup: Window | null;
  onResult: (result: OAuthStatus) => void;
  onWindowClosed: () => void;
  pollMs?: number;
}): OAuthWatch {
  const { state, callbackOrigin, popup } = options;
  let done = false;
  const finish = (result: OAuthStatus) => {
    if (done) return;
    if (result.outcome === 'waiting') return;
    done = true;
    stop();
    options.onResult(result);
  };
  const isOurs = (data: unknown): data is OAuthResultMessage =>
    (data as OAuthResultMessage | null)?.type === OAUTH_MESSAGE_TYPE && (data as OAuthResultMessage).state === state;

  const onMessage = (event: MessageEvent) => {
    if (event.origin === callbackOrigin && isOurs(event.data)) finish(event.data);
  };
  window.addEventListener('message', onMessage);
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(OAUTH_CHANNEL) : undefined;
  channel?.addEventListener('message', (event) => isOurs(event.data) && finish(event.data));

  const controller = new AbortController();
  const poll = async () => {
    try {
      finish(await options.backend.oauthStatus(state, { signal: controller.signal }));
    } catch {
      // A failed poll is retried at the next tick.
    }
  };
  const pollTimer = setInterval(() => void poll(), options.pollMs ?? 2000);
  const onFocus = () => void poll();
  window.addEventListener('focus', onFocus);
  let closedReported = false;
  const closedTimer = setInterval(() => {
    // Under a strict Cross-Origin-Opener-Policy `closed` turns true as soon as the window
    // reaches the provider, though it is still open: only believe it once this page has the
    // focus back (the user is here, not in the window).
    if (!closedReported && popup?.closed && document.hasFocus()) {
      closedReported = true;
      options.onWindowClosed();
      void poll();
    }
  }, 500);

  function stop() {
    window.removeEventListener('message', onMessage);
    window.removeEventListener('focus', onFocus);
    channel?.close();
    controller.abort();
    clearInterval(pollTimer);
    clearInterval(closedTimer);
  }
  return { stop };
}

/** The callback's origin, read from the redirect_uri the authorize URL carries. */
export function callbackOriginOf(authorizeUrl: string): string {
  const redirect = new URL(authorizeUrl).searchParams.get('redirect_uri');
  return redirect ? new URL(redirect).origin : location.origin;
}

const RETURN_PARAM = 'ik_oauth_state';

/**
 * After a same-window (redirect) authorization the page is loaded again with the state in its
 * address. The first kit element to ask takes it (and removes it from the address).
 */
export function claimOAuthReturn(): string | null {
  const url = new URL(location.href);
  const state = url.searchParams.get(RETURN_PARAM);
  if (!state) return null;
  url.searchParams.delete(RETURN_PARAM);
  history.replaceState(history.state, '', url.href);
  return state;
}
