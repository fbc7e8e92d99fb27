import { unsafeStatic, type StaticValue } from 'lit/static-html.js';

/**
 * The tags this copy of the kit registered, by class. Browsers before customElements.getName
 * (Chrome 117, Firefox 116, Safari 17) cannot say under which name a class is registered.
 */
const ownTags = new WeakMap<CustomElementConstructor, string>();

/**
 * Registers `constructor` as `tag`, unless the registry says otherwise: the tag is already
 * taken (another copy of the kit, or the host's own element of that name) or the class is
 * already registered under another name (a host that renamed it). Then it says so in the
 * console and changes nothing, instead of throwing and leaving the page half registered.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  // Server-side rendering: there is no registry, and nothing to register.
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (existing === constructor) return;
  const name = registeredName(constructor);
  if (name) {
    // Tag names, not class names: in the minified bundle those are single letters.
    console.info(`integration-kit: the element class for <${tag}> is already registered as <${name}>, so it is not registered as <${tag}> too.`);
  } else if (existing) {
    console.info(`integration-kit: <${tag}> is already defined by another script (another copy of integration-kit?), so this copy leaves it to that one.`);
  } else {
    register(tag, constructor);
  }
}

/**
 * The tag to render an inner kit element under (the marketplace's dialog, the settings'
 * drawer): the host's name for the class if it registered one, else the default tag,
 * registered on first use, or a free variant of it when something else holds the default.
 */
export function tagFor(constructor: CustomElementConstructor, preferred: string): string {
  const name = registeredName(constructor);
  if (name) return name;
  for (let n = 1; ; n++) {
    const tag = n === 1 ? preferred : `${preferred}-${n}`;
    const holder = customElements.get(tag);
    if (holder === constructor) return tag;
    if (holder) continue;
    // A free tag the class cannot take: it is registered under a name this browser cannot tell.
    return register(tag, constructor) ? tag : preferred;
  }
}

const innerTags = new WeakMap<CustomElementConstructor, StaticValue>();

/**
 * `tagFor` as a static value for `lit/static-html.js` templates. Resolved on first render (not
 * at import), so a host that registers its own names in the same task as the outer element's
 * is seen; the same value after that, so Lit keeps the rendered element.
 */
export function innerTag(constructor: CustomElementConstructor, preferred: string): StaticValue {
  let tag = innerTags.get(constructor);
  if (!tag) innerTags.set(constructor, (tag = unsafeStatic(tagFor(constructor, preferred))));
  return tag;
}

function registeredName(constructor: CustomElementConstructor): string | undefined {
  return customElements.getName?.(constructor) ?? ownTags.get(constructor);
}

/** customElements.define that reports a refusal instead of throwing it. */
function register(tag: string, constructor: CustomElementConstructor): boolean {
  try {
    customElements.define(tag, constructor);
    ownTags.set(constructor, tag);
    return true;
  } catch (error) {
    console.error(`integration-kit: could not register <${tag}>: ${(error as Error).message}`);
    return false;
  }
}
