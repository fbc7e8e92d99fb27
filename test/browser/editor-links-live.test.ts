import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/define.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { HttpBackend } from '../../src/backend/http-backend.ts';
import { IkCatalogChangedEvent } from '../../src/events/events.ts';
import { createKit, KIT_SERVICE_TOKEN, settled, until } from './support/kit.ts';

type Kit = Awaited<ReturnType<typeof createKit>>;

async function mountSettings(kit: Kit, token?: string) {
  const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${token ? kit.backendFor(token) : kit.backend}></integration-settings>`);
  await until(() => el.shadowRoot!.querySelector('[part~="row"]'));
  return el;
}

const editorOf = (settings: IntegrationSettings) => settings.shadowRoot!.querySelector<ConnectionEditor>('connection-editor')!;

/** Edit (or Details) on a row, the first by default; resolves once the drawer is open and loaded. */
async function openEditor(settings: IntegrationSettings, provider?: string) {
  const scope = provider ? `[data-provider="${provider}"] ` : '';
  settings.shadowRoot!.querySelector<HTMLButtonElement>(`${scope}[data-edit]`)!.click();
  const editor = editorOf(settings);
  await until(() => editor.shadowRoot!.querySelector('dialog')?.open && editor.shadowRoot!.querySelector('[part~="history"]'));
  await settled();
  return { editor, root: editor.shadowRoot! };
}

describe('<connection-editor> (the edit drawer)', () => {
  let kit: Kit;
  let connectionId: string;
  beforeEach(async () => {
    kit = await createKit();
    connectionId = (await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', credentialPayload: kit.samples.twilio })).connection.id;
  });

  it('shows name, projects, plain fields in full and secrets read-only until clicked; and the history', async () => {
    const settings = await mountSettings(kit);
    const { editor, root } = await openEditor(settings);
    expect(root.querySelector('h2')!.textContent).to.equal('Edit Twilio');
    expect(root.querySelector<HTMLInputElement>('#display-name')!.value).to.equal('Twilio');
    expect(Array.from(root.querySelectorAll('[part~="projects"] label')).map((l) => l.textContent!.trim())).to.deep.equal(['Website', 'Mobile app', 'Support bot']);
    expect(root.querySelector<HTMLInputElement>('#cred-accountSid')!.value).to.equal(kit.samples.twilio!.accountSid);
    const token = root.querySelector<HTMLInputElement>('#cred-authToken')!;
    expect(token.readOnly).to.be.true;
    expect(token.value).to.equal('••••••••b1a0');
    expect(root.querySelector('[part~="history"]')!.textContent).to.match(/Tested · Key works · HTTP 200/);
    expect(root.querySelector('[part~="history"]')!.textContent).to.contain('Installed');
    await expect(editor).to.be.accessible();
    token.click();
    await editor.updateComplete;
    const editable = root.querySelector<HTMLInputElement>('#cred-authToken')!;
    expect(editable.readOnly).to.be.false;
    expect(editable.value).to.equal('');
    expect(root.activeElement).to.equal(editable);
  });

  it('saves name and projects with the version it loaded, and rotates a secret (tested at once)', async () => {
    const settings = await mountSettings(kit);
    const { editor, root } = await openEditor(settings);
    const name = root.querySelector<HTMLInputElement>('#display-name')!;
    name.value = 'Twilio (support)';
    name.dispatchEvent(new Event('input'));
    Array.from(root.querySelectorAll('[part~="projects"] label')).find((l) => l.textContent!.includes('Support bot'))!.querySelector('input')!.click();
    root.querySelector<HTMLButtonElement>('[part~="replace-button"]')!.click();
    await editor.updateComplete;
    root.querySelector<HTMLInputElement>('#cred-authToken')!.focus();
    await sendKeys({ type: 'demo1111222233334444555566667777abcd' });
    const tested = oneEvent(editor, 'ik-connection-tested');
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    expect((await tested).detail.outcome).to.equal('valid');
    const saved = await kit.api('GET', `/provider-connections/${connectionId}`);
    expect([saved.displayName, saved.projectIds, saved.credentialPreview.authToken.last4]).to.deep.equal(['Twilio (support)', ['support-bot'], 'abcd']);
    await until(() => root.querySelector('[part~="history"]')!.textContent!.includes('Key replaced'));
    // History names projects and fields as people read them.
    expect(root.querySelector('[part~="history"]')!.textContent).to.contain('projects: Support bot');
    expect(root.querySelector('[part~="history"]')!.textContent).to.contain('fields: Auth token');
    await until(() => settings.shadowRoot!.querySelector('[part~="row-name"]')!.textContent === 'Twilio (support)');
  });

  it('says so when someone else changed the connection meanwhile', async () => {
    const settings = await mountSettings(kit);
    const { root } = await openEditor(settings);
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', displayName: 'Changed elsewhere' });
    const name = root.querySelector<HTMLInputElement>('#display-name')!;
    name.value = 'Mine';
    name.dispatchEvent(new Event('input'));
    await editorOf(settings).updateComplete;
    root.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await until(() => root.querySelector('[part~="notice"][role="alert"]'));
    expect(root.querySelector('[part~="notice"][role="alert"]')!.textContent).to.contain('Someone else changed this integration');
    expect((await kit.api('GET', `/provider-connections/${connectionId}`)).displayName).to.equal('Changed elsewhere');
  });

  it('is read-only (with the reason) for a member who did not add it', async () => {
    const settings = await mountSettings(kit, 'demo-acme-member');
    const { editor, root } = await openEditor(settings);
    expect(root.querySelector('[part~="save-button"]')).to.be.null;
    expect(root.querySelector('[part~="notice"]')!.textContent).to.contain('added by alice');
    expect(root.querySelector<HTMLInputElement>('#display-name')!.disabled).to.be.true;
    await expect(editor).to.be.accessible();
  });
});

describe('deep links and copy link', () => {
  let kit: Kit;
  beforeEach(async () => (kit = await createKit()));
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('opening the page with ?integration=stripe opens its connect dialog, once', async () => {
    history.replaceState(null, '', `${location.pathname}?integration=stripe`);
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>`);
    const dialog = await (async () => {
      await until(() => el.shadowRoot!.querySelector('connect-dialog')?.shadowRoot!.querySelector('dialog')?.open);
      return el.shadowRoot!.querySelector('connect-dialog')!;
    })();
    expect(dialog.shadowRoot!.querySelector('h2')!.textContent).to.equal('Connect Stripe');
    expect(location.search, 'followed once').to.equal('');
  });

  it('opening the page with ?connection=<id> opens that connection in the drawer', async () => {
    const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    history.replaceState(null, '', `${location.pathname}?connection=${connection.id}`);
    const settings = await mountSettings(kit);
    const editor = editorOf(settings);
    await until(() => editor.shadowRoot!.querySelector('dialog')?.open);
    expect(editor.shadowRoot!.querySelector('h2')!.textContent).to.equal('Edit OpenAI');
  });

  it('copy link puts that deep link on the clipboard, and says so', async () => {
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[part~="card"]'));
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="copy-link"]')!;
    expect(button.getAttribute('aria-label')).to.equal('Copy link to OpenAI');
    button.focus();
    button.click();
    await until(() => el.shadowRoot!.querySelector('.announcement')!.textContent!.trim() !== '', 4000);
    const said = el.shadowRoot!.querySelector('.announcement')!.textContent!;
    // Headless Chromium may refuse clipboard access: then the link is shown (and read out) instead.
    // (The e2e test, which can grant clipboard permissions, checks what lands on it.)
    if (!said.startsWith('Link to OpenAI copied')) expect(said).to.match(/\?integration=openai$/);
    const toast = el.shadowRoot!.querySelector<HTMLElement>('[part~="toast"]')!;
    expect(toast.textContent, 'sighted users see it too').to.contain(said.startsWith('Link') ? 'Link to OpenAI copied.' : '?integration=openai');
    await expect(el).to.be.accessible();
  });

  it('a link to an integration that is not available says so on screen and is cleared', async () => {
    history.replaceState(null, '', `${location.pathname}?integration=telegram`);
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[part~="toast"]'));
    expect(el.shadowRoot!.querySelector('[part~="toast"]')!.textContent).to.contain('not available here');
    expect(el.shadowRoot!.querySelector('connect-dialog')!.open).to.be.false;
    expect(location.search).to.equal('');
  });
});

