import { defineElement } from '../../src/element/define.ts';
import { IntegrationSettings } from './integration-settings.ts';

defineElement('integration-settings', IntegrationSettings);

declare global {
  interface HTMLElementTagNameMap {
    'integration-settings': IntegrationSettings;
  }
}

export { IntegrationSettings };
