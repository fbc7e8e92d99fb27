/** Registers a tag once: a second import (or a host that registered it first) is not an error. */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}
