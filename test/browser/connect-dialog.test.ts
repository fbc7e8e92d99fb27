import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/connect-dialog/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { createKit, deepText, settled, until, type TestKit } from './support/kit.ts';

describe('<connect-dialog>', () => {
  let kit: TestKit;
  let providers: ProviderView[];
  const provider = (key: string) => providers.find((p) => p.key === key)!;

  beforeEach(async () => {
    kit = await createKit();
    providers = await kit.backend.listProviders();
  });

  async function openDialog(key: string) {
    const host = await fixture<HTMLDivElement>(html`<div><button id="trigger">Open</button><connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog></div>`);
    const dialog = host.querySelector('connect-dialog')!;
    const trigger = host.querySelector<HTMLButtonElement>('#trigger')!;
    trigger.focus();
    await dialog.show({ provider: provider(key), trigger });
    await dialog.updateComplete;
    return { dialog, trigger, root: dialog.shadowRoot! };
  }

  const input = (root: ShadowRoot, name: string) => root.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  async function type(root: ShadowRoot, name: string, value: string) {
    const field = input(root, name);
    field.focus();
    await sendKeys({ type: value });
  }
  const click = (root: ShadowRoot, part: string) => root.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!.click();

  it('opens as a modal labelled by its heading, with one input per credential field', async () => {
    const { dialog, root } = await openDialog('openai');
    const native = root.querySelector('dialog')!;
    expect(native.open).to.be.true;
    expect(native.matches(':modal')).to.be.true;
    expect(root.getElementById(native.getAttribute('aria-labelledby')!)!.textContent).to.equal('Connect OpenAI');
    const key = input(root, 'apiKey');
    expect(root.querySelector(`label[for="${key.id}"]`)!.textContent).to.contain('API key');
    expect(key.type).to.equal('password');
    expect(key.autocomplete).to.equal('off');
    expect(key.placeholder).to.equal('sk-proj-…');
    expect(root.getElementById(`${key.id}-hint`)!.textContent).to.contain('Starts with sk-');
    expect(key.getAttribute('aria-describedby')).to.contain(`${key.id}-hint`);
    expect(document.activeElement).to.equal(dialog);
    expect(root.activeElement).to.equal(key);
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it('masks secrets with a show/hide toggle, and shows non-secret fields plainly', async () => {
    const { root } = await openDialog('twilio');
    expect(input(root, 'accountSid').type).to.equal('text');
    expect(input(root, 'authToken').type).to.equal('password');
    const toggles = root.querySelectorAll<HTMLButtonElement>('[part~="reveal-button"]');
    expect(toggles.length).to.equal(1);
    expect(toggles[0]!.getAttribute('aria-label')).to.equal('Show Auth token');
    toggles[0]!.click();
    await (root.host as ConnectDialog).updateComplete;
    expect(input(root, 'authToken').type).to.equal('text');
    expect(toggles[0]!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('takes URL fields (endpoints), checked as URLs', async () => {
    const { dialog, root } = await openDialog('twilio');
    const url = input(root, 'statusCallbackUrl');
    expect(url.type).to.equal('url');
    expect(root.querySelector(`label[for="${url.id}"]`)!.textContent).to.contain('(optional)');
    await type(root, 'accountSid', kit.samples.twilio!.accountSid!);
    await type(root, 'authToken', kit.samples.twilio!.authToken!);
    await type(root, 'statusCallbackUrl', 'javascript:alert(1)');
    click(root, 'save-button');
    await dialog.updateComplete;
    expect(root.getElementById(`${url.id}-error`)!.textContent).to.equal('Status callback URL must be an http:// or https:// URL');
    url.select();
    await sendKeys({ type: 'https://example.com/twilio/status' });
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="result"]'));
    const [connection] = (await kit.api('GET', '/provider-connections')).connections;
    expect(connection.credentialPreview.statusCallbackUrl).to.deep.equal({ secret: false, value: 'https://example.com/twilio/status' });
  });

  it('explains where to find the key, linking out safely in a new tab', async () => {
    const { root } = await openDialog('stripe');
    const help = root.querySelector('[part~="help"]')!;
    expect(help.querySelector('h3')!.textContent).to.equal('Where to find your Secret key');
    expect(help.textContent).to.contain('Developers → API keys');
    const link = help.querySelector('a')!;
    expect(link.href).to.equal(provider('stripe').help.url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.textContent).to.contain('(opens in a new tab)');
  });

  it('shows field errors from the schema next to the field, without calling the server', async () => {
    const { dialog, root } = await openDialog('openai');
    const before = kit.requests.length;
    click(root, 'save-button');
    await dialog.updateComplete;
    const key = input(root, 'apiKey');
    expect(key.getAttribute('aria-invalid')).to.equal('true');
    expect(root.getElementById(`${key.id}-error`)!.textContent).to.equal('API key is required');
    await type(root, 'apiKey', 'not-a-key');
    click(root, 'save-button');
    await dialog.updateComplete;
    expect(root.getElementById(`${key.id}-error`)!.textContent).to.equal("API key isn't in the expected format");
    expect(kit.requests.length).to.equal(before);
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it('saves, tests and shows the connected state; the secret leaves the form', async () => {
    const { dialog, root } = await openDialog('openai');
    const secret = kit.samples.openai!.apiKey!;
    await type(root, 'apiKey', secret);
    const saved = oneEvent(dialog, 'ik-connection-saved');
    const tested = oneEvent(dialog, 'ik-connection-tested');
    click(root, 'save-button');
    const [savedEvent, testedEvent] = await Promise.all([saved, tested]);
    expect(savedEvent.detail.providerKey).to.equal('openai');
    expect(savedEvent.detail.created).to.be.true;
    expect(savedEvent.detail.connection.status).to.equal('active');
    expect(testedEvent.detail.outcome).to.equal('valid');
    expect(testedEvent.detail.httpStatus).to.equal(200);
    expect(JSON.stringify([savedEvent.detail, testedEvent.detail])).not.to.contain(secret);
    await until(() => root.querySelector('[part~="result"]'));
    expect(root.querySelector('[part~="result"]')!.textContent).to.contain('OpenAI is connected');
    expect(root.querySelector('[part~="result"]')!.textContent).to.contain('••••••••wxyz');
    expect(deepText(root)).not.to.contain(secret);
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it('says when the key was saved but failed its test, and lets the user paste another', async () => {
    const { dialog, root } = await openDialog('anthropic');
    await type(root, 'apiKey', 'sk-ant-api03-invalid0123456789abcdefghijklmnop');
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="notice"]'));
    const notice = root.querySelector('[part~="notice"]')!;
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('Saved, but the key was rejected.');
    expect(notice.textContent, 'plain words: no HTTP status for the person connecting').not.to.match(/HTTP|\d{3}/);
    expect(input(root, 'apiKey').value).to.equal('');
    expect(root.activeElement).to.equal(input(root, 'apiKey'));
    const [connection] = (await kit.api('GET', '/provider-connections')).connections;
    expect(connection.status).to.equal('error');
    // A second, good key goes to the same connection and connects it.
    await type(root, 'apiKey', kit.samples.anthropic!.apiKey!);
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="result"]'));
    const after = (await kit.api('GET', '/provider-connections')).connections;
    expect(after.length).to.equal(1);
    expect(after[0].status).to.equal('active');
    expect(root.querySelector('[part~="result"]')!.textContent).to.contain('Anthropic accepted the key.');
    expect(root.querySelector('[part~="result"]')!.textContent).not.to.match(/HTTP|\d+ ms/);
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it("a new field error replaces the last test's banner, and does not repeat the hint", async () => {
    const { root } = await openDialog('anthropic');
    await type(root, 'apiKey', 'sk-ant-api03-invalid0123456789abcdefghijklmnop');
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="notice"]'));
    await type(root, 'apiKey', 'not a key');
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="field-error"]'));
    expect(root.querySelector('[part~="notice"]'), 'the banner went').to.be.null;
    const hint = root.querySelector('[part~="hint"]')!.textContent!.trim();
    expect(root.querySelector('[part~="field-error"]')!.textContent).not.to.contain(hint);
  });

  it('says Save, not Save & test, for a provider without a credential test', async () => {
    const untested = { ...provider('openai'), key: 'openai', verification: undefined } as ProviderView;
    const host = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog>`);
    await host.show({ provider: untested });
    await host.updateComplete;
    expect(host.shadowRoot!.querySelector('[part~="save-button"]')!.textContent!.trim()).to.equal('Save');
    const { root } = await openDialog('openai');
    expect(root.querySelector('[part~="save-button"]')!.textContent!.trim()).to.equal('Save & test');
  });

  it("installs without a key with \"I'll add it later\" and closes", async () => {
    const { dialog, root, trigger } = await openDialog('sendgrid');
    const saved = oneEvent(dialog, 'ik-connection-saved');
    click(root, 'later-button');
    const event = await saved;
    expect(event.detail.connection.status).to.equal('pending');
    await until(() => !dialog.open);
    expect(root.querySelector('dialog')!.open).to.be.false;
    expect(document.activeElement).to.equal(trigger);
    const { connections } = await kit.api('GET', '/provider-connections');
    expect(connections.map((c: { provider: string; status: string }) => [c.provider, c.status])).to.deep.equal([['sendgrid', 'pending']]);
    // And it says what happened, once the dialog is gone.
    await until(() => root.querySelector('[part~="toast"]'));
    expect(root.querySelector('[part~="toast"]')!.textContent).to.contain('SendGrid is installed. Add its key when you have it');
    expect(root.querySelector('[role="status"].announcement')!.textContent).to.contain('SendGrid is installed');
  });

  it('closes on Escape through a cancelable request, returning focus to the trigger', async () => {
    const { dialog, root, trigger } = await openDialog('openai');
    const keepOpen = (e: Event) => e.preventDefault();
    dialog.addEventListener('ik-close-request', keepOpen, { once: true });
    await sendKeys({ press: 'Escape' });
    await dialog.updateComplete;
    expect(root.querySelector('dialog')!.open, 'a canceled request keeps it open').to.be.true;
    const request = oneEvent(dialog, 'ik-close-request');
    await sendKeys({ press: 'Escape' });
    expect((await request).detail.reason).to.equal('escape');
    await until(() => !root.querySelector('dialog')!.open);
    expect(document.activeElement).to.equal(trigger);
  });

  it('closes with Cancel too', async () => {
    const { dialog, root, trigger } = await openDialog('openai');
    click(root, 'cancel-button');
    await until(() => !dialog.open);
    expect(document.activeElement).to.equal(trigger);
  });

  it("puts the server's field errors next to the field (a page holding an older catalog)", async () => {
    // The page's copy of the catalog accepts any OpenAI key; the server's does not.
    const stale = { ...provider('openai'), credentials: [{ ...provider('openai').credentials[0]!, pattern: undefined }] } as ProviderView;
    const host = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme"></connect-dialog>`);
    host.backend = kit.backend;
    await host.show({ provider: stale });
    await host.updateComplete;
    const root = host.shadowRoot!;
    await type(root, 'apiKey', 'definitely-not-openai');
    const error = oneEvent(host, 'ik-error');
    click(root, 'save-button');
    expect((await error).detail.code).to.equal('validation_failed');
    await until(() => root.querySelector('[part~="field-error"]'));
    expect(root.querySelector('[part~="field-error"]')!.textContent).to.equal("API key isn't in the expected format");
  });

  it('shows a form-level error when the server refuses the provider', async () => {
    const { root } = await openDialog('telegram');
    click(root, 'later-button');
    await until(() => root.querySelector('[part~="notice"]'));
    expect(root.querySelector('[part~="notice"]')!.textContent).to.contain('coming soon');
  });

  it('replaces a saved key, keeping fields left empty', async () => {
    const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', credentialPayload: kit.samples.twilio });
    const host = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme"></connect-dialog>`);
    host.backend = kit.backend;
    await host.show({ provider: provider('twilio'), connection });
    await host.updateComplete;
    const root = host.shadowRoot!;
    expect(root.querySelector('h2')!.textContent).to.equal('Update Twilio key');
    expect(root.querySelector('[part~="later-button"]')).to.be.null;
    expect(input(root, 'authToken').placeholder).to.equal('Saved: ••••••••b1a0');
    await type(root, 'authToken', 'demo00000000000000000000000000000000');
    click(root, 'save-button');
    await until(() => root.querySelector('[part~="result"]'));
    const [updated] = (await kit.api('GET', '/provider-connections')).connections;
    expect(updated.id).to.equal(connection.id);
    expect(updated.credentialPreview.accountSid.value).to.equal(kit.samples.twilio!.accountSid);
    expect(updated.credentialPreview.authToken.last4).to.equal('0000');
  });
});
