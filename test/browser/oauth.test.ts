import { expect, fixture, html } from '@open-wc/testing';
import '../../components/connect-dialog/define.ts';
import '../../components/integration-settings/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import { POPUP_NAME } from '../../components/connect-dialog/oauth-flow.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { OAUTH_MESSAGE_TYPE } from '../../src/schema/oauth.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { createKit, deepText, KIT_SERVICE_TOKEN, settled } from './support/kit.ts';
import { closeSignInWindow, decide as decideAt, signInWindow, until } from './support/oauth.ts';

/**
 * OAuth in the elements, against the real mock server in this page. The sign-in window really
 * opens (on this page's origin); the test plays the user's part at the simulated provider
 * and loads the server's own callback page into that window, as the provider's redirect would.
 */
describe('OAuth in <connect-dialog> and <integration-settings>', () => {
  let kit: Awaited<ReturnType<typeof createKit>>;
  let providers: ProviderView[];
  const provider = (key: string) => providers.find((p) => p.key === key)!;

  beforeEach(async () => {
    kit = await createKit();
    providers = await kit.backend.listProviders();
  });
  afterEach(closeSignInWindow);

  const part = (root: ShadowRoot, name: string) => root.querySelector<HTMLElement>(`[part~="${name}"]`);

  async function openDialog(key: string, connection?: unknown) {
    const dialog = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" .backend=${kit.backend}></connect-dialog>`);
    await dialog.show({ provider: provider(key), ...(connection ? { connection: connection as never } : {}) });
    await dialog.updateComplete;
    return { dialog, root: dialog.shadowRoot! };
  }

  const decide = (popup: Window, decision: 'approve' | 'deny') => decideAt(kit, popup, decision);

  it('explains an OAuth provider: intro, requested scopes, help, and "Connect with" instead of fields', async () => {
    const { dialog, root } = await openDialog('github');
    expect(root.getElementById('title')!.textContent).to.equal('Connect GitHub');
    expect(root.querySelectorAll('input[type="password"]')).to.have.length(0);
    const oauth = part(root, 'oauth')!;
    expect(oauth.textContent).to.contain('You sign in to GitHub in a new window');
    for (const scope of provider('github').oauth!.scopes) expect(oauth.textContent).to.contain(scope);
    expect(root.getElementById('help-title')!.textContent).to.equal('About connecting GitHub');
    expect(part(root, 'authorize-button')!.textContent!.trim()).to.equal('Connect with GitHub');
    expect(part(root, 'later-button')).to.exist;
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it('opens the sign-in window sized as configured; Approve there ends in the connected view (postMessage)', async () => {
    const { dialog, root } = await openDialog('github');
    dialog.popupWidth = 480;
    dialog.popupHeight = 520;
    part(root, 'authorize-button')!.click();
    const popup = await signInWindow();
    // The size asked for is the page area (give or take a pixel of rounding).
    expect(Math.abs(popup.innerWidth - 480)).to.be.at.most(2);
    expect(Math.abs(popup.innerHeight - 520)).to.be.at.most(2);

    // Waiting: a busy button and a live status, and the page stays usable.
    await dialog.updateComplete;
    const button = part(root, 'authorize-button') as HTMLButtonElement;
    expect(button.textContent!.trim()).to.equal('Waiting for GitHub…');
    expect(button.disabled).to.be.true;
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(part(root, 'oauth-status')!.getAttribute('role')).to.equal('status');
    expect(part(root, 'oauth-status')!.textContent).to.contain('Finish signing in to GitHub in the window that opened.');
    expect(part(root, 'later-button'), 'no "add it later" while a sign-in is under way').to.be.null;
    expect((part(root, 'cancel-button') as HTMLButtonElement).disabled).to.be.false;
    await settled();
    await expect(dialog).to.be.accessible();

    const saved = new Promise<CustomEvent>((resolve) => dialog.addEventListener('ik-connection-saved', (e) => resolve(e as CustomEvent), { once: true }));
    await decide(popup, 'approve');
    await until(() => part(root, 'result'), 3000);
    expect(part(root, 'result')!.textContent).to.contain('GitHub is connected');
    expect(part(root, 'result')!.textContent).to.contain(`Granted: ${provider('github').oauth!.scopes.join(', ')}`);
    expect(part(root, 'result')!.textContent).to.match(/the current token expires in (59 min|60 min|1 hour)/);
    await until(() => popup.closed, 3000);
    const event = await saved;
    expect(event.detail.connection.status).to.equal('active');
    expect(event.detail.created).to.be.true;
    expect(deepText(root)).not.to.match(/fake_(at|rt)_/);
    await expect(dialog).to.be.accessible();
  });

  it('Deny: says so, and the dialog stays usable to try again', async () => {
    const { dialog, root } = await openDialog('google-workspace');
    part(root, 'authorize-button')!.click();
    const popup = await signInWindow();
    await decide(popup, 'deny');
    await until(() => part(root, 'notice'), 3000);
    expect(part(root, 'notice')!.getAttribute('role')).to.equal('alert');
    expect(part(root, 'notice')!.textContent).to.contain('Access was denied on Google Workspace.');
    const again = part(root, 'authorize-button') as HTMLButtonElement;
    expect(again.disabled).to.be.false;
    expect(again.textContent!.trim()).to.equal('Connect with Google Workspace');
    const rows = await kit.backend.listConnections('acme');
    expect(rows.map((c) => [c.provider, c.status])).to.deep.equal([['google-workspace', 'pending']]);
    await settled();
    await expect(dialog).to.be.accessible();
  });

  it('closing the sign-in window early leaves the dialog usable; an outcome reached elsewhere arrives by polling', async () => {
    const { dialog, root } = await openDialog('github');
    part(root, 'authorize-button')!.click();
    const popup = await signInWindow();
    const authorizeUrl = popup.location.href;
    popup.close();
    await until(() => part(root, 'oauth-status')?.textContent?.includes('The sign-in window was closed.'), 3000);
    expect(part(root, 'reopen-button')!.textContent!.trim()).to.equal('Open the window again');
    expect((part(root, 'cancel-button') as HTMLButtonElement).disabled).to.be.false;
    expect((part(root, 'later-button') as HTMLButtonElement).disabled).to.be.false;
    const [pending] = await kit.backend.listConnections('acme');
    expect(pending!.status).to.equal('pending');

    // The user approves in a window this page has no link to: no message comes, the status poll tells.
    const stray = window.open('about:blank', 'elsewhere')!;
    stray.location.href = authorizeUrl;
    await until(() => stray.location.href.includes('/__oauth/'));
    await decide(stray, 'approve');
    await until(() => part(root, 'result'), 5000);
    expect(part(root, 'result')!.textContent).to.contain('GitHub is connected');
    stray.close();
  });

  it('a sign-in cancelled while it is being started is dropped: no window, no polling, the dialog stays closed', async () => {
    const { dialog, root } = await openDialog('github');
    kit.hold();
    part(root, 'authorize-button')!.click();
    const popup = window.open('', POPUP_NAME)!;
    expect(popup.document.body.textContent).to.equal('Opening GitHub…');
    await dialog.updateComplete;
    expect((part(root, 'reopen-button') as HTMLButtonElement).disabled, 'no second attempt while one is starting').to.be.true;
    part(root, 'cancel-button')!.click();
    await dialog.updateComplete;
    expect(dialog.open).to.be.false;
    kit.release();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(kit.requests.filter((r) => r.startsWith('GET /oauth/status')), 'nobody polls for it').to.deep.equal([]);
    expect(dialog.open).to.be.false;
    expect(popup.closed, 'the sign-in window went with the dialog').to.be.true;
  });

  it('ignores messages with another state or from another origin', async () => {
    const { dialog, root } = await openDialog('github');
    part(root, 'authorize-button')!.click();
    await signInWindow();
    const [connection] = await kit.backend.listConnections('acme');
    const forged = { type: OAUTH_MESSAGE_TYPE, state: 'not-this-attempt', outcome: 'connected', provider: 'github', connectionId: connection!.id };
    window.postMessage(forged, location.origin);
    new BroadcastChannel('integration-kit-oauth').postMessage(forged);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dialog.updateComplete;
    expect(part(root, 'result')).to.be.null;
    expect(part(root, 'authorize-button')!.textContent!.trim()).to.equal('Waiting for GitHub…');
    dialog.close();
  });

  describe('settings rows', () => {
    async function connectGithub() {
      const { dialog, root } = await openDialog('github');
      part(root, 'authorize-button')!.click();
      await decide(await signInWindow(), 'approve');
      await until(() => part(root, 'result'), 3000);
      dialog.remove();
      return (await kit.backend.listConnections('acme')).find((c) => c.provider === 'github')!;
    }
    async function mountSettings() {
      const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" .backend=${kit.backend}></integration-settings>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]'));
      return el;
    }
    const row = (el: IntegrationSettings) => el.shadowRoot!.querySelector<HTMLElement>('[part~="row"][data-provider="github"]')!;
    const button = (scope: Element, label: RegExp) => Array.from(scope.querySelectorAll('button')).find((b) => label.test(b.getAttribute('aria-label') ?? b.textContent!));

    it('an active OAuth row: scopes, expiry, no masked key, Disconnect; the key in use is the authorization', async () => {
      await connectGithub();
      const el = await mountSettings();
      const github = row(el);
      expect(github.querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Connected');
      expect(github.querySelector('[part~="row-oauth"]')!.textContent).to.match(/^Granted: repo, read:user · token expires in (59 min|60 min|1 hour)$/);
      expect(github.querySelector('[part~="row-key"]'), 'a token tail means nothing to anyone').to.be.null;
      expect(github.querySelector('[part~="row-test"]')!.textContent, 'tested right after signing in').to.match(/^Access works · HTTP 200 · \d+ ms · tested just now$/);
      expect(button(github, /^Disconnect GitHub$/)).to.exist;
      expect(button(github, /^Reconnect GitHub$/)).to.be.undefined;
      expect(deepText(el.shadowRoot!)).to.contain('In use: your GitHub authorization');
      await expect(el).to.be.accessible();
    });

    it('Disconnect asks first, then revokes: the row stays, revoked, with Reconnect', async () => {
      await connectGithub();
      const el = await mountSettings();
      button(row(el), /^Disconnect GitHub$/)!.click();
      await el.updateComplete;
      const confirm = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')!;
      await until(() => confirm.open);
      expect(confirm.querySelector('#confirm-title')!.textContent).to.equal('Disconnect GitHub?');
      expect(confirm.querySelector('#confirm-body')!.textContent).to.contain('revokes this workspace');
      await expect(el).to.be.accessible();
      confirm.querySelector<HTMLButtonElement>('button[value="confirm"]')!.click();
      await until(() => row(el).querySelector('[part~="row-status"]')!.textContent!.trim() === 'Disconnected');
      expect(row(el).textContent).to.contain('GitHub was disconnected');
      expect(row(el).querySelector('[part~="row-oauth"]')).to.be.null;
      const reconnect = button(row(el), /^Reconnect GitHub$/)!;
      await until(() => el.shadowRoot!.activeElement === reconnect);
      const [stored] = await kit.backend.listConnections('acme');
      expect(stored!.status).to.equal('revoked');
    });

    it('a refused renewal shows the reason and Reconnect; reconnecting keeps the same row', async () => {
      const connected = await connectGithub();
      // The user removed the app at GitHub, and the token ran out: the next use cannot renew it.
      await kit.fetch(`${location.origin}/__oauth/github/admin/revoke-all`, { method: 'POST', headers: { 'x-simulation': 'revoke-all' } });
      kit.advanceClock(3600);
      const resolved = await kit.api('POST', '/resolve', { workspaceId: 'acme', provider: 'github' }, KIT_SERVICE_TOKEN);
      expect(resolved.error.code).to.equal('no_credential');

      const el = await mountSettings();
      const github = row(el);
      expect(github.querySelector('[part~="row-status"]')!.textContent!.trim()).to.equal('Reconnect needed');
      expect(github.textContent).to.contain('Reconnect GitHub: it refused to renew the authorization');
      expect(deepText(el.shadowRoot!)).not.to.contain('In use: your GitHub authorization');
      await expect(el).to.be.accessible();

      button(github, /^Reconnect GitHub$/)!.click();
      const dialog = el.shadowRoot!.querySelector('connect-dialog')!;
      const root = dialog.shadowRoot!;
      await until(() => part(root, 'authorize-button'));
      expect(root.getElementById('title')!.textContent).to.equal('Reconnect GitHub');
      expect(part(root, 'authorize-button')!.textContent!.trim()).to.equal('Reconnect GitHub');
      part(root, 'authorize-button')!.click();
      await decide(await signInWindow(), 'approve');
      await until(() => part(root, 'result'), 3000);
      await until(() => row(el).querySelector('[part~="row-status"]')!.textContent!.trim() === 'Connected');
      const rows = await kit.backend.listConnections('acme');
      expect(rows.map((c) => c.id)).to.deep.equal([connected.id]);
    });

    it('a viewer sees scopes and expiry but no Disconnect or Reconnect', async () => {
      await connectGithub();
      const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" .backend=${kit.backendFor('demo-acme-viewer')}></integration-settings>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]'));
      expect(row(el).querySelector('[part~="row-oauth"]')).to.exist;
      expect(button(row(el), /Disconnect|Reconnect/)).to.be.undefined;
      await expect(el).to.be.accessible();
    });
  });
});
