/**
 * The Custom Elements Manifest analyzer (`cem analyze`), run by `npm run build`. It reads the
 * JSDoc on the element classes (`@tagname`, `@event`, `@csspart`, `@cssproperty`, `@slot`) and
 * the Lit decorators; the plugin below teaches it our guarded `defineElement(tag, Class)` and
 * points each module at the compiled file a host actually imports.
 */
export default {
  globs: ['components/**/*.ts', 'src/element/integration-element.ts'],
  exclude: ['components/react/**', 'components/vue/**', 'components/element-api.ts', 'components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself; the analyzer must not rewrite it.
  packagejson: false,
  plugins: [kitManifest()],
};

function kitManifest() {
  return {
    name: 'integration-kit',
    analyzePhase({ ts, node, moduleDoc }) {
      // defineElement('connect-dialog', ConnectDialog) registers a tag, like customElements.define.
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isStringLiteral(tag)) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: element.getText() } });
    },
    packageLinkPhase({ customElementsManifest }) {
      // The analyzer visits files in whatever order the file system lists them: sorted, the
      // manifest is the same on every machine and every run (a test compares it byte for byte).
      const modules = customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const home = new Map();
      for (const module of modules) for (const declaration of module.declarations ?? []) home.set(declaration.name, module.path);
      for (const module of modules) {
        // The generic customElements.define(tag, constructor) inside defineElement itself is no definition.
        module.exports = (module.exports ?? []).filter((e) => e.kind !== 'custom-element-definition' || home.has(e.declaration.name));
        for (const e of module.exports) if (e.kind === 'custom-element-definition') e.declaration.module = home.get(e.declaration.name);
        // What a host can use: the element classes' public API, not the helpers around them.
        module.declarations = (module.declarations ?? []).filter((declaration) => declaration.kind === 'class');
        for (const declaration of module.declarations) {
          declaration.members = declaration.members?.filter((member) => !member.privacy && member.name !== 'styles');
          // Events the analyzer found as `dispatchEvent(new SomeEvent())` carry no name; the JSDoc names them.
          declaration.events = declaration.events?.filter((event) => event.name);
        }
      }
      expandForwardedParts(modules);
      customElementsManifest.modules = modules.filter(
        (module) => module.declarations.length > 0 || module.exports.some((e) => e.kind === 'custom-element-definition'),
      );
      const toDist = (path) => path && `dist/${path.replace(/^\//, '').replace(/\.ts$/, '.js')}`;
      for (const module of customElementsManifest.modules) {
        module.path = toDist(module.path);
        for (const e of module.exports ?? []) if (e.declaration?.module) e.declaration.module = toDist(e.declaration.module);
        for (const declaration of module.declarations ?? []) {
          if (declaration.superclass?.module) declaration.superclass.module = toDist(declaration.superclass.module);
          for (const list of [declaration.members, declaration.attributes, declaration.events, declaration.cssProperties, declaration.cssParts]) {
            for (const item of list ?? []) if (item.inheritedFrom?.module) item.inheritedFrom.module = toDist(item.inheritedFrom.module);
          }
        }
      }
    },
  };
}

/**
 * `@csspart dialog-* - Every part of the inner <connect-dialog>, prefixed` becomes one entry per
 * part of <connect-dialog> (`dialog-save-button`, …), so tools and tests see real part names.
 */
function expandForwardedParts(modules) {
  const byTag = new Map();
  for (const module of modules) for (const declaration of module.declarations ?? []) if (declaration.tagName) byTag.set(declaration.tagName, declaration);
  for (const declaration of byTag.values()) {
    declaration.cssParts = (declaration.cssParts ?? []).flatMap((part) => {
      if (!part.name.endsWith('-*')) return [part];
      const inner = byTag.get(/<([a-z-]+)>/.exec(part.description ?? '')?.[1]);
      if (!inner) throw new Error(`${declaration.name}: @csspart ${part.name} names no kit element in its description`);
      const prefix = part.name.slice(0, -1);
      return (inner.cssParts ?? []).map((innerPart) => ({ name: prefix + innerPart.name, description: `<${inner.tagName}>'s ${innerPart.name}: ${innerPart.description}` }));
    });
  }
}
