import type { IncomingMessage, ServerResponse } from 'node:http';
import { internalError } from '../app.ts';
import { API_BASE } from '../app-paths.ts';
import type { ServerContext } from '../context.ts';
import { resolveCredential } from '../services/resolution.ts';
import { checkJsonHead, DEFAULT_BODY_LIMIT, parseJsonText, tooLarge } from './body.ts';
import { HttpError } from './http-error.ts';

export const RESOLVE_PATH = `${API_BASE}/resolve`;

/** What every API answer carries (app.ts sets the same on the app's answers). */
const API_HEAD = ['cache-control', 'no-store', 'x-content-type-options', 'nosniff'];

/**
 * Whether the Node server answers this request itself: `POST /resolve` from a server (no
 * Origin header: browsers always send one on a POST, and browser requests keep the app's CORS
 * handling). Everything else goes to the app.
 */
export function isDirectResolve(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== RESOLVE_PATH || req.headers.origin !== undefined) return false;
  // node:http keeps only the first of repeated Authorization or Content-Type headers, where the
  // app sees them joined (and refuses them): such requests go to the app.
  const { authorization, 'content-type': contentType } = req.headersDistinct;
  return (authorization?.length ?? 0) <= 1 && (contentType?.length ?? 0) <= 1;
}

const utf8 = new TextDecoder();

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume(); // the rest is read and dropped; the answer is 413
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    // Decoded as Request.text() does: UTF-8, a leading byte order mark dropped.
    req.once('end', () => resolve(utf8.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

/**
 * `POST /resolve` answered straight on node:http, without building a WHATWG Request and
 * Response around it: the route every server-side call of the host takes, budgeted at half the
 * throughput of a bare node:http server. Same steps and answers as the app's route (a node test
 * compares them case by case): authenticate, read the JSON body (415, 413, 400), resolve, and
 * the same headers and request log line.
 */
export async function directResolve(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  let status: number;
  let headers: Record<string, string>;
  let body: string;
  try {
    const principal = await ctx.directory.authenticate(req.headers.authorization);
    checkJsonHead(req.headers['content-type'], req.headers['content-length'], DEFAULT_BODY_LIMIT);
    const input = parseJsonText(await readBody(req, DEFAULT_BODY_LIMIT));
    body = JSON.stringify(await resolveCredential(ctx, principal, input));
    status = 200;
    headers = { 'content-type': 'application/json' };
  } catch (error) {
    ({ status, headers, body } = (error instanceof HttpError ? error : internalError(ctx.logger, 'POST', RESOLVE_PATH, error)).toParts());
  }
  // As a flat list of names and values: node:http takes it as it is, with no object to walk.
  const head: string[] = [];
  for (const name in headers) head.push(name, headers[name]!);
  head.push(...API_HEAD, 'content-length', String(Buffer.byteLength(body)));
  res.writeHead(status, head);
  res.end(body);
  ctx.logger.info(`POST ${RESOLVE_PATH} ${status} ${Math.round(performance.now() - started)}ms`);
}
