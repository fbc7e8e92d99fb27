import * as z from 'zod/mini';
import { idString, isoDate, providerKey, text } from './primitives.ts';

/** An absolute http(s) URL: the page an OAuth flow returns to (loopback http is fine in development). */
const pageUrl = z.string().check(
  z.maxLength(2048, 'must be at most 2048 characters'),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an absolute http:// or https:// URL'),
);

/** POST /oauth/start: begin authorizing a provider for the workspace (or re-authorizing a connection). */
export const startOAuthRequest = z.strictObject({
  workspaceId: idString,
  provider: providerKey,
  /** Re-authorize this connection (keeps its id, projects and history). */
  connectionId: z.optional(idString),
  /** `popup`: the result is posted to the page that opened it; `redirect`: the browser comes back to `returnTo`. */
  mode: z._default(z.enum(['popup', 'redirect']), 'popup'),
  /** The page asking. Its origin receives the popup's message; redirect mode returns to it. */
  returnTo: pageUrl,
});

export const startOAuthResponse = z.object({
  authorizeUrl: z.string(),
  state: z.string(),
  connectionId: idString,
  expiresAt: isoDate,
});

export const OAUTH_OUTCOMES = ['waiting', 'connected', 'denied', 'error'] as const;

/** GET /oauth/status?state=: how an authorization attempt ended (or that it is still open). */
export const oauthStatus = z.object({
  outcome: z.enum(OAUTH_OUTCOMES),
  provider: providerKey,
  connectionId: idString,
  message: z.optional(text(300)),
});

/** What the callback page posts to the opener (and broadcasts): never a token. */
import { OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE } from './constants.ts';

export { OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE };

export type StartOAuthRequest = z.input<typeof startOAuthRequest>;
export type StartOAuthResponse = z.output<typeof startOAuthResponse>;
export type OAuthOutcome = (typeof OAUTH_OUTCOMES)[number];
export type OAuthStatus = z.output<typeof oauthStatus>;
export interface OAuthResultMessage extends OAuthStatus {
  type: typeof OAUTH_MESSAGE_TYPE;
  state: string;
}
