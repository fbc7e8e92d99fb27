import { manageIcons } from '../../src/styles/manage-icons.ts';
import { defaultStrings } from '../../src/i18n/default-strings.ts';
import { Task } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { can } from '../../src/auth/permissions.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { deepActiveElement } from '../../src/element/deep-active-element.ts';
import { logoStyles, renderLogo } from '../../src/element/logo.ts';
import { IntegrationElement } from '../../src/element/integration-element.ts';
import { renderLoadError } from '../../src/element/load-error.ts';
import { IkCatalogChangedEvent } from '../../src/events/events.ts';
import { distinctCategories } from '../../src/schema/category.ts';
import { englishErrors } from '../../src/schema/messages.ts';
import { logoProblem, providerKey } from '../../src/schema/primitives.ts';
import { AUTH_TYPES, type AuthType, type ProviderView } from '../../src/schema/provider.ts';
import { icons } from '../../src/styles/icons.ts';
import { renderCategoryField } from './category-field.ts';
import { dataUriKb, LOGO_TYPES, readLogoFile, type LogoFileProblem } from './logo-file.ts';
import { credentialLegend, editorIcons, fieldError, formControls, renderCredentialRows, renderHeaderRows } from './form-fields.ts';
import {
  credentialDraft,
  draftFromProvider,
  emptyDraft,
  errorSentence,
  headerDraft,
  ids,
  METHODS,
  placeErrors,
  placeholderNames,
  validateDraft,
  type Availability,
  type CredentialDraft,
  type FormError,
  type FormErrors,
  type HeaderDraft,
  type ProviderDraft,
} from './provider-draft.ts';
import { styles } from './provider-catalog-editor.styles.ts';

type Message = { kind: 'success' | 'error'; text: string };

/** The form's subject: a new row (no original) or an existing one. */
interface Editing {
  original?: ProviderView | undefined;
}

/**
 * The provider catalog for platform admins: every row with its logo, key, category and
 * availability; Add and Edit open a form covering every field of a catalog row (checked with
 * the same schema the server uses, errors next to their inputs); Retire takes a row out of the
 * marketplace after a confirmation. Other users see the catalog read-only, with a notice.
 *
 * @summary Add, edit and retire providers of the catalog.
 * @tagname provider-catalog-editor
 * @event {IkCatalogChangedEvent} ik-catalog-changed - A row was created, updated or retired (`detail.providerKey`, `detail.action`).
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart base - The whole element.
 * @csspart header - Heading, count and the Add button.
 * @csspart heading - The section heading.
 * @csspart count - "16 providers".
 * @csspart add-button - "Add provider".
 * @csspart message - What the last save or retire did.
 * @csspart read-only-notice - Why there are no editing controls (not a platform admin).
 * @csspart list - The list of rows.
 * @csspart row - One provider.
 * @csspart row-logo - A row's logo.
 * @csspart row-name - A row's name.
 * @csspart row-meta - A row's key, category and authentication.
 * @csspart row-key - A row's key.
 * @csspart row-availability - A row's availability badge: available, coming soon or retired.
 * @csspart row-note - The note under a retired row.
 * @csspart row-actions - A row's Edit and Retire buttons.
 * @csspart edit-button - A row's Edit button.
 * @csspart retire-button - A row's Retire button.
 * @csspart empty - The "no providers yet" state.
 * @csspart error - The load error, with its retry button.
 * @csspart dialog - The add/edit dialog.
 * @csspart dialog-header - The dialog's heading, introduction and × button.
 * @csspart dialog-title - The dialog's heading.
 * @csspart close-button - The × button.
 * @csspart form - The provider form.
 * @csspart error-summary - The list of problems at the top of the form, after a failed save.
 * @csspart notice - A form-level message (save failed, provider retired).
 * @csspart section - A group of the form (Basics, Logo, Authentication, …).
 * @csspart section-title - A group's heading.
 * @csspart field - One labelled input with its hint and error.
 * @csspart label - An input's label.
 * @csspart input - A text input, text area or select.
 * @csspart hint - An input's hint.
 * @csspart field-error - An input's error message.
 * @csspart auth-type - The authentication type radio group.
 * @csspart availability - The availability radio group.
 * @csspart choice - One option of a radio group.
 * @csspart logo - The logo's preview, upload and URL.
 * @csspart logo-preview - The logo as it will show.
 * @csspart logo-file - The logo upload input.
 * @csspart credentials - The repeatable credential fields.
 * @csspart credential-row - One credential field's fieldset.
 * @csspart row-tools - Move up, move down and remove of a credential field.
 * @csspart add-credential - "Add a credential field".
 * @csspart recipe - The credential test's fields (shown once it is turned on).
 * @csspart headers - The recipe's repeatable headers.
 * @csspart header-row - One header (name and value template).
 * @csspart add-header - "Add a header".
 * @csspart dialog-footer - Cancel and Save.
 * @csspart cancel-button - "Cancel".
 * @csspart save-button - "Add provider" / "Save changes".
 * @csspart confirm - The retire confirmation dialog.
 * @csspart confirm-button - "Retire provider" in the confirmation.
 * @cssproperty --ik-catalog-dialog-width - The add/edit dialog's width (default 736px at the default --ik-font-size, scaling with it).
 */
