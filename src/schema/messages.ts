import type * as z from 'zod/mini';
import type { FieldErrors } from './errors.ts';

type Issue = z.core.$ZodRawIssue;

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : typeof input;
}

function sizeOf(origin: unknown, n: number | bigint): string {
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${n} item${n === 1 ? '' : 's'}`;
  return String(n);
}

/**
 * English messages for zod issues, passed per parse (never through zod's global config, which
 * a host page may use for its own schemas). Checks that carry their own message keep it.
 */
export function englishErrors(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}, not ${received(issue.input)}`;
    case 'too_small':
      return `must be at least ${sizeOf(issue.origin, issue.minimum)}`;
    case 'too_big':
      return `must be at most ${sizeOf(issue.origin, issue.maximum)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    case 'invalid_union':
      return 'does not match any accepted shape';
    case 'invalid_key':
      return 'has an invalid key';
    default:
      return 'is invalid';
  }
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Flattens zod issues into { "path.to.field": "message" }, keeping the first message per field. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldErrors {
  // No prototype: a field literally named "__proto__" is recorded like any other.
  const fields: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of issues) {
    let path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    let message = issue.message;
    // An unknown key is a problem of that key, not of the object holding it.
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
      path = [path, issue.keys[0]].filter(Boolean).join('.');
      message = 'is not a known field';
    }
    // A record key that is not a field name may be a pasted value: name the record, not the key.
    if (issue.code === 'invalid_key') {
      path = [prefix, ...issue.path.slice(0, -1).map(String)].filter(Boolean).join('.');
      message = 'has a field name that is not valid';
    }
    path ||= '(body)';
    if (!Object.hasOwn(fields, path)) fields[path] = message;
  }
  return fields;
}

/** "fieldA: problem; fieldB: problem" — one line for an error's message. */
export function summarizeFields(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([path, message]) => `${path} ${message}`)
    .join('; ');
}
