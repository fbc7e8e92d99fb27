import * as z from 'zod/mini';

/** Provider identity: a stable lowercase slug, used to resolve credentials. Immutable. */
export const PROVIDER_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const providerKey = z.string().check(
  z.regex(
    PROVIDER_KEY_PATTERN,
    'must be 2 to 63 characters of lowercase letters, digits and hyphens, starting with a letter or digit',
  ),
);

/** Workspace, user and project identifiers: short opaque slugs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export const idString = z.string().check(z.regex(ID_PATTERN, 'must be 1 to 128 letters, digits, or . _ : - characters'));

export function text(max: number, min = 1) {
  return z.string().check(
    z.minLength(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
    z.maxLength(max, `must be at most ${max} characters`),
    // A required text of spaces only is as empty as an empty one.
    z.refine((value) => min === 0 || value.trim() !== '', 'must not be blank'),
  );
}

export const isoDate = z.string().check(z.maxLength(40), z.refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date'));

// Control characters and whitespace have no place in a link; browsers strip some of them,
// which is how `java\tscript:` sneaks past naive checks.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/;

/** True for an absolute https URL without control characters or embedded credentials. */
export function isSafeHttpsUrl(value: string): boolean {
  if (CONTROL_OR_SPACE.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

export const httpsUrl = z.string().check(
  z.maxLength(2048, 'must be at most 2048 characters'),
  z.refine(isSafeHttpsUrl, 'must be an https:// URL'),
);

/** Logos are rendered with <img>, so only raster/SVG images qualify; bounded so catalogs stay light. */
export const LOGO_MAX_BYTES = 100 * 1024;
const LOGO_DATA_URI = /^data:image\/(png|jpeg|webp|svg\+xml)(;base64)?,/;

export function logoProblem(value: string): string | undefined {
  if (value.startsWith('https:')) return isSafeHttpsUrl(value) ? undefined : 'must be an https:// URL or an image data: URI';
  const match = LOGO_DATA_URI.exec(value);
  if (!match) return 'must be an https:// URL or a data: URI of a PNG, JPEG, WebP or SVG image';
  if (CONTROL_OR_SPACE.test(value.replace(/ /g, ''))) return 'must not contain control characters';
  const payload = value.slice(match[0].length);
  const bytes = match[2] ? Math.floor((payload.length * 3) / 4) - (payload.match(/=*$/)?.[0].length ?? 0) : decodedLength(payload);
  if (bytes > LOGO_MAX_BYTES) return `must be at most ${LOGO_MAX_BYTES / 1024} KB (this one is ${Math.ceil(bytes / 1024)} KB)`;
  if (match[2] && !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return 'has invalid base64 data';
  return imageContentProblem(match[1]!, match[2] ? base64Head(payload) : percentDecoded(payload));
}

/** The first bytes of a base64 payload as a binary string (enough for a signature), or all of it for SVG. */
function base64Head(payload: string): string {
  try {
    return atob(payload);
  } catch {
    return '';
  }
}

function percentDecoded(payload: string): string {
  try {
    return decodeURIComponent(payload);
  } catch {
    return '';
  }
}

/**
 * Whether a document opens with an <svg> element, after an optional XML declaration, comments
 * and whitespace. A scan, not a regular expression: linear in the input whatever it holds.
 */
function startsWithSvg(content: string): boolean {
  let at = 0;
  const skipSpace = () => {
    while (at < content.length && ' \t\r\n'.includes(content[at]!)) at++;
  };
  skipSpace();
  if (content.startsWith('<?xml', at)) {
    const end = content.indexOf('?>', at);
    if (end === -1) return false;
    at = end + 2;
  }
  for (;;) {
    skipSpace();
    if (!content.startsWith('<!--', at)) break;
    const end = content.indexOf('-->', at + 4);
    if (end === -1) return false;
    at = end + 3;
  }
  return content.startsWith('<svg', at) && /[\s>/]/.test(content[at + 4] ?? '');
}

/** The SVG document of an SVG data: URI logo (for the server's full check), or undefined. */
export function svgOfLogo(value: string): string | undefined {
  const match = LOGO_DATA_URI.exec(value);
  if (match?.[1] !== 'svg+xml') return undefined;
  const payload = value.slice(match[0].length);
  return match[2] ? base64Head(payload) : percentDecoded(payload);
}

/** The bytes must be the image the data: URI claims, and an SVG must be a picture, not a program. */
function imageContentProblem(type: string, content: string): string | undefined {
  if (content.length === 0) return 'is empty';
  const signature = {
    png: content.startsWith('\x89PNG\r\n\x1a\n'),
    jpeg: content.startsWith('\xff\xd8\xff'),
    webp: content.startsWith('RIFF') && content.slice(8, 12) === 'WEBP',
    'svg+xml': startsWithSvg(content),
  }[type];
  if (!signature) return `is not a ${type === 'svg+xml' ? 'SVG' : type.toUpperCase()} image (its content does not match its type)`;
  if (type === 'svg+xml' && /<script|<foreignObject|<iframe|<embed|<object|\son[a-z]+\s*=|javascript:/i.test(content)) {
    return 'must be a plain SVG picture: no scripts, event handlers, embedded documents or javascript: links';
  }
  return undefined;
}

function decodedLength(percentEncoded: string): number {
  try {
    return new TextEncoder().encode(decodeURIComponent(percentEncoded)).length;
  } catch {
    return percentEncoded.length;
  }
}

export const logo = z.string().check(
  z.maxLength(LOGO_MAX_BYTES * 2, `must be at most ${LOGO_MAX_BYTES / 1024} KB`),
  z.superRefine((value, ctx) => {
    const problem = logoProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

/**
 * Why a catalog pattern may not be used, if it may not: it must compile, and use no
 * backreferences or lookaround (the server runs patterns on a linear-time engine, RE2, which
 * has neither). Its shape is not judged: on the server no pattern can backtrack.
 */
export function regExpProblem(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch {
    return 'must be a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(source)) return 'must not use backreferences';
  if (/\(\?<?[=!]/.test(source)) return 'must not use lookahead or lookbehind';
  return undefined;
}
