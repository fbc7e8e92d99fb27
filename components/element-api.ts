import type { IntegrationElement } from '../src/element/integration-element.ts';
import type { IkEventMap } from '../src/events/events.ts';
import type { ConnectDialog } from './connect-dialog/connect-dialog.ts';
import type { ConnectionEditor } from './connection-editor/connection-editor.ts';
import type { IntegrationMarketplace } from './integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from './integration-settings/integration-settings.ts';
import type { ProviderCatalogEditor } from './provider-catalog-editor/provider-catalog-editor.ts';

/**
 * Each element's public surface for the framework bindings (the React wrappers, the JSX and
 * Vue types): the events it fires (its own and those bubbling out of its inner elements) and
 * its properties. A test holds the event lists to the custom elements manifest.
 */
export const ELEMENT_EVENTS = {
  'integration-marketplace': ['ik-connect-request', 'ik-connection-saved', 'ik-connection-tested', 'ik-close-request', 'ik-error', 'ik-token-expired'],
  'integration-settings': ['ik-connection-saved', 'ik-connection-tested', 'ik-connection-removed', 'ik-policy-changed', 'ik-close-request', 'ik-error', 'ik-token-expired'],
  'connect-dialog': ['ik-connection-saved', 'ik-connection-tested', 'ik-close-request', 'ik-error', 'ik-token-expired'],
  'connection-editor': ['ik-connection-saved', 'ik-connection-tested', 'ik-close-request', 'ik-policy-changed', 'ik-error', 'ik-token-expired'],
  'provider-catalog-editor': ['ik-catalog-changed', 'ik-error', 'ik-token-expired'],
} as const satisfies Record<KitTag, readonly (keyof IkEventMap)[]>;

/** The element classes by default tag. */
export interface KitElements {
  'integration-marketplace': IntegrationMarketplace;
  'integration-settings': IntegrationSettings;
  'connect-dialog': ConnectDialog;
  'connection-editor': ConnectionEditor;
  'provider-catalog-editor': ProviderCatalogEditor;
}

export type KitTag = keyof KitElements;

/** Properties every element takes. */
type CommonProperty = keyof Pick<IntegrationElement, 'backend' | 'apiBase' | 'workspace' | 'token' | 'getToken' | 'strings' | 'refreshInterval'>;

/** The properties a framework may set on each element. */
export interface KitProperties {
  'integration-marketplace': CommonProperty | 'linkParam';
  'integration-settings': CommonProperty | 'linkParam';
  'connect-dialog': CommonProperty | 'provider' | 'providerKey' | 'connection' | 'popupWidth' | 'popupHeight' | 'open';
  'connection-editor': CommonProperty | 'open';
  'provider-catalog-editor': CommonProperty;
}

/** The settable properties of one element, all optional. */
export type KitProps<Tag extends KitTag> = Partial<Pick<KitElements[Tag], KitProperties[Tag] & keyof KitElements[Tag]>>;

/** The events of one element, by name. */
export type KitEvents<Tag extends KitTag> = { [Name in (typeof ELEMENT_EVENTS)[Tag][number]]: IkEventMap[Name] };

/** `ik-connection-saved` → `IkConnectionSaved`. */
type Pascal<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<Name>;

/** An event's handler prop in React and Vue terms: `ik-connection-saved` → `onIkConnectionSaved`. */
export type HandlerName<Name extends string> = `on${Pascal<Name>}`;

export function handlerName<Name extends string>(event: Name): HandlerName<Name> {
  return `on${event.replace(/(^|-)([a-z])/g, (_, _dash, letter: string) => letter.toUpperCase())}` as HandlerName<Name>;
}
