import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import type { IntegrationsBackend } from '../../src/backend/backend.ts';
import { createKit, until, type TestKit } from './support/kit.ts';

type Kit = Awaited<ReturnType<typeof createKit>>;

async function mountBoth(backend: IntegrationsBackend) {
  const host = await fixture<HTMLDivElement>(html`
    <div>
      <integration-marketplace workspace="acme" refresh-interval="0" .backend=${backend}></integration-marketplace>
      <integration-settings workspace="acme" refresh-interval="0" .backend=${backend}></integration-settings>
    </div>
  `);
  const marketplace = host.querySelector<IntegrationMarketplace>('integration-marketplace')!;
  const settings = host.querySelector<IntegrationSettings>('integration-settings')!;
  await until(() => marketplace.shadowRoot!.querySelector('[part~="card"]') && settings.shadowRoot!.querySelector('[part~="row"], [part~="empty"]'));
  await until(() => settings.shadowRoot!.querySelector('[part~="policy"]'));
  return { host, marketplace, settings, m: marketplace.shadowRoot!, s: settings.shadowRoot! };
}

const row = (s: ShadowRoot, provider: string) => s.querySelector<HTMLElement>(`[part~="row"][data-provider="${provider}"]`)!;
const buttons = (scope: Element | ShadowRoot) => Array.from(scope.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? b.textContent!.trim());

/** Edit or Details on a provider's row; resolves with the drawer once it has loaded. */
async function openDrawer(s: ShadowRoot, provider: string) {
  const name = row(s, provider).querySelector('[part~="row-name"]')!.textContent;
  row(s, provider).querySelector<HTMLButtonElement>('[data-edit]')!.click();
  const editor = s.querySelector<ConnectionEditor>('.connection-editor')!;
  const d = editor.shadowRoot!;
  // Past the reset of show(), then loaded, and for this row (it may have shown another before).
  await editor.updateComplete;
  await until(() => d.querySelector('[part~="title"]')?.textContent === `Edit ${name}` && d.querySelector('[part~="history"]') && d.querySelector('[part~="key-in-use"]'));
  return { editor, d: editor.shadowRoot! };
}
const rowActions = (s: ShadowRoot, provider: string) =>
  Array.from(row(s, provider).querySelectorAll<HTMLButtonElement>('[part~="row-actions"] button:not(.copy-link)')).map((b) => b.textContent!.trim());
const meta = (s: ShadowRoot, provider: string) => row(s, provider).querySelector('[part~="row-meta"]')!.textContent!;

describe('roles in the elements', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' }, 'demo-acme-member');
  });

  it('a viewer is told once, at the top, and sees no edit controls anywhere', async () => {
    const { host, m, s } = await mountBoth(kit.backendFor('demo-acme-viewer'));
    expect(m.querySelector('[part~="role-notice"]')!.textContent).to.contain('read-only access');
    expect(m.querySelectorAll('[part~="card-action"]').length).to.equal(0);
    expect(m.querySelectorAll('[part~="card-note"]').length, 'not "Read-only" on every card').to.equal(0);
    expect(s.querySelectorAll('[part~="role-notice"]').length).to.equal(1);
    expect(s.querySelector('[part~="add-button"]'), 'nothing to add').to.be.null;
    expect(s.querySelector('[part~="available"]'), 'nothing to install').to.be.null;
    expect(rowActions(s, 'openai')).to.deep.equal(['Details']);
    expect(s.querySelector<HTMLFieldSetElement>('[part~="policy"] fieldset')!.disabled).to.be.true;
    expect(s.querySelector('[part~="policy"]')!.textContent).to.contain('Only workspace admins can change this.');
    // The current choice is marked, but not in the colour of something to press.
    const selected = s.querySelector<HTMLElement>('[part~="policy-option"].selected')!;
    const accent = getComputedStyle(s.querySelector('[part~="policy"]')!).getPropertyValue('--_accent').trim();
    expect(getComputedStyle(selected).borderTopColor).not.to.equal(getComputedStyle(document.body).color);
    const probe = document.createElement('span');
    probe.style.color = accent;
    document.body.append(probe);
    const accentRgb = getComputedStyle(probe).color;
    probe.remove();
    expect(getComputedStyle(selected).borderTopColor).not.to.equal(accentRgb);
    const { editor, d } = await openDrawer(s, 'openai');
    expect(d.querySelector('[part~="override"]'), 'no routing for a viewer').to.be.null;
    editor.close();
    await expect(host).to.be.accessible();
  });

  it("a member installs, manages its own connections, and sees others' read-only, by name", async () => {
    const { host, m, s } = await mountBoth(kit.backendFor('demo-acme-member'));
    expect(m.querySelector('[part~="role-notice"]')).to.be.null;
    expect(m.querySelector('[data-provider="stripe"] [part~="card-action"]')).to.exist;
    expect(m.querySelector('[data-provider="openai"] [part~="card-action"]'), "alice's connection").to.be.null;
    expect(m.querySelector('[data-provider="openai"] [part~="card-note"]')!.textContent).to.equal('Added by Alice (admin)');
    expect(m.querySelector('[data-provider="sendgrid"] [part~="card-action"]'), 'its own').to.exist;
    expect(rowActions(s, 'openai')).to.deep.equal(['Details']);
    expect(meta(s, 'openai')).to.contain('Added by Alice (admin)');
    expect(rowActions(s, 'sendgrid')).to.deep.equal(['Add key', 'Edit', 'Remove']);
    expect(s.querySelector<HTMLFieldSetElement>('[part~="policy"] fieldset')!.disabled).to.be.true;
    await expect(host).to.be.accessible();
  });
});

