import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../../mock-server/config.ts';

/** The drop-in bundle's files by their path under dist/cdn: `integration-kit.js` and its on-demand `chunks/…`. */
export type DropInBundle = ReadonlyMap<string, string>;

/**
 * The drop-in bundle a host page loads with `<script type="module">`, built for real with the
 * project's build config (source maps left out). The one place the tests know where that
 * config and its files are.
 */
export async function buildDropInBundle(): Promise<DropInBundle> {
  const outDir = await mkdtemp(join(tmpdir(), 'ik-bundle-'));
  try {
    await build({ configFile: join(PROJECT_ROOT, 'vite.lib.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    const files = new Map<string, string>();
    for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.set(relative(outDir, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name), 'utf8'));
    }
    return files;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The bundle file a request for `urlPath` (`/integration-kit.js`, `/chunks/…`, query ignored) asks for, if it is one. */
export function bundleFile(bundle: DropInBundle, urlPath: string): string | undefined {
  return bundle.get(decodeURIComponent(new URL(urlPath, 'http://host.invalid').pathname.slice(1)));
}
