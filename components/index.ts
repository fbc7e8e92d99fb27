/**
 * `integration-kit/elements`: everything a host needs to compose the kit itself, with no tag
 * registered. Register the classes under names of your own with `customElements.define`, or
 * import `integration-kit` (every tag) or `integration-kit/define/<tag>` (one).
 */
export * from './exports.ts';
export { ProviderCatalogEditor } from './provider-catalog-editor/provider-catalog-editor.ts';
