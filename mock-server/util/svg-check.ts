/**
 * SVG logos are parsed as XML (on Node @rgrove/parse-xml, a strict XML 1.0 parser; in the
 * browser, for the in-browser mock server, the browser's own; both linear) and must hold only the elements and
 * attributes of a picture. The allow-list is what icon sets and design tools export; anything
 * else (scripts, styles, foreign content, links, animation, entity declarations) is refused with
 * its name, never with a submitted value.
 */

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern',
]);

const ATTRIBUTES = new Set([
  'xmlns', 'xmlns:xlink', 'version', 'id', 'class', 'role', 'aria-label', 'aria-hidden', 'focusable', 'xml:space',
  'width', 'height', 'viewBox', 'preserveAspectRatio', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'd', 'points', 'transform',
  'fill', 'fill-opacity', 'fill-rule', 'clip-rule', 'clip-path', 'mask', 'opacity', 'color', 'display', 'visibility',
  'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity',
  'paint-order', 'vector-effect', 'shape-rendering',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'stop-color', 'stop-opacity',
  'clipPathUnits', 'maskUnits', 'maskContentUnits', 'patternUnits', 'patternContentUnits', 'patternTransform',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing',
  'href', 'xlink:href',
]);

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/** A parsed document, whichever parser read it. */
type Node =
  | { kind: 'element'; name: string; attributes: [string, string][]; children: Node[] }
  | { kind: 'cdata' | 'instruction' | 'doctype' | 'other' };

/** Why an element (and what it holds) may not be part of a logo, if it may not. */
function nodeProblem(node: Node): string | undefined {
  if (node.kind === 'cdata') return 'must not hold CDATA sections';
  if (node.kind === 'instruction') return 'must not hold processing instructions';
  if (node.kind === 'doctype') return 'must not have a DOCTYPE (no entity declarations)';
  if (node.kind !== 'element') return undefined;
  if (!ELEMENTS.has(node.name)) return `must be a plain SVG picture: the element <${node.name}> is not allowed`;
  for (const [name, value] of node.attributes) {
    if (!ATTRIBUTES.has(name)) return `must be a plain SVG picture: the attribute ${name} on <${node.name}> is not allowed`;
    if (name === 'xmlns' && value !== SVG_NAMESPACE) return 'must use the SVG namespace';
    if (name === 'xmlns:xlink' && value !== XLINK_NAMESPACE) return 'must use the standard xlink namespace';
    // Links only within the document: no fetches, no javascript: URLs.
    if ((name === 'href' || name === 'xlink:href') && !/^#[A-Za-z_][\w.-]*$/.test(value)) return `must link only within itself (${name} on <${node.name}>)`;
    if (/url\s*\(/i.test(value) && !/^url\(\s*#[A-Za-z_][\w.-]*\s*\)$/.test(value.trim())) return `must reference only its own elements (${name} on <${node.name}>)`;
  }
  for (const child of node.children) {
    const problem = nodeProblem(child);
    if (problem) return problem;
  }
  return undefined;
}

/** Node: @rgrove/parse-xml. */
async function parseInNode(content: string): Promise<Node[] | undefined> {
  const { parseXml, XmlCdata, XmlDocumentType, XmlElement, XmlProcessingInstruction } = await import('@rgrove/parse-xml');
  const convert = (node: unknown): Node =>
    node instanceof XmlElement
      ? { kind: 'element', name: node.name, attributes: Object.entries(node.attributes), children: node.children.map(convert) }
      : { kind: node instanceof XmlCdata ? 'cdata' : node instanceof XmlProcessingInstruction ? 'instruction' : node instanceof XmlDocumentType ? 'doctype' : 'other' };
  try {
    return parseXml(content, { preserveCdata: true, preserveDocumentType: true }).children.map(convert);
  } catch {
    return undefined;
  }
}

/** The browser (the in-browser mock server): its own XML parser. */
function parseInBrowser(content: string): Node[] | undefined {
  const document = new DOMParser().parseFromString(content, 'application/xml');
  if (document.getElementsByTagName('parsererror').length > 0) return undefined;
  const convert = (node: globalThis.Node): Node => {
    if (node.nodeType === 1) {
      const element = node as Element;
      return { kind: 'element', name: element.tagName, attributes: [...element.attributes].map((a) => [a.name, a.value]), children: [...element.childNodes].map(convert) };
    }
    return { kind: node.nodeType === 4 ? 'cdata' : node.nodeType === 7 ? 'instruction' : node.nodeType === 10 ? 'doctype' : 'other' };
  };
  return [...document.childNodes].map(convert);
}

/** Why an SVG document may not be a logo, if it may not. */
export async function svgLogoProblem(content: string): Promise<string | undefined> {
  const nodes = typeof DOMParser === 'function' ? parseInBrowser(content) : await parseInNode(content);
  if (!nodes) return 'is not well-formed SVG (XML)';
  const root = nodes.find((node) => node.kind === 'element');
  if (!root || root.kind !== 'element' || root.name !== 'svg') return 'must have <svg> as its root element';
  for (const node of nodes) {
    const problem = nodeProblem(node);
    if (problem) return problem;
  }
  return undefined;
}
