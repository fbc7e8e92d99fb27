import { manageIcons } from '../../src/styles/manage-icons.ts';
import { settingsDefaults } from '../../src/i18n/settings-strings.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { maskedValue } from '../../src/credentials/preview.ts';
import { checkCredentials, type CredentialValues } from '../../src/credentials/validate.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { credentialFieldStyles, renderCredentialField } from '../../src/element/credential-field.ts';
import { logoStyles, renderLogo } from '../../src/element/logo.ts';
import { deepActiveElement } from '../../src/element/deep-active-element.ts';
import { IntegrationElement } from '../../src/element/integration-element.ts';
import { IkCloseRequestEvent, IkConnectionSavedEvent, IkConnectionTestedEvent, IkPolicyChangedEvent, type CloseRequestDetail } from '../../src/events/events.ts';
import { absoluteTime, relativeTime } from '../../src/i18n/format.ts';
import type { AuditEntry } from '../../src/schema/audit.ts';
import type { Connection, TestResult } from '../../src/schema/connection.ts';
import type { FieldErrors } from '../../src/schema/errors.ts';
import type { CredentialField, ProviderView } from '../../src/schema/provider.ts';
import type { Project } from '../../src/schema/workspace.ts';
import type { RoutingMode, RoutingPolicy } from '../../src/schema/routing.ts';
import { statusOf } from '../../src/i18n/status.ts';
import { renderStatusBadge } from '../../src/element/status-badge.ts';
import { testSaid } from '../../src/i18n/strings.ts';
import { icons } from '../../src/styles/icons.ts';
import { auditActor, auditText } from './audit-text.ts';
import { renderStatusSection } from './status-section.ts';
import { styles } from './connection-editor.styles.ts';

export interface EditOptions {
  connection: Connection;
  provider: ProviderView;
  trigger?: HTMLElement | null;
}

type Notice = { kind: 'success' | 'warning' | 'error'; text: string };

/**
 * Edits an installed integration in a side drawer. First where it stands: why it is not
 * working (when it is not), which key requests use and why, the last test (its HTTP detail
 * folded away), an OAuth grant's scopes with Disconnect, and, for admins, this provider's
 * routing. Then the form: display name, projects, URLs and other plain fields, and
 * credentials; saved secrets stay read-only (masked) until the user clicks into them to replace
 * the value, and a replaced key is tested at once. Last, the history.
 *
 * @summary The edit drawer for one connection.
 * @tagname connection-editor
 * @event {IkConnectionSavedEvent} ik-connection-saved - The connection was saved.
 * @event {IkConnectionTestedEvent} ik-connection-tested - A replaced key was tested.
 * @event {IkCloseRequestEvent} ik-close-request - The drawer is about to close (cancelable).
 * @event {IkPolicyChangedEvent} ik-policy-changed - An admin changed this provider's routing.
 * @event {IkErrorEvent} ik-error - A backend call failed.
 * @csspart drawer - The native dialog.
 * @csspart header - Logo, title, status, close button.
 * @csspart logo - The provider's logo.
 * @csspart title - The heading.
 * @csspart status - The connection's status badge.
 * @csspart close-button - The × button.
 * @csspart status-section - Where the connection stands: reason, key in use, last test, grant, routing.
 * @csspart status-reason - Why it is not working, when it is not.
 * @csspart key-in-use - Which key requests use, and why.
 * @csspart last-test - What the last test found, and when.
 * @csspart technical - The last test's HTTP detail, folded away.
 * @csspart account - Which account an OAuth connection signed in as ("Connected as @octocat").
 * @csspart grant - An OAuth connection's scopes and token expiry.
 * @csspart routing - This provider's routing choice (admins).
 * @csspart override - Its select.
 * @csspart disconnect-button - "Disconnect…" (OAuth connections).
 * @csspart disconnect-confirm - The disconnect confirmation.
 * @csspart disconnect-cancel-button - Its Cancel.
 * @csspart disconnect-confirm-button - Its Disconnect.
 * @csspart form - The form.
 * @csspart notice - What the last save did, or why the form is read-only.
 * @csspart field - A field (label, input, hint, error).
 * @csspart label - A field's label.
 * @csspart input - An input.
 * @csspart hint - A field's hint.
 * @csspart field-error - A field's error message.
 * @csspart reveal-button - The show/hide toggle of a secret being replaced.
 * @csspart replace-button - "Replace" on a saved secret.
 * @csspart projects - The project assignment.
 * @csspart footer - Save and Close.
 * @csspart cancel-button - "Close" in the footer.
 * @csspart save-button - Save.
 * @csspart history - The connection's history.
 * @cssproperty --ik-drawer-width - The drawer's width (default 480px at the default --ik-font-size, scaling with it).
 */
