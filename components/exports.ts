/**
 * What both `integration-kit` and `integration-kit/elements` export: the classes (but the
 * catalog editor's, which `integration-kit` loads on demand), events, `HttpBackend`, types.
 */
export { ConnectDialog, type ShowOptions } from './connect-dialog/connect-dialog.ts';
export { ConnectionEditor } from './connection-editor/connection-editor.ts';
export { IntegrationMarketplace } from './integration-marketplace/integration-marketplace.ts';
export { IntegrationSettings } from './integration-settings/integration-settings.ts';
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
