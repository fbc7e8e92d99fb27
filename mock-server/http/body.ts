import type * as z from 'zod/mini';
import { englishErrors, issuesToFields } from '../../src/schema/messages.ts';
import { HttpError, validationFailed } from './http-error.ts';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Reads a JSON request body: JSON content type (415), at most `limit` bytes whatever the
 * Content-Length claims (413), well-formed (400 invalid_json).
 */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const length = request.headers.get('content-length');
  checkJsonHead(request.headers.get('content-type'), length, limit);
  // A declared length bounds the body (Node's parser reads no more than it says), so it is read
  // at once; a chunked body is read piece by piece and cut off at the limit.
  const text = length !== null && request.headers.get('transfer-encoding') === null ? await request.text() : await readCapped(request, limit);
  return parseJsonText(text);
}

/** What can be refused before reading a body: a content type that is not JSON (415), a declared length over the limit (413). */
export function checkJsonHead(contentType: string | null | undefined, contentLength: string | null | undefined, limit: number): void {
  const type = contentType ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpError('unsupported_media_type', `Send the body as JSON with "Content-Type: application/json" (got "${type.slice(0, 60) || 'none'}").`);
  }
  if (Number(contentLength ?? '0') > limit) throw tooLarge(limit);
}

/** A body's text as JSON (400 invalid_json when empty or malformed). */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new HttpError('invalid_json', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the body, which may hold a key.
    throw new HttpError('invalid_json', 'The request body is not valid JSON.');
  }
}

export function tooLarge(limit: number): HttpError {
  return new HttpError('payload_too_large', `The request body is larger than the ${Math.round(limit / 1024)} KB this endpoint accepts.`);
}

async function readCapped(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Parses with a contract schema, turning issues into a 400 that names each bad field. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data, { error: englishErrors });
  if (!result.success) throw validationFailed(issuesToFields(result.error.issues));
  return result.data as z.output<S>;
}
