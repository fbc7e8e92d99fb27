import { OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE, type OAuthResultMessage } from '../../src/schema/oauth.ts';
import { randomToken } from '../util/base64.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page the provider redirects the popup to. It hands the result (never a token) to the
 * page that opened it, posting only to that page's exact origin, also says it on a
 * BroadcastChannel (for when a strict Cross-Origin-Opener-Policy cut the opener link), and
 * closes. If scripts cannot run, it says what happened in words.
 */
export function callbackPage(result: OAuthResultMessage, targetOrigin: string, heading: string, text: string): Response {
  const nonce = randomToken(16);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f3f4f7;color:#18181b}
main{max-width:24rem;margin:1rem;padding:1.5rem;border-radius:14px;background:#fff;box-shadow:0 12px 32px rgb(0 0 0/.12)}h1{font-size:1.15rem;margin:0 0 .5rem}</style>
</head><body><main><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p><p>You can close this window.</p></main>
<script nonce="${nonce}">
const result = ${scriptJson({ ...result, type: OAUTH_MESSAGE_TYPE })};
try { if (window.opener) window.opener.postMessage(result, ${scriptJson(targetOrigin)}); } catch (e) {}
try { const channel = new BroadcastChannel(${scriptJson(OAUTH_CHANNEL)}); channel.postMessage(result); channel.close(); } catch (e) {}
setTimeout(() => window.close(), 300);
</script></body></html>`;
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'`,
      'referrer-policy': 'no-referrer',
    },
  });
}

/** A plain page for callbacks that cannot be tied to any flow (unknown or replayed state). */
export function problemPage(heading: string, text: string, status = 400): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="font:15px/1.5 system-ui,sans-serif;margin:2rem"><h1 style="font-size:1.15rem">${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'referrer-policy': 'no-referrer' },
  });
}
