/**
 * `integration-kit` (and the drop-in bundle built from it): registers every kit element under
 * its default tag and exports what `integration-kit/elements` exports, but for the catalog
 * editor. Only platform admins see that one, so its code (the largest, with the catalog's
 * validation) is a chunk of its own, loaded when a `<provider-catalog-editor>` first appears
 * in the document, or by `loadProviderCatalogEditor()`.
 */
import './connect-dialog/define.ts';
import './connection-editor/define.ts';
import './integration-marketplace/define.ts';
import './integration-settings/define.ts';
import { defineOnDemand } from '../src/element/define-on-demand.ts';
import type { ProviderCatalogEditor } from './provider-catalog-editor/provider-catalog-editor.ts';

const loadEditor = defineOnDemand('provider-catalog-editor', () => import('./provider-catalog-editor/define.ts'));

/** Loads and registers `<provider-catalog-editor>` now (without waiting for one in the page), and gives its class. */
export const loadProviderCatalogEditor = (): Promise<typeof ProviderCatalogEditor> => loadEditor() as Promise<typeof ProviderCatalogEditor>;

export * from './exports.ts';

declare global {
  interface HTMLElementTagNameMap {
    'provider-catalog-editor': ProviderCatalogEditor;
  }
}
