import { defineElement } from '../../src/element/define.ts';
import { ProviderCatalogEditor } from './provider-catalog-editor.ts';

defineElement('provider-catalog-editor', ProviderCatalogEditor);

declare global {
  interface HTMLElementTagNameMap {
    'provider-catalog-editor': ProviderCatalogEditor;
  }
}

export { ProviderCatalogEditor };
