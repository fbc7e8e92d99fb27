import * as z from 'zod/mini';

/** Every error the contract can return, with its HTTP status. Codes are stable; messages are for people. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  not_testable: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  already_exists: 409,
  no_credential: 409,
  credential_unreadable: 409,
  provider_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  provider_unreachable: 503,
  not_configured: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field path ("credentialPayload.apiKey") -> what is wrong with it. */
export type FieldErrors = Record<string, string>;

export const apiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
    /** A machine-readable detail for some codes, e.g. why `no_credential`. */
    reason: z.optional(z.string()),
  }),
});

export type ApiErrorBody = z.output<typeof apiErrorBody>;
