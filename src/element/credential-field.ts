import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { maskedValue } from '../credentials/preview.ts';
import type { FieldPreview } from '../schema/connection.ts';
import type { CredentialField } from '../schema/provider.ts';
import type { IkStrings } from '../i18n/strings.ts';
import { icons } from '../styles/icons.ts';

export interface CredentialFieldView {
  field: CredentialField;
  /** Unique within the shadow root. */
  id: string;
  value: string;
  revealed: boolean;
  error?: string | undefined;
  /** What is stored for this field, shown instead of a value until the user types one. */
  saved?: FieldPreview | undefined;
  autofocus?: boolean;
  disabled?: boolean;
  t: IkStrings;
  onInput: (value: string) => void;
  onToggleReveal: () => void;
}

/** One labelled credential input: masked with a show/hide toggle when secret, hint and error below. */
export function renderCredentialField(view: CredentialFieldView): TemplateResult {
  const { field, id, t } = view;
  const describedBy = [field.hint ? `${id}-hint` : '', view.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const masked = field.secret && !view.revealed;
  const placeholder = view.saved ? t.savedSecret(maskedValue(view.saved)) : field.placeholder;
  return html`
    <div class="field" part="field">
      <label class="label" for=${id} part="label">
        ${field.label}${field.optional ? html` <span class="optional">(${t.optional})</span>` : nothing}
      </label>
      <div class="input-row">
        <input
          id=${id}
          class="input ${field.secret ? 'mono' : ''}"
          part="input"
          name=${field.name}
          type=${masked ? 'password' : field.format === 'url' ? 'url' : 'text'}
          .value=${live(view.value)}
          placeholder=${ifDefined(placeholder)}
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          data-1p-ignore
          data-lpignore="true"
          ?autofocus=${view.autofocus}
          ?disabled=${view.disabled}
          ?required=${!field.optional && !view.saved}
          aria-invalid=${view.error ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy || undefined)}
          @input=${(e: Event) => view.onInput((e.target as HTMLInputElement).value)}
        />
        ${field.secret
          ? html`<button
              type="button"
              class="button quiet icon reveal"
              part="reveal-button"
              aria-label=${t.showSecret(field.label)}
              aria-pressed=${view.revealed ? 'true' : 'false'}
              ?disabled=${view.disabled}
              @click=${view.onToggleReveal}
            >
              ${view.revealed ? icons.eyeOff : icons.eye}
            </button>`
          : nothing}
      </div>
      ${field.hint ? html`<p class="hint" id="${id}-hint" part="hint">${field.hint}</p>` : nothing}
      ${view.error ? html`<p class="field-error" id="${id}-error" part="field-error">${field.label} ${view.error}</p>` : nothing}
    </div>
  `;
}

export const credentialFieldStyles = css`
  .field { display: grid; gap: 0; }
  .label { font-size: calc(0.8125 * var(--_rem)); font-weight: 600; margin-bottom: calc(var(--_space) * 1.5); }
  .optional { color: var(--_muted); font-weight: 400; }
  .input-row { display: flex; gap: calc(var(--_space) * 1.5); align-items: center; }
  .input-row .input { flex: 1; min-width: 0; }
`;
