import { API_BASE } from '../app-paths.ts';
import { randomToken } from '../util/base64.ts';
import { sha256Hex } from '../util/hash.ts';

/**
 * Ties a sign-in to the browser that started it (RFC 6749 §10.12): /oauth/start sets a cookie
 * holding a random value whose hash the attempt keeps, and the callback requires it. Without
 * it, an authorize link started in one workspace could be sent to someone else, whose approval
 * would connect *their* account to the sender's workspace.
 *
 * One cookie per attempt (named after its state's hash), so attempts in two tabs do not clash.
 */
const CALLBACK_PATH = `${API_BASE}/oauth/callback`;

const cookieName = (stateHash: string) => `ik_oauth_${stateHash.slice(0, 16)}`;

export interface Binding {
  /** The Set-Cookie header for the /oauth/start response. */
  setCookie: string;
  /** What the attempt stores. */
  hash: string;
}

export async function createBinding(stateHash: string, origin: string, maxAgeSeconds: number): Promise<Binding> {
  const value = randomToken(32);
  const secure = origin.startsWith('https:') ? '; Secure' : '';
  return {
    setCookie: `${cookieName(stateHash)}=${value}; Path=${CALLBACK_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`,
    hash: await sha256Hex(value),
  };
}

/** Whether the callback request carries this attempt's cookie. */
export async function hasBinding(request: Request, stateHash: string, expectedHash: string): Promise<boolean> {
  const name = cookieName(stateHash);
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name && (await sha256Hex(rest.join('='))) === expectedHash) return true;
  }
  return false;
}

/** Removes the attempt's cookie once the callback used it. */
export function clearBinding(stateHash: string): string {
  return `${cookieName(stateHash)}=; Path=${CALLBACK_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
}
