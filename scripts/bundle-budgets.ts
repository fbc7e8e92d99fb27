/**
 * What a host loads, entry by entry, against the byte budgets of issue 11: each entry bundled on
 * its own (Lit and everything it imports included, minified as it ships) and compressed with
 * brotli at quality 11. An entry's figure is what the page loads up front (the entry and the
 * chunks it imports statically); code behind a dynamic `import()` is reported apart, as
 * "on demand". Used by `npm run bench`; the figures are deterministic.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { plainDynamicImportsPlugin } from './plain-dynamic-imports.ts';
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
  { name: 'integration-kit: every tag, the catalog editor on demand', imports: ['components/define.ts'], budget: 35 * 1024 },
  { name: 'catalog editor alone', imports: ['components/provider-catalog-editor/define.ts'] },
];

export interface EntrySize {
  entry: BundleEntry;
  /** What the page loads up front. */
  raw: number;
  brotli: number;
  /** Chunks loaded later by dynamic import (the catalog editor's, for `integration-kit`). */
  onDemand: { raw: number; brotli: number };
}

const brotli = (code: Uint8Array) => brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The entry chunk and every chunk it imports statically, transitively. */
function initialChunks(chunks: Rolldown.OutputChunk[]): Set<Rolldown.OutputChunk> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const initial = new Set<Rolldown.OutputChunk>();
  const visit = (chunk: Rolldown.OutputChunk) => {
    if (initial.has(chunk)) return;
    initial.add(chunk);
    for (const name of chunk.imports) visit(byName.get(name)!);
  };
  visit(chunks.find((chunk) => chunk.isEntry)!);
  return initial;
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
        plugins: [stripCssCommentsPlugin(), plainDynamicImportsPlugin()],
        build: { outDir, target: 'es2022', modulePreload: false, rollupOptions: { input, output: { format: 'es', entryFileNames: 'entry.js', chunkFileNames: '[name]-[hash].js' } } },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
      const chunks = outputs.flatMap((o) => o.output).filter((file): file is Rolldown.OutputChunk => file.type === 'chunk');
      const initial = initialChunks(chunks);
      const size = { entry, raw: 0, brotli: 0, onDemand: { raw: 0, brotli: 0 } };
      for (const chunk of chunks) {
        const code = await readFile(join(outDir, chunk.fileName));
        const into = initial.has(chunk) ? size : size.onDemand;
        into.raw += code.length;
        into.brotli += brotli(code);
      }
      sizes.push(size);
    }
    return sizes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