export class ConnectionEditor extends IntegrationElement {
  static override styles = [...IntegrationElement.styles, logoStyles, credentialFieldStyles, styles];
  protected static override defaultStrings = settingsDefaults;

  /** Every part the drawer renders, for elements that contain one to forward (`exportparts`). */
  static readonly cssParts = [
    'drawer', 'header', 'logo', 'title', 'status', 'close-button', 'status-section', 'status-reason', 'key-in-use', 'last-test',
    'technical', 'account', 'grant', 'routing', 'override', 'disconnect-button', 'disconnect-confirm', 'disconnect-cancel-button',
    'disconnect-confirm-button', 'form', 'notice', 'field', 'label', 'input', 'hint', 'field-error', 'reveal-button',
    'replace-button', 'projects', 'footer', 'cancel-button', 'save-button', 'history',
  ] as const;

  @property({ type: Boolean, reflect: true }) open = false;

  @state() private connection?: Connection;
  @state() private provider?: ProviderView;
  @state() private displayName = '';
  @state() private projectIds: string[] = [];
  @state() private values: CredentialValues = {};
  /** Secret fields the user clicked into: their saved value is being replaced. */
  @state() private replacing = new Set<string>();
  @state() private revealed = new Set<string>();
  @state() private fieldErrors: FieldErrors = {};
  @state() private notice?: Notice | undefined;
  @state() private busy = false;
  @state() private projects: Project[] = [];
  @state() private history: AuditEntry[] = [];
  @state() private policy?: RoutingPolicy | undefined;
  @state() private confirmingDisconnect = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  private trigger: HTMLElement | null = null;