export class ProviderCatalogEditor extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, logoStyles, styles];
  protected static override defaultStrings = defaultStrings;

  @state() private providers: ProviderView[] = [];
  @state() private canEdit = false;
  @state() private editing?: Editing | undefined;
  @state() private draft: ProviderDraft = emptyDraft();
  @state() private errors: FormErrors = {};
  /** The errors in the form's order, listed at its top after a failed save. */
  @state() private summary: FormError[] = [];
  @state() private formNotice?: string | undefined;
  @state() private saving = false;
  @state() private confirming?: ProviderView | undefined;
  @state() private retiringKey?: string | undefined;
  @state() private message?: Message | undefined;
  /** Said by the form's live region: a field moved or removed, a logo rejected. */
  @state() private formAnnouncement = '';

  @query('dialog.editor') private editorDialog!: HTMLDialogElement;
  @query('dialog.confirm') private confirmDialog!: HTMLDialogElement;

  private trigger: HTMLElement | null = null;
  private categories: string[] = [];
  private logoPreviewable = false;

  private readonly data = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) throw new Error(this.t.noBackend);
      const [me, providers] = await Promise.all([this.whoAmI(client, signal), client.listProviders({ signal })]);
      this.providers = providers;
      this.canEdit = can(me, 'catalog.edit');
      return { me };
    },
    // A new token (or token source) reloads: a host may set it after the elements upgraded.
    args: () => [this.client, this.token, this.getToken] as const,
    onError: (error) => this.report(error),
  });

  /** Polls, and reloads when another element on the page changes the catalog. */
  protected override readonly live = true;

  /** Loads the catalog (and who may edit it) again. */
  override refresh(): Promise<void> {
    return this.data.run();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('providers')) this.categories = distinctCategories(this.providers.map((p) => p.category));
    if (changed.has('draft')) this.logoPreviewable = this.draft.logo !== '' && !logoProblem(this.draft.logo);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('editing') && this.editing && !this.editorDialog.open) this.editorDialog.showModal();
  }

  protected override render(): TemplateResult {
    return html`
      <section part="base" aria-labelledby="heading">
        ${this.renderHeader()}
        <div class="message-region" role="status">${this.message?.kind === 'success' ? this.renderMessage(this.message) : nothing}</div>
        ${this.message?.kind === 'error' ? html`<div role="alert">${this.renderMessage(this.message)}</div>` : nothing}
        ${this.data.render({
          initial: () => this.renderLoading(),
          pending: () => (this.data.value ? this.renderCatalog() : this.renderLoading()),
          complete: () => this.renderCatalog(),
          error: (error) => renderLoadError(error, this.t, () => void this.refresh()),
        })}
        ${this.renderEditor()} ${this.renderConfirm()}
      </section>
    `;
  }

  // ——— The list ———

  private renderHeader() {
    const loaded = this.data.value !== undefined;
    return html`
      <header class="head" part="header">
        <div class="head-text">
          <h2 id="heading" part="heading" tabindex="-1">${this.t.catalogHeading}</h2>
          ${loaded ? html`<p class="count" part="count">${this.t.catalogCount(this.providers.length)}</p>` : nothing}
        </div>
        ${loaded && this.canEdit
          ? html`<button class="button primary" part="add-button" @click=${(e: Event) => this.openEditor(undefined, e.currentTarget as HTMLElement)}>
              ${editorIcons.plus}${this.t.catalogAdd}
            </button>`
          : nothing}
      </header>
    `;
  }

  private renderMessage(message: Message) {
    return html`
      <div class="notice ${message.kind}" part="message">
        ${message.kind === 'success' ? icons.check : icons.alert}
        <p>${message.text}</p>
        <button class="button quiet icon small" aria-label=${this.t.catalogDismiss} @click=${() => (this.message = undefined)}>${icons.close}</button>
      </div>
    `;
  }

  private renderLoading() {
    return html`
      <p class="visually-hidden" role="status">${this.t.catalogLoading}</p>
      <ul class="list" part="list" aria-busy="true" aria-label=${this.t.catalogLoading}>
        ${Array.from(
          { length: 4 },
          () => html`
            <li class="row skeleton-row" aria-hidden="true">
              <span class="skeleton logo"></span>
              <div class="row-title"><span class="skeleton line w35"></span><span class="skeleton line w55"></span></div>
            </li>
          `,
        )}
      </ul>
    `;
  }

  private renderCatalog() {
    return html`
      ${this.canEdit ? nothing : this.renderReadOnlyNotice()}
      ${this.providers.length === 0
        ? html`
            <div class="state" part="empty">
              ${manageIcons.plug}
              <p class="state-title">${this.t.catalogEmpty}</p>
              <p class="state-text">${this.canEdit ? this.t.catalogEmptyHint : this.t.catalogEmptyReadOnly}</p>
            </div>
          `
        : html`<ul class="list" part="list" aria-label=${this.t.catalogHeading}>
            ${repeat(this.providers, (p) => p.key, (p) => this.renderRow(p))}
          </ul>`}
    `;
  }

  private renderReadOnlyNotice() {
    return html`
      <div class="notice read-only" part="read-only-notice" role="note">
        ${editorIcons.lock}
        <div>
          <p class="notice-title">${this.t.catalogReadOnlyTitle}</p>
          <p class="notice-text">${this.t.catalogReadOnlyText}</p>
        </div>
      </div>
    `;
  }

  private renderRow(provider: ProviderView) {
    const retired = provider.availability === 'retired';
    const busy = this.retiringKey === provider.key;
    const badge = { available: 'success', coming_soon: 'warning', retired: 'neutral' }[provider.availability];
    const fields = provider.authType === 'oauth2' ? '' : this.t.catalogFieldCount(provider.credentials.length);
    return html`
      <li class="row ${provider.availability}" part="row" data-provider=${provider.key} aria-busy=${busy ? 'true' : 'false'}>
        ${renderLogo(provider.logo, provider.name, 'row-logo', true)}
        <div class="row-title">
          <h3 part="row-name">${provider.name}</h3>
          <p class="meta" part="row-meta">
            <code part="row-key">${provider.key}</code>
            <span>${provider.category}</span>
            <span>${[this.t.catalogAuthTypes[provider.authType], fields].filter(Boolean).join(', ')}</span>
          </p>
          ${retired ? html`<p class="row-note" part="row-note">${this.t.catalogRetiredNote}</p>` : nothing}
        </div>
        <span class="badge ${badge}" part="row-availability">${this.t.catalogAvailability[provider.availability]}</span>
        ${this.canEdit ? this.renderRowActions(provider, retired, busy) : nothing}
      </li>
    `;
  }

  private renderRowActions(provider: ProviderView, retired: boolean, busy: boolean) {
    return html`
      <div class="row-actions" part="row-actions">
        <button
          class="button small"
          part="edit-button"
          data-edit=${provider.key}
          aria-label=${this.t.catalogRowAction(this.t.catalogEdit, provider.name)}
          ?disabled=${busy}
          @click=${(e: Event) => this.openEditor(provider, e.currentTarget as HTMLElement)}
        >
          ${editorIcons.edit}${this.t.catalogEdit}
        </button>
        ${retired
          ? nothing
          : html`<button
              class="button small quiet danger-text"
              part="retire-button"
              data-retire=${provider.key}
              aria-label=${this.t.catalogRowAction(this.t.catalogRetire, provider.name)}
              ?disabled=${busy}
              aria-busy=${busy ? 'true' : 'false'}
              @click=${() => void this.askRetire(provider)}
            >
              ${busy ? html`<span class="spinner" aria-hidden="true"></span>${this.t.catalogRetiring}` : this.t.catalogRetire}
            </button>`}
      </div>
    `;
  }

  // ——— The add/edit dialog ———

  private renderEditor() {
    return html`
      <dialog class="editor rises" part="dialog" aria-labelledby="editor-title" @cancel=${this.onEditorCancel} @close=${this.onEditorClosed}>
        ${this.editing ? this.renderForm(this.editing) : nothing}
      </dialog>
    `;
  }

  private renderForm(editing: Editing) {
    const original = editing.original;
    return html`
      <header class="dialog-head" part="dialog-header">
        <div class="head-text">
          <h2 id="editor-title" part="dialog-title">${original ? this.t.catalogEditTitle(original.name) : this.t.catalogAddTitle}</h2>
          <p>${this.t.catalogFormIntro}</p>
        </div>
        <button class="button quiet icon" part="close-button" aria-label=${this.t.close} ?disabled=${this.saving} @click=${this.closeEditor}>${icons.close}</button>
      </header>
      <form part="form" novalidate aria-busy=${this.saving ? 'true' : 'false'} @submit=${this.onSubmit}>
        ${this.summary.length ? this.renderSummary() : nothing}
        ${this.formNotice ? html`<div class="notice error" part="notice" role="alert">${icons.alert}<p>${this.formNotice}</p></div>` : nothing}
        ${this.renderBasics(original)} ${this.renderLogo()} ${this.renderAuth()} ${this.renderHelp()} ${this.renderVerification()}
        ${this.draft.authType === 'oauth2' ? this.renderOAuth() : nothing} ${this.renderAvailability(original)}
        <p class="visually-hidden" role="status">${this.formAnnouncement}</p>
        <footer part="dialog-footer">
          <button type="button" class="button quiet" part="cancel-button" ?disabled=${this.saving} @click=${this.closeEditor}>${this.t.cancel}</button>
          <span class="spacer"></span>
          <button type="submit" class="button primary" part="save-button" ?disabled=${this.saving} aria-busy=${this.saving ? 'true' : 'false'}>
            ${this.saving ? html`<span class="spinner" aria-hidden="true"></span>${this.t.catalogSaving}` : original ? this.t.catalogSave : this.t.catalogCreate}
          </button>
        </footer>
      </form>
    `;
  }

  private renderSummary() {
    return html`
      <div class="notice error summary" part="error-summary" role="alert">
        ${icons.alert}
        <div>
          <p class="notice-title">${this.t.catalogSummaryTitle(this.summary.length)}</p>
          <ul>
            ${this.summary.map((error) => {
              const text = `${error.context ? `${error.context}: ` : ''}${errorSentence(error)}`;
              return html`<li>${error.id ? html`<a href="#${error.id}" @click=${(e: Event) => this.followSummaryLink(e, error.id)}>${text}</a>` : text}</li>`;
            })}
          </ul>
        </div>
      </div>
    `;
  }

  private section(id: string, title: string, content: unknown) {
    return html`
      <div class="section" part="section" role="group" aria-labelledby="section-${id}">
        <h3 id="section-${id}" part="section-title">${title}</h3>
        ${content}
      </div>
    `;
  }

  private renderBasics(original: ProviderView | undefined) {
    const c = formControls(this.t);
    const labels = this.t.catalogLabels;
    const d = this.draft;
    const keyHint = html`<span class="key-warning">${original ? editorIcons.lock : manageIcons.key}${original ? this.t.catalogHints.keyLocked : this.t.catalogHints.key}</span>`;
    return this.section(
      'basics',
      this.t.catalogSections.basics,
      html`
        <div class="grid">
          ${c.text({ id: ids.key, name: 'key', label: labels.key, value: d.key, mono: true, readonly: !!original, autofocus: !original, placeholder: 'mailchimp', hint: keyHint, error: this.errors[ids.key], onInput: this.onKeyInput })}
          ${c.text({ id: ids.name, name: 'name', label: labels.name, value: d.name, autofocus: !!original, placeholder: 'Mailchimp', hint: this.t.catalogHints.name, error: this.errors[ids.name], onInput: (name) => this.patch({ name }, ids.name) })}
          ${renderCategoryField({
            t: this.t,
            categories: this.categories,
            category: d.category,
            isNew: d.categoryIsNew,
            errors: this.errors,
            onChoose: (category) => this.patch({ category: category ?? '', categoryIsNew: category === undefined }, ids.category, ids.categoryNew),
            onInput: (category) => this.patch({ category }, ids.categoryNew),
          })}
          ${c.text({ id: ids.description, name: 'description', label: labels.description, value: d.description, optional: true, multiline: true, wide: true, maxlength: 280, hint: this.t.catalogHints.description(d.description.length), error: this.errors[ids.description], onInput: (description) => this.patch({ description }, ids.description) })}
        </div>
      `,
    );
  }

  private renderLogo() {
    const c = formControls(this.t);
    const labels = this.t.catalogLabels;
    const logo = this.draft.logo;
    const embedded = logo.startsWith('data:');
    const fileError = this.errors[ids.logoFile];
    const describedBy = [`${ids.logoFile}-hint`, fileError ? `${ids.logoFile}-error` : ''].filter(Boolean).join(' ');
    return this.section(
      'logo',
      this.t.catalogSections.logo,
      html`
        <div class="logo-editor" part="logo">
          <div class="logo-preview" part="logo-preview">
            ${this.logoPreviewable
              ? html`<img src=${logo} alt=${this.t.catalogLogoPreview} width="64" height="64" />`
              : html`${editorIcons.image}<span class="visually-hidden">${this.t.catalogNoLogo}</span>`}
          </div>
          <div class="logo-inputs">
            <div class="field" part="field">
              <label class="label" part="label" for=${ids.logoFile}>${labels.logoFile}</label>
              <input
                id=${ids.logoFile}
                class="file"
                part="logo-file"
                type="file"
                accept=${LOGO_TYPES.join(',')}
                aria-invalid=${fileError ? 'true' : 'false'}
                aria-describedby=${describedBy}
                @change=${this.onLogoFile}
              />
              <p class="hint" id="${ids.logoFile}-hint" part="hint">${this.t.catalogHints.logo}${embedded && this.logoPreviewable ? ` ${this.t.catalogLogoEmbedded(dataUriKb(logo))}` : ''}</p>
              ${fieldError(fileError, ids.logoFile)}
            </div>
            ${c.text({ id: ids.logoUrl, name: 'logo-url', type: 'url', label: labels.logoUrl, value: embedded ? '' : logo, placeholder: 'https://example.com/logo.svg', hint: this.t.catalogHints.logoUrl, error: this.errors[ids.logoUrl], onInput: (value) => this.patch({ logo: value }, ids.logoUrl, ids.logoFile) })}
          </div>
        </div>
      `,
    );
  }

  private renderAuth() {
    const c = formControls(this.t);
    const d = this.draft;
    return this.section(
      'auth',
      this.t.catalogSections.auth,
      html`
        ${c.radios({
          name: 'authType',
          legend: this.t.catalogLabels.authType,
          part: 'auth-type',
          hiddenLegend: true,
          value: d.authType,
          options: AUTH_TYPES.map((value) => ({ value, label: this.t.catalogAuthTypes[value], hint: this.t.catalogAuthHints[value] })),
          idFor: (value) => `f-auth-${value}`,
          onChange: this.onAuthType,
        })}
        ${d.authType === 'oauth2' || (d.authType === 'none' && d.credentials.length === 0)
          ? nothing
          : html`
              <div class="subsection" role="group" aria-labelledby="section-credentials">
                <h4 id="section-credentials">${this.t.catalogSections.credentials}</h4>
                ${renderCredentialRows({
                  rows: d.credentials,
                  errors: this.errors,
                  t: this.t,
                  busy: this.saving,
                  onChange: this.patchCredential,
                  onMove: (uid, delta) => void this.moveCredential(uid, delta),
                  onRemove: (uid) => void this.removeCredential(uid),
                  onAdd: () => void this.addCredential(),
                })}
              </div>
            `}
      `,
    );
  }

  private renderHelp() {
    const c = formControls(this.t);
    const labels = this.t.catalogLabels;
    return this.section(
      'help',
      this.t.catalogSections.help,
      html`
        <div class="grid">
          ${c.text({ id: ids.helpUrl, name: 'help-url', type: 'url', label: labels.helpUrl, value: this.draft.helpUrl, optional: true, wide: true, placeholder: 'https://example.com/account/api-keys', hint: this.t.catalogHints.helpUrl, error: this.errors[ids.helpUrl], onInput: (helpUrl) => this.patch({ helpUrl }, ids.helpUrl) })}
          ${c.text({ id: ids.helpInstructions, name: 'help-instructions', label: labels.helpInstructions, value: this.draft.helpInstructions, optional: true, multiline: true, wide: true, hint: this.t.catalogHints.helpInstructions, error: this.errors[ids.helpInstructions], onInput: (helpInstructions) => this.patch({ helpInstructions }, ids.helpInstructions) })}
        </div>
      `,
    );
  }

  private renderVerification() {
    const c = formControls(this.t);
    const labels = this.t.catalogLabels;
    const d = this.draft;
    const names = placeholderNames(d).map((n) => `{{${n}}}`).join(', ');
    const template = (id: string, label: string, value: string, key: keyof ProviderDraft, extra: { wide?: boolean; optional?: boolean; multiline?: boolean; placeholder?: string } = {}) =>
      c.text({ id, label, value, mono: !extra.multiline, error: this.errors[id], hint: id === ids.verifyUrl ? `${this.t.catalogHints.verifyUrl} ${this.t.catalogHints.placeholders(names)}` : undefined, onInput: (v) => this.patch({ [key]: v }, id), ...extra });
    return this.section(
      'verification',
      this.t.catalogSections.verification,
      html`
        ${c.checkbox({ id: ids.verify, label: labels.verify, checked: d.verify, onChange: (verify) => this.patch({ verify }) })}
        ${d.verify
          ? html`
              <div class="grid recipe" part="recipe">
                ${c.select({ id: ids.method, label: labels.method, value: d.method, options: METHODS.map((value) => ({ value, label: value })), error: this.errors[ids.method], onChange: (method) => this.patch({ method }, ids.method) })}
                <span></span>
                ${template(ids.verifyUrl, labels.verifyUrl, d.verifyUrl, 'verifyUrl', { wide: true, placeholder: 'https://api.example.com/v1/me' })}
                <div class="wide">
                  ${renderHeaderRows({
                    rows: d.headers,
                    errors: this.errors,
                    t: this.t,
                    busy: this.saving,
                    onChange: this.patchHeader,
                    onRemove: (uid) => void this.removeHeader(uid),
                    onAdd: () => void this.addHeader(),
                  })}
                </div>
                <div class="wide">${c.checkbox({ id: ids.basicAuth, label: labels.basicAuth, checked: d.basicAuth, onChange: (basicAuth) => this.patch({ basicAuth }, ids.basicUsername, ids.basicPassword) })}</div>
                ${d.basicAuth
                  ? html`${template(ids.basicUsername, labels.basicUsername, d.basicUsername, 'basicUsername', { placeholder: '{{accountSid}}' })}
                    ${template(ids.basicPassword, labels.basicPassword, d.basicPassword, 'basicPassword', { optional: true, placeholder: '{{authToken}}' })}`
                  : nothing}
                ${d.method === 'POST' || d.body !== '' ? template(ids.body, labels.body, d.body, 'body', { wide: true, optional: true, multiline: true }) : nothing}
                ${c.text({ id: ids.validStatuses, name: 'valid-statuses', label: labels.validStatuses, value: d.validStatuses, mono: true, placeholder: '200', hint: this.t.catalogHints.statuses, error: this.errors[ids.validStatuses], onInput: (validStatuses) => this.patch({ validStatuses }, ids.validStatuses) })}
                ${c.text({ id: ids.invalidStatuses, name: 'invalid-statuses', label: labels.invalidStatuses, value: d.invalidStatuses, mono: true, optional: true, placeholder: '401, 403', hint: this.t.catalogHints.statuses, error: this.errors[ids.invalidStatuses], onInput: (invalidStatuses) => this.patch({ invalidStatuses }, ids.invalidStatuses) })}
              </div>
            `
          : nothing}
      `,
    );
  }

  private renderOAuth() {
    const c = formControls(this.t);
    const labels = this.t.catalogLabels;
    const d = this.draft;
    const url = (id: string, label: string, value: string, key: keyof ProviderDraft, optional = false) =>
      c.text({ id, label, value, type: 'url', wide: true, optional, placeholder: 'https://', error: this.errors[id], onInput: (v) => this.patch({ [key]: v }, id) });
    return this.section(
      'oauth',
      this.t.catalogSections.oauth,
      html`
        <div class="grid">
          ${url(ids.authorizeUrl, labels.authorizeUrl, d.authorizeUrl, 'authorizeUrl')} ${url(ids.tokenUrl, labels.tokenUrl, d.tokenUrl, 'tokenUrl')}
          ${url(ids.revokeUrl, labels.revokeUrl, d.revokeUrl, 'revokeUrl', true)}
          ${c.text({ id: ids.userInfoUrl, label: labels.userInfoUrl, value: d.userInfoUrl, type: 'url', wide: true, optional: true, placeholder: 'https://', hint: this.t.catalogHints.userInfoUrl, error: this.errors[ids.userInfoUrl], onInput: (userInfoUrl) => this.patch({ userInfoUrl }, ids.userInfoUrl) })}
          ${c.text({ id: ids.scopes, name: 'scopes', label: labels.scopes, value: d.scopes, mono: true, optional: true, placeholder: 'read:user repo', hint: this.t.catalogHints.scopes, error: this.errors[ids.scopes], onInput: (scopes) => this.patch({ scopes }, ids.scopes) })}
          ${c.text({ id: ids.scopeDescriptions, name: 'scope-descriptions', label: labels.scopeDescriptions, value: d.scopeDescriptions, multiline: true, wide: true, optional: true, placeholder: 'repo Read and write your repositories', hint: this.t.catalogHints.scopeDescriptions, error: this.errors[ids.scopeDescriptions], onInput: (scopeDescriptions) => this.patch({ scopeDescriptions }, ids.scopeDescriptions) })}
          ${c.text({ id: ids.clientIdRef, name: 'client-id-ref', label: labels.clientIdRef, value: d.clientIdRef, mono: true, placeholder: 'github', hint: this.t.catalogHints.clientIdRef, error: this.errors[ids.clientIdRef], onInput: (clientIdRef) => this.patch({ clientIdRef }, ids.clientIdRef) })}
        </div>
      `,
    );
  }

  private renderAvailability(original: ProviderView | undefined) {
    const wasRetired = original?.availability === 'retired';
    const choices: Availability[] = wasRetired ? ['available', 'coming_soon', 'retired'] : ['available', 'coming_soon'];
    return this.section(
      'availability',
      this.t.catalogSections.availability,
      html`
        ${wasRetired
          ? html`<div class="notice warning" part="notice">
              ${icons.alert}
              <div>
                <p class="notice-title">${this.t.catalogRetiredNotice}</p>
                <p class="notice-text">${this.t.catalogRestoreNotice}</p>
              </div>
            </div>`
          : nothing}
        ${formControls(this.t).radios({
          name: 'availability',
          legend: this.t.catalogLabels.availability,
          part: 'availability',
          hiddenLegend: true,
          value: this.draft.availability,
          options: choices.map((value) => ({ value, label: this.t.catalogAvailability[value], hint: this.t.catalogAvailabilityHints[value] })),
          idFor: ids.availability,
          onChange: (availability) => this.patch({ availability }),
        })}
        ${fieldError(this.errors[ids.availability(this.draft.availability)], ids.availability(this.draft.availability))}
      `,
    );
  }

  // ——— The retire confirmation ———

  private renderConfirm() {
    const name = this.confirming?.name ?? '';
    return html`
      <dialog class="confirm" part="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.onConfirmClosed}>
        <h3 id="confirm-title">${this.t.catalogConfirmRetireTitle(name)}</h3>
        <div id="confirm-body">
          <p>${this.t.catalogConfirmRetireBody(name)}</p>
          <p>${this.t.catalogConfirmRetireRestore}</p>
        </div>
        <form method="dialog" class="confirm-actions">
          <button class="button" value="cancel" autofocus>${this.t.cancel}</button>
          <button class="button danger" part="confirm-button" value="retire">${this.t.catalogConfirmRetire}</button>
        </form>
      </dialog>
    `;
  }

  // ——— Editing the draft ———

  private patch(patch: Partial<ProviderDraft>, ...cleared: string[]): void {
    this.draft = { ...this.draft, ...patch };
    this.clearErrors(...cleared);
  }

  private clearErrors(...cleared: string[]): void {
    if (!cleared.some((id) => id in this.errors)) return;
    const errors = { ...this.errors };
    for (const id of cleared) delete errors[id];
    this.errors = errors;
    this.summary = this.summary.filter((e) => !cleared.includes(e.id));
  }

  /** The key is checked as it is typed: the schema's slug rule, and keys already taken. */
  private onKeyInput = (key: string): void => {
    this.patch({ key }, ids.key);
    const value = key.trim();
    if (value === '') return;
    const parsed = providerKey.safeParse(value, { error: englishErrors });
    const message = !parsed.success ? parsed.error.issues[0]!.message : this.providers.some((p) => p.key === value) ? this.t.catalogKeyTaken : undefined;
    if (message) this.errors = { ...this.errors, [ids.key]: { id: ids.key, label: this.t.catalogLabels.key, message } };
  };

  private onLogoFile = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.clearErrors(ids.logoFile, ids.logoUrl);
    const result = await readLogoFile(file);
    if ('dataUri' in result) {
      this.patch({ logo: result.dataUri });
      this.formAnnouncement = '';
      return;
    }
    const error: FormError = { id: ids.logoFile, label: this.t.catalogLabels.logo, message: this.logoMessage(result.problem) };
    this.errors = { ...this.errors, [ids.logoFile]: error };
    this.formAnnouncement = errorSentence(error);
    input.value = '';
  };

  private logoMessage(problem: LogoFileProblem): string {
    if (problem.kind === 'type') return this.t.catalogLogoType(problem.type);
    if (problem.kind === 'size') return this.t.catalogLogoSize(problem.kb);
    return this.t.catalogLogoUnreadable;
  }

  /** "No credentials" drops blank fields; "API key" starts with one to fill in. */
  private onAuthType = (authType: AuthType): void => {
    let credentials = this.draft.credentials;
    if (authType === 'none') credentials = credentials.filter((c) => [c.name, c.label, c.hint, c.placeholder, c.pattern].some((v) => v.trim() !== ''));
    if (authType === 'api_key' && credentials.length === 0) credentials = [credentialDraft()];
    this.patch({ authType, credentials }, ids.addCredential, ids.authType);
  };

  private patchCredential = (uid: number, patch: Partial<CredentialDraft>): void => {
    this.patch(
      { credentials: this.draft.credentials.map((c) => (c.uid === uid ? { ...c, ...patch } : c)) },
      ...Object.keys(patch).map((prop) => ids.credential(uid, prop as keyof CredentialDraft)),
    );
  };

  private async addCredential(): Promise<void> {
    const row = credentialDraft();
    this.patch({ credentials: [...this.draft.credentials, row] }, ids.addCredential);
    await this.updateComplete;
    this.focusField(ids.credential(row.uid, 'name'));
  }

  private async moveCredential(uid: number, delta: -1 | 1): Promise<void> {
    const rows = [...this.draft.credentials];
    const from = rows.findIndex((c) => c.uid === uid);
    const to = from + delta;
    if (from === -1 || to < 0 || to >= rows.length) return;
    [rows[from], rows[to]] = [rows[to]!, rows[from]!];
    this.patch({ credentials: rows });
    this.formAnnouncement = this.t.catalogMoved(credentialLegend(this.t, rows[to]!, from), to + 1);
    await this.updateComplete;
    // Moving a node drops its focus: keep it on the same control, or its twin at either end.
    const item = this.renderRoot.querySelector(`[part~="credential-row"][data-uid="${uid}"]`);
    const same = item?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? 'up' : 'down'}"]`);
    const other = item?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? 'down' : 'up'}"]`);
    (same && !same.disabled ? same : other)?.focus();
  }

  private async removeCredential(uid: number): Promise<void> {
    const rows = this.draft.credentials;
    const index = rows.findIndex((c) => c.uid === uid);
    if (index === -1) return;
    const legend = credentialLegend(this.t, rows[index]!, index);
    const rest = rows.filter((c) => c.uid !== uid);
    this.patch({ credentials: rest }, ...(['name', 'label', 'hint', 'placeholder', 'pattern', 'format'] as const).map((p) => ids.credential(uid, p)));
    this.formAnnouncement = this.t.catalogFieldRemoved(legend);
    await this.updateComplete;
    const next = rest[index] ?? rest[index - 1];
    this.focusField(next ? ids.credential(next.uid, 'name') : ids.addCredential);
  }

  private patchHeader = (uid: number, patch: Partial<HeaderDraft>): void => {
    const touched = Object.keys(patch).map((prop) => ids.header(uid, prop as 'name' | 'value'));
    this.patch({ headers: this.draft.headers.map((h) => (h.uid === uid ? { ...h, ...patch } : h)) }, ...touched, ids.addHeader);
  };

  private async addHeader(): Promise<void> {
    const row = headerDraft();
    this.patch({ headers: [...this.draft.headers, row] });
    await this.updateComplete;
    this.focusField(ids.header(row.uid, 'name'));
  }

  private async removeHeader(uid: number): Promise<void> {
    const rows = this.draft.headers;
    const index = rows.findIndex((h) => h.uid === uid);
    const rest = rows.filter((h) => h.uid !== uid);
    this.patch({ headers: rest }, ids.header(uid, 'name'), ids.header(uid, 'value'));
    await this.updateComplete;
    const next = rest[index] ?? rest[index - 1];
    this.focusField(next ? ids.header(next.uid, 'name') : ids.addHeader);
  }

  // ——— Opening, saving, closing ———

  private openEditor(original: ProviderView | undefined, trigger: HTMLElement | null): void {
    this.trigger = trigger ?? deepActiveElement();
    // With no category to choose from yet, the first one is typed in.
    this.draft = original ? draftFromProvider(original) : { ...emptyDraft(), categoryIsNew: this.categories.length === 0 };
    this.errors = {};
    this.summary = [];
    this.formNotice = undefined;
    this.formAnnouncement = '';
    this.message = undefined;
    this.saving = false;
    this.editing = { original };
  }

  private closeEditor = (): void => {
    if (!this.saving) this.editorDialog.close();
  };

  private onEditorCancel = (event: Event): void => {
    // Escape goes through closeEditor: not while a save is under way.
    event.preventDefault();
    this.closeEditor();
  };

  private onEditorClosed = (): void => {
    this.editing = undefined;
    this.trigger?.focus();
  };

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const editing = this.editing;
    if (!editing || this.saving) return;
    const original = editing.original;
    // An existing row keeps its key, whatever the input says.
    const draft = original ? { ...this.draft, key: original.key } : this.draft;
    const taken = new Set(original ? [] : this.providers.map((p) => p.key));
    const { provider, errors } = validateDraft(draft, this.t, taken);
    this.formNotice = undefined;
    if (!provider) return this.showErrors(errors);
    this.saving = true;
    this.errors = {};
    this.summary = [];
    try {
      const client = this.requireClient();
      const saved = original ? await client.updateProvider(original.key, provider) : await client.createProvider(provider);
      this.saved(saved, original);
    } catch (error) {
      this.saving = false;
      const message = this.report(error, { providerKey: provider.key });
      const placed = placeErrors(error instanceof IntegrationsError ? error.fields : {}, this.draft, this.t);
      if (Object.keys(placed).length > 0) return this.showErrors(placed);
      this.formNotice = message || this.t.catalogSaveFailed;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="save-button"]')?.focus();
    } finally {
      this.saving = false;
    }
  };

  private saved(provider: ProviderView, original: ProviderView | undefined): void {
    this.providers = original ? this.providers.map((p) => (p.key === original.key ? provider : p)) : [...this.providers, provider];
    this.dispatchEvent(new IkCatalogChangedEvent({ providerKey: provider.key, action: original ? 'updated' : 'created' }));
    const restored = original?.availability === 'retired' && provider.availability !== 'retired';
    const text = !original ? this.t.catalogCreated(provider.name) : restored ? this.t.catalogRestored(provider.name) : this.t.catalogUpdated(provider.name);
    this.message = { kind: 'success', text };
    this.saving = false;
    this.closeEditor();
  }

  /** Shows errors next to their inputs and in the summary (in the form's order), and focuses the first. */
  private async showErrors(errors: FormErrors): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    const order = Array.from(this.editorDialog.querySelectorAll('[id]'), (el) => el.id);
    const rank = (e: FormError) => (e.id && order.includes(e.id) ? order.indexOf(e.id) : order.length);
    this.summary = Object.values(errors).sort((a, b) => rank(a) - rank(b));
    await this.updateComplete;
    const first = this.summary.find((e) => e.id && order.includes(e.id));
    if (first) this.focusField(first.id);
    else this.renderRoot.querySelector<HTMLElement>('[part~="save-button"]')?.focus();
  }

  private followSummaryLink(event: Event, id: string): void {
    // In-page anchors do not reach into a shadow root: move focus ourselves.
    event.preventDefault();
    this.focusField(id);
  }

  private focusField(id: string): void {
    const target = this.shadowRoot?.getElementById(id);
    target?.focus();
    target?.scrollIntoView?.({ block: 'center' });
  }

  // ——— Retiring ———

  private async askRetire(provider: ProviderView): Promise<void> {
    this.message = undefined;
    this.confirming = provider;
    await this.updateComplete;
    this.confirmDialog.showModal();
  }

  private onConfirmClosed = async (): Promise<void> => {
    const provider = this.confirming;
    const confirmed = this.confirmDialog.returnValue === 'retire';
    this.confirmDialog.returnValue = '';
    this.confirming = undefined;
    if (!provider) return;
    if (!confirmed) {
      this.renderRoot.querySelector<HTMLElement>(`[data-retire="${provider.key}"]`)?.focus();
      return;
    }
    await this.retire(provider);
  };

  private async retire(provider: ProviderView): Promise<void> {
    this.retiringKey = provider.key;
    try {
      const retired = await this.requireClient().retireProvider(provider.key);
      this.providers = this.providers.map((p) => (p.key === provider.key ? retired : p));
      this.dispatchEvent(new IkCatalogChangedEvent({ providerKey: provider.key, action: 'retired' }));
      this.message = { kind: 'success', text: this.t.catalogRetired(provider.name) };
      this.retiringKey = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[data-edit="${provider.key}"]`)?.focus();
    } catch (error) {
      this.message = { kind: 'error', text: this.report(error, { providerKey: provider.key }) };
      this.retiringKey = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[data-retire="${provider.key}"]`)?.focus();
    }
  }
}
