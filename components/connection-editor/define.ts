import { defineElement } from '../../src/element/define.ts';
import { ConnectionEditor } from './connection-editor.ts';

defineElement('connection-editor', ConnectionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'connection-editor': ConnectionEditor;
  }
}

export { ConnectionEditor };