describe('routing policy and the key in use', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
  });

  const keyInUse = async (s: ShadowRoot, provider: string) => {
    const { editor, d } = await openDrawer(s, provider);
    const text = d.querySelector('[part~="key-in-use"]')!.textContent!.trim();
    editor.close();
    return text;
  };

  it('explains each mode; each row says in a few words which key it uses, the drawer why', async () => {
    const { host, s } = await mountBoth(kit.backend);
    const options = Array.from(s.querySelectorAll('[part~="policy-option"]')).map((o) => o.textContent!.replace(/\s+/g, ' ').trim());
    expect(options).to.deep.equal(['Automatic', 'Platform key only', 'Your keys only']);
    expect(s.querySelector('[part~="policy-help"]')!.textContent!.trim()).to.equal("Your workspace's key when it has a working one; otherwise the platform's key.");
    expect(meta(s, 'openai')).to.equal('AI · Uses your key');
    expect(meta(s, 'sendgrid')).to.equal('Email · No key in use');
    expect(await keyInUse(s, 'openai')).to.equal('In use: your key ••••••••wxyz');
    expect(await keyInUse(s, 'sendgrid')).to.equal('No key in use: requests will fail (your connection has no working key yet)');
    await expect(host).to.be.accessible();
  });

  it('says which key projects the connection is not assigned to get', async () => {
    const [openai] = (await kit.backend.listConnections('acme')).filter((c) => c.provider === 'openai');
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', connectionId: openai!.id, projectIds: ['website'] });
    const { settings, s } = await mountBoth(kit.backend);
    expect(await keyInUse(s, 'openai')).to.equal('In use: your key ••••••••wxyz, except for projects it is not assigned to: they get the platform key');
    s.querySelector<HTMLInputElement>('input[name="policy-mode"][value="byo"]')!.click();
    await settings.updateComplete;
    await until(async () => (await kit.api('GET', '/routing-policy?workspaceId=acme')).mode === 'byo');
    expect(await keyInUse(s, 'openai')).to.match(/they get no key and their requests fail$/);
  });

  it('lets an admin change the policy; every row follows at once', async () => {
    const { settings, s } = await mountBoth(kit.backend);
    const changed = oneEvent(settings, 'ik-policy-changed');
    s.querySelector<HTMLInputElement>('input[name="policy-mode"][value="built_in"]')!.click();
    expect((await changed).detail.policy.mode).to.equal('built_in');
    await until(() => meta(s, 'openai') === 'AI · Uses the platform key');
    expect(await keyInUse(s, 'sendgrid')).to.equal('No key in use: requests will fail (the platform has no key for it)');
    expect((await kit.api('GET', '/routing-policy?workspaceId=acme')).mode).to.equal('built_in');
    expect(s.querySelector('[part~="policy"] [role="status"]')!.textContent).to.contain('Platform key only');
  });

  it('overrides one provider in its drawer, offering only the choices that can apply', async () => {
    const { s } = await mountBoth(kit.backend);
    const { editor, d } = await openDrawer(s, 'openai');
    const select = d.querySelector<HTMLSelectElement>('[part~="override"]')!;
    expect(Array.from(select.options).map((o) => o.value)).to.deep.equal(['', 'auto', 'built_in', 'byo']);
    const changed = oneEvent(editor, 'ik-policy-changed');
    select.value = 'built_in';
    select.dispatchEvent(new Event('change'));
    expect((await changed).detail.policy.overrides).to.deep.equal({ openai: 'built_in' });
    editor.close();
    await until(() => meta(s, 'openai') === 'AI · Uses the platform key');
    expect((await kit.api('GET', '/routing-policy?workspaceId=acme')).overrides).to.deep.equal({ openai: 'built_in' });
    // SendGrid has no platform key: "Platform key only" cannot apply to it.
    const { editor: again, d: sendgrid } = await openDrawer(s, 'sendgrid');
    expect(Array.from(sendgrid.querySelector<HTMLSelectElement>('[part~="override"]')!.options).map((o) => o.value)).to.deep.equal(['', 'auto', 'byo']);
    again.close();
  });

  it('follows a connection that stops working', async () => {
    const { m, s } = await mountBoth(kit.backend);
    // The key is replaced elsewhere on the page by one that fails its test.
    m.querySelector<HTMLButtonElement>('[data-provider="openai"] [part~="card-action"]')!.click();
    const dialog = m.querySelector('connect-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open);
    const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('input[name="apiKey"]')!;
    input.value = 'sk-proj-invalid0123456789abcdefghijklmnopqrstu';
    input.dispatchEvent(new Event('input'));
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await until(() => meta(s, 'openai') === 'AI · Uses the platform key');
    expect(row(s, 'openai').querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Key rejected');
    expect(await keyInUse(s, 'openai')).to.equal('In use: the platform key, because your key failed its last test');
  });
});

