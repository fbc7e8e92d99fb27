/**
 * The demo page as `npm start` serves it: built by Vite for production, once per version of its
 * sources. A fresh clone builds it on its first start (a few seconds, before the URL is
 * printed); later starts find the build and serve it at once. Serving built files rather than
 * Vite's dev server is what makes the page interactive quickly: the dev server compiles and
 * serves each of the page's ~80 modules one request at a time on first load.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../mock-server/config.ts';

/** Where builds are kept; IK_DEMO_CACHE_DIR moves it (the benchmark times a first start with an empty one). */
const CACHE = process.env.IK_DEMO_CACHE_DIR || join(PROJECT_ROOT, 'node_modules', '.cache', 'integration-kit-demo');
/** Builds kept side by side: a run with other demo users (IK_PRINCIPALS_FILE) has its own. */
const KEEP = 4;

/** What the built page is made of: change any of these and the next start builds again. */
function inputs(): { dirs: string[]; files: string[] } {
  return {
    dirs: ['demo', 'components', 'src'].map((dir) => join(PROJECT_ROOT, dir)),
    files: [
      'vite.config.ts',
      'package-lock.json',
      'mock-server/catalog/sample-keys.json',
      // The demo's user list is compiled into the page (see vite.config.ts).
      process.env.IK_PRINCIPALS_FILE ?? 'mock-server/config/dev-principals.json',
    ].map((file) => resolve(PROJECT_ROOT, file)),
  };
}

async function sourcesHash(): Promise<string> {
  const { dirs, files } = inputs();
  const all = [...files];
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) all.push(join(entry.parentPath, entry.name));
  }
  const hash = createHash('sha256');
  for (const file of all.sort()) {
    hash.update(relative(PROJECT_ROOT, file)).update('\0');
    hash.update(existsSync(file) ? await readFile(file) : 'missing').update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The folder holding the built demo for the current sources, building it first if there is none. */
export async function builtDemo(log: (line: string) => void = console.log): Promise<string> {
  const target = join(CACHE, await sourcesHash());
  if (existsSync(join(target, 'index.html'))) return target;
  log('Building the demo page (once per change of its sources)…');
  // Vite takes longer to import than the server takes to start: only when there is a build to make.
  const { build } = await import('vite');
  await mkdir(CACHE, { recursive: true });
  const temp = await mkdtemp(join(CACHE, 'building-'));
  try {
    await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: temp, emptyOutDir: true } });
    // Into place in one step: a start running at the same moment sees all of it or none.
    await rename(temp, target).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(target, 'index.html'))) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  await pruneOldBuilds();
  return target;
}

/** Keeps the newest builds, and drops what an interrupted build left behind. */
async function pruneOldBuilds(): Promise<void> {
  const entries = await Promise.all((await readdir(CACHE)).map(async (name) => ({ name, mtime: (await stat(join(CACHE, name))).mtimeMs })));
  const abandoned = entries.filter(({ name, mtime }) => name.startsWith('building-') && Date.now() - mtime > 10 * 60_000);
  const old = entries.filter(({ name }) => !name.startsWith('building-')).sort((a, b) => b.mtime - a.mtime).slice(KEEP);
  for (const { name } of [...abandoned, ...old]) await rm(join(CACHE, name), { recursive: true, force: true });
}
