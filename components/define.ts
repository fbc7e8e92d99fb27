/** Registers every kit element under its default tag. */
import './connect-dialog/define.ts';
import './integration-marketplace/define.ts';
import './integration-settings/define.ts';
import './provider-catalog-editor/define.ts';
