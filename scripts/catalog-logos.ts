/**
 * Writes the seeded providers' brand marks into mock-server/catalog/providers.json as SVG
 * data: URIs, from the pinned simple-icons package (CC0-1.0; see mock-server/catalog/LOGOS.md).
 * Rows it has no mark for keep the letter tile they have. Reads only node_modules, so it runs
 * offline; running it twice changes nothing.
 *
 *   npx tsx scripts/catalog-logos.ts          rewrites the logos
 *   npx tsx scripts/catalog-logos.ts --check  exits 1 when providers.json differs from what it would write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  siAnthropic,
  siElevenlabs,
  siGithub,
  siGooglecalendar,
  siGooglegemini,
  siMeta,
  siResend,
  siStripe,
  siTelegram,
  siVercel,
  type SimpleIcon,
} from 'simple-icons';
import { logoProblem } from '../src/schema/primitives.ts';

/**
 * Provider key → its mark. simple-icons 16.37.0 has none for OpenAI, Twilio, SendGrid, Fal.ai,
 * Google Workspace or OpenClaw: those rows keep their letter tiles.
 */
export const BRAND_MARKS: Readonly<Record<string, SimpleIcon>> = {
  anthropic: siAnthropic,
  stripe: siStripe,
  'google-calendar': siGooglecalendar,
  // Meta Ads and Vercel AI Gateway have no marks of their own: they carry their company's.
  'meta-ads': siMeta,
  'google-gemini': siGooglegemini,
  'vercel-ai-gateway': siVercel,
  elevenlabs: siElevenlabs,
  resend: siResend,
  github: siGithub,
  telegram: siTelegram,
};

export const CATALOG_FILE = 'mock-server/catalog/providers.json';

interface CatalogFile {
  providers: { key: string; logo: string }[];
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The mark in its brand colour on a 24×24 grid, titled with the brand's name. */
export function brandLogo(icon: SimpleIcon): string {
  // The package is CC0, but a few icons carry their own licence (CC-BY, MIT…) that would need
  // an attribution this catalog does not give.
  if (icon.license && icon.license.type !== 'CC0-1.0') {
    throw new Error(`simple-icons' ${icon.slug} is ${icon.license.type}, not CC0-1.0: draw it or keep its letter tile`);
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 24 24">` +
    `<title>${escapeXml(icon.title)}</title><path fill="#${icon.hex}" d="${icon.path}"/></svg>`;
  const logo = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  const problem = logoProblem(logo);
  if (problem) throw new Error(`The ${icon.slug} logo would be refused by the catalog: it ${problem}`);
  return logo;
}

/** The catalog with every mapped row's logo set to its brand mark; the other rows as they are. */
export function withBrandLogos<T extends CatalogFile>(catalog: T, marks: Readonly<Record<string, SimpleIcon>> = BRAND_MARKS): T {
  const keys = new Set(catalog.providers.map((p) => p.key));
  const unknown = Object.keys(marks).filter((key) => !keys.has(key));
  if (unknown.length) throw new Error(`No seeded provider has the key ${unknown.join(', ')}: update BRAND_MARKS`);
  return {
    ...catalog,
    providers: catalog.providers.map((p) => (marks[p.key] ? { ...p, logo: brandLogo(marks[p.key]!) } : p)),
  };
}

/** providers.json as the script writes it: two-space JSON and a final newline, like the file. */
export function catalogText(catalog: CatalogFile): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

function main(root: string, check: boolean): void {
  const path = join(root, CATALOG_FILE);
  const current = readFileSync(path, 'utf8');
  const next = catalogText(withBrandLogos(JSON.parse(current) as CatalogFile));
  if (check) {
    if (next !== current) {
      console.error(`${CATALOG_FILE} is not what scripts/catalog-logos.ts writes: run npx tsx scripts/catalog-logos.ts`);
      process.exitCode = 1;
    }
    return;
  }
  if (next === current) console.error(`${CATALOG_FILE}: the logos are up to date.`);
  else {
    writeFileSync(path, next);
    console.error(`${CATALOG_FILE}: wrote ${Object.keys(BRAND_MARKS).length} brand logos.`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(fileURLToPath(new URL('..', import.meta.url)), process.argv.includes('--check'));
}
