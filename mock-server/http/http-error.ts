import { ERROR_STATUS, type ErrorCode, type FieldErrors } from '../../src/schema/errors.ts';
import { summarizeFields } from '../../src/schema/messages.ts';

/** An error the API reports as `{ error: { code, message, fields?, reason? } }`. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fields?: FieldErrors; reason?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The answer's parts, for a server that writes them itself. */
  toParts(): { status: number; headers: Record<string, string>; body: string } {
    const { fields, reason, headers } = this.extra;
    const body = { error: { code: this.code, message: this.message, ...(fields && { fields }), ...(reason && { reason }) } };
    return { status: this.status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
  }

  toResponse(): Response {
    const { status, headers, body } = this.toParts();
    return new Response(body, { status, headers });
  }
}

export function validationFailed(fields: FieldErrors): HttpError {
  return new HttpError('validation_failed', `Invalid request: ${summarizeFields(fields)}.`, { fields });
}

export function notFound(what: string): HttpError {
  return new HttpError('not_found', `${what} was not found.`);
}
