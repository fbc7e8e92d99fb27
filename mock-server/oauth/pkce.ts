import { bytesToBase64Url, randomToken } from '../util/base64.ts';

/** A PKCE code verifier: 43 characters of the unreserved set (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return randomToken(32);
}

/** S256 code challenge: BASE64URL(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return bytesToBase64Url(new Uint8Array(digest));
}
