import { html, nothing, type TemplateResult } from 'lit';
import type { IkStrings } from '../../src/i18n/strings.ts';
import { ROUTING_MODES } from '../../src/schema/constants.ts';
import type { RoutingMode, RoutingPolicy } from '../../src/schema/routing.ts';

export interface PolicySectionView {
  policy: RoutingPolicy;
  editable: boolean;
  busy: boolean;
  message?: { kind: 'success' | 'error'; text: string } | undefined;
  t: IkStrings;
  onMode(mode: RoutingMode): void;
}

/** The workspace's routing policy: three choices in a row, the chosen one explained in plain words below. */
export function renderPolicySection(view: PolicySectionView): TemplateResult {
  const { policy, t } = view;
  return html`
    <section class="policy" part="policy" aria-labelledby="policy-title">
      <fieldset ?disabled=${!view.editable || view.busy} aria-describedby=${view.editable ? 'policy-help' : 'policy-help policy-locked'}>
        <legend id="policy-title">${t.policyTitle}</legend>
        <div class="modes">
          ${ROUTING_MODES.map(
            (mode) => html`
              <label class="mode ${policy.mode === mode ? 'selected' : ''}" part="policy-option" title=${t.policyHelp[mode]}>
                <input type="radio" name="policy-mode" value=${mode} .checked=${policy.mode === mode} @change=${() => view.onMode(mode)} />
                <span class="mode-name">${t.policyMode[mode]}</span>
              </label>
            `,
          )}
        </div>
      </fieldset>
      <p class="hint" id="policy-help" part="policy-help">${t.policyHelp[policy.mode]}</p>
      ${view.editable ? nothing : html`<p class="hint" id="policy-locked">${t.policyAdminsOnly}</p>`}
      ${view.message ? html`<p class="notice ${view.message.kind}" role=${view.message.kind === 'error' ? 'alert' : 'status'}>${view.message.text}</p>` : nothing}
    </section>
  `;
}