describe('live catalog', () => {
  const newRow = (kit: Kit) => ({
    ...kit.samples,
    key: 'mailchimp',
    name: 'Mailchimp',
    category: 'Email',
    logo: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E',
    authType: 'api_key',
    credentials: [{ name: 'apiKey', label: 'API key', pattern: '^[a-z0-9]{32}-us[0-9]+$' }],
  });

  it('a row added by a platform admin appears in an open marketplace without a reload (polling)', async () => {
    const kit = await createKit();
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="1" .backend=${kit.backend}></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[part~="card"]'));
    const { key, name, category, logo, authType, credentials } = newRow(kit);
    await kit.api('POST', '/providers', { key, name, category, logo, authType, credentials }, 'demo-platform-admin');
    await until(() => el.shadowRoot!.querySelector('[data-provider="mailchimp"]'), 4000);
    expect(kit.requests.filter((r) => r === 'GET /providers').length).to.be.greaterThan(1);
  });

  it('reloads at once when the catalog editor on the page says it changed, and hides retired rows', async () => {
    const kit = await createKit();
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" refresh-interval="0" .backend=${kit.backend}></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[data-provider="resend"]'));
    await kit.api('POST', '/providers/resend/retire', undefined, 'demo-platform-admin');
    window.dispatchEvent(new IkCatalogChangedEvent({ providerKey: 'resend', action: 'retired' }));
    await until(() => !el.shadowRoot!.querySelector('[data-provider="resend"]'));
  });

  it("shows a retired provider's connection as revoked, with nothing that no longer applies; the drawer says why", async () => {
    const kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'resend', credentialPayload: kit.samples.resend });
    await kit.api('POST', '/providers/resend/retire', undefined, 'demo-platform-admin');
    const settings = await mountSettings(kit);
    const row = settings.shadowRoot!.querySelector<HTMLElement>('[data-provider="resend"]')!;
    expect(row.querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Revoked');
    expect(Array.from(row.querySelectorAll('[part~="row-actions"] button:not(.copy-link)')).map((b) => b.textContent!.trim())).to.deep.equal(['Details', 'Remove']);
    expect(row.querySelector('[part~="row-meta"]')!.textContent, 'no key-in-use line on a retired row').to.equal('Email');
    const { editor, root } = await openEditor(settings, 'resend');
    await until(() => root.querySelector('[part~="status-reason"]'));
    expect(root.querySelector('[part~="status-reason"]')!.textContent).to.contain('retired from the catalog');
    expect(root.querySelector('[part~="last-test"]'), 'no "key works" on a revoked row').to.be.null;
    expect(root.querySelector('[part~="override"]'), 'no routing on a revoked row').to.be.null;
    editor.close();
  });
});

describe('session tokens', () => {
  it('HttpBackend asks for a new token when the session expired, and retries once with it', async () => {
    const kit = await createKit();
    const mint = async () => (await kit.api('POST', '/sessions', { userId: 'bob', workspaceId: 'acme', role: 'member', ttlSeconds: 60 }, KIT_SERVICE_TOKEN)).token as string;
    let token = await mint();
    let renewals = 0;
    // The same in-page server; this backend holds a session token and knows how to renew it.
    const backend = new HttpBackend({
      apiBase: 'http://kit.test/api/integrations',
      token: () => token,
      fetch: kit.fetch,
      renewToken: async () => {
        renewals += 1;
        token = await mint();
        return token;
      },
    });
    expect((await backend.getMe()).userId).to.equal('bob');
    kit.advanceClock(61);
    expect((await backend.getMe()).userId, 'renewed and retried').to.equal('bob');
    expect(renewals).to.equal(1);
    kit.advanceClock(61);
    const stale = new HttpBackend({ apiBase: 'http://kit.test/api/integrations', token, fetch: kit.fetch });
    const error = await stale.getMe().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(IntegrationsError);
    expect((error as IntegrationsError).code).to.equal('token_expired');
  });
});
