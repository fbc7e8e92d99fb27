/**
 * Registers a tag the first time the page uses it: `load` (a dynamic import of the tag's
 * define module) runs once an element of that name is in the document, so pages that never
 * show the element never download its code. Elements created before the code arrives are
 * upgraded by the browser when it is registered, keeping the properties already set on them.
 *
 * Only the document is watched, not other elements' shadow roots: an element rendered inside
 * a host's own shadow DOM needs its define module imported directly.
 */
export function defineOnDemand(tag: string, load: () => Promise<unknown>): () => Promise<CustomElementConstructor> {
  // Server-side rendering: there is nothing to watch, and nothing to register.
  if (typeof document === 'undefined' || typeof customElements === 'undefined') return () => Promise.reject(new Error(`<${tag}> is only available in a browser`));
  let loading: Promise<CustomElementConstructor> | undefined;
  const start = (): Promise<CustomElementConstructor> => {
    if (!loading) {
      observer.disconnect();
      loading = load().then(() => customElements.whenDefined(tag));
      loading.catch((error: unknown) => console.error(`integration-kit: could not load the code of <${tag}>: ${(error as Error).message}`));
    }
    return loading;
  };
  const observer = new MutationObserver((records) => {
    const added = records.some((record) => [...record.addedNodes].some((node) => node instanceof Element && (node.localName === tag || node.querySelector(tag))));
    if (added) void start();
  });
  if (!customElements.get(tag)) {
    if (document.querySelector(tag)) void start();
    else observer.observe(document, { childList: true, subtree: true });
    // Someone else registered it (the host, or another copy of the kit): nothing left to do.
    void customElements.whenDefined(tag).then(() => observer.disconnect());
  }
  return start;
}
