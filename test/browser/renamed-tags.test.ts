import { expect, fixture, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
// The classes only: nothing in this page registers a default tag.
import { ConnectDialog, ConnectionEditor, IntegrationMarketplace, IntegrationSettings, IkConnectionSavedEvent } from '../../components/index.ts';
import { defineElement, tagFor } from '../../src/element/define.ts';
import { createKit, until, type TestKit } from './support/kit.ts';

customElements.define('acme-connect-dialog', ConnectDialog);
customElements.define('acme-connection-editor', ConnectionEditor);
customElements.define('acme-marketplace', IntegrationMarketplace);
customElements.define('acme-settings', IntegrationSettings);

/** Collects console.info lines while `run` runs. */
async function infoLines(run: () => void | Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.info;
  console.info = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    await run();
  } finally {
    console.info = original;
  }
  return lines;
}

describe('renamed tags', () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  it('the marketplace opens its dialog under the host-given name and connects a provider', async () => {
    const el = await fixture<IntegrationMarketplace>(staticHtml`<${unsafeStatic('acme-marketplace')} workspace="acme" .backend=${kit.backend}></${unsafeStatic('acme-marketplace')}>`);
    await until(() => el.shadowRoot!.querySelector('[part~="card-action"]'));
    const dialog = el.shadowRoot!.querySelector('acme-connect-dialog') as ConnectDialog;
    expect(dialog, 'the inner dialog uses the renamed tag').to.be.instanceOf(ConnectDialog);
    expect(customElements.get('connect-dialog'), 'no default tag was registered').to.equal(undefined);

    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="card-action"]')!.click();
    await until(() => dialog.open);
    const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('input[name="apiKey"]')!;
    input.focus();
    await sendKeys({ type: kit.samples.openai!.apiKey! });
    const saved = oneEvent(document, IkConnectionSavedEvent.eventName);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    expect((await saved).detail.providerKey).to.equal('openai');
  });

  it('settings opens its drawer under the host-given name', async () => {
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    const el = await fixture<IntegrationSettings>(staticHtml`<${unsafeStatic('acme-settings')} workspace="acme" .backend=${kit.backend}></${unsafeStatic('acme-settings')}>`);
    await until(() => el.shadowRoot!.querySelector('[part~="edit-button"]'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
    const editor = el.shadowRoot!.querySelector('acme-connection-editor') as ConnectionEditor;
    await until(() => editor.open && editor.shadowRoot!.querySelector('[part~="drawer"]'));
    expect(editor.shadowRoot!.querySelector('dialog')!.open).to.be.true;
    expect(customElements.get('connection-editor')).to.equal(undefined);
  });

  it('registering a renamed class under its default tag too is skipped, with a message, not an exception', async () => {
    const lines = await infoLines(() => defineElement('integration-marketplace', IntegrationMarketplace));
    expect(customElements.get('integration-marketplace')).to.equal(undefined);
    expect(lines).to.deep.equal(['integration-kit: the element class for <integration-marketplace> is already registered as <acme-marketplace>, so it is not registered as <integration-marketplace> too.']);
  });

  it('a tag another script already holds is left to it, with a message', async () => {
    class Other extends HTMLElement {}
    customElements.define('kit-held-tag', Other);
    class Ours extends HTMLElement {}
    const lines = await infoLines(() => defineElement('kit-held-tag', Ours));
    expect(customElements.get('kit-held-tag')).to.equal(Other);
    expect(lines[0]).to.contain('<kit-held-tag> is already defined by another script');
  });

  it('an inner element nobody registered takes its default tag, or a free variant of it', async () => {
    class Inner extends HTMLElement {}
    class Held extends HTMLElement {}
    customElements.define('kit-inner', Held);
    expect(tagFor(Inner, 'kit-inner')).to.equal('kit-inner-2');
    expect(customElements.get('kit-inner-2')).to.equal(Inner);
    expect(tagFor(Inner, 'kit-inner'), 'then found again under that name').to.equal('kit-inner-2');
  });

  describe('in a browser without customElements.getName', () => {
    // Shadows CustomElementRegistry.prototype.getName (Chrome 117, Firefox 116, Safari 17) for the test.
    beforeEach(() => Object.defineProperty(customElements, 'getName', { value: undefined, configurable: true }));
    afterEach(() => delete (customElements as { getName?: unknown }).getName);

    it('finds again what it registered itself, including a free variant of a held tag', () => {
      class Held extends HTMLElement {}
      class Ours extends HTMLElement {}
      customElements.define('kit-old', Held);
      expect(tagFor(Ours, 'kit-old')).to.equal('kit-old-2');
      expect(tagFor(Ours, 'kit-old')).to.equal('kit-old-2');
      defineElement('kit-old-3', Ours);
      expect(customElements.get('kit-old-3'), 'not registered twice').to.equal(undefined);
    });

    it('a class the host renamed out of sight: an error in the console, no exception, no endless search', async () => {
      class Renamed extends HTMLElement {}
      customElements.define('host-renamed', Renamed);
      const errors: string[] = [];
      const error = console.error;
      console.error = (...args: unknown[]) => void errors.push(args.join(' '));
      try {
        expect(tagFor(Renamed, 'kit-renamed')).to.equal('kit-renamed');
        expect(() => defineElement('kit-renamed-again', Renamed)).not.to.throw();
      } finally {
        console.error = error;
      }
      expect(errors).to.have.length(2);
      expect(errors[0]).to.contain('could not register <kit-renamed>');
    });
  });
});
