/**
 * `integration-kit/react`: React components for the kit's elements, made with @lit/react.
 * Props are set as properties (so `token`, `backend` and `strings` work before and after the
 * elements load), and every `ik-*` event has a typed handler prop: `onIkConnectionSaved`.
 * Importing this module registers the default tags. It also types the raw tags for JSX.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ConnectDialog as ConnectDialogElement } from '../connect-dialog/define.ts';
import { ConnectionEditor as ConnectionEditorElement } from '../connection-editor/define.ts';
import { IntegrationMarketplace as IntegrationMarketplaceElement } from '../integration-marketplace/define.ts';
import { IntegrationSettings as IntegrationSettingsElement } from '../integration-settings/define.ts';
import { ProviderCatalogEditor as ProviderCatalogEditorElement } from '../provider-catalog-editor/define.ts';
import { ELEMENT_EVENTS, handlerName, type HandlerName, type KitElements, type KitEvents, type KitProps, type KitTag } from '../element-api.ts';

/** `{ onIkConnectionSaved: 'ik-connection-saved', … }`, typed with each event's class. */
type ReactEvents<Tag extends KitTag> = { [Name in keyof KitEvents<Tag> & string as HandlerName<Name>]: EventName<KitEvents<Tag>[Name]> };

function reactEvents<Tag extends KitTag>(tag: Tag): ReactEvents<Tag> {
  return Object.fromEntries(ELEMENT_EVENTS[tag].map((event) => [handlerName(event), event])) as ReactEvents<Tag>;
}

function wrap<Tag extends KitTag>(tagName: Tag, elementClass: new () => KitElements[Tag], displayName: string) {
  return createComponent({ react: React, tagName, elementClass, events: reactEvents(tagName), displayName });
}

export const IntegrationMarketplace = wrap('integration-marketplace', IntegrationMarketplaceElement, 'IntegrationMarketplace');
export const IntegrationSettings = wrap('integration-settings', IntegrationSettingsElement, 'IntegrationSettings');
export const ConnectDialog = wrap('connect-dialog', ConnectDialogElement, 'ConnectDialog');
export const ConnectionEditor = wrap('connection-editor', ConnectionEditorElement, 'ConnectionEditor');
export const ProviderCatalogEditor = wrap('provider-catalog-editor', ProviderCatalogEditorElement, 'ProviderCatalogEditor');

/**
 * The raw tags in JSX (`<integration-marketplace api-base="…">`). React 19 sets a prop as a
 * property when the element has it, so load the kit before rendering; its events are
 * `onik-connection-saved`-style props. The wrappers above spare you both. No `token` here:
 * rendered on the server, or before the kit loads, React writes it into the markup as an
 * attribute. Pass `getToken` (a function never is), or use the wrappers.
 */
type RawTagProps<Tag extends KitTag> = React.DetailedHTMLProps<React.HTMLAttributes<KitElements[Tag]>, KitElements[Tag]> &
  Omit<KitProps<Tag>, 'token'> &
  KitAttributes & { [Name in keyof KitEvents<Tag> & string as `on${Name}`]?: (event: KitEvents<Tag>[Name]) => void };

/** The attributes the elements read (their kebab-case names). */
interface KitAttributes {
  'api-base'?: string;
  workspace?: string;
  'refresh-interval'?: number | string;
  'color-scheme'?: 'light' | 'dark';
  'link-param'?: string;
  'provider-key'?: string;
  'popup-width'?: number | string;
  'popup-height'?: number | string;
  open?: boolean;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'integration-marketplace': RawTagProps<'integration-marketplace'>;
      'integration-settings': RawTagProps<'integration-settings'>;
      'connect-dialog': RawTagProps<'connect-dialog'>;
      'connection-editor': RawTagProps<'connection-editor'>;
      'provider-catalog-editor': RawTagProps<'provider-catalog-editor'>;
    }
  }
}
