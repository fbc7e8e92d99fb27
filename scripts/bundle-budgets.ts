/**
 * What a host loads, entry by entry, against the byte budgets of issue 11: each entry bundled on
 * its own (Lit and everything it imports included, minified as it ships) and compressed with
 * brotli at quality 11. Used by `npm run bench`; the figures are deterministic.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { stripCssCommentsPlugin } from './strip-css-comments.ts';

export interface BundleEntry {
  name: string;
  /** Modules the entry imports, relative to the project root. */
  imports: string[];
  /** Brotli bytes it may take; undefined: measured, not budgeted. */
  budget?: number;
}

export const BUNDLE_ENTRIES: BundleEntry[] = [
  { name: 'marketplace + connect dialog', imports: ['components/integration-marketplace/define.ts'], budget: 25 * 1024 },
  { name: 'whole kit without the catalog editor', imports: ['components/integration-marketplace/define.ts', 'components/integration-settings/define.ts'], budget: 35 * 1024 },
  { name: 'catalog editor (platform admins, on demand)', imports: ['components/provider-catalog-editor/define.ts'] },
];

export interface EntrySize {
  entry: BundleEntry;
  raw: number;
  brotli: number;
}

/** Bundles each entry alone, as a host's bundler would for a page that imports just that. */
export async function measureEntries(entries = BUNDLE_ENTRIES): Promise<EntrySize[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ik-entries-'));
  try {
    const sizes: EntrySize[] = [];
    for (const [index, entry] of entries.entries()) {
      const input = join(dir, `entry-${index}.js`);
      await writeFile(input, entry.imports.map((path) => `import ${JSON.stringify(join(PROJECT_ROOT, path))};`).join('\n'));
      const outDir = join(dir, `out-${index}`);
      const result = await build({
        configFile: false,
        root: PROJECT_ROOT,
        publicDir: false,
        logLevel: 'silent',
        plugins: [stripCssCommentsPlugin()],
        build: { outDir, target: 'es2022', modulePreload: false, rollupOptions: { input, output: { format: 'es', entryFileNames: 'entry.js' } } },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
      const chunk = outputs.flatMap((o) => o.output).find((file): file is Rolldown.OutputChunk => file.type === 'chunk' && file.isEntry)!;
      const code = await readFile(join(outDir, chunk.fileName));
      sizes.push({ entry, raw: code.length, brotli: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length });
    }
    return sizes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
