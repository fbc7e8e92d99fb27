import { defineElement } from '../../src/element/define.ts';
import { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { ConnectionEditor } from '../connection-editor/connection-editor.ts';
import { IntegrationSettings } from './integration-settings.ts';

// Settings opens <connection-editor> for Edit and <connect-dialog> to (re)connect OAuth rows.
defineElement('connection-editor', ConnectionEditor);
defineElement('connect-dialog', ConnectDialog);
defineElement('integration-settings', IntegrationSettings);

declare global {
  interface HTMLElementTagNameMap {
    'integration-settings': IntegrationSettings;
  }
}

export { IntegrationSettings };
