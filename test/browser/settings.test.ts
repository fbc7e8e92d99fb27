import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/integration-settings/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { IkConnectionSavedEvent } from '../../src/events/events.ts';
import { defaultStrings as t } from '../../src/i18n/default-strings.ts';
import { createKit, deepText, settled, until } from './support/kit.ts';

describe('<integration-settings>', () => {
  let kit: Awaited<ReturnType<typeof createKit>>;
  beforeEach(async () => (kit = await createKit()));

  const connect = (provider: string, credentialPayload?: Record<string, string>, as?: string) =>
    kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider, ...(credentialPayload && { credentialPayload }) }, as);

  async function mount(backend = kit.backend) {
    const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${backend}></integration-settings>`);
    await until(() => el.shadowRoot!.querySelector('[part~="row"], [part~="empty"], [part~="error"]') && el.shadowRoot!.querySelector('[part~="policy"], [part~="error"]'));
    return el;
  }
  const row = (el: IntegrationSettings, provider: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="row"][data-provider="${provider}"]`)!;
  const badge = (el: IntegrationSettings, provider: string) => row(el, provider).querySelector('[part~="row-status"]')!.textContent!.trim();
  /** The row's buttons, in order, by their visible words (the copy-link icon left out). */
  const actions = (el: IntegrationSettings, provider: string) =>
    Array.from(row(el, provider).querySelectorAll<HTMLButtonElement>('[part~="row-actions"] button:not(.copy-link)')).map((b) => b.textContent!.trim());
  const button = (scope: Element, label: RegExp) => Array.from(scope.querySelectorAll('button')).find((b) => label.test(b.getAttribute('aria-label') ?? b.textContent!))!;
  const dialogOf = (el: IntegrationSettings) => el.shadowRoot!.querySelector<ConnectDialog>('.connect-dialog')!;
  const editorOf = (el: IntegrationSettings) => el.shadowRoot!.querySelector<ConnectionEditor>('.connection-editor')!;
  async function type(input: HTMLInputElement, text: string) {
    input.focus();
    await sendKeys({ type: text });
  }

  it('shows skeleton rows while loading', async () => {
    kit.hold();
    const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" .backend=${kit.backend}></integration-settings>`);
    expect(el.shadowRoot!.querySelector('[part~="list"]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    kit.release();
  });

  it('says when nothing is installed, with the providers to install right there', async () => {
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[part~="empty"]')!.textContent).to.contain('No integrations installed yet.');
    const available = el.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="available"]')!;
    expect(available.open, 'unfolded while nothing is installed').to.be.true;
    const items = available.querySelectorAll('[part~="available-item"]');
    expect(items.length).to.equal(14);
    expect(items[0]!.querySelector('img'), 'each with its logo').to.exist;
    expect(button(items[0] as HTMLElement, /^Install: /)).to.exist;
    expect(available.textContent, 'calm: nothing about keys or failing requests').not.to.match(/fail|No key/);
    await expect(el).to.be.accessible();
  });

  it('shows a load error with a working retry', async () => {
    await connect('openai', kit.samples.openai);
    kit.failNext(1);
    const el = await mount();
    const error = el.shadowRoot!.querySelector('[part~="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    button(error, /Try again/).click();
    await until(() => row(el, 'openai'));
  });

  it('one compact row per connection: logo, name, one badge, the masked key once, Test / Edit / Remove', async () => {
    await connect('openai', kit.samples.openai);
    await connect('twilio', kit.samples.twilio);
    await connect('sendgrid');
    const el = await mount();
    el.style.width = '960px';
    await el.updateComplete;
    for (const provider of ['openai', 'twilio', 'sendgrid']) {
      const r = row(el, provider);
      expect(r.querySelectorAll('[part~="row-status"]').length, `${provider}: one status badge`).to.equal(1);
      expect(r.querySelector('img'), `${provider}: its logo`).to.exist;
      expect(r.getBoundingClientRect().height, `${provider}: one compact line at 960 px`).to.be.below(80);
      expect((r.textContent!.match(/•+[^•\s]+/g) ?? []).length, `${provider}: the masked key at most once`).to.be.at.most(1);
    }
    expect(row(el, 'openai').querySelector('[part~="row-name"]')!.textContent).to.equal('OpenAI');
    expect(row(el, 'openai').querySelector('[part~="row-key"]')!.textContent).to.equal('••••••••wxyz');
    expect(row(el, 'twilio').querySelector('[part~="row-key"]')!.textContent, "a secret's tail, not every field").to.equal('••••••••b1a0');
    expect(actions(el, 'openai')).to.deep.equal(['Test', 'Edit', 'Remove']);
    // No inputs, no routing, no test detail on a row: they are in the drawer.
    expect(el.shadowRoot!.querySelectorAll('[part~="list"] input, [part~="list"] select').length).to.equal(0);
    expect(deepText(el.shadowRoot!.querySelector('[part~="list"]')!)).not.to.match(/HTTP|\d+ ms|Projects:/);
    expect(deepText(el.shadowRoot!)).not.to.contain(kit.samples.openai!.apiKey);
    await expect(el).to.be.accessible();
  });

  it('reads every state in one vocabulary, and offers only what applies', async () => {
    await connect('openai', kit.samples.openai);
    await connect('sendgrid');
    await connect('anthropic', { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnopqrstuvwxyzDEMO' });
    await connect('stripe', { apiKey: 'sk_test_ratelimited0123456789abcdefghijk' });
    await connect('resend', kit.samples.resend);
    await kit.api('POST', '/providers/resend/retire', undefined, 'demo-platform-admin');
    const el = await mount();
    expect([badge(el, 'openai'), actions(el, 'openai')]).to.deep.equal(['Connected', ['Test', 'Edit', 'Remove']]);
    expect([badge(el, 'sendgrid'), actions(el, 'sendgrid')], 'no key yet: nothing to test').to.deep.equal(['Not connected', ['Add key', 'Edit', 'Remove']]);
    expect([badge(el, 'anthropic'), actions(el, 'anthropic')]).to.deep.equal(['Key rejected', ['Fix key', 'Test', 'Edit', 'Remove']]);
    expect([badge(el, 'stripe'), actions(el, 'stripe')], 'saved but not verified').to.deep.equal(['Needs attention', ['Fix key', 'Test', 'Edit', 'Remove']]);
    expect([badge(el, 'resend'), actions(el, 'resend')], 'retired: only looking and removing').to.deep.equal(['Revoked', ['Details', 'Remove']]);
    const words = Object.values(t.statusWord);
    for (const b of el.shadowRoot!.querySelectorAll('[part~="row-status"]')) expect(words).to.include(b.textContent!.trim());
    // A badge never reads like a button next to it.
    for (const r of el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="row"]')) {
      const labels = Array.from(r.querySelectorAll('button')).map((b) => b.textContent!.trim());
      expect(labels).not.to.include(r.querySelector('[part~="row-status"]')!.textContent!.trim());
    }
    expect(row(el, 'openai').querySelector('[part~="row-meta"]')!.textContent).to.equal('AI · Uses your key');
    expect(row(el, 'resend').querySelector('[part~="row-meta"]')!.textContent, 'a revoked row says nothing of keys').to.equal('Email');
    await expect(el).to.be.accessible();
  });

  it('Add key opens the connect dialog on the row, which connects it', async () => {
    await connect('sendgrid');
    const el = await mount();
    button(row(el, 'sendgrid'), /^Add key SendGrid$/).click();
    const dialog = dialogOf(el);
    await until(() => dialog.open);
    const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('input[name="apiKey"]')!;
    await type(input, kit.samples.sendgrid!.apiKey!);
    const saved = oneEvent(el, 'ik-connection-saved');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    expect((await saved).detail.connection.status).to.equal('active');
    await until(() => badge(el, 'sendgrid') === 'Connected');
    expect((await kit.api('GET', '/provider-connections')).connections).to.have.length(1);
  });

  it('tests a key on demand: Checking… while it runs, then the outcome in plain words; the detail is in the drawer', async () => {
    await connect('stripe', { apiKey: 'sk_test_ratelimited0123456789abcdefghijk' });
    const el = await mount();
    kit.hold();
    button(row(el, 'stripe'), /Test Stripe/).click();
    await until(() => badge(el, 'stripe') === 'Checking…');
    expect(button(row(el, 'stripe'), /Test Stripe/).getAttribute('aria-busy')).to.equal('true');
    const tested = oneEvent(el, 'ik-connection-tested');
    kit.release();
    const event = await tested;
    expect([event.detail.outcome, event.detail.httpStatus]).to.deep.equal(['rate_limited', 429]);
    await until(() => row(el, 'stripe').querySelector('[part~="row-message"]'));
    const message = row(el, 'stripe').querySelector('[part~="row-message"]')!.textContent!;
    expect(message).to.equal('Stripe is limiting requests right now, so the key could not be checked. Try again in a minute.');
    expect(badge(el, 'stripe')).to.equal('Needs attention');
    // Developers find the HTTP detail in the drawer.
    button(row(el, 'stripe'), /Edit Stripe/).click();
    const editor = editorOf(el);
    await until(() => editor.shadowRoot!.querySelector('[part~="technical"]'));
    expect(editor.shadowRoot!.querySelector('[part~="technical"]')!.textContent).to.match(/HTTP 429 · \d+ ms/);
    editor.close();
  });

  it('removes a connection only after confirming', async () => {
    await connect('openai', kit.samples.openai);
    await connect('resend');
    const el = await mount();
    const confirm = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;
    button(row(el, 'openai'), /Remove OpenAI/).click();
    await until(() => confirm.open);
    expect(confirm.textContent).to.contain('Remove OpenAI?');
    await settled();
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !confirm.open);
    expect(row(el, 'openai'), 'Escape keeps it').to.exist;
    expect(el.shadowRoot!.activeElement).to.equal(button(row(el, 'openai'), /Remove OpenAI/));

    button(row(el, 'openai'), /Remove OpenAI/).click();
    await until(() => confirm.open);
    const removed = oneEvent(el, 'ik-connection-removed');
    button(confirm, /^Remove$/).click();
    expect((await removed).detail.providerKey).to.equal('openai');
    await until(() => !row(el, 'openai'));
    expect((await kit.api('GET', '/provider-connections')).connections.map((c: { provider: string }) => c.provider)).to.deep.equal(['resend']);
    expect(el.shadowRoot!.activeElement!.id).to.equal('heading');
    expect(deepText(el.shadowRoot!)).to.contain('OpenAI was removed.');
  });

  it('+ Add unfolds the providers to install; Install and "I\'ll add it later" say what happened and show the new row', async () => {
    await connect('openai', kit.samples.openai);
    const el = await mount();
    const available = el.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="available"]')!;
    expect(available.open, 'folded once something is installed').to.be.false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-button"]')!.click();
    await until(() => available.open);
    expect(el.shadowRoot!.activeElement, 'focus on the first Install').to.equal(available.querySelector('[part~="install-button"]'));
    button(available, /^Install: SendGrid$/).click();
    const dialog = dialogOf(el);
    await until(() => dialog.open);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="later-button"]')!.click();
    await until(() => !dialog.open && row(el, 'sendgrid'));
    expect(row(el, 'sendgrid').classList.contains('highlighted'), 'the new row is marked').to.be.true;
    expect(badge(el, 'sendgrid')).to.equal('Not connected');
    await until(() => dialog.shadowRoot!.querySelector('[part~="toast"]'));
    expect(dialog.shadowRoot!.querySelector('[part~="toast"]')!.textContent).to.contain('SendGrid is installed.');
    expect(available.querySelector('[data-provider="sendgrid"]'), 'no longer offered').to.be.null;
  });

  it('picks up connections added elsewhere on the page, and brings the new row into view', async () => {
    const el = await mount();
    const { connection } = await connect('resend');
    el.dispatchEvent(new IkConnectionSavedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'acme', connection, created: true }));
    await until(() => row(el, 'resend'));
    expect(row(el, 'resend').classList.contains('highlighted')).to.be.true;
  });

  it("says whose a connection is by name when it is someone else's", async () => {
    await connect('openai', kit.samples.openai);
    await connect('sendgrid', undefined, 'demo-acme-member');
    const el = await mount(kit.backendFor('demo-acme-member'));
    expect(row(el, 'openai').querySelector('[part~="row-meta"]')!.textContent).to.contain('Added by Alice');
    expect(actions(el, 'openai')).to.deep.equal(['Details']);
    expect(row(el, 'sendgrid').querySelector('[part~="row-meta"]')!.textContent, 'its own: no "added by"').not.to.contain('Added by');
  });
});
