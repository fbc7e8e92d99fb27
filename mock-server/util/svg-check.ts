/**
 * SVG logos are parsed as XML (saxes: a strict, streaming parser, linear in its input) and must
 * hold only the elements and attributes of a picture. The allow-list is what icon sets and
 * design tools export; anything else (scripts, styles, foreign content, links, animation,
 * entity declarations) is refused with its name, never with a submitted value.
 */
import { SaxesParser } from 'saxes';

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

/** Why an SVG document may not be a logo, if it may not. */
export function svgLogoProblem(content: string): string | undefined {
  let problem: string | undefined;
  let root = true;
  const parser = new SaxesParser();
  const refuse = (why: string) => {
    problem ??= why;
  };
  parser.on('doctype', () => refuse('must not have a DOCTYPE (no entity declarations)'));
  parser.on('processinginstruction', () => refuse('must not hold processing instructions'));
  parser.on('cdata', () => refuse('must not hold CDATA sections'));
  parser.on('opentag', (tag) => {
    if (root && tag.name !== 'svg') refuse('must have <svg> as its root element');
    root = false;
    if (!ELEMENTS.has(tag.name)) return refuse(`must be a plain SVG picture: the element <${tag.name}> is not allowed`);
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (!ATTRIBUTES.has(name)) return refuse(`must be a plain SVG picture: the attribute ${name} on <${tag.name}> is not allowed`);
      if (name === 'xmlns' && value !== SVG_NAMESPACE) return refuse('must use the SVG namespace');
      if (name === 'xmlns:xlink' && value !== XLINK_NAMESPACE) return refuse('must use the standard xlink namespace');
      // Links only within the document: no fetches, no javascript: URLs.
      if ((name === 'href' || name === 'xlink:href') && !/^#[A-Za-z_][\w.-]*$/.test(value)) return refuse(`must link only within itself (${name} on <${tag.name}>)`);
      if (/url\s*\(/i.test(value) && !/^url\(\s*#[A-Za-z_][\w.-]*\s*\)$/.test(value.trim())) return refuse(`must reference only its own elements (${name} on <${tag.name}>)`);
    }
  });
  try {
    parser.write(content).close();
  } catch {
    return problem ?? 'is not well-formed SVG (XML)';
  }
  if (root) return 'must have an <svg> root element';
  return problem;
}
