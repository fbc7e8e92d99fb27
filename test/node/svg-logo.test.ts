import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import catalog from '../../mock-server/catalog/providers.json' with { type: 'json' };
import { svgLogoProblem } from '../../mock-server/util/svg-check.ts';
import { logoProblem, svgOfLogo } from '../../src/schema/primitives.ts';

const svg = (inner: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"${attributes}>${inner}</svg>`;
const dataUri = (document: string) => `data:image/svg+xml,${encodeURIComponent(document)}`;

describe('SVG logos', () => {
  it('every seeded logo is a plain picture', async () => {
    for (const provider of catalog.providers) {
      const document = svgOfLogo(provider.logo);
      if (document !== undefined) assert.equal(await svgLogoProblem(document), undefined, provider.key);
    }
  });

  it('accepts what icon sets and design tools export: paths, groups, gradients, clip paths, internal links', async () => {
    const fine = [
      svg('<title>Acme</title><path fill="#191919" d="M0 0h24v24H0z"/>'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n${svg('<defs><linearGradient id="a"><stop offset="0" stop-color="#fff"/></linearGradient><clipPath id="c"><rect width="24" height="24"/></clipPath></defs><g clip-path="url(#c)"><circle cx="12" cy="12" r="10" fill="url(#a)"/></g><use href="#a"/>')}`,
    ];
    for (const document of fine) assert.equal(await svgLogoProblem(document), undefined, document);
  });

  it('refuses every script-bearing or fetching variant, naming what is not allowed', async () => {
    const refused: [string, RegExp][] = [
      [svg('<script>alert(1)</script>'), /<script>/],
      [svg('<SCRIPT>alert(1)</SCRIPT>'), /<SCRIPT>/],
      [svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'), /not allowed/],
      [svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), /<foreignObject>/],
      [svg('<path d="M0 0" onclick="alert(1)"/>'), /onclick/],
      [svg('', ' onload="alert(1)"'), /onload/],
      [svg('<a href="javascript:alert(1)"><path d="M0 0"/></a>'), /<a>/],
      [svg('<use href="https://evil.example/x.svg#a"/>'), /link only within itself/],
      [svg('<use xlink:href="data:image/svg+xml,..." xmlns:xlink="http://www.w3.org/1999/xlink"/>'), /link only within itself/],
      [svg('<style>@import url(https://evil.example/x.css)</style>'), /<style>/],
      [svg('<path d="M0 0" style="fill:url(https://evil.example/)"/>'), /style/],
      [svg('<path d="M0 0" fill="url(https://evil.example/#a)"/>'), /reference only its own/],
      [svg('<animate attributeName="href" to="javascript:alert(1)"/>'), /<animate>/],
      [svg('<set attributeName="onmouseover" to="alert(1)"/>'), /<set>/],
      [svg('<![CDATA[<script>alert(1)</script>]]>'), /CDATA/],
      [`<!DOCTYPE svg [<!ENTITY x "y">]>${svg("<text>&x;</text>")}`, /DOCTYPE|well-formed/],
      [`<!DOCTYPE svg>${svg("")}`, /DOCTYPE/],
      [`<?xml-stylesheet href="https://evil.example/x.css"?>${svg('')}`, /processing instructions/],
      [svg('<path d="M0 0">', ''), /well-formed/],
      ['<html><svg/></html>', /root element/],
      [svg('', ' xmlns:x="http://evil.example/"'), /xmlns:x/],
    ];
    for (const [document, expected] of refused) assert.match((await svgLogoProblem(document)) ?? 'accepted', expected, document);
  });

  it('checks in linear time: thousands of comments before (or instead of) the picture answer at once', { timeout: 10_000 }, async () => {
    // 90 KB: under the size limit. The regular expression this scan replaced took exponential time on it.
    const comments = '<!-- a -->'.repeat(9_000);
    assert.equal(logoProblem(dataUri(`${comments}<p>not svg</p>`)), 'is not a SVG image (its content does not match its type)');
    assert.equal(logoProblem(dataUri(`${comments}${svg('<path d="M0 0"/>')}`)), undefined);
    assert.equal(await svgLogoProblem(`${'<!-- a -->'.repeat(50_000)}${svg('<path d="M0 0"/>')}`), undefined);
    assert.equal(logoProblem(dataUri('<!--'.repeat(20_000))), 'is not a SVG image (its content does not match its type)');
  });
});
