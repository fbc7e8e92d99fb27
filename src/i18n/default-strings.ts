import { catalogEditorStrings } from './catalog-editor-strings.ts';
import { settingsStrings } from './settings-strings.ts';
import { coreStrings, type IkStrings } from './strings.ts';

/** Every string of the kit with its English default, the settings' and the catalog editor's included. */
export const defaultStrings: IkStrings = { ...coreStrings, ...settingsStrings, ...catalogEditorStrings };
