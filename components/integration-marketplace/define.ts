import { defineElement } from '../../src/element/define.ts';
import { IntegrationMarketplace } from './integration-marketplace.ts';

// Its inner elements (the dialog, the drawer) register on first use, under the page's names for them if it has any.
defineElement('integration-marketplace', IntegrationMarketplace);

declare global {
  interface HTMLElementTagNameMap {
    'integration-marketplace': IntegrationMarketplace;
  }
}

export { IntegrationMarketplace };
