import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.ts';
// The catalog editor loads on demand in the page; the tests want it registered at once.
import '../../components/provider-catalog-editor/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import type { ProviderCatalogEditor } from '../../components/provider-catalog-editor/provider-catalog-editor.ts';
import { createKit, settled, until } from './support/kit.ts';

/**
 * axe in every state, on a light page and on a dark one: every status a row can have, a row's
 * message, the providers to install, the remove confirmation, the drawer with its technical
 * details open, the connect dialog with a rejected key, a toast, a viewer's page, the catalog
 * editor's list and form.
 */
for (const scheme of ['light', 'dark'] as const) {
  describe(`every state passes axe on a ${scheme} page`, function () {
    this.timeout(30_000);
    let kit: Awaited<ReturnType<typeof createKit>>;

    beforeEach(async () => {
      kit = await createKit();
      const connect = (provider: string, credentialPayload?: Record<string, string>) =>
        kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider, ...(credentialPayload && { credentialPayload }) });
      await connect('openai', kit.samples.openai);
      await connect('sendgrid');
      await connect('anthropic', { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnopqrstuvwxyzDEMO' });
      await connect('stripe', { apiKey: 'sk_test_ratelimited0123456789abcdefghijk' });
      await connect('resend', kit.samples.resend);
      await connect('github');
      await kit.api('POST', '/providers/resend/retire', undefined, 'demo-platform-admin');
    });

    async function mountPage(backend = kit.backend) {
      const page = await fixture<HTMLDivElement>(html`
        <div style="color-scheme: ${scheme}; background: ${scheme === 'dark' ? '#0f1014' : '#ffffff'}; padding: 8px">
          <integration-marketplace workspace="acme" refresh-interval="0" .backend=${backend}></integration-marketplace>
          <integration-settings workspace="acme" refresh-interval="0" .backend=${backend}></integration-settings>
        </div>
      `);
      const marketplace = page.querySelector<IntegrationMarketplace>('integration-marketplace')!;
      const settings = page.querySelector<IntegrationSettings>('integration-settings')!;
      await until(() => marketplace.shadowRoot!.querySelector('[part~="card"]') && settings.shadowRoot!.querySelector('[part~="row"]') && settings.shadowRoot!.querySelector('[part~="policy"]'));
      return { page, marketplace, settings, s: settings.shadowRoot! };
    }

    it('the marketplace and settings: every status, a message, the providers to install, the confirmation', async () => {
      const { page, s, settings } = await mountPage();
      const words = Array.from(s.querySelectorAll('[part~="row-status"]')).map((b) => b.textContent!.trim());
      expect(words).to.include.members(['Connected', 'Not connected', 'Key rejected', 'Needs attention', 'Revoked']);
      s.querySelector<HTMLDetailsElement>('[part~="available"]')!.open = true;
      await settings.updateComplete;
      await expect(page).to.be.accessible();
      s.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="test-button"]')!.click();
      await until(() => s.querySelector('[part~="row-message"]'));
      s.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="copy-link"]')!.click();
      await until(() => s.querySelector('[part~="toast"]'));
      await expect(page).to.be.accessible();
      s.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="remove-button"]')!.click();
      await until(() => s.querySelector<HTMLDialogElement>('dialog.confirm')!.open);
      await settled();
      await expect(page).to.be.accessible();
    });

    it('the drawer, its technical details unfolded, and the connect dialog with a rejected key', async () => {
      const { page, s } = await mountPage();
      s.querySelector<HTMLButtonElement>('[data-provider="anthropic"] [part~="edit-button"]')!.click();
      const editor = s.querySelector<ConnectionEditor>('.connection-editor')!;
      await until(() => editor.shadowRoot!.querySelector('[part~="technical"]') && editor.shadowRoot!.querySelector('[part~="key-in-use"]'));
      editor.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="technical"]')!.open = true;
      await settled();
      await expect(page).to.be.accessible();
      editor.close();
      s.querySelector<HTMLButtonElement>('[data-provider="anthropic"] [part~="save-button"]')!.click();
      const dialog = s.querySelector<ConnectDialog>('.connect-dialog')!;
      await until(() => dialog.open);
      const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('input[name="apiKey"]')!;
      input.value = 'sk-ant-api03-invalid9999999999abcdefghijklmnopqrstuvwxyzDEMO';
      input.dispatchEvent(new Event('input'));
      dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      await until(() => dialog.shadowRoot!.querySelector('[part~="notice"]'));
      await settled();
      await expect(page).to.be.accessible();
      dialog.close();
    });

    it("a viewer's page", async () => {
      const { page } = await mountPage(kit.backendFor('demo-acme-viewer'));
      await expect(page).to.be.accessible();
    });

    it("the catalog editor's list and form", async () => {
      const admin = await createKit('demo-platform-admin');
      const page = await fixture<HTMLDivElement>(html`
        <div style="color-scheme: ${scheme}; background: ${scheme === 'dark' ? '#0f1014' : '#ffffff'}">
          <provider-catalog-editor refresh-interval="0" .backend=${admin.backend}></provider-catalog-editor>
        </div>
      `);
      const editor = page.querySelector<ProviderCatalogEditor>('provider-catalog-editor')!;
      await until(() => editor.shadowRoot!.querySelector('[part~="row"]'));
      await expect(page).to.be.accessible();
      editor.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-button"]')!.click();
      await until(() => editor.shadowRoot!.querySelector<HTMLDialogElement>('dialog.editor')!.open);
      await settled();
      await expect(page).to.be.accessible();
    });
  });
}
