import type { FieldErrors } from '../schema/errors.ts';

/** What a backend call failed with: the contract's error code, or `network_error` / `bad_response`. */
export class IntegrationsError extends Error {
  override name = 'IntegrationsError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldErrors = {},
    readonly reason?: string,
  ) {
    super(message);
  }
}

export function isAbort(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'AbortError';
}
