import { defineElement } from '../../src/element/define.ts';
import { ConnectionEditor } from '../connection-editor/connection-editor.ts';
import { IntegrationSettings } from './integration-settings.ts';

// Settings opens <connection-editor> for Edit, so it needs that tag too.
defineElement('connection-editor', ConnectionEditor);
defineElement('integration-settings', IntegrationSettings);

declare global {
  interface HTMLElementTagNameMap {
    'integration-settings': IntegrationSettings;
  }
}

export { IntegrationSettings };
