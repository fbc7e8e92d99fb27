import type { Page } from 'playwright-core';

// A string, not a function: the test's TypeScript transform would add helpers the page lacks.
const FOOTPRINT_SCRIPT = `(async () => {
  const parts = [document.documentElement.outerHTML];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element instanceof HTMLInputElement) parts.push(element.value);
      for (const attribute of element.attributes) parts.push(attribute.value);
      if (element.shadowRoot) {
        parts.push(element.shadowRoot.innerHTML);
        walk(element.shadowRoot);
      }
    }
  };
  walk(document);
  parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie);
  for (const info of await indexedDB.databases()) parts.push('indexeddb:' + info.name);
  parts.push('caches:' + (await caches.keys()).join(','));
  return parts.join('\\n');
})()`;

/**
 * Everything a page holds that a secret could leak into: the DOM including every shadow
 * root and input value, localStorage, sessionStorage, cookies, IndexedDB, Cache Storage.
 */
export function pageFootprint(page: Page): Promise<string> {
  return page.evaluate(FOOTPRINT_SCRIPT) as Promise<string>;
}
