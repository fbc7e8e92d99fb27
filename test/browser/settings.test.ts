import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/integration-settings/define.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { IkConnectionSavedEvent } from '../../src/events/events.ts';
import { createKit, deepText, settled, until, type TestKit } from './support/kit.ts';

describe('<integration-settings>', () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  const connect = (provider: string, credentialPayload?: Record<string, string>) =>
    kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider, ...(credentialPayload && { credentialPayload }) });

  async function mount() {
    const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" .backend=${kit.backend}></integration-settings>`);
    await until(() => el.shadowRoot!.querySelector('[part~="row"], [part~="empty"], [part~="error"]'));
    return el;
  }
  const row = (el: IntegrationSettings, provider: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="row"][data-provider="${provider}"]`)!;
  const button = (scope: Element, label: RegExp) => Array.from(scope.querySelectorAll('button')).find((b) => label.test(b.getAttribute('aria-label') ?? b.textContent!))!;
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

  it('says when nothing is installed', async () => {
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[part~="empty"]')!.textContent).to.contain('No integrations installed yet.');
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

  it('lists installed integrations with logo, status, masked key and last test', async () => {
    await connect('openai', kit.samples.openai);
    await connect('sendgrid');
    await connect('twilio', kit.samples.twilio);
    const el = await mount();
    const openai = row(el, 'openai');
    expect(openai.querySelector('img')!.getAttribute('src')).to.match(/^data:image/);
    expect(openai.querySelector('[part~="row-name"]')!.textContent).to.equal('OpenAI');
    expect(openai.querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Connected');
    expect(openai.querySelector('[part~="row-key"]')!.textContent).to.contain('••••••••wxyz');
    expect(openai.querySelector('[part~="row-test"]')!.textContent).to.match(/^Key works · HTTP 200 · \d+ ms · tested just now$/);
    const twilio = row(el, 'twilio');
    expect(twilio.querySelector('[part~="row-key"]')!.textContent).to.contain(kit.samples.twilio!.accountSid);
    expect(twilio.querySelector('[part~="row-key"]')!.textContent).to.contain('••••••••b1a0');
    const pending = row(el, 'sendgrid');
    expect(pending.querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Add key');
    expect(pending.textContent).to.contain('No key yet');
    expect(button(pending, /Test SendGrid/).disabled).to.be.true;
    expect(deepText(el.shadowRoot!)).not.to.contain(kit.samples.openai!.apiKey);
    await expect(el).to.be.accessible();
  });

  it('connects a pending row by pasting and saving its key here', async () => {
    await connect('sendgrid');
    const el = await mount();
    const sendgrid = row(el, 'sendgrid');
    const save = button(sendgrid, /Add key SendGrid/);
    expect(save.disabled, 'nothing to save yet').to.be.true;
    expect(save.textContent!.trim()).to.equal('Add key');
    await type(sendgrid.querySelector('input')!, kit.samples.sendgrid!.apiKey!);
    await el.updateComplete;
    const saved = oneEvent(el, 'ik-connection-saved');
    button(sendgrid, /Add key SendGrid/).click();
    expect((await saved).detail.connection.status).to.equal('active');
    await until(() => row(el, 'sendgrid').querySelector('[part~="row-message"]'));
    expect(row(el, 'sendgrid').querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Connected');
    expect(row(el, 'sendgrid').querySelector('input')!.value, 'the secret is cleared once saved').to.equal('');
    await expect(el).to.be.accessible();
  });

  it('rotates a key in place and tests it at once', async () => {
    const { connection } = await connect('openai', kit.samples.openai);
    const el = await mount();
    const openai = row(el, 'openai');
    expect(openai.querySelector('input')!.placeholder).to.equal('Saved: ••••••••wxyz');
    await type(openai.querySelector('input')!, 'sk-proj-rotated0123456789abcdefghijklmnopABCD');
    await el.updateComplete;
    const tested = oneEvent(el, 'ik-connection-tested');
    button(openai, /Save OpenAI/).click();
    expect((await tested).detail.outcome).to.equal('valid');
    await until(() => row(el, 'openai').querySelector('[part~="row-key"]')!.textContent!.includes('ABCD'));
    const after = (await kit.api('GET', '/provider-connections')).connections;
    expect(after.map((c: { id: string }) => c.id)).to.deep.equal([connection.id]);
  });

  it('reports a rejected key on save, next to the row', async () => {
    await connect('openai', kit.samples.openai);
    const el = await mount();
    const openai = row(el, 'openai');
    await type(openai.querySelector('input')!, 'sk-proj-invalid0123456789abcdefghijklmnopqrst');
    await el.updateComplete;
    button(openai, /Save OpenAI/).click();
    await until(() => row(el, 'openai').querySelector('[part~="row-message"]'));
    const message = row(el, 'openai').querySelector('[part~="row-message"]')!;
    expect(message.getAttribute('role')).to.equal('alert');
    expect(message.textContent).to.contain('Saved, but the test failed');
    expect(row(el, 'openai').querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Key rejected');
    await expect(el).to.be.accessible();
  });

  it('checks the pasted value before sending it', async () => {
    await connect('openai', kit.samples.openai);
    const el = await mount();
    const openai = row(el, 'openai');
    await type(openai.querySelector('input')!, 'nope');
    await el.updateComplete;
    const before = kit.requests.length;
    button(openai, /Save OpenAI/).click();
    await el.updateComplete;
    expect(openai.querySelector('[part~="field-error"]')!.textContent).to.match(/^API key doesn't look right/);
    expect(kit.requests.length).to.equal(before);
  });

  it('tests a key on demand: outcome, HTTP status, latency, when', async () => {
    await connect('stripe', { apiKey: 'sk_test_ratelimited0123456789abcdefghijk' });
    const el = await mount();
    const stripe = row(el, 'stripe');
    const tested = oneEvent(el, 'ik-connection-tested');
    button(stripe, /Test Stripe/).click();
    await el.updateComplete;
    expect(button(stripe, /Test Stripe/).getAttribute('aria-busy')).to.equal('true');
    const event = await tested;
    expect(event.detail.outcome).to.equal('rate_limited');
    expect(event.detail.httpStatus).to.equal(429);
    await until(() => row(el, 'stripe').querySelector('[part~="row-message"]'));
    expect(row(el, 'stripe').querySelector('[part~="row-test"]')!.textContent).to.match(/Rate limited · HTTP 429 · \d+ ms · tested/);
    expect(row(el, 'stripe').querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
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

  it('picks up connections added elsewhere on the page', async () => {
    const el = await mount();
    const { connection } = await connect('resend');
    el.dispatchEvent(new IkConnectionSavedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'acme', connection, created: true }));
    await until(() => row(el, 'resend'));
  });
});
