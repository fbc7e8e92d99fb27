import { expect, fixture, html } from '@open-wc/testing';
import '../../components/connect-dialog/define.ts';
import '../../components/integration-settings/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import { POPUP_NAME } from '../../components/connect-dialog/oauth-flow.ts';
import type { ConnectionEditor } from '../../components/connection-editor/connection-editor.ts';
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
    // Each permission in plain words, the scope's own name after them.
    const scopes = Array.from(part(root, 'scopes')!.querySelectorAll('li')).map((li) => [li.querySelector('.scope-words')?.textContent, li.querySelector('code')!.textContent]);
    expect(scopes).to.deep.equal([['Read and write your repositories', 'repo'], ['Read your profile', 'read:user']]);
    // The help is for the person connecting: no setup steps meant for the platform's admins.
    expect(part(root, 'help')!.textContent).not.to.match(/platform admin|Developer settings|New OAuth App|client id|callback URL|Cloud Console/i);
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
    expect(part(root, 'account')!.textContent, 'which account was connected').to.equal('Connected as @octocat (The Octocat)');
    expect(part(root, 'result')!.textContent, "the scopes in the catalog's words").to.contain('Granted: Read and write your repositories, Read your profile');
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

  it('an OAuth client the server lacks: plain words for the user, no setting names', async () => {
    const bare = await createKit('demo-acme-member', { oauthClients: {} });
    const dialog = await fixture<ConnectDialog>(html`<connect-dialog workspace="acme" refresh-interval="0" .backend=${bare.backend}></connect-dialog>`);
    await dialog.show({ provider: provider('github') });
    await dialog.updateComplete;
    part(dialog.shadowRoot!, 'authorize-button')!.click();
    await until(() => part(dialog.shadowRoot!, 'notice'), 3000);
    const text = part(dialog.shadowRoot!, 'notice')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(text).to.contain("GitHub can't be connected yet: signing in with GitHub isn't set up on this service.");
    expect(text).not.to.match(/IK_|clientIdRef|client "|configured \(/);
    await settled();
    await expect(dialog).to.be.accessible();
    dialog.close();
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

  describe('settings rows and the drawer', () => {
    async function connectGithub() {
      const { dialog, root } = await openDialog('github');
      part(root, 'authorize-button')!.click();
      await decide(await signInWindow(), 'approve');
      await until(() => part(root, 'result'), 3000);
      dialog.remove();
      return (await kit.backend.listConnections('acme')).find((c) => c.provider === 'github')!;
    }
    async function mountSettings(backend = kit.backend) {
      const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${backend}></integration-settings>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]') && el.shadowRoot!.querySelector('[part~="policy"]'));
      return el;
    }
    const row = (el: IntegrationSettings) => el.shadowRoot!.querySelector<HTMLElement>('[part~="row"][data-provider="github"]')!;
    const status = (el: IntegrationSettings) => row(el).querySelector('[part~="row-status"]')!.textContent!.trim();
    const actions = (el: IntegrationSettings) => Array.from(row(el).querySelectorAll<HTMLButtonElement>('[part~="row-actions"] button:not(.copy-link)')).map((b) => b.textContent!.trim());
    const button = (scope: Element | ShadowRoot, label: RegExp) => Array.from(scope.querySelectorAll('button')).find((b) => label.test(b.getAttribute('aria-label') ?? b.textContent!));
    async function openDrawer(el: IntegrationSettings) {
      row(el).querySelector<HTMLButtonElement>('[data-edit]')!.click();
      const editor = el.shadowRoot!.querySelector<ConnectionEditor>('.connection-editor')!;
      await editor.updateComplete;
      await until(() => editor.shadowRoot!.querySelector('[part~="history"]') && editor.shadowRoot!.querySelector('[part~="key-in-use"], [part~="status-reason"]'));
      return { editor, d: editor.shadowRoot! };
    }

    it('an active OAuth row: Connected, no key tail, no Reconnect; the drawer has the grant and the key in use', async () => {
      await connectGithub();
      const el = await mountSettings();
      expect(status(el)).to.equal('Connected');
      expect(row(el).querySelector('[part~="row-key"]'), 'a token tail means nothing to anyone').to.be.null;
      expect(row(el).querySelector('[part~="row-account"]')!.textContent, 'whose account it is, where a key row has its key').to.equal('@octocat (The Octocat)');
      expect(actions(el), 'a healthy grant is not offered Reconnect').to.deep.equal(['Test', 'Edit', 'Remove']);
      expect(row(el).querySelector('[part~="row-meta"]')!.textContent).to.equal('Developer tools · Uses your authorization');
      await expect(el).to.be.accessible();
      const { editor, d } = await openDrawer(el);
      expect(d.querySelector('[part~="account"]')!.textContent).to.equal('Connected as @octocat (The Octocat)');
      expect(d.querySelector('[part~="grant"]')!.textContent).to.match(/^Granted: Read and write your repositories, Read your profile · token expires in (59 min(utes)?|60 min(utes)?|1 hour)$/);
      expect(d.querySelector('[part~="key-in-use"]')!.textContent).to.equal('In use: your GitHub authorization');
      expect(d.querySelector('[part~="last-test"]')!.textContent, 'tested right after signing in').to.match(/^\s*GitHub accepted the authorization\.\s+tested just now\s*$/);
      // No platform key can stand in for a user's own authorization.
      expect(Array.from(d.querySelector<HTMLSelectElement>('[part~="override"]')!.options).map((o) => o.value)).not.to.include('built_in');
      expect(d.querySelector('[part~="disconnect-button"]')).to.exist;
      await settled();
      await expect(editor).to.be.accessible();
      editor.close();
    });

    it('Disconnect, in the drawer, asks first, then revokes: the row stays, Revoked, with Reconnect', async () => {
      await connectGithub();
      const el = await mountSettings();
      const { editor, d } = await openDrawer(el);
      d.querySelector<HTMLButtonElement>('[part~="disconnect-button"]')!.click();
      await until(() => d.querySelector('[part~="disconnect-confirm"]'));
      expect(d.querySelector('[part~="disconnect-confirm"]')!.textContent).to.contain('Disconnect GitHub?');
      expect(d.querySelector('[part~="disconnect-confirm"]')!.textContent).to.contain('revokes this workspace');
      expect(d.activeElement, 'focus on Cancel').to.equal(d.querySelector('[part~="disconnect-cancel-button"]'));
      await settled();
      await expect(editor).to.be.accessible();
      d.querySelector<HTMLButtonElement>('[part~="disconnect-confirm-button"]')!.click();
      await until(() => status(el) === 'Revoked');
      expect(d.querySelector('[part~="notice"]')!.textContent).to.contain('GitHub was disconnected');
      expect(d.querySelector('[part~="grant"]'), 'nothing granted any more').to.be.null;
      expect(actions(el)).to.deep.equal(['Reconnect', 'Edit', 'Remove']);
      const [stored] = await kit.backend.listConnections('acme');
      expect(stored!.status).to.equal('revoked');
      editor.close();
    });

    it('a refused renewal: Reconnect needed with Reconnect; the drawer says why; reconnecting keeps the same row', async () => {
      const connected = await connectGithub();
      // The user removed the app at GitHub, and the token ran out: the next use cannot renew it.
      await kit.fetch(`${location.origin}/__oauth/github/admin/revoke-all`, { method: 'POST', headers: { 'x-simulation': 'revoke-all' } });
      kit.advanceClock(3600);
      const resolved = await kit.api('POST', '/resolve', { workspaceId: 'acme', provider: 'github' }, KIT_SERVICE_TOKEN);
      expect(resolved.error.code).to.equal('no_credential');

      const el = await mountSettings();
      expect(status(el)).to.equal('Reconnect needed');
      expect(actions(el), 'a refused grant has nothing to test').to.deep.equal(['Reconnect', 'Edit', 'Remove']);
      const { editor, d } = await openDrawer(el);
      expect(d.querySelector('[part~="status-reason"]')!.textContent).to.contain('Reconnect GitHub: it refused to renew the authorization');
      expect(d.querySelector('[part~="last-test"]'), "the old test's \"worked\" would contradict the badge").to.be.null;
      expect(deepText(d)).not.to.contain('In use: your GitHub authorization');
      editor.close();
      await expect(el).to.be.accessible();

      button(row(el), /^Reconnect GitHub$/)!.click();
      const dialog = el.shadowRoot!.querySelector('connect-dialog')!;
      const root = dialog.shadowRoot!;
      await until(() => part(root, 'authorize-button'));
      expect(root.getElementById('title')!.textContent).to.equal('Reconnect GitHub');
      expect(part(root, 'authorize-button')!.textContent!.trim()).to.equal('Reconnect GitHub');
      part(root, 'authorize-button')!.click();
      await decide(await signInWindow(), 'approve');
      await until(() => part(root, 'result'), 3000);
      await until(() => status(el) === 'Connected');
      const rows = await kit.backend.listConnections('acme');
      expect(rows.map((c) => c.id)).to.deep.equal([connected.id]);
    });

    it('a viewer sees the grant in the drawer but no Disconnect or Reconnect', async () => {
      await connectGithub();
      const el = await mountSettings(kit.backendFor('demo-acme-viewer'));
      expect(actions(el)).to.deep.equal(['Details']);
      const { editor, d } = await openDrawer(el);
      expect(d.querySelector('[part~="grant"]')).to.exist;
      expect(button(d, /Disconnect|Reconnect/)).to.be.undefined;
      await settled();
      await expect(editor).to.be.accessible();
      editor.close();
    });
  });
});
