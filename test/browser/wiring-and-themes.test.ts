import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { backendContext, workspaceContext } from '../../src/context.ts';
import { createKit, settled, until, type TestKit } from './support/kit.ts';

/** A host's own element that provides the backend and workspace to everything inside it. */
class HostShell extends HTMLElement {
  readonly backend = new ContextProvider(this, { context: backendContext });
  readonly workspace = new ContextProvider(this, { context: workspaceContext });
}
customElements.define('host-shell', HostShell);

describe('wiring', () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  it('takes the backend and workspace from an ancestor through @lit/context', async () => {
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    const shell = document.createElement('host-shell') as HostShell;
    shell.backend.setValue(kit.backend);
    shell.workspace.setValue('acme');
    shell.innerHTML = '<integration-settings></integration-settings>';
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(shell);
    const settings = shell.querySelector('integration-settings')!;
    await until(() => settings.shadowRoot!.querySelector('[part~="row"]'));
    expect(settings.shadowRoot!.querySelector('[part~="row-name"]')!.textContent).to.equal('OpenAI');
    expect(kit.requests).to.include('GET /provider-connections');
  });

  it('says in the console what to do with a token attribute, which it ignores', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      // What a framework renders before the kit has loaded: the token as an attribute.
      const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace api-base="/no-such-api" token="demo-acme-admin" refresh-interval="0"></integration-marketplace>`);
      expect(el.token).to.equal(undefined);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('<integration-marketplace> has a "token" attribute, which is ignored');
      expect(warnings[0]).to.contain('element.token = …');
      expect(warnings[0]).to.contain('integration-kit/react');
      el.setAttribute('token', 'set later');
      expect(warnings, 'set later, it says so again').to.have.length(2);
      expect(el.token).to.equal(undefined);
    } finally {
      console.warn = original;
    }
  });

  it('asks the backend whose workspace the token is, when none is given', async () => {
    const el = await fixture<IntegrationSettings>(html`<integration-settings .backend=${kit.backend}></integration-settings>`);
    await until(() => el.shadowRoot!.querySelector('[part~="empty"]'));
    expect(kit.requests[0]).to.equal('GET /me');
  });
});

describe('the dark theme', () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  it('passes axe with every status shown, and with the dialog open', async () => {
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic', credentialPayload: { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnop' } });
    const page = await fixture<HTMLDivElement>(html`
      <div style="background:#0f1014;color-scheme:dark">
        <integration-marketplace color-scheme="dark" workspace="acme" .backend=${kit.backend}></integration-marketplace>
        <integration-settings color-scheme="dark" workspace="acme" .backend=${kit.backend}></integration-settings>
      </div>
    `);
    const marketplace = page.querySelector<IntegrationMarketplace>('integration-marketplace')!;
    const settings = page.querySelector<IntegrationSettings>('integration-settings')!;
    await until(() => marketplace.shadowRoot!.querySelector('[part~="card"]') && settings.shadowRoot!.querySelector('[part~="row"]'));
    const background = getComputedStyle(marketplace.shadowRoot!.querySelector('[part~="card"]')!).backgroundColor;
    expect(background, 'dark surfaces').to.equal('rgb(23, 24, 28)');
    await expect(page).to.be.accessible();
    marketplace.shadowRoot!.querySelector<HTMLButtonElement>('[data-provider="stripe"] [part~="card-action"]')!.click();
    const dialog = marketplace.shadowRoot!.querySelector('connect-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open);
    await settled();
    expect(getComputedStyle(dialog.shadowRoot!.querySelector('dialog')!).backgroundColor, 'the nested dialog is dark too').to.equal('rgb(32, 33, 40)');
    await expect(page).to.be.accessible();
  });
});
