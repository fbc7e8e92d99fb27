import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/provider-catalog-editor/define.ts';
import type { ProviderCatalogEditor } from '../../components/provider-catalog-editor/provider-catalog-editor.ts';
import type { IntegrationsBackend } from '../../src/backend/backend.ts';
import { createKit, settled, until, type TestKit } from './support/kit.ts';

const PLATFORM_ADMIN = 'demo-platform-admin';

describe('<provider-catalog-editor>', () => {
  let kit: TestKit;

  async function mount(token = PLATFORM_ADMIN, backend?: IntegrationsBackend) {
    kit = await createKit(token);
    const el = await fixture<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${backend ?? kit.backend}></provider-catalog-editor>`);
    await until(() => el.shadowRoot!.querySelector('[part~="row"], [part~="empty"], [part~="error"]'));
    return el;
  }

  const $ = <T extends Element = HTMLElement>(el: ProviderCatalogEditor, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
  const byId = <T extends HTMLElement = HTMLInputElement>(el: ProviderCatalogEditor, id: string) => el.shadowRoot!.getElementById(id) as T;
  const row = (el: ProviderCatalogEditor, key: string) => $(el, `[part~="row"][data-provider="${key}"]`);
  const dialog = (el: ProviderCatalogEditor) => $<HTMLDialogElement>(el, 'dialog.editor');
  const errorOf = (el: ProviderCatalogEditor, input: HTMLElement) => el.shadowRoot!.getElementById(`${input.id}-error`)?.textContent?.trim();
  const credentialRows = (el: ProviderCatalogEditor) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="credential-row"]'));
  const inRow = (item: HTMLElement, name: string) => item.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

  /** Types with the keyboard, as a user would. */
  async function type(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
    input.focus();
    await sendKeys({ type: text });
  }
  /** Sets a longer value in one go (an input event, as a paste makes). */
  function fill(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  const storedRow = async (backend: IntegrationsBackend, key: string) => (await backend.listProviders()).find((p) => p.key === key)!;

  /** Picks one of the catalog's categories, as a user would. */
  async function chooseCategory(el: ProviderCatalogEditor, category: string) {
    const select = byId<HTMLSelectElement>(el, 'f-category');
    select.value = category;
    expect(select.value, `${category} is a choice`).to.equal(category);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
  }
  /** "New category…", then the name typed in. */
  async function typeNewCategory(el: ProviderCatalogEditor, category: string) {
    const select = byId<HTMLSelectElement>(el, 'f-category');
    select.selectedIndex = select.options.length - 1;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    fill(byId(el, 'f-category-new'), category);
    await el.updateComplete;
  }
  function check(input: HTMLInputElement, checked = true) {
    if (input.checked !== checked) input.click();
  }

  async function openAdd(el: ProviderCatalogEditor) {
    $<HTMLButtonElement>(el, '[part~="add-button"]').click();
    await until(() => dialog(el).open);
    await el.updateComplete;
  }

  async function openEdit(el: ProviderCatalogEditor, key: string) {
    row(el, key).querySelector<HTMLButtonElement>('[part~="edit-button"]')!.click();
    await until(() => dialog(el).open);
    await el.updateComplete;
  }

  async function save(el: ProviderCatalogEditor) {
    $<HTMLButtonElement>(el, '[part~="save-button"]').click();
    await el.updateComplete;
  }

  async function chooseFile(el: ProviderCatalogEditor, file: File) {
    const input = byId(el, 'f-logo-file');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
  }

  it('shows skeleton rows while loading', async () => {
    kit = await createKit(PLATFORM_ADMIN);
    kit.hold();
    const el = await fixture<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${kit.backend}></provider-catalog-editor>`);
    expect($(el, '[part~="list"]').getAttribute('aria-busy')).to.equal('true');
    expect($(el, '[part~="add-button"]'), 'nothing to add to before we know who you are').to.be.null;
    await expect(el).to.be.accessible();
    kit.release();
    await until(() => row(el, 'openai'));
  });

  it('shows a load error with a working retry', async () => {
    kit = await createKit(PLATFORM_ADMIN);
    kit.failNext(2);
    const el = await fixture<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${kit.backend}></provider-catalog-editor>`);
    await until(() => $(el, '[part~="error"]'));
    expect($(el, '[part~="error"]').getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part~="error"] button').click();
    await until(() => row(el, 'openai'));
  });

  it('lists every catalog row: logo, name, key, category, availability', async () => {
    const el = await mount();
    const catalog = await kit.backend.listProviders();
    const rows = el.shadowRoot!.querySelectorAll('[part~="row"]');
    expect(rows.length).to.equal(catalog.length);
    expect($(el, '[part~="count"]').textContent).to.equal(`${catalog.length} providers`);
    const openai = row(el, 'openai');
    expect(openai.querySelector('img')!.getAttribute('src')).to.match(/^data:image\/svg\+xml/);
    expect(openai.querySelector('[part~="row-name"]')!.textContent).to.equal('OpenAI');
    expect(openai.querySelector('[part~="row-key"]')!.textContent).to.equal('openai');
    expect(openai.querySelector('[part~="row-meta"]')!.textContent).to.contain('AI');
    expect(openai.querySelector('[part~="row-availability"]')!.textContent!.trim()).to.equal('Available');
    expect(row(el, 'telegram').querySelector('[part~="row-availability"]')!.textContent!.trim()).to.equal('Coming soon');
    expect(openai.querySelector('[part~="edit-button"]')!.getAttribute('aria-label')).to.equal('Edit OpenAI');
    expect(openai.querySelector('[part~="retire-button"]')!.getAttribute('aria-label')).to.equal('Retire OpenAI');
    expect($(el, '[part~="add-button"]').textContent!.trim()).to.equal('Add provider');
    expect($(el, '[part~="read-only-notice"]')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('says when the catalog is empty', async () => {
    const base = await createKit(PLATFORM_ADMIN);
    const empty = Object.create(base.backend, { listProviders: { value: async () => [] } }) as IntegrationsBackend;
    const el = await mount(PLATFORM_ADMIN, empty);
    expect($(el, '[part~="empty"]').textContent).to.contain('The catalog has no providers yet.');
    expect($(el, '[part~="add-button"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('adds a provider with two credential fields and a recipe', async () => {
    const el = await mount();
    const add = $<HTMLButtonElement>(el, '[part~="add-button"]');
    add.focus();
    await openAdd(el);
    const native = dialog(el);
    expect(native.matches(':modal')).to.be.true;
    expect(el.shadowRoot!.getElementById(native.getAttribute('aria-labelledby')!)!.textContent).to.equal('Add a provider');
    const key = byId(el, 'f-key');
    expect(el.shadowRoot!.activeElement, 'focus starts on the key').to.equal(key);
    expect(key.readOnly).to.be.false;
    expect(el.shadowRoot!.getElementById('f-key-hint')!.textContent).to.contain('Choose a clear, stable key');
    expect(el.shadowRoot!.getElementById('f-key-hint')!.textContent).to.contain('cannot be changed after creation');
    await settled();
    await expect(el).to.be.accessible();

    await type(key, 'mailchimp');
    await type(byId(el, 'f-name'), 'Mailchimp');
    await chooseCategory(el, 'Email');
    fill(byId(el, 'f-logo-url'), 'https://cdn.example.com/mailchimp.svg');
    fill(byId<HTMLTextAreaElement>(el, 'f-description'), 'Email marketing and audiences.');

    const [first] = credentialRows(el);
    fill(inRow(first!, 'credential-name'), 'apiKey');
    fill(inRow(first!, 'credential-label'), 'API key');
    fill(inRow(first!, 'credential-hint'), 'Ends with -us and your data center number.');
    fill(inRow(first!, 'credential-pattern'), '^[a-f0-9]{32}-us[0-9]+$');
    $<HTMLButtonElement>(el, '[part~="add-credential"]').click();
    await until(() => credentialRows(el).length === 2);
    const second = credentialRows(el)[1]!;
    expect(el.shadowRoot!.activeElement, 'a new field takes focus').to.equal(inRow(second, 'credential-name'));
    fill(inRow(second, 'credential-name'), 'dataCenter');
    fill(inRow(second, 'credential-label'), 'Data center');
    fill(inRow(second, 'credential-placeholder'), 'us21');
    check(second.querySelector<HTMLInputElement>('input[type="checkbox"][id$="-secret"]')!, false);
    await el.updateComplete;

    fill(byId(el, 'f-help-url'), 'https://mailchimp.com/help/about-api-keys/');
    fill(byId<HTMLTextAreaElement>(el, 'f-help-instructions'), 'Profile → Extras → API keys → Create A Key.');
    check(byId(el, 'f-verify'));
    await el.updateComplete;
    fill(byId(el, 'f-verify-url'), 'https://api.mailchimp.com/3.0/ping?dc={{dataCenter}}');
    $<HTMLButtonElement>(el, '[part~="add-header"]').click();
    await el.updateComplete;
    const header = $(el, '[part~="header-row"]');
    fill(inRow(header, 'header-name'), 'Authorization');
    fill(inRow(header, 'header-value'), 'Bearer {{apiKey}}');
    fill(byId(el, 'f-invalid-statuses'), '401, 403');
    await el.updateComplete;

    const changed = oneEvent(el, 'ik-catalog-changed');
    await save(el);
    const event = await changed;
    expect(event.detail).to.deep.equal({ providerKey: 'mailchimp', action: 'created' });
    await until(() => !dialog(el).open);
    expect(el.shadowRoot!.activeElement, 'focus returns to the trigger').to.equal(add);
    expect($(el, '[part~="message"]').textContent).to.contain('Mailchimp was added to the catalog.');
    await until(() => row(el, 'mailchimp'));

    const stored = (await kit.backend.listProviders()).find((p) => p.key === 'mailchimp')!;
    expect(stored).to.exist;
    expect(stored.category).to.equal('Email');
    expect(stored.logo).to.equal('https://cdn.example.com/mailchimp.svg');
    expect(stored.credentials.map((c) => [c.name, c.label, c.secret])).to.deep.equal([
      ['apiKey', 'API key', true],
      ['dataCenter', 'Data center', false],
    ]);
    expect(stored.credentials[0]!.pattern).to.equal('^[a-f0-9]{32}-us[0-9]+$');
    expect(stored.help.url).to.equal('https://mailchimp.com/help/about-api-keys/');
    expect(stored.verification).to.deep.include({ method: 'GET', url: 'https://api.mailchimp.com/3.0/ping?dc={{dataCenter}}', validStatuses: [200], invalidStatuses: [401, 403] });
    expect(stored.verification!.headers).to.deep.equal({ Authorization: 'Bearer {{apiKey}}' });
    expect(stored.availability).to.equal('available');
  });

  it('chooses the category from the catalog\'s (each once, sorted) or, after "New category…", types a new one', async () => {
    const base = await createKit(PLATFORM_ADMIN);
    // A row from before categories were kept to one spelling.
    const withStray = Object.create(base.backend, {
      listProviders: {
        value: async (options?: Parameters<IntegrationsBackend['listProviders']>[0]) => {
          const rows = await base.backend.listProviders(options);
          return [...rows, { ...rows.find((p) => p.key === 'resend')!, key: 'stray', name: 'Stray', category: ' email ' }];
        },
      },
    }) as IntegrationsBackend;
    const el = await mount(PLATFORM_ADMIN, withStray);
    await openAdd(el);
    const select = byId<HTMLSelectElement>(el, 'f-category');
    const options = Array.from(select.options);
    expect(options[0]!.textContent).to.equal('Choose a category');
    expect(options[0]!.disabled && options[0]!.selected, 'nothing chosen yet').to.be.true;
    expect(options.at(-1)!.textContent).to.equal('New category…');
    const listed = options.slice(1, -1).map((o) => o.value);
    expect(listed).to.include.members(['AI', 'Email', 'Payments', 'Developer tools']);
    expect(listed).to.deep.equal([...listed].sort((a, b) => a.localeCompare(b)), 'sorted');
    expect(new Set(listed.map((c) => c.toLowerCase())).size, 'each once, whatever its case').to.equal(listed.length);
    expect(listed).not.to.include(' email ');
    expect(byId(el, 'f-category-new'), 'no text input until asked for').to.be.null;
    expect(el.shadowRoot!.querySelector(`label[for="f-category"]`)!.textContent).to.equal('Category');
    await settled();
    await expect(el).to.be.accessible();

    fill(byId(el, 'f-key'), 'acme-watch');
    fill(byId(el, 'f-name'), 'Acme Watch');
    fill(byId(el, 'f-logo-url'), 'https://cdn.example.com/watch.svg');
    const [first] = credentialRows(el);
    fill(inRow(first!, 'credential-name'), 'apiKey');
    fill(inRow(first!, 'credential-label'), 'API key');
    await save(el);
    await until(() => $(el, '[part~="error-summary"]'));
    expect(errorOf(el, select)).to.equal('Category must not be empty');
    expect(select.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus on the category to choose').to.equal(select);

    await typeNewCategory(el, 'email');
    const input = byId(el, 'f-category-new');
    expect(el.shadowRoot!.querySelector(`label[for="f-category-new"]`)!.textContent).to.equal('New category');
    expect(select.getAttribute('aria-invalid'), 'choosing clears the error').to.equal('false');
    expect(el.shadowRoot!.getElementById('f-category-new-hint')!.textContent).to.equal('Email already exists: the provider is saved in it.');
    fill(input, 'Observability');
    await el.updateComplete;
    expect(el.shadowRoot!.getElementById('f-category-new-hint')!.textContent).to.contain('As it should show in the marketplace');
    await settled();
    await expect(el).to.be.accessible();

    await save(el);
    await until(() => !dialog(el).open);
    expect((await storedRow(base.backend, 'acme-watch')).category).to.equal('Observability');
    await until(() => row(el, 'acme-watch'));
    expect(row(el, 'acme-watch').querySelector('[part~="row-meta"]')!.textContent).to.contain('Observability');
    await openAdd(el);
    expect(Array.from(byId<HTMLSelectElement>(el, 'f-category').options, (o) => o.value), 'now one to choose').to.include('Observability');
  });

  it('files a typed category under the existing one it names ("email" is saved as "Email")', async () => {
    const el = await mount();
    await openAdd(el);
    fill(byId(el, 'f-key'), 'acme-mail');
    fill(byId(el, 'f-name'), 'Acme Mail');
    await typeNewCategory(el, 'email');
    fill(byId(el, 'f-logo-url'), 'https://cdn.example.com/mail.svg');
    const [first] = credentialRows(el);
    fill(inRow(first!, 'credential-name'), 'apiKey');
    fill(inRow(first!, 'credential-label'), 'API key');
    await save(el);
    await until(() => !dialog(el).open);
    expect((await storedRow(kit.backend, 'acme-mail')).category).to.equal('Email');
    await openEdit(el, 'acme-mail');
    expect(byId<HTMLSelectElement>(el, 'f-category').value, 'and edits with Email chosen').to.equal('Email');
  });

  it('checks the draft with the schema before sending, and puts each error next to its field', async () => {
    const el = await mount();
    await openAdd(el);
    const key = byId(el, 'f-key');
    await type(key, 'Bad Key!');
    await el.updateComplete;
    expect(key.getAttribute('aria-invalid'), 'the key is checked as it is typed').to.equal('true');
    expect(errorOf(el, key)).to.match(/^Key must be 2 to 63 characters of lowercase letters, digits and hyphens/);

    fill(byId(el, 'f-name'), 'Broken');
    await chooseCategory(el, 'AI');
    fill(byId(el, 'f-logo-url'), 'javascript:alert(1)');
    fill(byId(el, 'f-help-url'), 'http://example.com/keys');
    const [first] = credentialRows(el);
    fill(inRow(first!, 'credential-name'), 'apiKey');
    fill(inRow(first!, 'credential-label'), 'API key');
    fill(inRow(first!, 'credential-pattern'), '([a-z');
    check(byId(el, 'f-verify'));
    await el.updateComplete;
    fill(byId(el, 'f-verify-url'), 'https://api.example.com/v1/me');
    $<HTMLButtonElement>(el, '[part~="add-header"]').click();
    await el.updateComplete;
    const header = $(el, '[part~="header-row"]');
    fill(inRow(header, 'header-name'), 'Authorization');
    fill(inRow(header, 'header-value'), 'Bearer {{token}}');
    await el.updateComplete;

    const before = kit.requests.length;
    await save(el);
    await until(() => $(el, '[part~="error-summary"]'));
    expect(kit.requests.length, 'nothing was sent').to.equal(before);

    expect(errorOf(el, byId(el, 'f-key'))).to.match(/^Key must be 2 to 63 characters/);
    expect(errorOf(el, byId(el, 'f-logo-url'))).to.equal('Logo must be an https:// URL or a data: URI of a PNG, JPEG, WebP or SVG image');
    expect(errorOf(el, byId(el, 'f-help-url'))).to.equal('Help URL must be an https:// URL');
    const pattern = inRow(credentialRows(el)[0]!, 'credential-pattern');
    expect(pattern.getAttribute('aria-invalid')).to.equal('true');
    expect(errorOf(el, pattern)).to.equal('Pattern must be a valid regular expression');
    const value = inRow($(el, '[part~="header-row"]'), 'header-value');
    expect(errorOf(el, value)).to.equal('Value template refers to {{token}}, which is not a credential field');
    expect(value.getAttribute('aria-describedby')).to.contain(`${value.id}-error`);
    expect(byId(el, 'f-name').getAttribute('aria-invalid')).to.equal('false');

    const summary = $(el, '[part~="error-summary"]');
    expect(summary.getAttribute('role')).to.equal('alert');
    expect(summary.textContent).to.contain('Fix 5 problems before saving');
    const items = Array.from(summary.querySelectorAll('li'), (li) => li.textContent!.trim());
    expect(items[0]).to.match(/^Key must be/);
    expect(items).to.include('Credential field 1 (API key): Pattern must be a valid regular expression');
    expect(items).to.include('Header Authorization: Value template refers to {{token}}, which is not a credential field');
    expect(el.shadowRoot!.activeElement, 'the first invalid field has focus').to.equal(byId(el, 'f-key'));
    // The summary's entries take you to their field.
    Array.from(summary.querySelectorAll('a')).find((a) => a.textContent!.includes('Help URL'))!.click();
    expect(el.shadowRoot!.activeElement).to.equal(byId(el, 'f-help-url'));
    await settled();
    await expect(el).to.be.accessible();

    // Fixing a field clears its error.
    fill(byId(el, 'f-help-url'), 'https://example.com/keys');
    await el.updateComplete;
    expect(errorOf(el, byId(el, 'f-help-url'))).to.be.undefined;
    expect($(el, '[part~="error-summary"]').textContent).to.contain('Fix 4 problems');
  });

  it('shows the OAuth settings for an OAuth 2 provider, checked like the rest', async () => {
    const el = await mount();
    await openAdd(el);
    expect(byId(el, 'f-authorize-url'), 'no OAuth settings for an API-key provider').to.be.null;
    byId(el, 'f-auth-oauth2').click();
    await el.updateComplete;
    expect(credentialRows(el), 'OAuth providers sign in: no pasted fields').to.be.empty;
    fill(byId(el, 'f-key'), 'acme-oauth');
    fill(byId(el, 'f-name'), 'Acme OAuth');
    await chooseCategory(el, 'Productivity');
    fill(byId(el, 'f-logo-url'), 'https://cdn.example.com/acme.svg');
    fill(byId(el, 'f-authorize-url'), 'http://acme.example.com/oauth/authorize');
    fill(byId(el, 'f-scopes'), 'read:docs, write:docs');
    fill(byId(el, 'f-client-id-ref'), 'acme');
    await el.updateComplete;
    const before = kit.requests.length;
    await save(el);
    await until(() => $(el, '[part~="error-summary"]'));
    expect(kit.requests.length).to.equal(before);
    expect(errorOf(el, byId(el, 'f-authorize-url'))).to.equal('Authorize URL must be an https:// URL');
    expect(errorOf(el, byId(el, 'f-token-url'))).to.equal('Token URL must be an https:// URL');
    expect(el.shadowRoot!.activeElement).to.equal(byId(el, 'f-authorize-url'));

    fill(byId(el, 'f-authorize-url'), 'https://acme.example.com/oauth/authorize');
    fill(byId(el, 'f-token-url'), 'https://acme.example.com/oauth/token');
    await el.updateComplete;
    const changed = oneEvent(el, 'ik-catalog-changed');
    await save(el);
    await changed;
    const stored = (await kit.backend.listProviders()).find((p) => p.key === 'acme-oauth')!;
    expect(stored.authType).to.equal('oauth2');
    expect(stored.credentials).to.deep.equal([]);
    expect(stored.oauth).to.deep.equal({
      authorizeUrl: 'https://acme.example.com/oauth/authorize',
      tokenUrl: 'https://acme.example.com/oauth/token',
      scopes: ['read:docs', 'write:docs'],
      clientIdRef: 'acme',
    });
  });

  it('shows a key taken meanwhile (409 already_exists) on the key field', async () => {
    const el = await mount();
    await openAdd(el);
    const key = byId(el, 'f-key');
    await type(key, 'openai');
    await el.updateComplete;
    expect(errorOf(el, key), 'a key already in the list is flagged at once').to.equal('Key is already taken by another provider');
    fill(key, 'acme-crm');
    fill(byId(el, 'f-name'), 'Acme CRM');
    await typeNewCategory(el, 'CRM');
    fill(byId(el, 'f-logo-url'), 'https://cdn.example.com/acme.svg');
    const [first] = credentialRows(el);
    fill(inRow(first!, 'credential-name'), 'apiKey');
    fill(inRow(first!, 'credential-label'), 'API key');
    await el.updateComplete;
    expect(key.getAttribute('aria-invalid')).to.equal('false');

    // Another platform admin adds the same key while this form is open.
    await kit.api('POST', '/providers', { key: 'acme-crm', name: 'Acme', category: 'CRM', logo: 'https://cdn.example.com/a.svg', authType: 'none' });
    const failed = oneEvent(el, 'ik-error');
    await save(el);
    expect((await failed).detail.code).to.equal('already_exists');
    await until(() => $(el, '[part~="error-summary"]'));
    expect(kit.requests).to.include('POST /providers');
    expect(errorOf(el, key)).to.equal('Key is already taken');
    expect(key.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '[part~="error-summary"]').textContent).to.contain('Key is already taken');
    expect(el.shadowRoot!.activeElement).to.equal(key);
    expect(dialog(el).open, 'the form stays open to fix it').to.be.true;
  });

  it('edits an existing row: the key is locked and stays the row’s identity', async () => {
    const el = await mount();
    const edit = row(el, 'openai').querySelector<HTMLButtonElement>('[part~="edit-button"]')!;
    edit.focus();
    await openEdit(el, 'openai');
    expect($(el, '[part~="dialog-title"]').textContent).to.equal('Edit OpenAI');
    const key = byId(el, 'f-key');
    expect(key.value).to.equal('openai');
    expect(key.readOnly).to.be.true;
    expect(key.getAttribute('aria-readonly')).to.equal('true');
    expect(el.shadowRoot!.getElementById('f-key-hint')!.textContent).to.contain('cannot be changed after creation');
    expect(el.shadowRoot!.activeElement, 'focus starts on the first editable field').to.equal(byId(el, 'f-name'));
    expect(byId(el, 'f-name').value).to.equal('OpenAI');
    expect(byId<HTMLSelectElement>(el, 'f-category').value, 'its category is the one chosen').to.equal('AI');
    expect(byId(el, 'f-category-new'), 'no new category to type').to.be.null;
    expect(inRow(credentialRows(el)[0]!, 'credential-pattern').value).to.equal('^sk-[A-Za-z0-9_-]{20,200}$');
    expect(byId<HTMLInputElement>(el, 'f-verify').checked).to.be.true;
    expect(inRow($(el, '[part~="header-row"]'), 'header-value').value).to.equal('Bearer {{apiKey}}');
    expect($<HTMLImageElement>(el, '[part~="logo-preview"] img').src).to.match(/^data:image\/svg\+xml/);
    await settled();
    await expect(el).to.be.accessible();

    await type(key, 'renamed');
    await el.updateComplete;
    expect(key.value, 'typing cannot change the key').to.equal('openai');
    const description = byId<HTMLTextAreaElement>(el, 'f-description');
    fill(description, 'GPT models, edited by the platform.');
    const changed = oneEvent(el, 'ik-catalog-changed');
    kit.hold();
    await save(el);
    const saveButton = $<HTMLButtonElement>(el, '[part~="save-button"]');
    expect(saveButton.getAttribute('aria-busy'), 'busy while saving').to.equal('true');
    expect(saveButton.textContent!.trim()).to.equal('Saving…');
    expect($<HTMLButtonElement>(el, '[part~="close-button"]').disabled).to.be.true;
    expect($(el, '[part~="form"]').getAttribute('aria-busy')).to.equal('true');
    await sendKeys({ press: 'Escape' });
    expect(dialog(el).open, 'Escape waits for the save').to.be.true;
    kit.release();
    expect((await changed).detail).to.deep.equal({ providerKey: 'openai', action: 'updated' });
    await until(() => !dialog(el).open);
    expect(kit.requests).to.include('PUT /providers/openai');
    expect(el.shadowRoot!.activeElement, 'focus returns to the row’s Edit button').to.equal(edit);
    expect($(el, '[part~="message"]').textContent).to.contain('OpenAI was saved.');
    const stored = (await kit.backend.listProviders()).find((p) => p.key === 'openai')!;
    expect(stored.description).to.equal('GPT models, edited by the platform.');
    expect((await kit.backend.listProviders()).filter((p) => p.key === 'renamed')).to.be.empty;
  });

  it('reorders, adds and removes credential fields from the keyboard, and keeps the order', async () => {
    const el = await mount();
    await openEdit(el, 'twilio');
    const names = () => credentialRows(el).map((item) => inRow(item, 'credential-name').value);
    expect(names()).to.deep.equal(['accountSid', 'authToken', 'statusCallbackUrl']);
    const up = credentialRows(el)[1]!.querySelector<HTMLButtonElement>('[data-move="up"]')!;
    expect(up.getAttribute('aria-label')).to.equal('Move Field 2: Auth token up');
    expect(credentialRows(el)[0]!.querySelector<HTMLButtonElement>('[data-move="up"]')!.disabled, 'the first cannot go up').to.be.true;
    up.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => names()[0] === 'authToken');
    expect(names()).to.deep.equal(['authToken', 'accountSid', 'statusCallbackUrl']);
    // At the top its "up" is disabled: focus stays on the moved field's "down".
    expect(el.shadowRoot!.activeElement).to.equal(credentialRows(el)[0]!.querySelector('[data-move="down"]'));
    expect(dialog(el).querySelector('[role="status"]')!.textContent).to.equal('Field 2: Auth token moved to position 1.');

    $<HTMLButtonElement>(el, '[part~="add-credential"]').click();
    await until(() => credentialRows(el).length === 4);
    const extra = credentialRows(el)[3]!;
    extra.querySelector<HTMLButtonElement>('[data-remove]')!.click();
    await until(() => credentialRows(el).length === 3);
    expect(el.shadowRoot!.activeElement, 'focus goes to the field before').to.equal(inRow(credentialRows(el)[2]!, 'credential-name'));

    await save(el);
    await until(() => !dialog(el).open);
    const stored = (await kit.backend.listProviders()).find((p) => p.key === 'twilio')!;
    expect(stored.credentials.map((c) => c.name)).to.deep.equal(['authToken', 'accountSid', 'statusCallbackUrl']);
  });

  it('accepts a small PNG logo, and rejects a large or non-image file before reading it', async () => {
    const el = await mount();
    await openEdit(el, 'resend');
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 16;
    canvas.getContext('2d')!.fillRect(0, 0, 16, 16);
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    await chooseFile(el, new File([png], 'logo.png', { type: 'image/png' }));
    await until(() => $<HTMLImageElement>(el, '[part~="logo-preview"] img')?.src.startsWith('data:image/png;base64,'));
    const file = byId(el, 'f-logo-file');
    expect(file.getAttribute('aria-invalid')).to.equal('false');
    expect(byId(el, 'f-logo-url').value, 'an upload replaces the URL').to.equal('');

    const reads: Blob[] = [];
    const original = FileReader.prototype.readAsDataURL;
    FileReader.prototype.readAsDataURL = function (blob: Blob) {
      reads.push(blob);
      return original.call(this, blob);
    };
    try {
      await chooseFile(el, new File([new Uint8Array(101 * 1024)], 'huge.png', { type: 'image/png' }));
      expect(file.getAttribute('aria-invalid')).to.equal('true');
      expect(errorOf(el, file)).to.equal('Logo must be at most 100 KB (this file is 101 KB)');
      await chooseFile(el, new File(['GIF89a'], 'anim.gif', { type: 'image/gif' }));
      expect(errorOf(el, file)).to.equal('Logo must be a PNG, JPEG, WebP or SVG image (this file is image/gif)');
      expect(file.getAttribute('aria-describedby')).to.contain('f-logo-file-error');
      expect(reads, 'rejected files are never read').to.be.empty;
    } finally {
      FileReader.prototype.readAsDataURL = original;
    }
    expect($<HTMLImageElement>(el, '[part~="logo-preview"] img').src, 'the accepted logo stays').to.match(/^data:image\/png;base64,/);

    await save(el);
    await until(() => !dialog(el).open);
    const stored = (await kit.backend.listProviders()).find((p) => p.key === 'resend')!;
    expect(stored.logo).to.match(/^data:image\/png;base64,/);
    expect(row(el, 'resend').querySelector('img')!.getAttribute('src')).to.equal(stored.logo);
  });

  it('retires a row after a confirmation: its connections are revoked, not deleted', async () => {
    const el = await mount();
    const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
    expect(connection.status).to.equal('active');
    const retire = () => row(el, 'openai').querySelector<HTMLButtonElement>('[part~="retire-button"]');
    const confirm = $<HTMLDialogElement>(el, 'dialog.confirm');

    retire()!.click();
    await until(() => confirm.open);
    expect(confirm.textContent).to.contain('Retire OpenAI?');
    expect(confirm.textContent).to.contain('leaves the marketplace');
    expect(confirm.textContent).to.contain("every workspace's connection to it is revoked at once");
    expect(confirm.textContent).to.contain('kept and stay visible, not deleted');
    await settled();
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !confirm.open);
    expect(el.shadowRoot!.activeElement, 'Escape keeps it, focus back on Retire').to.equal(retire());
    expect(kit.requests.filter((r) => r.endsWith('/retire'))).to.be.empty;

    retire()!.click();
    await until(() => confirm.open);
    const changed = oneEvent(el, 'ik-catalog-changed');
    $<HTMLButtonElement>(el, '[part~="confirm-button"]').click();
    expect((await changed).detail).to.deep.equal({ providerKey: 'openai', action: 'retired' });
    await until(() => row(el, 'openai').querySelector('[part~="row-availability"]')!.textContent!.trim() === 'Retired');
    expect(retire(), 'a retired row cannot be retired again').to.be.null;
    expect(row(el, 'openai').querySelector('[part~="row-note"]')!.textContent).to.contain('Edit it to restore it');
    expect($(el, '[part~="message"]').textContent).to.contain('OpenAI was retired.');
    expect(el.shadowRoot!.activeElement).to.equal(row(el, 'openai').querySelector('[part~="edit-button"]'));

    const { connections } = await kit.api('GET', '/provider-connections?workspaceId=acme');
    expect(connections.map((c: { id: string; status: string }) => [c.id, c.status])).to.deep.equal([[connection.id, 'revoked']]);
    await expect(el).to.be.accessible();
  });

  it('restores a retired row by editing its availability, and says its connections stay revoked', async () => {
    kit = await createKit(PLATFORM_ADMIN);
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'resend', credentialPayload: kit.samples.resend });
    await kit.api('POST', '/providers/resend/retire');
    const el = await fixture<ProviderCatalogEditor>(html`<provider-catalog-editor refresh-interval="0" .backend=${kit.backend}></provider-catalog-editor>`);
    await until(() => row(el, 'resend'));
    await openEdit(el, 'resend');
    const notice = $(el, '.section [part~="notice"]');
    expect(notice.textContent).to.contain('This provider is retired');
    expect(notice.textContent).to.contain('stay revoked (kept, not deleted) until each is re-tested or given a new key');
    expect(byId(el, 'f-availability-retired').checked).to.be.true;
    byId(el, 'f-availability-available').click();
    await save(el);
    await until(() => !dialog(el).open);
    expect($(el, '[part~="message"]').textContent!.trim()).to.equal('Resend is back in the catalog. Its connections stay revoked until they are re-tested or given a new key.');
    expect(row(el, 'resend').querySelector('[part~="row-availability"]')!.textContent!.trim()).to.equal('Available');
    const { connections } = await kit.api('GET', '/provider-connections?workspaceId=acme');
    expect(connections[0].status).to.equal('revoked');
  });

  it('closes the form with Escape or Cancel and returns focus to the trigger, sending nothing', async () => {
    const el = await mount();
    const add = $<HTMLButtonElement>(el, '[part~="add-button"]');
    add.focus();
    await openAdd(el);
    await type(byId(el, 'f-key'), 'draft-only');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog(el).open);
    expect(el.shadowRoot!.activeElement).to.equal(add);
    await openAdd(el);
    expect(byId(el, 'f-key').value, 'a new form starts empty').to.equal('');
    $<HTMLButtonElement>(el, '[part~="cancel-button"]').click();
    await until(() => !dialog(el).open);
    expect(kit.requests.filter((r) => !r.startsWith('GET'))).to.be.empty;
  });

  it('shows the catalog read-only, with a notice, to anyone but a platform admin', async () => {
    const el = await mount('demo-acme-admin');
    expect(el.shadowRoot!.querySelectorAll('[part~="row"]').length).to.be.greaterThan(10);
    const notice = $(el, '[part~="read-only-notice"]');
    expect(notice.textContent).to.contain('Only platform admins can edit the catalog.');
    expect($(el, '[part~="add-button"]')).to.be.null;
    expect(el.shadowRoot!.querySelectorAll('[part~="edit-button"], [part~="retire-button"], [part~="row-actions"]').length).to.equal(0);
    await expect(el).to.be.accessible();
  });
});
