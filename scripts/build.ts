/**
 * `npm run build`: what the package ships.
 * - dist/components, dist/src: ES modules compiled by tsc (decorators lowered), with .d.ts and source maps
 * - dist/cdn/integration-kit.js: the drop-in bundle (every tag, every export), and the catalog
 *   editor it loads on demand in dist/cdn/chunks/
 * - custom-elements.json: the Custom Elements Manifest, from the classes' JSDoc
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../mock-server/config.ts';
import { writeManifest } from './manifest.ts';
import { stripCssComments } from './strip-css-comments.ts';

const bin = (name: string) => join(PROJECT_ROOT, 'node_modules', '.bin', name);
const dist = join(PROJECT_ROOT, 'dist');

await rm(dist, { recursive: true, force: true });
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
await pointDeclarationsAtJs(dist);
await stripCssCommentsIn(dist);
await build({ configFile: join(PROJECT_ROOT, 'vite.lib.config.ts'), logLevel: 'warn' });
writeManifest(PROJECT_ROOT);
// stderr: npm pack --json prints its report on stdout.
console.error('Built dist/ and custom-elements.json');

/** The compiled modules ship their stylesheets without the comments we wrote in them. */
async function stripCssCommentsIn(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const stripped = stripCssComments(text);
    if (stripped !== text) await writeFile(file, stripped);
  }
}

/**
 * tsc rewrites `./x.ts` imports to `./x.js` in the JavaScript it emits but keeps `.ts` in the
 * declarations, which a host's TypeScript then cannot resolve: point them at the `.js` too.
 */
async function pointDeclarationsAtJs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const fixed = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    if (fixed !== text) await writeFile(file, fixed);
  }
}
