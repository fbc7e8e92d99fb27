import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

/**
 * Runs the Custom Elements Manifest analyzer (configured in custom-elements-manifest.config.mjs)
 * and writes custom-elements.json into `outDir` (the project root for the package).
 */
export function writeManifest(projectRoot: string, outDir = projectRoot): void {
  const cem = join(projectRoot, 'node_modules', '.bin', 'cem');
  // The analyzer joins --outdir onto the working directory, so it must be relative.
  execFileSync(cem, ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet', '--outdir', relative(projectRoot, outDir) || '.'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
