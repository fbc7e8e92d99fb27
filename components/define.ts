/**
 * `integration-kit`: registers every kit element under its default tag, and exports what
 * `integration-kit/elements` exports (the classes, events, `HttpBackend`, the types).
 */
import './connect-dialog/define.ts';
import './connection-editor/define.ts';
import './integration-marketplace/define.ts';
import './integration-settings/define.ts';
import './provider-catalog-editor/define.ts';

export * from './index.ts';
