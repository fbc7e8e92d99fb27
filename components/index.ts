/** The element classes, unregistered: import ./define.ts (or a folder's define.ts) to register tags. */
export { ConnectDialog, type ShowOptions } from './connect-dialog/connect-dialog.ts';
export { IntegrationMarketplace } from './integration-marketplace/integration-marketplace.ts';
export { IntegrationSettings } from './integration-settings/integration-settings.ts';
export { ProviderCatalogEditor } from './provider-catalog-editor/provider-catalog-editor.ts';
