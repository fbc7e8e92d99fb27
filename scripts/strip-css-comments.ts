/**
 * Removes the comments inside Lit `css` template literals, which every build would otherwise
 * ship to the browser as part of the stylesheet text (they explain the styles to us, not to a
 * page). Comments in the code around them are the minifier's business. Our stylesheets hold no
 * backticks and no `/*` inside strings, which is what makes this narrow rewrite safe.
 */
import type { Plugin } from 'vite';

// tsc writes the tag with a space after it: css `…`.
const CSS_TEMPLATE = /\bcss\s*`([^`]*)`/g;
const CSS_COMMENT = /\/\*[\s\S]*?\*\//g;

/** Each comment becomes the line breaks it spanned, so every line keeps its number (source maps stay right). */
export function stripCssComments(code: string): string {
  return code.replace(CSS_TEMPLATE, (_, body: string) => `css\`${body.replace(CSS_COMMENT, (comment) => comment.replace(/[^\n]/g, ''))}\``);
}

/** The same, as a Vite plugin for the kit's own modules. */
export function stripCssCommentsPlugin(): Plugin {
  return {
    name: 'integration-kit:strip-css-comments',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.(ts|js)$/.test(id) || !/\bcss\s*`/.test(code)) return undefined;
      return { code: stripCssComments(code), map: null };
    },
  };
}
