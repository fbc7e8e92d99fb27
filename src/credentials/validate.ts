import type { FieldErrors } from '../schema/errors.ts';
import type { CredentialField, Provider } from '../schema/provider.ts';
import { inPageMatch, type PatternMatcher } from './pattern.ts';

export type CredentialValues = Record<string, string>;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The error key for fields the provider does not have (the payload itself is at fault). */
export const UNKNOWN_FIELDS = '';

export interface CredentialCheck {
  /** Trimmed values, ready to store. */
  values: CredentialValues;
  /** Field name -> problem. Empty when the payload is acceptable. */
  errors: FieldErrors;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function fieldProblem(field: CredentialField, value: string, matches: PatternMatcher): string | undefined {
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain line breaks or control characters';
  if (field.secret && !PRINTABLE_ASCII.test(value)) return 'must contain only letters, digits and ASCII punctuation';
  if (field.format === 'url' && !isHttpUrl(value)) return 'must be an http:// or https:// URL';
  // The field's hint (shown next to it, and in the catalog) says what the format is.
  if (field.pattern && !matches(field.pattern, value)) return "isn't in the expected format";
  return undefined;
}

/**
 * Checks a credential payload against the provider's fields: no unknown fields, required
 * fields present, patterns and formats respected. Values are trimmed (pasted keys often carry
 * a trailing newline). With `stored`, fields the payload omits keep their stored values.
 * `matches` runs patterns (see pattern.ts: the server passes its linear-time engine).
 * Error messages never contain the submitted value.
 */
export function checkCredentials(provider: Provider, payload: CredentialValues, stored: CredentialValues = {}, matches: PatternMatcher = inPageMatch): CredentialCheck {
  const errors: FieldErrors = {};
  const known = new Set(provider.credentials.map((f) => f.name));
  // Unknown names are counted, not quoted: a client that swapped names and values would
  // otherwise get its key echoed back.
  const unknown = Object.keys(payload).filter((name) => !known.has(name)).length;
  if (unknown > 0) {
    const expected = provider.credentials.map((f) => f.name).join(', ') || 'none';
    errors[UNKNOWN_FIELDS] = `has ${unknown} field${unknown === 1 ? '' : 's'} ${provider.name} does not take (it takes: ${expected})`;
  }
  const values: CredentialValues = {};
  for (const field of provider.credentials) {
    const submitted = payload[field.name]?.trim();
    // A stored value passed these checks when it was saved; only new input is checked.
    const value = submitted === undefined ? stored[field.name] : submitted;
    if (value === undefined || value === '') {
      if (!field.optional) errors[field.name] = 'is required';
      continue;
    }
    const problem = submitted === undefined ? undefined : fieldProblem(field, value, matches);
    if (problem) errors[field.name] = problem;
    else values[field.name] = value;
  }
  return { values, errors };
}
