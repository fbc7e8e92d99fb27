/**
 * Registers `constructor` as `tag`, unless the registry says otherwise: the tag is already
 * taken (another copy of the kit, or the host's own element of that name) or the class is
 * already registered under another name (a host that renamed it). Then it says so in the
 * console and changes nothing, instead of throwing and leaving the page half registered.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === constructor) return;
  const name = registeredName(constructor);
  if (name) {
    console.info(`integration-kit: ${constructor.name} is already registered as <${name}>, so it is not registered as <${tag}> too.`);
  } else if (existing) {
    console.info(`integration-kit: <${tag}> is already defined by another script (another copy of integration-kit?); this copy's ${constructor.name} is not registered.`);
  } else {
    customElements.define(tag, constructor);
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
  if (customElements.get(preferred) === constructor) return preferred;
  let tag = preferred;
  for (let n = 2; customElements.get(tag); n++) tag = `${preferred}-${n}`;
  customElements.define(tag, constructor);
  return tag;
}

function registeredName(constructor: CustomElementConstructor): string | undefined {
  // customElements.getName: Chrome 117, Firefox 116, Safari 17; older browsers find no rename.
  return customElements.getName?.(constructor) ?? undefined;
}
