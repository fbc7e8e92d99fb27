/**
 * `integration-kit/elements`: everything a host needs to compose the kit itself, with no tag
 * registered. Register the classes under names of your own with `customElements.define`, or
 * import `integration-kit` (every tag) or `integration-kit/define/<tag>` (one).
 */
export { ConnectDialog, type ShowOptions } from './connect-dialog/connect-dialog.ts';
export { ConnectionEditor } from './connection-editor/connection-editor.ts';
export { IntegrationMarketplace } from './integration-marketplace/integration-marketplace.ts';
export { IntegrationSettings } from './integration-settings/integration-settings.ts';
export { ProviderCatalogEditor } from './provider-catalog-editor/provider-catalog-editor.ts';
export { IntegrationElement } from '../src/element/integration-element.ts';

export * from '../src/events/events.ts';
export type { IntegrationsBackend, RequestOptions, SaveConnectionResult, TestConnectionResult } from '../src/backend/backend.ts';
export { HttpBackend, type HttpBackendOptions, type TokenSource } from '../src/backend/http-backend.ts';
export { IntegrationsError } from '../src/backend/errors.ts';
export { backendContext, workspaceContext } from '../src/context.ts';
export { defaultStrings } from '../src/i18n/default-strings.ts';
export type { IkStrings } from '../src/i18n/strings.ts';
export type * from '../src/schema/index.ts';
export { STATUS_WORDS, statusOf, type StatusWord } from '../src/i18n/status.ts';
