/**
 * The parts a kit element exposes to the page: its own `part`s, and those of the kit elements
 * inside it that it forwards with `exportparts`, under their forwarded names.
 */
export function exposedParts(host: Element): Map<string, Element[]> {
  const found = new Map<string, Element[]>();
  const add = (name: string, node: Element) => found.set(name, [...(found.get(name) ?? []), node]);
  for (const node of Array.from(host.shadowRoot!.querySelectorAll('*'))) {
    for (const name of (node.getAttribute('part') ?? '').split(/\s+/).filter(Boolean)) add(name, node);
    if (!node.shadowRoot) continue;
    const forwarded = forwardedNames(node);
    for (const [inner, nodes] of exposedParts(node)) for (const outer of forwarded.get(inner) ?? []) for (const n of nodes) add(outer, n);
  }
  return found;
}

/** Parts of kit elements nested in `host` that its `exportparts` leave out. */
export function unforwardedParts(host: Element): string[] {
  const missing: string[] = [];
  for (const node of Array.from(host.shadowRoot!.querySelectorAll('*'))) {
    if (!node.shadowRoot) continue;
    const forwarded = forwardedNames(node);
    for (const inner of exposedParts(node).keys()) if (!forwarded.has(inner)) missing.push(`<${node.localName}> ${inner}`);
  }
  return missing;
}

function forwardedNames(node: Element): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const pair of (node.getAttribute('exportparts') ?? '').split(',').filter((p) => p.trim())) {
    const [inner, outer = inner] = pair.split(':').map((s) => s.trim()) as [string, string?];
    names.set(inner, [...(names.get(inner) ?? []), outer!]);
  }
  return names;
}

/**
 * Proves parts styleable from the page: for each part a host exposes right now, a document
 * rule `tag::part(name)` must reach every node that carries it. Collects what it proved, per
 * tag, across the states a test drives the elements through.
 */
export class PartCoverage {
  readonly proven = new Map<string, Set<string>>();
  private readonly found = new Set<string>();

  /** What went wrong, each once. */
  get problems(): string[] {
    return [...this.found];
  }

  constructor(private readonly documented: Map<string, Set<string>>) {}

  check(host: Element): void {
    const tag = host.localName;
    const proven = this.proven.get(tag) ?? new Set<string>();
    this.proven.set(tag, proven);
    for (const missing of unforwardedParts(host)) this.found.add(`${tag} does not forward ${missing}`);
    for (const [name, nodes] of exposedParts(host)) {
      if (!this.documented.get(tag)?.has(name)) this.found.add(`${tag} exposes the undocumented part "${name}"`);
      const probe = document.createElement('style');
      probe.textContent = `${tag}::part(${name}) { scroll-margin-top: 3.25px; }`;
      document.head.append(probe);
      const unstyled = nodes.filter((node) => getComputedStyle(node).scrollMarginTop !== '3.25px');
      probe.remove();
      if (unstyled.length) this.found.add(`${tag}::part(${name}) does not reach ${unstyled.length} of ${nodes.length} nodes`);
      else proven.add(name);
    }
  }

  /** Documented parts no state has shown yet. */
  unproven(tag: string): string[] {
    return [...(this.documented.get(tag) ?? [])].filter((name) => !this.proven.get(tag)?.has(name)).sort();
  }
}

/** Every element's documented parts, from the custom elements manifest. */
export async function documentedParts(): Promise<Map<string, Set<string>>> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as {
    modules: { declarations: { tagName?: string; cssParts?: { name: string }[] }[] }[];
  };
  const parts = new Map<string, Set<string>>();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations) {
      if (declaration.tagName) parts.set(declaration.tagName, new Set((declaration.cssParts ?? []).map((part) => part.name)));
    }
  }
  return parts;
}
