import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.ts';
// The catalog editor loads on demand in the page; the tests want it registered at once.
import '../../components/provider-catalog-editor/define.ts';
import { createKit, until } from './support/kit.ts';

/**
 * Dark-mode logo contrast: brand marks are drawn for light backgrounds, and GitHub's is
 * near-black (#181717), as dark as a dark card. Every logo sits on a light tile, so the mark
 * keeps at least 3:1 (WCAG's minimum for graphics) against what is directly behind it.
 */
type Rgb = [number, number, number];

function parseColor(value: string): { rgb: Rgb; alpha: number } {
  const hex = /^#([0-9a-f]{6})$/i.exec(value.trim());
  if (hex) return { rgb: [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)) as Rgb, alpha: 1 };
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$/.exec(value.trim());
  if (!rgb) throw new Error(`Not a colour this test reads: ${value}`);
  return { rgb: [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])], alpha: rgb[4] === undefined ? 1 : Number(rgb[4]) };
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The fill of every shape of an SVG data: URI logo. */
function markFills(src: string): string[] {
  const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return Array.from(doc.querySelectorAll('path, circle, rect, polygon'), (shape) => shape.getAttribute('fill') ?? '#000000');
}

/** The tile behind the mark: opaque (so it, not the card, is what the mark is seen against). */
function tileOf(frame: HTMLElement): Rgb {
  const { rgb, alpha } = parseColor(getComputedStyle(frame).backgroundColor);
  expect(alpha, 'the tile is opaque').to.equal(1);
  return rgb;
}

function expectReadableMark(frame: HTMLElement, where: string) {
  const img = frame.querySelector('img')!;
  const tile = tileOf(frame);
  const fills = markFills(img.src);
  expect(fills, `${where}: the GitHub mark`).to.deep.equal(['#181717']);
  const ratio = contrast(parseColor(fills[0]!).rgb, tile);
  expect(ratio, `${where}: GitHub's mark against its tile`).to.be.at.least(3);
}

for (const scheme of ['dark', 'light'] as const) {
  describe(`logo contrast on a ${scheme} page`, function () {
    this.timeout(20_000);
    const pageBackground = scheme === 'dark' ? '#0f1014' : '#ffffff';

    it('the GitHub mark on its tile in the marketplace and the settings', async () => {
      const kit = await createKit();
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'github' });
      const page = await fixture<HTMLDivElement>(html`
        <div style="color-scheme: ${scheme}; background: ${pageBackground}; padding: 8px">
          <integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>
          <integration-settings workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-settings>
        </div>
      `);
      const market = page.querySelector('integration-marketplace')!.shadowRoot!;
      const settings = page.querySelector('integration-settings')!.shadowRoot!;
      await until(() => market.querySelector('[data-provider="github"]') && settings.querySelector('[data-provider="github"] [part~="row-logo"]'));

      const card = market.querySelector<HTMLElement>('[part~="card"][data-provider="github"]')!;
      const frame = card.querySelector<HTMLElement>('[part~="card-logo"]')!;
      if (scheme === 'dark') {
        // What the tile is for: on the dark card itself the mark would all but vanish.
        const cardBackground = parseColor(getComputedStyle(card).backgroundColor).rgb;
        expect(contrast(parseColor('#181717').rgb, cardBackground)).to.be.below(1.5);
      }
      expectReadableMark(frame, 'marketplace card');
      expectReadableMark(settings.querySelector<HTMLElement>('[data-provider="github"] [part~="row-logo"]')!, 'settings row');
    });

    it('the GitHub mark in the catalog editor, and the letter shown when a logo cannot load', async () => {
      const kit = await createKit('demo-platform-admin');
      await kit.api('POST', '/providers', { key: 'offline-logo', name: 'Zephyr', category: 'AI', logo: 'https://logo.invalid/zephyr.png', authType: 'none' }, 'demo-platform-admin');
      const page = await fixture<HTMLDivElement>(html`
        <div style="color-scheme: ${scheme}; background: ${pageBackground}; padding: 8px">
          <provider-catalog-editor refresh-interval="0" .backend=${kit.backend}></provider-catalog-editor>
        </div>
      `);
      const root = page.querySelector('provider-catalog-editor')!.shadowRoot!;
      await until(() => root.querySelector('[data-provider="github"]'));
      expectReadableMark(root.querySelector<HTMLElement>('[data-provider="github"] [part~="row-logo"]')!, 'catalog row');

      const broken = root.querySelector<HTMLElement>('[data-provider="offline-logo"] [part~="row-logo"]')!;
      await until(() => broken.querySelector('img')!.hidden);
      const letter = parseColor(getComputedStyle(broken, '::before').color).rgb;
      expect(getComputedStyle(broken, '::before').content).to.equal('"Z"');
      expect(contrast(letter, tileOf(broken)), 'the letter against the tile').to.be.at.least(4.5);
    });
  });
}
