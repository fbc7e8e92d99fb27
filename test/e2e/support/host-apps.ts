import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../mock-server/config.ts';

/**
 * Host apps as a host team makes them: create-vite's own templates (their package.json and
 * default tsconfig untouched but for our package), the README's snippets as their code, and
 * the kit installed from the tarball `npm pack` made.
 */

const TEMPLATES = join(PROJECT_ROOT, 'node_modules', 'create-vite');

/** The README's runnable snippets: a fenced block right after `<!-- host-matrix: <file> -->`. */
export async function readmeSnippets(): Promise<Map<string, string>> {
  const readme = await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8');
  return new Map([...readme.matchAll(/<!-- host-matrix: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map(([, file, code]) => [file!, `${code}\n`]));
}

export interface CommandResult {
  output: string;
  ms: number;
}

/** Runs a command to the end; rejects with its output when it fails. npm's own variables stay out. */
export function run(command: string, args: string[], cwd: string): Promise<CommandResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ output, ms });
      else reject(new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${code}):\n${output}`));
    });
  });
}

/** `npm pack` of this repository (its prepack builds the package); the tarball's path. */
export async function packKit(into: string): Promise<string> {
  const { output } = await run('npm', ['pack', '--pack-destination', into, '--loglevel=error'], PROJECT_ROOT);
  const name = output.trim().split('\n').at(-1)!;
  return join(into, name);
}

export const npmInstall = (dir: string) => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
export const npmBuild = (dir: string) => run('npm', ['run', 'build', '--silent'], dir);

export interface HostApps {
  /** Plain HTML: the README's page, and the kit installed only to serve its CDN file. */
  html: string;
  /** create-vite vanilla-ts: `import 'integration-kit'` (index.html) and renamed tags (renamed.html). */
  bundler: string;
  react: string;
  vue: string;
}

/** Writes the four host apps under `root`, each depending on the packed kit. */
export async function makeHostApps(root: string, tarball: string, snippets: Map<string, string>): Promise<HostApps> {
  const snippet = (file: string) => {
    const code = snippets.get(file);
    if (!code) throw new Error(`README.md has no <!-- host-matrix: ${file} --> snippet`);
    return code;
  };
  const apps: HostApps = { html: join(root, 'html'), bundler: join(root, 'bundler'), react: join(root, 'react'), vue: join(root, 'vue') };

  await mkdir(apps.html, { recursive: true });
  await writeFile(join(apps.html, 'package.json'), JSON.stringify({ name: 'html-host', private: true, dependencies: { 'integration-kit': `file:${tarball}` } }, null, 2));
  await writeFile(join(apps.html, 'index.html'), snippet('html/index.html'));

  await fromTemplate('template-vanilla-ts', apps.bundler, tarball);
  const template = await readFile(join(apps.bundler, 'index.html'), 'utf8');
  const page = (body: string) => template.replace(/<body>[\s\S]*<\/body>/, `<body>\n${body}</body>`);
  const markup = snippet('bundler/index.html');
  await writeFile(join(apps.bundler, 'index.html'), page(markup));
  const renamed = markup.replaceAll('integration-marketplace', 'acme-marketplace').replaceAll('integration-settings', 'acme-settings').replace('/src/main.ts', '/src/renamed.ts');
  await writeFile(join(apps.bundler, 'renamed.html'), page(renamed));
  await writeFile(join(apps.bundler, 'src', 'main.ts'), snippet('bundler/src/main.ts'));
  await writeFile(join(apps.bundler, 'src', 'renamed.ts'), snippet('bundler/src/renamed.ts'));
  // Two pages: Vite builds each HTML file it is given.
  await writeFile(join(apps.bundler, 'vite.config.ts'), "import { defineConfig } from 'vite';\n\nexport default defineConfig({ build: { rollupOptions: { input: ['index.html', 'renamed.html'] } } });\n");

  await fromTemplate('template-react-ts', apps.react, tarball, { '@lit/react': await kitPeerRange('@lit/react') });
  await writeFile(join(apps.react, 'src', 'App.tsx'), snippet('react/src/App.tsx'));

  await fromTemplate('template-vue-ts', apps.vue, tarball);
  await writeFile(join(apps.vue, 'vite.config.ts'), snippet('vue/vite.config.ts'));
  await writeFile(join(apps.vue, 'src', 'App.vue'), snippet('vue/src/App.vue'));
  return apps;
}

/** The version range of a peer dependency the kit asks hosts to install (as the README says). */
async function kitPeerRange(name: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  return pkg.peerDependencies[name]!;
}

async function fromTemplate(template: string, dir: string, tarball: string, extra: Record<string, string> = {}): Promise<void> {
  await cp(join(TEMPLATES, template), dir, { recursive: true });
  // npm cannot publish a .gitignore, so templates carry it as _gitignore.
  await rename(join(dir, '_gitignore'), join(dir, '.gitignore')).catch(() => undefined);
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts: Record<string, string> };
  pkg.dependencies = { ...pkg.dependencies, 'integration-kit': `file:${tarball}`, ...extra };
  // The React template's linter is a native download the journey has no use for.
  delete pkg.devDependencies?.oxlint;
  delete pkg.scripts.lint;
  await writeFile(file, JSON.stringify(pkg, null, 2));
}
