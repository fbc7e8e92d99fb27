import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/integration-marketplace/define.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import { IkConnectionRemovedEvent, IkConnectionSavedEvent } from '../../src/events/events.ts';
import { createKit, settled, until, type TestKit } from './support/kit.ts';

describe('<integration-marketplace>', () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  async function mount() {
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" .backend=${kit.backend}></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[part~="card"]') || el.shadowRoot!.querySelector('[part~="error"]'));
    return el;
  }
  const cards = (el: IntegrationMarketplace) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card"]'));
  const card = (el: IntegrationMarketplace, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-provider="${key}"]`)!;
  const shown = (el: IntegrationMarketplace) => cards(el).map((c) => c.dataset.provider);
  async function search(el: IntegrationMarketplace, text: string) {
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    box.focus();
    box.select();
    await sendKeys({ type: text });
    await el.updateComplete;
  }

  it('shows skeleton cards while loading, and is accessible then', async () => {
    kit.hold();
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace workspace="acme" .backend=${kit.backend}></integration-marketplace>`);
    const grid = el.shadowRoot!.querySelector('[part~="grid"]')!;
    expect(grid.getAttribute('aria-busy')).to.equal('true');
    expect(grid.querySelectorAll('.skeleton-card').length).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Loading integrations…');
    await expect(el).to.be.accessible();
    kit.release();
    await until(() => cards(el).length === 16);
  });

  it('renders a card per provider with logo, name, category, description and status', async () => {
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic', credentialPayload: { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnop' } });
    const el = await mount();
    expect(cards(el).length).to.equal(16);
    const openai = card(el, 'openai');
    expect(openai.querySelector('img')!.getAttribute('src')).to.match(/^data:image\/svg\+xml,/);
    expect(openai.querySelector('[part~="card-name"]')!.textContent).to.equal('OpenAI');
    expect(openai.querySelector('[part~="card-category"]')!.textContent).to.equal('AI');
    expect(openai.querySelector('[part~="card-description"]')!.textContent).to.contain('GPT');
    const status = (key: string) => card(el, key).querySelector('[part~="card-status"]')!.textContent!.trim();
    const action = (key: string) => card(el, key).querySelector('[part~="card-action"]')?.getAttribute('aria-label');
    expect([status('openai'), action('openai')]).to.deep.equal(['Connected', 'Update key: OpenAI']);
    expect([status('sendgrid'), action('sendgrid')], 'a badge never reads like the button').to.deep.equal(['Not connected', 'Add key: SendGrid']);
    expect([status('anthropic'), action('anthropic')]).to.deep.equal(['Key rejected', 'Fix key: Anthropic']);
    expect([status('stripe'), action('stripe')]).to.deep.equal(['Not installed', 'Install: Stripe']);
    expect([status('telegram'), action('telegram')]).to.deep.equal(['Coming soon', undefined]);
    expect(shown(el).slice(-2), 'coming soon last').to.deep.equal(['telegram', 'openclaw']);
    await expect(el).to.be.accessible();
  });

  it('filters live as you type: name, description, category and provider key', async () => {
    const el = await mount();
    await search(el, 'strip');
    expect(shown(el)).to.deep.equal(['stripe']);
    await search(el, 'payments');
    expect(shown(el)).to.deep.equal(['stripe']);
    await search(el, 'google-');
    expect(shown(el)).to.deep.equal(['google-calendar', 'google-gemini', 'google-workspace']);
    await search(el, 'voice');
    expect(shown(el)).to.have.members(['twilio', 'elevenlabs']);
    expect(el.shadowRoot!.querySelector('[part~="summary"]')!.textContent).to.equal('2 of 16 integrations');
  });

  it('filters by one or more types from the Type menu', async () => {
    const el = await mount();
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="type-button"]')!;
    button.click();
    const menu = el.shadowRoot!.querySelector<HTMLElement>('[part~="type-menu"]')!;
    expect(menu.matches(':popover-open')).to.be.true;
    const option = (name: string) => Array.from(menu.querySelectorAll('label')).find((l) => l.textContent!.includes(name))!.querySelector('input')!;
    option('Email').click();
    await el.updateComplete;
    expect(shown(el)).to.deep.equal(['sendgrid', 'resend']);
    option('Payments').click();
    await el.updateComplete;
    expect(shown(el)).to.deep.equal(['stripe', 'sendgrid', 'resend']);
    expect(button.textContent).to.contain('2');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    expect(menu.matches(':popover-open')).to.be.false;
  });

  it('says when nothing matches, and clears the filters in one click', async () => {
    const el = await mount();
    await search(el, 'no such thing');
    const empty = el.shadowRoot!.querySelector('[part~="empty"]')!;
    expect(empty.textContent).to.contain('No integrations match your search.');
    await expect(el).to.be.accessible();
    empty.querySelector('button')!.click();
    await el.updateComplete;
    expect(cards(el).length).to.equal(16);
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!.value).to.equal('');
  });

  it('shows a load error with a retry that works', async () => {
    kit.failNext(1);
    const el = await mount();
    const error = el.shadowRoot!.querySelector('[part~="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Could not reach the integrations service');
    await expect(el).to.be.accessible();
    error.querySelector('button')!.click();
    await until(() => cards(el).length === 16);
  });

  it('opens the connect dialog for a card, after a cancelable ik-connect-request', async () => {
    const el = await mount();
    const requested = oneEvent(el, 'ik-connect-request');
    card(el, 'stripe').querySelector<HTMLButtonElement>('[part~="card-action"]')!.click();
    expect((await requested).detail).to.deep.equal({ providerKey: 'stripe' });
    const dialog = el.shadowRoot!.querySelector('connect-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open);
    expect(dialog.shadowRoot!.querySelector('h2')!.textContent).to.equal('Connect Stripe');
    await settled();
    await expect(el).to.be.accessible();
    dialog.close();
    await until(() => !dialog.shadowRoot!.querySelector('dialog')!.open);

    el.addEventListener('ik-connect-request', (e) => e.preventDefault(), { once: true });
    card(el, 'openai').querySelector<HTMLButtonElement>('[part~="card-action"]')!.click();
    await el.updateComplete;
    expect(dialog.open, 'a canceled request opens nothing').to.be.false;
  });

  it('keeps cards in step with connection changes made elsewhere on the page', async () => {
    const el = await mount();
    const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'resend' });
    document.body.dispatchEvent(new IkConnectionSavedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'acme', connection, created: true }));
    await el.updateComplete;
    expect(card(el, 'resend').querySelector('[part~="card-status"]')!.textContent!.trim()).to.equal('Not connected');
    // Changes in another workspace are not ours.
    document.body.dispatchEvent(new IkConnectionRemovedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'globex' }));
    await el.updateComplete;
    expect(card(el, 'resend').querySelector('[part~="card-status"]')!.textContent!.trim()).to.equal('Not connected');
    document.body.dispatchEvent(new IkConnectionRemovedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'acme' }));
    await el.updateComplete;
    expect(card(el, 'resend').querySelector('[part~="card-status"]')!.textContent!.trim()).to.equal('Not installed');
  });

  it("shows the provider's initial when its logo cannot load", async () => {
    await kit.api(
      'POST',
      '/providers',
      { key: 'offline-logo', name: 'Zephyr', category: 'AI', logo: 'https://logo.invalid/zephyr.png', authType: 'none' },
      'demo-platform-admin',
    );
    const el = await mount();
    const frame = card(el, 'offline-logo').querySelector<HTMLElement>('[part~="card-logo"]')!;
    expect(frame.dataset.initial).to.equal('Z');
    await until(() => frame.querySelector('img')!.hidden);
  });

  it('works with attributes alone: api-base, and the token as a property', async () => {
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace api-base="/nowhere"></integration-marketplace>`);
    await until(() => el.shadowRoot!.querySelector('[part~="error"]'));
    // The HTTP backend it created asked our own origin; a 404 page there is "not understood".
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.match(/integrations service/);
  });
});
