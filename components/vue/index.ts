/**
 * `integration-kit/vue`: types the kit's tags in Vue templates (`vue-tsc`), through Vue's
 * `GlobalComponents`: their properties, and `@ik-connection-saved`-style events with each
 * event's class. Importing it registers the default tags, like `integration-kit`.
 * Tell Vue the tags are custom elements: `compilerOptions.isCustomElement` in its Vite plugin.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import '../define.ts';
import type { KitElements, KitEvents, KitProps, KitTag } from '../element-api.ts';

type VueElement<Tag extends KitTag> = new () => KitElements[Tag] & {
  /** @deprecated Template type checking only: no such property on the element. */
  $props: HTMLAttributes & KitProps<Tag> & PublicProps;
  /** @deprecated Template type checking only: no such property on the element. */
  $emit: EmitFn<{ [Name in keyof KitEvents<Tag>]: (event: KitEvents<Tag>[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'integration-marketplace': VueElement<'integration-marketplace'>;
    'integration-settings': VueElement<'integration-settings'>;
    'connect-dialog': VueElement<'connect-dialog'>;
    'connection-editor': VueElement<'connection-editor'>;
    'provider-catalog-editor': VueElement<'provider-catalog-editor'>;
  }
}

export * from '../define.ts';
