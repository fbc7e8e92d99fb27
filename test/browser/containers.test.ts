import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../components/define.ts';
// The catalog editor loads on demand in the page; the tests want it registered at once.
import '../../components/provider-catalog-editor/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import type { ProviderCatalogEditor } from '../../components/provider-catalog-editor/provider-catalog-editor.ts';
import { createKit, settled, until } from './support/kit.ts';

/** Every element of a shadow tree, nested kit elements' trees included. */
function deepElements(root: ShadowRoot): Element[] {
  return Array.from(root.querySelectorAll('*')).flatMap((el) => [el, ...(el.shadowRoot ? deepElements(el.shadowRoot) : [])]);
}

/**
 * What overflows sideways in `host` (or its dialog): elements wider inside than their box,
 * except text deliberately cut with an ellipsis, and controls (buttons, badges) not fully inside
 * `bounds`. Hidden elements take no space and are skipped.
 */
function overflows(host: Element, bounds: DOMRect): string[] {
  const found: string[] = [];
  for (const el of deepElements(host.shadowRoot!)) {
    const style = getComputedStyle(el);
    // Hidden, and text only for screen readers (a 1 px clip by design), take no room.
    if (style.display === 'none' || style.display === 'contents' || style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden')) continue;
    if (!(el as HTMLElement).offsetParent && style.position !== 'fixed') continue;
    const name = `<${el.localName}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
    if (style.display !== 'inline' && style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) found.push(`${name} scrolls (${el.scrollWidth} > ${el.clientWidth})`);
    if (el.localName === 'button' || el.classList.contains('badge')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.left < bounds.left - 1 || box.right > bounds.right + 1)) found.push(`${name} sticks out (${Math.round(box.left)}–${Math.round(box.right)} of ${Math.round(bounds.left)}–${Math.round(bounds.right)})`);
    }
  }
  return found;
}

for (const width of [320, 300]) {
  describe(`in a ${width} px wide container`, () => {
    let kit: Awaited<ReturnType<typeof createKit>>;
    before(() => setViewport({ width: 800, height: 900 }));
    beforeEach(async () => {
      kit = await createKit();
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', credentialPayload: kit.samples.twilio });
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic', credentialPayload: { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnopqrstuvwxyzDEMO' } });
      await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'google-workspace' });
    });

    async function inBox<T extends Element>(template: unknown): Promise<{ box: HTMLElement; el: T }> {
      const box = await fixture<HTMLElement>(html`<div style="width: ${width}px">${template}</div>`);
      return { box, el: box.firstElementChild as T };
    }
    const noOverflow = (el: Element, box: HTMLElement) => {
      expect(box.scrollWidth, 'the container does not scroll').to.be.at.most(box.clientWidth);
      expect(overflows(el, box.getBoundingClientRect())).to.deep.equal([]);
    };

    it('the marketplace', async () => {
      const { box, el } = await inBox<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>`);
      await until(() => el.shadowRoot!.querySelector('[part~="card-action"]'));
      noOverflow(el, box);
    });

    it('settings: rows, the policy, the providers to install', async () => {
      const { box, el } = await inBox<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-settings>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]') && el.shadowRoot!.querySelector('[part~="policy"]'));
      el.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="available"]')!.open = true;
      await el.updateComplete;
      noOverflow(el, box);
    });

    it('the catalog editor', async () => {
      const admin = await createKit('demo-platform-admin');
      const { box, el } = await inBox<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${admin.backend}></provider-catalog-editor>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]'));
      noOverflow(el, box);
    });
  });
}

describe('on a 320 px wide screen', () => {
  let kit: Awaited<ReturnType<typeof createKit>>;
  before(() => setViewport({ width: 320, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));
  beforeEach(async () => {
    kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', credentialPayload: kit.samples.twilio });
  });
  const viewport = () => new DOMRect(0, 0, document.documentElement.clientWidth, window.innerHeight);

  it('the connect dialog fits, its placeholders fit their fields, and the primary action comes first', async () => {
    const providers = await kit.backend.listProviders();
    const dialog = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog>`);
    // Every provider of the seed: each field's placeholder must fit its input.
    for (const key of providers.filter((p) => p.availability === 'available' && p.authType !== 'oauth2').map((p) => p.key)) {
      await dialog.show({ provider: providers.find((p) => p.key === key)!, connection: undefined });
      await dialog.updateComplete;
      await settled();
      expect(overflows(dialog, viewport()), key).to.deep.equal([]);
      for (const input of dialog.shadowRoot!.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
        const probe = document.createElement('span');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${getComputedStyle(input).font}`;
        probe.textContent = input.placeholder;
        document.body.append(probe);
        const room = input.clientWidth - parseFloat(getComputedStyle(input).paddingLeft) - parseFloat(getComputedStyle(input).paddingRight);
        expect(probe.getBoundingClientRect().width, `${key}: the placeholder "${input.placeholder}" fits`).to.be.at.most(room + 1);
        probe.remove();
      }
      const footer = dialog.shadowRoot!.querySelector('[part~="footer"]')!;
      const primary = footer.querySelector('.primary')!.getBoundingClientRect();
      for (const other of footer.querySelectorAll('button:not(.primary)')) {
        const box = other.getBoundingClientRect();
        // First: on the row above the others, or on the same row to their right.
        expect(primary.top < box.top - 1 || (Math.abs(primary.top - box.top) < 2 && primary.left > box.left), `${key}: the primary action comes first (${JSON.stringify([primary.top, primary.left, box.top, box.left, other.textContent!.trim()])})`).to.be.true;
      }
    }
    dialog.close();
  });

  it('the edit drawer fits', async () => {
    const [connection] = await kit.backend.listConnections('acme');
    const editor = await fixture<ConnectionEditor>(html`<connection-editor .backend=${kit.backend}></connection-editor>`);
    await editor.show({ connection: connection!, provider: (await kit.backend.listProviders()).find((p) => p.key === 'twilio')! });
    await until(() => editor.shadowRoot!.querySelector('[part~="history"]'));
    await settled();
    expect(overflows(editor, viewport())).to.deep.equal([]);
    editor.close();
  });

  it('nothing scrolls sideways on the page', async () => {
    await fixture(html`<div>
      <integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>
      <integration-settings workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-settings>
    </div>`);
    await until(() => document.querySelector('integration-settings')!.shadowRoot!.querySelector('[part~="row"]'));
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
  });
});