describe('filtering installed integrations', () => {
  it('matches names, URLs and field names, never secret values', async () => {
    const kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'twilio', credentialPayload: kit.samples.twilio });
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'sendgrid' });
    const { s, settings } = await mountBoth(kit.backend);
    const shown = () => Array.from(s.querySelectorAll<HTMLElement>('[part~="row"]')).map((r) => r.dataset.provider);
    const search = async (text: string) => {
      const box = s.querySelector<HTMLInputElement>('input[type="search"]')!;
      box.value = text;
      box.dispatchEvent(new Event('input'));
      await settings.updateComplete;
    };
    await search(kit.samples.twilio!.accountSid!.slice(0, 12));
    expect(shown(), 'a non-secret value (the Account SID)').to.deep.equal(['twilio']);
    await search('auth token');
    expect(shown(), 'a field label').to.deep.equal(['twilio']);
    await search(kit.samples.openai!.apiKey!.slice(0, 16));
    expect(shown(), 'never a secret').to.deep.equal([]);
    expect(s.querySelector('[part~="empty"]')!.textContent).to.contain('No installed integration matches');
    await search('');
    s.querySelector<HTMLButtonElement>('[part~="type-button"]')!.click();
    const email = Array.from(s.querySelectorAll('[part~="type-menu"] label')).find((l) => l.textContent!.includes('Email'))!.querySelector('input')!;
    email.click();
    await settings.updateComplete;
    expect(shown()).to.deep.equal(['sendgrid']);

    // The only match goes away (removed elsewhere) and one row is left: the bar stays while it
    // filters, and the empty state clears it.
    await search('openai');
    await kit.api('DELETE', `/provider-connections/${(await kit.backend.listConnections('acme')).find((c) => c.provider === 'sendgrid')!.id}`);
    await kit.api('DELETE', `/provider-connections/${(await kit.backend.listConnections('acme')).find((c) => c.provider === 'openai')!.id}`);
    await settings.refresh();
    await settings.updateComplete;
    expect(shown()).to.deep.equal([]);
    expect(s.querySelector('input[type="search"]'), 'the search box is still there to change').to.exist;
    Array.from(s.querySelectorAll<HTMLButtonElement>('[part~="empty"] button')).find((b) => b.textContent!.includes('Clear filters'))!.click();
    await settings.updateComplete;
    expect(shown()).to.deep.equal(['twilio']);
  });
});
