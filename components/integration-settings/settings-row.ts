import { html, nothing, type TemplateResult } from 'lit';
import { maskedValue } from '../../src/credentials/preview.ts';
import { renderLogo } from '../../src/element/logo.ts';
import type { KeyInUse } from '../../src/i18n/key-in-use.ts';
import { accountWords } from '../../src/i18n/oauth-words.ts';
import { statusOf } from '../../src/i18n/status.ts';
import { renderStatusBadge } from '../../src/element/status-badge.ts';
import type { IkStrings } from '../../src/i18n/strings.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { icons } from '../../src/styles/icons.ts';
import type { RowMessage, RowState } from './row-state.ts';

/** The one thing a row most needs done, when there is one: a key to add or fix, a grant to (re)connect. */
export type PrimaryAction = 'addKey' | 'fixKey' | 'connect' | 'reconnect';

export function primaryAction(connection: Connection, provider: ProviderView | undefined): PrimaryAction | undefined {
  if (!provider || provider.availability === 'retired' || provider.authType === 'none') return undefined;
  if (provider.authType === 'oauth2') {
    if (connection.status === 'active') return undefined;
    return connection.status === 'pending' ? 'connect' : 'reconnect';
  }
  const word = statusOf(connection);
  if (word === 'connected') return undefined;
  return word === 'not_connected' || word === 'revoked' ? 'addKey' : 'fixKey';
}

export interface RowView {
  connection: Connection;
  provider: ProviderView | undefined;
  state: RowState;
  keyInUse: KeyInUse | undefined;
  may: { edit: boolean; test: boolean; remove: boolean };
  /** Someone else's connection the user may only look at: say whose. */
  addedByOther: boolean;
  highlighted: boolean;
  /** In a virtual list (only some rows in the DOM): the row's place in the whole list. */
  position?: { index: number; size: number } | undefined;
  t: IkStrings;
  /** The row's main action (its label says which): all of them open the connect dialog. */
  onPrimary(trigger: HTMLElement): void;
  onTest(): void;
  onEdit(trigger: HTMLElement): void;
  onRemove(): void;
  onCopyLink(): void;
}

/**
 * One installed integration, compact: logo, name and a line of context, one status badge, the
 * masked key once, and the actions. Everything else (the last test's detail, why a key is in
 * use, projects, the per-provider routing, replacing a key) is in the edit drawer.
 */
export function renderSettingsRow(view: RowView): TemplateResult {
  const { connection, provider, state, t } = view;
  const checking = state.busy === 'test';
  const word = statusOf(connection, checking);
  return html`
    <li class="row ${view.highlighted ? 'highlighted' : ''}" part="row" data-provider=${connection.provider} data-connection=${connection.id} aria-busy=${state.busy ? 'true' : 'false'}
      aria-posinset=${view.position?.index ?? nothing} aria-setsize=${view.position?.size ?? nothing}>
      ${provider ? renderLogo(provider.logo, provider.name, 'row-logo') : html`<span class="logo"></span>`}
      <div class="row-main">
        <h3 part="row-name">${connection.displayName}</h3>
        <p class="meta" part="row-meta">${metaLine(view)}</p>
      </div>
      <div class="row-side">
        ${renderStatusBadge(word, t, 'row-status')}
        ${renderCredentialSummary(connection)}
        ${renderActions(view)}
      </div>
      ${state.message ? renderMessage(state.message) : nothing}
    </li>
  `;
}

/** Category, whose it is (when not the user's to change), and which key requests use. */
function metaLine({ connection, provider, keyInUse, addedByOther, t }: RowView): string {
  const name = provider?.name ?? connection.provider;
  return [
    connection.displayName !== name ? name : provider?.category,
    addedByOther ? t.addedBy(connection.createdByName ?? connection.createdBy) : '',
    connection.status === 'revoked' || provider?.availability === 'retired' ? '' : keyInUse?.short,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The masked key, once: the first secret field's tail. An OAuth grant shows whose account it is instead. */
function renderCredentialSummary(connection: Connection) {
  if (connection.mode === 'oauth-user') {
    const account = connection.status === 'revoked' ? undefined : accountWords(connection.oauth?.account);
    return account ? html`<span class="account" part="row-account">${account}</span>` : nothing;
  }
  const secret = Object.values(connection.credentialPreview).find((preview) => preview.secret);
  return secret ? html`<code class="key" part="row-key">${maskedValue(secret)}</code>` : nothing;
}

function renderActions(view: RowView) {
  const { connection, provider, state, t, may } = view;
  const name = connection.displayName;
  const busy = state.busy !== null;
  const primary = may.edit ? primaryAction(connection, provider) : undefined;
  const hasCredential = Object.keys(connection.credentialPreview).length > 0;
  // A grant that is not working has nothing to test: it needs reconnecting.
  const oauthIdle = connection.mode === 'oauth-user' && connection.status !== 'active';
  const testable = may.test && provider?.verification !== undefined && hasCredential && !oauthIdle && connection.status !== 'revoked' && provider.availability !== 'retired';
  const spinner = html`<span class="spinner" aria-hidden="true"></span>`;
  const editLabel = may.edit ? t.edit : t.details;
  return html`
    <div class="actions" part="row-actions">
      ${primary
        ? html`<button type="button" class="button small primary" part=${primary === 'connect' || primary === 'reconnect' ? 'connect-button' : 'save-button'}
            data-primary=${connection.id} aria-label=${t.rowAction(t[primary === 'connect' ? 'connectLabel' : primary], name)} ?disabled=${busy}
            @click=${(e: Event) => view.onPrimary(e.currentTarget as HTMLElement)}>${t[primary === 'connect' ? 'connectLabel' : primary]}</button>`
        : nothing}
      ${testable
        ? html`<button type="button" class="button small" part="test-button" aria-label=${t.rowAction(t.test, name)} ?disabled=${busy} aria-busy=${state.busy === 'test' ? 'true' : 'false'}
            @click=${view.onTest}>${state.busy === 'test' ? html`${spinner}${t.testing}` : t.test}</button>`
        : nothing}
      <button type="button" class="button small" part="edit-button" data-edit=${connection.id} aria-label=${t.rowAction(editLabel, name)} ?disabled=${busy}
        @click=${(e: Event) => view.onEdit(e.currentTarget as HTMLElement)}>${editLabel}</button>
      ${may.remove
        ? html`<button type="button" class="button small quiet remove" part="remove-button" data-remove=${connection.id} aria-label=${t.rowAction(t.remove, name)} ?disabled=${busy}
            @click=${view.onRemove}>${state.busy === 'remove' ? html`${spinner}${t.removing}` : t.remove}</button>`
        : nothing}
      <button type="button" class="button quiet icon small copy-link" part="copy-link" aria-label=${t.copyLinkTo(name)} @click=${view.onCopyLink}>${icons.link}</button>
    </div>
  `;
}

function renderMessage(message: RowMessage) {
  return html`<p class="notice row-message ${message.kind}" part="row-message" role=${message.kind === 'error' ? 'alert' : 'status'}>${message.text}</p>`;
}
