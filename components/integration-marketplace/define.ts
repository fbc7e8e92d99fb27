import { defineElement } from '../../src/element/define.ts';
import { ConnectDialog } from '../connect-dialog/connect-dialog.ts';
import { IntegrationMarketplace } from './integration-marketplace.ts';

// The marketplace renders <connect-dialog>, so it needs that tag too.
defineElement('connect-dialog', ConnectDialog);
defineElement('integration-marketplace', IntegrationMarketplace);

declare global {
  interface HTMLElementTagNameMap {
    'integration-marketplace': IntegrationMarketplace;
  }
}

export { IntegrationMarketplace };
