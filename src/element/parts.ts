/**
 * The `exportparts` value that forwards every part of an inner kit element under a prefix
 * (`dialog` → `dialog-save-button`), so the host page styles it through the outer element.
 */
export function forwardParts(parts: readonly string[], prefix: string): string {
  return parts.map((part) => `${part}: ${prefix}-${part}`).join(', ');
}