  /** Opens the drawer on a connection. */
  async show({ connection, provider, trigger }: EditOptions): Promise<void> {
    this.trigger = trigger ?? deepActiveElement();
    this.connection = connection;
    this.provider = provider;
    this.reset();
    this.open = true;
    await this.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(IkPolicyChangedEvent.eventName, this.onPolicyChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(IkPolicyChangedEvent.eventName, this.onPolicyChanged);
  }

  /** The workspace's routing changed elsewhere on the page: the key in use follows. */
  private onPolicyChanged = (event: IkPolicyChangedEvent): void => {
    if (this.connection && event.detail.workspaceId === this.connection.workspaceId) this.policy = event.detail.policy;
  };

  close(): void {
    this.open = false;
  }

  private reset(): void {
    const connection = this.connection!;
    this.displayName = connection.displayName;
    this.projectIds = [...connection.projectIds];
    this.values = Object.fromEntries(
      Object.entries(connection.credentialPreview).flatMap(([name, p]) => (p.secret ? [] : [[name, p.value ?? '']])),
    );
    this.replacing = new Set();
    this.revealed = new Set();
    this.fieldErrors = {};
    this.notice = undefined;
    this.history = [];
    this.policy = undefined;
    this.confirmingDisconnect = false;
  }

  /** Projects to choose from and the connection's history. */
  private async load(): Promise<void> {
    const client = this.requireClient();
    const connection = this.connection!;
    try {
      await this.whoAmI(client);
      [this.projects, this.history, this.policy] = await Promise.all([
        client.listProjects(connection.workspaceId),
        client.listAudit(connection.workspaceId, { connectionId: connection.id, limit: 20 }),
        client.getRoutingPolicy(connection.workspaceId),
      ]);
    } catch (error) {
      this.notice = { kind: 'error', text: this.report(error, { providerKey: connection.provider, connectionId: connection.id }) };
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!changed.has('open') || !this.dialog) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private requestClose(reason: CloseRequestDetail['reason']): void {
    const request = new IkCloseRequestEvent({ reason });
    this.dispatchEvent(request);
    if (!request.defaultPrevented) this.close();
  }

  private onCancel = (event: Event): void => {
    event.preventDefault();
    if (!this.busy) this.requestClose('escape');
  };

  private onNativeClose = (): void => {
    this.open = false;
    this.values = {};
    this.trigger?.focus();
  };

  protected override render(): TemplateResult {
    const { connection, provider } = this;
    return html`
      <dialog part="drawer" aria-labelledby="title" @cancel=${this.onCancel} @close=${this.onNativeClose}>
        ${connection && provider
          ? html`${this.renderHeader(connection, provider)}${this.renderStatus(connection, provider)}${this.renderForm(connection, provider)}${this.renderHistory()}`
          : nothing}
      </dialog>
    `;
  }

  private renderHeader(connection: Connection, provider: ProviderView) {
    return html`
      <header part="header">
        ${renderLogo(provider.logo, provider.name, 'logo')}
        <div class="heading">
          <h2 id="title" part="title">${this.t.editTitle(connection.displayName)}</h2>
          <p>${provider.name} · ${renderStatusBadge(statusOf(connection), this.t, 'status')}</p>
        </div>
        <button class="button quiet icon" part="close-button" aria-label=${this.t.close} ?disabled=${this.busy} @click=${() => this.requestClose('cancel')}>${icons.close}</button>
      </header>
    `;
  }

  private renderStatus(connection: Connection, provider: ProviderView) {
    return renderStatusSection({
      connection,
      provider,
      policy: this.policy,
      t: this.t,
      mayRoute: this.may('policy.edit'),
      mayDisconnect: this.editable,
      confirmingDisconnect: this.confirmingDisconnect,
      busy: this.busy,
      onRoute: (mode) => void this.route(provider.key, mode),
      onDisconnect: () => void this.askDisconnect(),
      onConfirmDisconnect: () => void this.disconnect(),
      onCancelDisconnect: () => (this.confirmingDisconnect = false),
    });
  }

  /** Retired providers' connections are kept for the record only: nothing about them changes. */
  private get editable(): boolean {
    return this.connection !== undefined && this.provider?.availability !== 'retired' && this.may('connection.edit', this.connection);
  }

  /** Why the drawer is read-only, in the words that fit the reason. */
  private readOnlyReason(connection: Connection): string {
    if (this.provider?.availability === 'retired') return this.t.retiredReadOnly(this.provider.name);
    if (!this.may('connection.create')) return this.t.readOnlyNotice;
    return this.t.cannotEdit(connection.createdBy);
  }

  private renderForm(connection: Connection, provider: ProviderView) {
    const disabled = this.busy || !this.editable;
    return html`
      <form part="form" novalidate @submit=${this.onSubmit}>
        ${this.me && !this.editable ? html`<p class="notice" part="notice" role="note">${this.readOnlyReason(connection)}</p>` : nothing}
        ${this.notice ? html`<p class="notice ${this.notice.kind}" part="notice" role=${this.notice.kind === 'error' ? 'alert' : 'status'}>${this.notice.text}</p>` : nothing}
        <div class="field" part="field">
          <label class="label" part="label" for="display-name">${this.t.displayName}</label>
          <input id="display-name" class="input" part="input" .value=${live(this.displayName)} maxlength="100" ?disabled=${disabled} aria-invalid=${this.fieldErrors.displayName ? 'true' : 'false'}
            @input=${(e: Event) => (this.displayName = (e.target as HTMLInputElement).value)} />
          ${this.fieldErrors.displayName ? html`<p class="field-error" part="field-error">${this.t.displayName} ${this.fieldErrors.displayName}</p>` : nothing}
        </div>
        ${this.projects.length ? this.renderProjects(disabled) : nothing}
        ${provider.credentials.length
          ? html`<fieldset class="credentials">
              <legend>${this.t.credentialsLegend}</legend>
              ${provider.credentials.map((field) => this.renderCredential(connection, field, disabled))}
            </fieldset>`
          : nothing}
        <footer part="footer">
          <button type="button" class="button quiet" part="cancel-button" ?disabled=${this.busy} @click=${() => this.requestClose('cancel')}>${this.t.close}</button>
          <span class="spacer"></span>
          ${this.editable
            ? html`<button type="submit" class="button primary" part="save-button" ?disabled=${this.busy || !this.dirty} aria-busy=${this.busy ? 'true' : 'false'}>
                ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>${this.t.saving}` : this.t.save}
              </button>`
            : nothing}
        </footer>
      </form>
    `;
  }

  private renderProjects(disabled: boolean) {
    return html`
      <fieldset class="projects" part="projects">
        <legend>${this.t.projectsLegend}</legend>
        <p class="hint">${this.t.projectsHint}</p>
        ${this.projects.map(
          (project) => html`
            <label class="check">
              <input type="checkbox" .checked=${this.projectIds.includes(project.id)} ?disabled=${disabled} @change=${() => this.toggleProject(project.id)} />
              ${project.name}
            </label>
          `,
        )}
      </fieldset>
    `;
  }

  /** A saved secret shows masked and read-only until the user clicks into it to replace it. */
  private renderCredential(connection: Connection, field: CredentialField, disabled: boolean) {
    const saved = connection.credentialPreview[field.name];
    const id = `cred-${field.name}`;
    if (field.secret && saved && !this.replacing.has(field.name)) {
      return html`
        <div class="field" part="field">
          <label class="label" part="label" for=${id}>${field.label}</label>
          <div class="input-row">
            <input id=${id} class="input mono saved" part="input" readonly .value=${maskedValue(saved)} aria-describedby="${id}-hint" ?disabled=${disabled}
              @click=${() => this.replace(field.name)} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.preventDefault(), this.replace(field.name))} />
            <button type="button" class="button small" part="replace-button" aria-label=${this.t.replaceLabel(field.label)} ?disabled=${disabled} @click=${() => this.replace(field.name)}>${this.t.replace}</button>
          </div>
          <p class="hint" part="hint" id="${id}-hint">${this.t.savedReadOnly}</p>
        </div>
      `;
    }
    return renderCredentialField({
      field,
      id,
      value: this.values[field.name] ?? '',
      revealed: this.revealed.has(field.name),
      error: this.fieldErrors[field.name],
      disabled,
      t: this.t,
      onInput: (value) => (this.values = { ...this.values, [field.name]: value }),
      onToggleReveal: () => this.toggleReveal(field.name),
    });
  }

  private renderHistory() {
    return html`
      <section class="history" part="history" aria-labelledby="history-title">
        <h3 id="history-title">${manageIcons.history} ${this.t.historyTitle}</h3>
        ${this.history.length === 0
          ? html`<p class="hint">${this.t.historyEmpty}</p>`
          : html`<ol>
              ${this.history.map(
                (entry) => html`<li>
                  <span class="what">${auditText(entry, this.t)}</span>
                  <span class="who">${auditActor(entry, this.t)} · <time datetime=${entry.at} title=${absoluteTime(entry.at)}>${relativeTime(entry.at)}</time></span>
                </li>`,
              )}
            </ol>`}
      </section>
    `;
  }

  private async replace(name: string): Promise<void> {
    if (!this.editable || this.busy) return;
    this.replacing = new Set(this.replacing).add(name);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#cred-${name}`)?.focus();
  }

  private toggleReveal(name: string): void {
    const next = new Set(this.revealed);
    if (!next.delete(name)) next.add(name);
    this.revealed = next;
  }

  private toggleProject(id: string): void {
    this.projectIds = this.projectIds.includes(id) ? this.projectIds.filter((p) => p !== id) : [...this.projectIds, id];
  }

  /** Credential fields whose value the user changed: replaced secrets, edited plain fields. */
  private changedCredentials(): CredentialValues {
    const preview = this.connection!.credentialPreview;
    return Object.fromEntries(
      Object.entries(this.values).filter(([name, value]) => {
        const saved = preview[name];
        if (saved?.secret) return this.replacing.has(name) && value.trim() !== '';
        return value.trim() !== (saved?.value ?? '');
      }),
    );
  }

  private get dirty(): boolean {
    const connection = this.connection;
    if (!connection) return false;
    const projectsChanged = [...this.projectIds].sort().join('\n') !== [...connection.projectIds].sort().join('\n');
    return this.displayName.trim() !== connection.displayName || projectsChanged || Object.keys(this.changedCredentials()).length > 0;
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const connection = this.connection!;
    const provider = this.provider!;
    if (this.busy || !this.dirty) return;
    const payload = this.changedCredentials();
    const errors: FieldErrors = {};
    if (!this.displayName.trim()) errors.displayName = 'is required';
    const saved = Object.fromEntries(Object.keys(connection.credentialPreview).map((name) => [name, 'saved']));
    Object.assign(errors, checkCredentials(provider, payload, saved).errors);
    this.fieldErrors = errors;
    if (Object.keys(errors).length) return this.focusInvalid();
    this.busy = true;
    this.notice = undefined;
    try {
      const client = this.requireClient();
      const result = await client.saveConnection({
        workspaceId: connection.workspaceId,
        provider: connection.provider,
        connectionId: connection.id,
        displayName: this.displayName.trim(),
        projectIds: this.projectIds,
        expectedVersion: connection.version,
        ...(Object.keys(payload).length && { credentialPayload: payload }),
      });
      this.connection = result.connection;
      this.reset();
      this.notice = result.test ? this.testNotice(result.test) : { kind: 'success', text: this.t.changesSaved };
      const base = { providerKey: connection.provider, connectionId: connection.id, workspaceId: connection.workspaceId, connection: result.connection };
      this.dispatchEvent(new IkConnectionSavedEvent({ ...base, created: false }));
      if (result.test) this.dispatchEvent(new IkConnectionTestedEvent({ ...base, outcome: result.test.outcome, httpStatus: result.test.httpStatus, latencyMs: result.test.latencyMs }));
      this.history = await client.listAudit(connection.workspaceId, { connectionId: connection.id, limit: 20 });
    } catch (error) {
      const message = this.report(error, { providerKey: connection.provider, connectionId: connection.id });
      const fields = error instanceof IntegrationsError ? error.fields : {};
      const byField: FieldErrors = {};
      for (const [path, problem] of Object.entries(fields)) byField[path.replace(/^credentialPayload\./, '')] = problem;
      this.fieldErrors = byField;
      const conflict = error instanceof IntegrationsError && error.code === 'version_conflict';
      this.notice = { kind: 'error', text: conflict ? this.t.editConflict : message };
    } finally {
      this.busy = false;
    }
  };

  private testNotice(test: TestResult): Notice {
    const said = testSaid(this.t, this.connection!, test.outcome, this.provider!.name);
    return { kind: test.outcome === 'valid' ? 'success' : test.outcome === 'invalid' ? 'error' : 'warning', text: this.t.savedAndTested(said) };
  }

  private async focusInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** This provider's routing, for admins: follow the workspace, or one source. */
  private async route(provider: string, mode: RoutingMode | ''): Promise<void> {
    const current = this.policy;
    if (!current || this.busy) return;
    const { [provider]: _old, ...overrides } = current.overrides;
    this.busy = true;
    try {
      this.policy = await this.requireClient().putRoutingPolicy({
        workspaceId: current.workspaceId,
        mode: current.mode,
        overrides: mode ? { ...overrides, [provider]: mode } : overrides,
        expectedVersion: current.version,
      });
      this.notice = { kind: 'success', text: this.t.routingSaved };
      this.dispatchEvent(new IkPolicyChangedEvent({ workspaceId: this.policy.workspaceId, policy: this.policy }));
    } catch (error) {
      this.notice = { kind: 'error', text: this.report(error, { providerKey: provider }) };
    } finally {
      this.busy = false;
    }
  }

  private async askDisconnect(): Promise<void> {
    this.confirmingDisconnect = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="disconnect-cancel-button"]')?.focus();
  }

  /** Revokes an OAuth grant at the provider; the connection stays, revoked, to reconnect later. */
  private async disconnect(): Promise<void> {
    const connection = this.connection!;
    this.busy = true;
    try {
      const client = this.requireClient();
      const revoked = await client.revokeConnection(connection.id);
      this.connection = revoked;
      this.reset();
      this.notice = { kind: 'success', text: this.t.disconnected(revoked.displayName) };
      this.dispatchEvent(new IkConnectionSavedEvent({ providerKey: connection.provider, connectionId: connection.id, workspaceId: connection.workspaceId, connection: revoked, created: false }));
      this.history = await client.listAudit(connection.workspaceId, { connectionId: connection.id, limit: 20 });
    } catch (error) {
      this.notice = { kind: 'error', text: this.report(error, { providerKey: connection.provider, connectionId: connection.id }) };
    } finally {
      this.busy = false;
    }
  }
}
