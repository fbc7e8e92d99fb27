import { defineElement } from '../../src/element/define.ts';
import { IntegrationSettings } from './integration-settings.ts';

// Its inner elements (the dialog, the drawer) register on first use, under the page's names for them if it has any.
defineElement('integration-settings', IntegrationSettings);

declare global {
  interface HTMLElementTagNameMap {
    'integration-settings': IntegrationSettings;
  }
}

export { IntegrationSettings };
