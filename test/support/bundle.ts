import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../../mock-server/config.ts';

/**
 * The drop-in bundle a host page loads with `<script type="module">`, built for real with the
 * project's build config. The one place the tests know where that config and file are.
 */
export async function buildDropInBundle(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'ik-bundle-'));
  try {
    await build({ configFile: join(PROJECT_ROOT, 'vite.lib.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    return await readFile(join(outDir, 'integration-kit.js'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
