/** The focused element, looking inside open shadow roots (document.activeElement stops at hosts). */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  const active = root.activeElement as HTMLElement | null;
  return active?.shadowRoot ? (deepActiveElement(active.shadowRoot) ?? active) : active;
}
