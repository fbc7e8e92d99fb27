import { html, nothing, type TemplateResult } from 'lit';
import type { IkStrings } from '../../src/i18n/strings.ts';
import { ROUTING_MODES, type RoutingMode, type RoutingPolicy } from '../../src/schema/routing.ts';

export interface PolicySectionView {
  policy: RoutingPolicy;
  editable: boolean;
  busy: boolean;
  message?: { kind: 'success' | 'error'; text: string } | undefined;
  t: IkStrings;
  onMode(mode: RoutingMode): void;
}

/** The workspace's routing policy: three choices, each explained in plain words. */
export function renderPolicySection(view: PolicySectionView): TemplateResult {
  const { policy, t } = view;
  return html`
    <section class="policy" part="policy" aria-labelledby="policy-title">
      <fieldset ?disabled=${!view.editable || view.busy} aria-describedby=${view.editable ? nothing : 'policy-locked'}>
        <legend id="policy-title">${t.policyTitle}</legend>
        ${ROUTING_MODES.map(
          (mode) => html`
            <label class="mode ${policy.mode === mode ? 'selected' : ''}" part="policy-option">
              <input type="radio" name="policy-mode" value=${mode} .checked=${policy.mode === mode} @change=${() => view.onMode(mode)} />
              <span class="mode-text">
                <span class="mode-name">${t.policyMode[mode]}</span>
                <span class="mode-help">${t.policyHelp[mode]}</span>
              </span>
            </label>
          `,
        )}
      </fieldset>
      ${view.editable ? nothing : html`<p class="hint" id="policy-locked">${t.policyAdminsOnly}</p>`}
      ${view.message ? html`<p class="notice ${view.message.kind}" role=${view.message.kind === 'error' ? 'alert' : 'status'}>${view.message.text}</p>` : nothing}
    </section>
  `;
}

/** The per-provider override, for admins: follow the workspace, or force one source. */
export function renderOverride(view: { provider: string; name: string; policy: RoutingPolicy; editable: boolean; busy: boolean; t: IkStrings; onChange(mode: RoutingMode | ''): void }): TemplateResult | typeof nothing {
  const { t, policy } = view;
  const current = Object.hasOwn(policy.overrides, view.provider) ? policy.overrides[view.provider]! : '';
  if (!view.editable) return current ? html`<span class="override-note">${t.overrideNote(t.policyMode[current])}</span>` : nothing;
  const id = `override-${view.provider}`;
  return html`
    <span class="override">
      <label for=${id}>${t.overrideLabel}</label>
      <select id=${id} class="input small-select" part="override" aria-label=${t.overrideAria(view.name)} ?disabled=${view.busy}
        @change=${(e: Event) => view.onChange((e.target as HTMLSelectElement).value as RoutingMode | '')}>
        <option value="" ?selected=${current === ''}>${t.overrideDefault(t.policyMode[policy.mode])}</option>
        ${ROUTING_MODES.map((mode) => html`<option value=${mode} ?selected=${current === mode}>${t.policyMode[mode]}</option>`)}
      </select>
    </span>
  `;
}
