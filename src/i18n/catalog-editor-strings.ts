/** Strings of <provider-catalog-editor>; part of the one strings object (see strings.ts). */
export const catalogEditorStrings = {};
