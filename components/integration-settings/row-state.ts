import type { CredentialValues } from '../../src/credentials/validate.ts';
import type { FieldErrors } from '../../src/schema/errors.ts';

export interface RowMessage {
  kind: 'success' | 'warning' | 'error';
  text: string;
}

/** What one settings row holds while the user works in it. Secret values live only here, briefly. */
export interface RowState {
  values: CredentialValues;
  revealed: Set<string>;
  errors: FieldErrors;
  busy: 'save' | 'test' | 'remove' | null;
  message?: RowMessage | undefined;
}

export function emptyRow(): RowState {
  return { values: {}, revealed: new Set(), errors: {}, busy: null };
}
