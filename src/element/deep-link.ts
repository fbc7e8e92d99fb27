/**
 * Deep links: a query parameter naming an integration. "Copy link" puts the current page's
 * URL with it on the clipboard; opening that URL opens the integration's dialog or drawer.
 */
export function linkTo(param: string, value: string): string {
  const url = new URL(location.href);
  url.searchParams.set(param, value);
  return url.href;
}

/** The value the page was opened with, if any. */
export function linkedValue(param: string): string | null {
  return new URL(location.href).searchParams.get(param);
}

/** Once a link was followed, the address no longer points at it (a reload opens nothing). */
export function clearLink(param: string): void {
  const url = new URL(location.href);
  if (!url.searchParams.has(param)) return;
  url.searchParams.delete(param);
  history.replaceState(history.state, '', url.href);
}

/**
 * Copies `text`; false when the page may not write the clipboard (insecure origin, denied,
 * or a permission prompt nobody answers within a second and a half).
 */
export async function copyText(text: string): Promise<boolean> {
  const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500));
  const copied = (async () => {
    await navigator.clipboard.writeText(text);
    return true;
  })().catch(() => false);
  return Promise.race([copied, gaveUp]);
}
