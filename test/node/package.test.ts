import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import { ELEMENT_EVENTS } from '../../components/element-api.ts';
import { PROJECT_ROOT } from '../../mock-server/config.ts';
import { writeManifest } from '../../scripts/manifest.ts';

interface Manifest {
  modules: { path: string; declarations: { tagName?: string; cssParts?: { name: string }[]; cssProperties?: { name: string }[]; events?: { name: string }[] }[] }[];
}

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
const manifest = () => readJson<Manifest>(join(PROJECT_ROOT, 'custom-elements.json'));
const elements = (m: Manifest) => new Map(m.modules.flatMap((module) => module.declarations.filter((d) => d.tagName).map((d) => [d.tagName!, d] as const)));

describe('the custom elements manifest', () => {
  it('is what the analyzer makes from the classes today (run `npm run build` after changing their JSDoc)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ik-manifest-'));
    try {
      writeManifest(PROJECT_ROOT, dir);
      const fresh = await readJson<Manifest>(join(dir, 'custom-elements.json'));
      assert.deepEqual(await manifest(), fresh, 'custom-elements.json is stale: run npm run build and commit it');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents every element, with its tag, events and parts', async () => {
    const byTag = elements(await manifest());
    assert.deepEqual([...byTag.keys()].sort(), Object.keys(ELEMENT_EVENTS).sort());
    for (const [tag, element] of byTag) {
      assert.ok((element.cssParts ?? []).length > 0, `${tag} has parts`);
      assert.ok(!element.cssParts!.some((part) => part.name.includes('*')), `${tag}: wildcard parts are expanded`);
    }
  });

  it('documents every --ik-* custom property the styles read', async () => {
    const documented = new Set((await manifest()).modules.flatMap((module) => module.declarations.flatMap((d) => (d.cssProperties ?? []).map((p) => p.name))));
    const sources = (await readdir(PROJECT_ROOT, { recursive: true }))
      .filter((file) => /^(components|src)\/.*\.ts$/.test(file))
      .map((file) => readFile(join(PROJECT_ROOT, file), 'utf8'));
    const used = new Set((await Promise.all(sources)).flatMap((text) => [...text.matchAll(/var\((--ik-[a-z-]+)/g)].map((m) => m[1]!)));
    assert.ok(used.size > 20);
    assert.deepEqual([...used].filter((name) => !documented.has(name)), []);
  });

  it('lists the same events as the React wrappers and the JSX and Vue types', async () => {
    for (const [tag, element] of elements(await manifest())) {
      const documented = (element.events ?? []).map((event) => event.name).sort();
      assert.deepEqual(documented, [...ELEMENT_EVENTS[tag as keyof typeof ELEMENT_EVENTS]].sort(), tag);
    }
  });

  it('lists the parts the dialog and the drawer forward to the elements that contain them', async () => {
    const byTag = elements(await manifest());
    const parts = (tag: string) => byTag.get(tag)!.cssParts!.map((part) => part.name).sort();
    assert.deepEqual(parts('connect-dialog'), [...ConnectDialog.cssParts].sort());
    assert.deepEqual(parts('connection-editor'), [...ConnectionEditor.cssParts].sort());
    for (const outer of ['integration-marketplace', 'integration-settings']) {
      for (const part of ConnectDialog.cssParts) assert.ok(parts(outer).includes(`dialog-${part}`), `${outer} forwards dialog-${part}`);
    }
    for (const part of ConnectionEditor.cssParts) assert.ok(parts('integration-settings').includes(`drawer-${part}`), `settings forwards drawer-${part}`);
  });

  it("matches the README's list of parts, element by element", async () => {
    const readme = await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Parts'), readme.indexOf('## Strict host pages'));
    // "- `tag`: `a`, `b`, …, and every part of `connect-dialog` as `dialog-<part>`." over wrapped lines.
    const listed = new Map([...section.matchAll(/^- `([a-z-]+)`: ([\s\S]*?)\.$/gm)].map(([, tag, body]) => [tag!, [...body!.split(/,\s+and every\s+part/)[0]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).sort()]));
    for (const [tag, element] of elements(await manifest())) {
      const forwarded = (name: string) => tag.startsWith('integration-') && /^(dialog|drawer)-/.test(name);
      assert.deepEqual(listed.get(tag), element.cssParts!.map((part) => part.name).filter((name) => !forwarded(name)).sort(), `README lists the parts of ${tag}`);
    }
  });
});

describe('package.json', () => {
  const pkg = () =>
    readJson<{
      dependencies: Record<string, string>;
      exports: Record<string, string | { types: string; default: string }>;
      sideEffects: string[];
      files: string[];
      customElements: string;
    }>(join(PROJECT_ROOT, 'package.json'));

  it('depends only on what every browser host needs: React bindings and the reference server bring their own', async () => {
    assert.deepEqual(Object.keys((await pkg()).dependencies).sort(), ['@lit-labs/virtualizer', '@lit/context', '@lit/task', 'lit', 'zod']);
    const server = await readJson<{ private: boolean; dependencies: Record<string, string> }>(join(PROJECT_ROOT, 'mock-server', 'package.json'));
    assert.equal(server.private, true);
    for (const name of ['hono', '@hono/node-server', 'idb-keyval']) assert.ok(server.dependencies[name], name);
  });

  it('exports an entry per element, the classes, React and Vue, each with types, all inside the files it ships', async () => {
    const { exports, files, customElements } = await pkg();
    const tags = Object.keys(ELEMENT_EVENTS);
    assert.deepEqual(
      Object.keys(exports).sort(),
      ['.', './elements', ...tags.map((tag) => `./define/${tag}`), './react', './vue', './cdn/integration-kit.js', './custom-elements.json', './package.json'].sort(),
    );
    for (const [name, target] of Object.entries(exports)) {
      const paths = typeof target === 'string' ? [target] : [target.types, target.default];
      if (typeof target !== 'string') assert.match(target.types, /\.d\.ts$/, `${name} has types`);
      for (const path of paths) {
        if (path === './package.json') continue;
        assert.ok(files.some((allowed) => path.slice(2).startsWith(allowed)), `${name}: ${path} is in "files"`);
      }
    }
    assert.equal(customElements, 'custom-elements.json');
    assert.ok(!files.some((f) => /^(test|demo|bench|mock-server|scripts|\.ci)\b/.test(f)), 'ships no tests, demo, server or scripts');
  });

  it('marks exactly the modules that register tags as having side effects, compiled and source alike', async () => {
    const { exports, sideEffects } = await pkg();
    const entry = (name: string) => (exports[name] as { default: string }).default;
    const registering = ['.', './react', './vue', ...Object.keys(exports).filter((name) => name.startsWith('./define/'))].map(entry);
    const matches = (path: string) => sideEffects.some((pattern) => new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '[^/]+')}$`).test(path));
    for (const path of registering) {
      assert.ok(matches(path), `${path} is in sideEffects`);
      // The drop-in bundle is built from the sources: without them its registrations are tree-shaken away.
      const source = path.replace('./dist/', './').replace(/\.js$/, '.ts');
      assert.ok(matches(source), `${source} is in sideEffects`);
    }
    assert.ok(!matches(entry('./elements')), './elements is free of side effects');
    assert.ok(matches('./dist/cdn/integration-kit.js'));
  });
});
