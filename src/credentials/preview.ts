import type { FieldPreview } from '../schema/connection.ts';
import type { Provider } from '../schema/provider.ts';
import type { CredentialValues } from './validate.ts';

/** Secrets shorter than this show nothing at all: four characters of a short key say too much. */
export const PREVIEW_MIN_LENGTH = 12;
export const MASK = '••••••••';

/**
 * What may leave the server about a credential: per secret field at most its last four
 * characters, per non-secret field its value. Fields the catalog no longer knows count as secret.
 */
export function previewCredential(provider: Provider, values: CredentialValues): Record<string, FieldPreview> {
  const preview: Record<string, FieldPreview> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = provider.credentials.find((f) => f.name === name);
    if (field && !field.secret) preview[name] = { secret: false, value };
    else preview[name] = value.length >= PREVIEW_MIN_LENGTH ? { secret: true, last4: value.slice(-4) } : { secret: true };
  }
  return preview;
}

/** "••••••••a1b2" for a secret, the value for anything else. */
export function maskedValue(preview: FieldPreview): string {
  if (!preview.secret) return preview.value ?? '';
  return MASK + (preview.last4 ?? '');
}
