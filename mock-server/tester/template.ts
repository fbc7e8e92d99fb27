import { TEMPLATE_PLACEHOLDER } from '../../src/schema/provider.ts';
import type { CredentialValues } from '../../src/credentials/validate.ts';

/** Fills `{{field}}` placeholders; `encode` escapes each value for where it lands (URL or header). */
export function renderTemplate(template: string, values: CredentialValues, encode: (value: string) => string = (v) => v): string {
  return template.replace(TEMPLATE_PLACEHOLDER, (_, name: string) => encode(values[name] ?? ''));
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/**
 * The reverse of renderTemplate: matches a rendered string against its template and returns
 * the values of its placeholders, or undefined when the string does not have the template's shape.
 */
export function matchTemplate(template: string, actual: string): CredentialValues | undefined {
  const names: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    pattern += template.slice(last, match.index).replace(REGEX_SPECIALS, '\\$&');
    pattern += '(.+?)';
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  pattern += template.slice(last).replace(REGEX_SPECIALS, '\\$&');
  const found = new RegExp(`^${pattern}$`, 's').exec(actual);
  if (!found) return undefined;
  const values: CredentialValues = {};
  for (const [i, name] of names.entries()) {
    const value = found[i + 1]!;
    if (values[name] !== undefined && values[name] !== value) return undefined;
    values[name] = value;
  }
  return values;
}

/** Merges values found in several places; a field found twice must have the same value. */
export function mergeFound(into: CredentialValues, found: CredentialValues): boolean {
  for (const [name, value] of Object.entries(found)) {
    if (into[name] !== undefined && into[name] !== value) return false;
    into[name] = value;
  }
  return true;
}
