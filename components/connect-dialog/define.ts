import { defineElement } from '../../src/element/define.ts';
import { ConnectDialog } from './connect-dialog.ts';

defineElement('connect-dialog', ConnectDialog);

declare global {
  interface HTMLElementTagNameMap {
    'connect-dialog': ConnectDialog;
  }
}

export { ConnectDialog };
