import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/define.ts';
// The catalog editor loads on demand in the page; the tests want it registered at once.
import '../../components/provider-catalog-editor/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import type { ProviderCatalogEditor } from '../../components/provider-catalog-editor/provider-catalog-editor.ts';
import type { IntegrationsBackend } from '../../src/backend/backend.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { createKit, type TestKit } from './support/kit.ts';
import { closeSignInWindow, decide, signInWindow, until } from './support/oauth.ts';
import { documentedParts, PartCoverage } from './support/parts.ts';

/**
 * Every `@csspart` in the custom elements manifest is styleable from the host page: the
 * elements are driven through the states that show each part (loaded, empty, error, read-only,
 * toasts, confirmations, every dialog and drawer state), and at each state a page-level
 * `tag::part(name)` rule must reach every node carrying that part, forwarded ones included.
 */
describe('parts', function () {
  // Each test walks elements through many states, sign-in windows included.
  this.timeout(40_000);
  let coverage: PartCoverage;
  let kit: TestKit;
  before(async () => (coverage = new PartCoverage(await documentedParts())));
  afterEach(closeSignInWindow);

  const $ = <T extends HTMLElement = HTMLElement>(host: Element, selector: string) => host.shadowRoot!.querySelector<T>(selector);
  const part = <T extends HTMLElement = HTMLButtonElement>(host: Element, name: string) => $<T>(host, `[part~="${name}"]`)!;
  const providers = async (): Promise<ProviderView[]> => kit.backend.listProviders();
  const provider = async (key: string) => (await providers()).find((p) => p.key === key)!;
  async function typeInto(input: HTMLInputElement, text: string) {
    input.focus();
    input.select();
    await sendKeys({ type: text });
  }
  async function changed(host: Element & { updateComplete: Promise<boolean> }) {
    await host.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Walks a connect dialog through every state, checking `host` (the dialog, or what contains it) at each. */
  async function driveDialog(dialog: ConnectDialog, host: Element) {
    await dialog.show({ provider: await provider('openai') });
    await changed(dialog);
    coverage.check(host);
    part(dialog, 'save-button').click();
    await until(() => $(dialog, '[part~="field-error"]'));
    coverage.check(host);
    await typeInto($<HTMLInputElement>(dialog, 'input[name="apiKey"]')!, 'sk-proj-invalid0123456789abcdefghijklmnopqrstuvwxyz');
    part(dialog, 'save-button').click();
    await until(() => $(dialog, '[part~="notice"]'));
    coverage.check(host);
    await dialog.show({ provider: await provider('anthropic'), connection: undefined });
    await changed(dialog);
    await typeInto($<HTMLInputElement>(dialog, 'input[name="apiKey"]')!, kit.samples.anthropic!.apiKey!);
    part(dialog, 'save-button').click();
    await until(() => $(dialog, '[part~="result"]'));
    coverage.check(host);

    await dialog.show({ provider: await provider('github'), connection: undefined });
    await changed(dialog);
    coverage.check(host);
    part(dialog, 'authorize-button').click();
    const popup = await signInWindow();
    await until(() => $(dialog, '[part~="oauth-status"]'));
    coverage.check(host);
    popup.close();
    await until(() => $(dialog, '[part~="reopen-button"]'));
    coverage.check(host);
    part(dialog, 'reopen-button').click();
    await decide(kit, await signInWindow(), 'approve');
    await until(() => $(dialog, '[part~="account"]'));
    coverage.check(host);

    // The browser's popup blocker, played by window.open answering null as a blocked call does.
    await dialog.show({ provider: await provider('google-workspace'), connection: undefined });
    await changed(dialog);
    const open = window.open;
    window.open = () => null;
    try {
      part(dialog, 'authorize-button').click();
      await until(() => $(dialog, '[part~="redirect-button"]'));
    } finally {
      window.open = open;
    }
    coverage.check(host);
    dialog.close();

    // "I'll add it later": the dialog closes and says what happened.
    await dialog.show({ provider: await provider('meta-ads'), connection: undefined });
    await changed(dialog);
    part(dialog, 'later-button').click();
    await until(() => !dialog.open && $(dialog, '[part~="toast"]'));
    coverage.check(host);
  }

  /**
   * Walks a connection's edit drawer through its states: a working key (replaced, then a field
   * error, then saved), a row with no key yet (its reason), and an OAuth grant (Disconnect…).
   * `open` opens it on a connection (from the settings row, or by show()).
   */
  async function driveEditor(editor: ConnectionEditor, host: Element, open: (provider: string) => Promise<void>) {
    const opened = async (provider: string) => {
      await open(provider);
      await editor.updateComplete;
      // Past show()'s reset, and loaded.
      await until(() => editor.open && $(editor, '[part~="history"]') && $(editor, '[part~="key-in-use"]'));
    };
    await opened('openai');
    await until(() => !part(editor, 'replace-button').disabled);
    coverage.check(host);
    part(editor, 'replace-button').click();
    await until(() => $(editor, '[part~="reveal-button"]'));
    coverage.check(host);
    const name = $<HTMLInputElement>(editor, '#display-name')!;
    name.value = ' ';
    name.dispatchEvent(new Event('input'));
    await changed(editor);
    part(editor, 'save-button').click();
    await until(() => $(editor, '[part~="field-error"]'));
    coverage.check(host);
    await typeInto(name, 'OpenAI production');
    part(editor, 'save-button').click();
    await until(() => $(editor, '[part~="notice"]'));
    coverage.check(host);
    editor.close();

    await opened('sendgrid');
    await until(() => $(editor, '[part~="status-reason"]'));
    coverage.check(host);
    editor.close();

    await opened('github');
    await until(() => $(editor, '[part~="disconnect-button"]'));
    coverage.check(host);
    part(editor, 'disconnect-button').click();
    await until(() => $(editor, '[part~="disconnect-confirm"]'));
    coverage.check(host);
    part(editor, 'disconnect-cancel-button').click();
    editor.close();
  }

  /** What the drawer walk needs: a working key, a row with no key yet, an OAuth grant. */
  async function connectForDrawer() {
    await connectOpenAI();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
    await connectGithub();
  }

  async function connectOpenAI(as = 'demo-acme-admin') {
    return (await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai }, as)).connection;
  }

  /** A GitHub grant, approved at the simulated provider through a real sign-in window. */
  async function connectGithub() {
    const dialog = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog>`);
    await dialog.show({ provider: await provider('github') });
    await changed(dialog);
    part(dialog, 'authorize-button').click();
    await decide(kit, await signInWindow(), 'approve');
    await until(() => $(dialog, '[part~="result"]'));
    dialog.remove();
  }

  describe('<integration-marketplace>', () => {
    const mount = (backend: IntegrationsBackend) =>
      fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${backend}></integration-marketplace>`);

    it('loaded, filtered to nothing, a toast, and a card someone else added', async () => {
      kit = await createKit('demo-acme-member');
      await connectOpenAI('demo-acme-admin');
      const el = await mount(kit.backend);
      await until(() => $(el, '[part~="card-note"]'));
      coverage.check(el);
      part(el, 'copy-link').click();
      await until(() => $(el, '[part~="toast"]'));
      coverage.check(el);
      await typeInto($<HTMLInputElement>(el, 'input[type="search"]')!, 'no such provider');
      await until(() => $(el, '[part~="empty"]'));
      coverage.check(el);
    });

    it('read-only and failed to load', async () => {
      kit = await createKit('demo-acme-viewer');
      const viewer = await mount(kit.backend);
      await until(() => $(viewer, '[part~="role-notice"]'));
      coverage.check(viewer);
      kit.failNext(3);
      const failed = await mount(kit.backend);
      await until(() => $(failed, '[part~="error"]'));
      coverage.check(failed);
    });

    it("the connect dialog's parts, forwarded", async () => {
      kit = await createKit();
      const el = await mount(kit.backend);
      await until(() => $(el, '[part~="card"]'));
      await driveDialog($<ConnectDialog>(el, '.connect-dialog')!, el);
    });
  });

  describe('<integration-settings>', () => {
    const mount = async (backend: IntegrationsBackend) => {
      const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${backend}></integration-settings>`);
      await until(() => $(el, '[part~="row"], [part~="empty"], [part~="error"]'));
      return el;
    };

    it('rows of every kind, their messages, a toast, the remove confirmation and the providers to add', async () => {
      kit = await createKit();
      await connectOpenAI();
      await connectGithub();
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'google-workspace' });
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
      const el = await mount(kit.backend);
      await until(() => $(el, '[part~="connect-button"]') && $(el, '[part~="save-button"]') && $(el, '[part~="policy"]'));
      coverage.check(el);
      const openai = $(el, '[part~="row"][data-provider="openai"]')!;
      openai.querySelector<HTMLButtonElement>('[part~="test-button"]')!.click();
      await until(() => openai.querySelector('[part~="row-message"]'));
      coverage.check(el);
      openai.querySelector<HTMLButtonElement>('[part~="copy-link"]')!.click();
      await until(() => $(el, '[part~="toast"]'));
      coverage.check(el);
      openai.querySelector<HTMLButtonElement>('[part~="remove-button"]')!.click();
      await until(() => $<HTMLDialogElement>(el, 'dialog.confirm')!.open);
      coverage.check(el);
      part(el, 'confirm-cancel-button').click();
      part(el, 'add-button').click();
      await until(() => $<HTMLDetailsElement>(el, '[part~="available"]')!.open);
      coverage.check(el);
    });

    it('nothing installed, read-only, failed to load', async () => {
      kit = await createKit();
      coverage.check(await mount(kit.backend));
      kit = await createKit('demo-acme-viewer');
      const viewer = await mount(kit.backend);
      await until(() => $(viewer, '[part~="role-notice"]'));
      coverage.check(viewer);
      kit.failNext(4);
      coverage.check(await mount(kit.backend));
    });

    it("the drawer's and the dialog's parts, forwarded", async () => {
      kit = await createKit();
      await connectForDrawer();
      const el = await mount(kit.backend);
      const edit = async (provider: string) => $(el, `[part~="row"][data-provider="${provider}"]`)!.querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
      await driveEditor($<ConnectionEditor>(el, '.connection-editor')!, el, edit);
      await driveDialog($<ConnectDialog>(el, '.connect-dialog')!, el);
    });
  });

  describe('<connect-dialog> and <connection-editor> on their own', () => {
    it('the dialog', async () => {
      kit = await createKit();
      const dialog = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog>`);
      await driveDialog(dialog, dialog);
    });

    it('the drawer', async () => {
      kit = await createKit();
      await connectForDrawer();
      const editor = await fixture<ConnectionEditor>(html`<connection-editor .backend=${kit.backend}></connection-editor>`);
      const show = async (key: string) => {
        const connection = (await kit.backend.listConnections('acme')).find((c) => c.provider === key)!;
        await editor.show({ connection, provider: await provider(key) });
      };
      await driveEditor(editor, editor, show);
    });
  });

  describe('<provider-catalog-editor>', () => {
    const mount = async (backend: IntegrationsBackend) => {
      const el = await fixture<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${backend}></provider-catalog-editor>`);
      await until(() => $(el, '[part~="row"], [part~="empty"], [part~="error"]'));
      return el;
    };

    it('the list, a retired row, the retire confirmation', async () => {
      kit = await createKit('demo-platform-admin');
      const el = await mount(kit.backend);
      coverage.check(el);
      $(el, '[part~="row"][data-provider="resend"]')!.querySelector<HTMLButtonElement>('[part~="retire-button"]')!.click();
      await until(() => $<HTMLDialogElement>(el, 'dialog.confirm')!.open);
      coverage.check(el);
      part(el, 'confirm-button').click();
      await until(() => $(el, '[part~="row-note"]') && $(el, '[part~="message"]'));
      coverage.check(el);
    });

    it('the form: every section, a recipe with a header, errors, and a retired row’s notice', async () => {
      kit = await createKit('demo-platform-admin');
      const el = await mount(kit.backend);
      part(el, 'add-button').click();
      await until(() => $<HTMLDialogElement>(el, 'dialog.editor')!.open);
      const verify = $<HTMLInputElement>(el, '#f-verify')!;
      if (!verify.checked) verify.click();
      await changed(el);
      part(el, 'add-header').click();
      await until(() => $(el, '[part~="header-row"]'));
      coverage.check(el);
      part(el, 'save-button').click();
      await until(() => $(el, '[part~="error-summary"]'));
      coverage.check(el);
      part(el, 'cancel-button').click();

      await kit.api('POST', '/providers/resend/retire', undefined, 'demo-platform-admin');
      await el.refresh();
      $(el, '[part~="row"][data-provider="resend"]')!.querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
      await until(() => $<HTMLDialogElement>(el, 'dialog.editor')!.open && $(el, 'form [part~="notice"]'));
      coverage.check(el);
    });

    it('read-only, empty, failed to load', async () => {
      kit = await createKit('demo-acme-admin');
      const readOnly = await mount(kit.backend);
      await until(() => $(readOnly, '[part~="read-only-notice"]'));
      coverage.check(readOnly);
      const empty = Object.create(kit.backend, { listProviders: { value: async () => [] } }) as IntegrationsBackend;
      coverage.check(await mount(empty));
      kit.failNext(3);
      coverage.check(await mount(kit.backend));
    });
  });

  // Last on purpose: mocha runs the suites above first, and this sums up what they proved
  // (run alone, with --grep, it reports every part unproven).
  describe('coverage', () => {
    it('proved every documented part styleable, and found none undocumented or left unforwarded', () => {
      expect(coverage.problems).to.deep.equal([]);
      for (const tag of ['integration-marketplace', 'integration-settings', 'connect-dialog', 'connection-editor', 'provider-catalog-editor']) {
        expect(coverage.unproven(tag), `${tag}: parts no state showed`).to.deep.equal([]);
      }
    });
  });
});
