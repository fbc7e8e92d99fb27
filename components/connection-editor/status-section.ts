import { html, nothing, type TemplateResult } from 'lit';
import { absoluteTime, relativeTime } from '../../src/i18n/format.ts';
import { keyInUse } from '../../src/i18n/key-in-use.ts';
import { accountWords, scopeWords } from '../../src/i18n/oauth-words.ts';
import { statusOf } from '../../src/i18n/status.ts';
import { testSaid, type IkStrings } from '../../src/i18n/strings.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { ROUTING_MODES } from '../../src/schema/constants.ts';
import type { RoutingMode, RoutingPolicy } from '../../src/schema/routing.ts';

export interface StatusSectionView {
  connection: Connection;
  provider: ProviderView;
  policy: RoutingPolicy | undefined;
  t: IkStrings;
  /** An admin may set this provider's routing. */
  mayRoute: boolean;
  /** The user may disconnect this (OAuth) connection. */
  mayDisconnect: boolean;
  confirmingDisconnect: boolean;
  busy: boolean;
  onRoute(mode: RoutingMode | ''): void;
  onDisconnect(): void;
  onConfirmDisconnect(): void;
  onCancelDisconnect(): void;
}

/**
 * Where a connection stands, in full: why it is not working (when it is not), which key
 * requests use and why, what the last test found (its HTTP detail folded away for developers),
 * the grant of an OAuth connection, this provider's routing, and Disconnect.
 */
export function renderStatusSection(view: StatusSectionView): TemplateResult {
  const { connection, provider, policy, t } = view;
  const gone = connection.status === 'revoked' || provider.availability === 'retired';
  const use = policy && !gone ? keyInUse(provider, connection, policy, t) : undefined;
  return html`
    <section class="status" part="status-section" aria-label=${t.statusSectionTitle}>
      ${showReason(connection) ? html`<p class="reason" part="status-reason">${connection.statusReason}</p>` : nothing}
      ${use ? html`<p class="key-in-use ${use.tone}" part="key-in-use">${use.text}</p>` : nothing}
      ${gone ? nothing : renderLastTest(view)}
      ${renderGrant(view)}
      ${view.mayRoute && policy && !gone ? renderRouting(view, policy) : nothing}
      ${view.mayDisconnect && connection.mode === 'oauth-user' && connection.status === 'active' ? renderDisconnect(view) : nothing}
    </section>
  `;
}

/** The stored reason, unless the last test already says it (in plainer words, below). */
function showReason(connection: Connection): boolean {
  return connection.status !== 'active' && connection.statusReason !== undefined && connection.statusReason !== connection.lastTest?.message;
}

function renderLastTest({ connection, provider, t }: StatusSectionView) {
  const test = connection.lastTest;
  if (!provider.verification) return html`<p class="last-test" part="last-test">${t.noTestAvailable}</p>`;
  if (!test) return Object.keys(connection.credentialPreview).length ? html`<p class="last-test" part="last-test">${t.neverTested}</p>` : nothing;
  // An old verdict must not contradict the badge: a rejected grant's "worked" test is history.
  if (statusOf(connection) === 'reconnect_needed') return nothing;
  return html`
    <p class="last-test ${test.outcome}" part="last-test">
      ${testSaid(t, connection, test.outcome, provider.name)}
      <time datetime=${test.testedAt} title=${absoluteTime(test.testedAt)}>${testedWhen(test.testedAt, t)}</time>
    </p>
    <details class="technical" part="technical">
      <summary>${t.technicalDetails}</summary>
      <p>${[test.httpStatus === null ? t.noAnswer : t.httpStatus(test.httpStatus), t.latency(test.latencyMs), absoluteTime(test.testedAt)].join(' · ')}</p>
      <p>${test.message}</p>
    </details>
  `;
}

/** "tested just now" for the first moments, then "tested 3 minutes ago". */
function testedWhen(at: string, t: IkStrings): string {
  return Date.now() - Date.parse(at) < 45_000 ? t.testedJustNow : t.testedAgo(relativeTime(at));
}

function renderGrant({ connection, provider, t }: StatusSectionView) {
  const oauth = connection.oauth;
  if (!oauth || connection.status === 'revoked' || connection.status === 'pending') return nothing;
  // Only a working grant's token renews: a refused one's expiry would promise what will not happen.
  const active = connection.status === 'active';
  const expires = active && oauth.expiresAt ? (Date.parse(oauth.expiresAt) > Date.now() ? t.expiresIn(relativeTime(oauth.expiresAt)) : t.tokenExpired) : '';
  const account = accountWords(oauth.account);
  return html`
    ${account ? html`<p class="account" part="account">${t.connectedAs(account)}</p>` : nothing}
    <p class="grant" part="grant">${[t.grantedScopes(oauth.scopes.map((scope) => scopeWords(provider, scope)).join(', ') || '—'), expires].filter(Boolean).join(' · ')}</p>
  `;
}

/** The routing choices that can apply to this provider: no platform key to force where there is none. */
function routingChoices(provider: ProviderView): RoutingMode[] {
  return ROUTING_MODES.filter((mode) => mode !== 'built_in' || (provider.platformKeyAvailable && provider.authType !== 'oauth2'));
}

function renderRouting({ provider, t, busy, onRoute }: StatusSectionView, policy: RoutingPolicy) {
  const current = Object.hasOwn(policy.overrides, provider.key) ? policy.overrides[provider.key]! : '';
  return html`
    <div class="field routing" part="routing">
      <label class="label" for="routing">${t.overrideLabelLong}</label>
      <select id="routing" class="input" part="override" ?disabled=${busy} @change=${(e: Event) => onRoute((e.target as HTMLSelectElement).value as RoutingMode | '')}>
        <option value="" ?selected=${current === ''}>${t.overrideDefault(t.policyMode[policy.mode])}</option>
        ${routingChoices(provider).map((mode) => html`<option value=${mode} ?selected=${current === mode}>${t.policyMode[mode]}</option>`)}
      </select>
    </div>
  `;
}

function renderDisconnect(view: StatusSectionView) {
  const { provider, t } = view;
  if (!view.confirmingDisconnect) {
    return html`<button type="button" class="button small quiet danger-text" part="disconnect-button" ?disabled=${view.busy} @click=${view.onDisconnect}>${t.disconnect}…</button>`;
  }
  return html`
    <div class="confirm-inline" part="disconnect-confirm" role="group" aria-labelledby="disconnect-title">
      <p id="disconnect-title"><strong>${t.confirmRevokeTitle(provider.name)}</strong> ${t.confirmRevokeBody(provider.name)}</p>
      <div class="confirm-actions">
        <button type="button" class="button small" part="disconnect-cancel-button" ?disabled=${view.busy} @click=${view.onCancelDisconnect}>${t.cancel}</button>
        <button type="button" class="button small danger" part="disconnect-confirm-button" ?disabled=${view.busy} @click=${view.onConfirmDisconnect}>${t.disconnect}</button>
      </div>
    </div>
  `;
}
