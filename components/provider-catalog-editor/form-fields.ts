import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { IkStrings } from '../../src/i18n/strings.ts';
import { FIELD_FORMATS } from '../../src/schema/provider.ts';
import { errorSentence, ids, type CredentialDraft, type FormError, type FormErrors, type HeaderDraft } from './provider-draft.ts';

// A few more stroke icons in the kit's style (decorative, labelled by their control).
const icon = (paths: SVGTemplateResult) =>
  html`<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths}</svg>`;

export const editorIcons = {
  plus: icon(svg`<path d="M12 5v14M5 12h14" />`),
  up: icon(svg`<path d="m18 15-6-6-6 6" />`),
  down: icon(svg`<path d="m6 9 6 6 6-6" />`),
  trash: icon(svg`<path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" />`),
  lock: icon(svg`<rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" />`),
  edit: icon(svg`<path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" />`),
  image: icon(svg`<rect x="3" y="3" width="18" height="18" rx="2" /><circle cx="9" cy="9" r="2" /><path d="m21 15-5-5L5 21" />`),
};

export const describedBy = (...ids: (string | false | undefined)[]) => ifDefined(ids.filter(Boolean).join(' ') || undefined);

export function fieldError(error: FormError | undefined, id: string) {
  return error ? html`<p class="field-error" id="${id}-error" part="field-error">${errorSentence(error)}</p>` : nothing;
}

export interface TextFieldView {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: FormError | undefined;
  hint?: string | TemplateResult | undefined;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  multiline?: boolean;
  type?: 'text' | 'url';
  mono?: boolean;
  placeholder?: string | undefined;
  readonly?: boolean;
  autofocus?: boolean;
  maxlength?: number;
  /** Grid placement: `wide` spans both columns. */
  wide?: boolean;
  /** Labels only screen readers see (repeated rows with a visible column header). */
  hiddenLabel?: boolean;
  /** Marks the input as part of the named field for data-* hooks in tests and host CSS. */
  name?: string;
}

/** The kit's form building blocks, speaking the element's strings. */
export function formControls(t: IkStrings) {
  const optionalMark = (optional?: boolean) => (optional ? html` <span class="optional">(${t.optional})</span>` : nothing);

  function text(view: TextFieldView) {
    const { id, error } = view;
    const common = {
      describedBy: describedBy(view.hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined),
      onInput: (e: Event) => view.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value),
    };
    const control = view.multiline
      ? html`<textarea
          id=${id}
          class="input"
          part="input"
          name=${ifDefined(view.name)}
          rows="3"
          .value=${live(view.value)}
          placeholder=${ifDefined(view.placeholder)}
          maxlength=${ifDefined(view.maxlength)}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${common.describedBy}
          @input=${common.onInput}
        ></textarea>`
      : html`<input
          id=${id}
          class="input ${view.mono ? 'mono' : ''}"
          part="input"
          name=${ifDefined(view.name)}
          type=${view.type ?? 'text'}
          .value=${live(view.value)}
          placeholder=${ifDefined(view.placeholder)}
          maxlength=${ifDefined(view.maxlength)}
          autocomplete="off"
          spellcheck="false"
          ?readonly=${view.readonly}
          aria-readonly=${ifDefined(view.readonly ? 'true' : undefined)}
          ?autofocus=${view.autofocus}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${common.describedBy}
          @input=${common.onInput}
        />`;
    return html`
      <div class="field ${view.wide ? 'wide' : ''} ${view.readonly ? 'locked' : ''}" part="field">
        <label class="label ${view.hiddenLabel ? 'visually-hidden' : ''}" part="label" for=${id}>${view.label}${optionalMark(view.optional)}</label>
        ${view.readonly ? html`<div class="locked-input">${editorIcons.lock}${control}</div>` : control}
        ${view.hint ? html`<p class="hint" id="${id}-hint" part="hint">${view.hint}</p>` : nothing}
        ${fieldError(error, id)}
      </div>
    `;
  }

  function checkbox(view: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string }) {
    return html`
      <div class="check" part="field">
        <input
          id=${view.id}
          type="checkbox"
          .checked=${live(view.checked)}
          aria-describedby=${describedBy(view.hint && `${view.id}-hint`)}
          @change=${(e: Event) => view.onChange((e.target as HTMLInputElement).checked)}
        />
        <label for=${view.id} part="label">${view.label}</label>
        ${view.hint ? html`<p class="hint" id="${view.id}-hint" part="hint">${view.hint}</p>` : nothing}
      </div>
    `;
  }

  function select<V extends string>(view: { id: string; label: string; value: V; options: readonly { value: V; label: string }[]; onChange: (value: V) => void; error?: FormError | undefined }) {
    return html`
      <div class="field" part="field">
        <label class="label" part="label" for=${view.id}>${view.label}</label>
        <select
          id=${view.id}
          class="input"
          part="input"
          aria-invalid=${view.error ? 'true' : 'false'}
          aria-describedby=${describedBy(view.error && `${view.id}-error`)}
          @change=${(e: Event) => view.onChange((e.target as HTMLSelectElement).value as V)}
        >
          ${view.options.map((o) => html`<option value=${o.value} ?selected=${o.value === view.value}>${o.label}</option>`)}
        </select>
        ${fieldError(view.error, view.id)}
      </div>
    `;
  }

  /** A radio group: fieldset and legend, one described option per value. */
  function radios<V extends string>(view: {
    name: string;
    legend: string;
    value: V;
    options: readonly { value: V; label: string; hint?: string }[];
    idFor: (value: V) => string;
    onChange: (value: V) => void;
    part: string;
    /** When a visible heading just above already says it. */
    hiddenLegend?: boolean;
  }) {
    return html`
      <fieldset class="choices" part=${view.part}>
        <legend class="label ${view.hiddenLegend ? 'visually-hidden' : ''}">${view.legend}</legend>
        ${view.options.map((o) => {
          const id = view.idFor(o.value);
          return html`
            <div class="choice ${o.value === view.value ? 'chosen' : ''}" part="choice">
              <input
                id=${id}
                type="radio"
                name=${view.name}
                value=${o.value}
                .checked=${live(o.value === view.value)}
                aria-describedby=${describedBy(o.hint && `${id}-hint`)}
                @change=${() => view.onChange(o.value)}
              />
              <label for=${id}>${o.label}</label>
              ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : nothing}
            </div>
          `;
        })}
      </fieldset>
    `;
  }

  return { text, checkbox, select, radios };
}

export interface CredentialRowsView {
  rows: CredentialDraft[];
  errors: FormErrors;
  t: IkStrings;
  busy: boolean;
  onChange: (uid: number, patch: Partial<CredentialDraft>) => void;
  onMove: (uid: number, delta: -1 | 1) => void;
  onRemove: (uid: number) => void;
  onAdd: () => void;
}

export function credentialLegend(t: IkStrings, row: CredentialDraft, index: number): string {
  return t.catalogCredentialLegend(index + 1, row.label.trim() || row.name.trim());
}

/** The ordered credential fields: one fieldset per field, with move up/down and remove. */
export function renderCredentialRows(view: CredentialRowsView) {
  const { t, errors, rows } = view;
  const c = formControls(t);
  const labels = t.catalogLabels;
  const groupError = errors[ids.addCredential];
  return html`
    <div class="repeat" part="credentials">
      ${rows.length === 0 ? html`<p class="hint">${t.catalogNoFields}</p>` : nothing}
      ${rows.length === 0 ? nothing : html`<ol class="repeat-list">
        ${repeat(
          rows,
          (row) => row.uid,
          (row, index) => {
            const legend = credentialLegend(t, row, index);
            const id = (prop: keyof CredentialDraft) => ids.credential(row.uid, prop);
            const change = (patch: Partial<CredentialDraft>) => view.onChange(row.uid, patch);
            return html`
              <li class="repeat-item" part="credential-row" data-uid=${row.uid}>
                <fieldset class="card-fieldset">
                  <legend class="row-legend">${legend}</legend>
                  <div class="row-tools" part="row-tools">
                    <button type="button" class="button quiet icon small" data-move="up" aria-label=${t.catalogMoveUp(legend)} ?disabled=${view.busy || index === 0} @click=${() => view.onMove(row.uid, -1)}>${editorIcons.up}</button>
                    <button type="button" class="button quiet icon small" data-move="down" aria-label=${t.catalogMoveDown(legend)} ?disabled=${view.busy || index === rows.length - 1} @click=${() => view.onMove(row.uid, 1)}>${editorIcons.down}</button>
                    <button type="button" class="button quiet icon small danger-text" data-remove aria-label=${t.catalogRemoveField(legend)} ?disabled=${view.busy} @click=${() => view.onRemove(row.uid)}>${editorIcons.trash}</button>
                  </div>
                  <div class="grid">
                    ${c.text({ id: id('name'), name: 'credential-name', label: labels.fieldName, value: row.name, mono: true, placeholder: 'apiKey', hint: t.catalogHints.fieldName, error: errors[id('name')], onInput: (name) => change({ name }) })}
                    ${c.text({ id: id('label'), name: 'credential-label', label: labels.fieldLabel, value: row.label, placeholder: 'API key', error: errors[id('label')], onInput: (label) => change({ label }) })}
                    ${c.text({ id: id('hint'), name: 'credential-hint', label: labels.fieldHint, value: row.hint, optional: true, wide: true, hint: t.catalogHints.fieldHint, error: errors[id('hint')], onInput: (hint) => change({ hint }) })}
                    ${c.text({ id: id('placeholder'), name: 'credential-placeholder', label: labels.fieldPlaceholder, value: row.placeholder, optional: true, error: errors[id('placeholder')], onInput: (placeholder) => change({ placeholder }) })}
                    ${c.select({
                      id: id('format'),
                      label: labels.fieldFormat,
                      value: row.format,
                      options: FIELD_FORMATS.map((value) => ({ value, label: t.catalogFormats[value] })),
                      error: errors[id('format')],
                      onChange: (format) => change({ format }),
                    })}
                    ${c.text({ id: id('pattern'), name: 'credential-pattern', label: labels.fieldPattern, value: row.pattern, optional: true, mono: true, wide: true, placeholder: '^sk-[A-Za-z0-9]{20,}$', hint: t.catalogHints.fieldPattern, error: errors[id('pattern')], onInput: (pattern) => change({ pattern }) })}
                  </div>
                  <div class="checks">
                    ${c.checkbox({ id: id('secret'), label: labels.fieldSecret, checked: row.secret, onChange: (secret) => change({ secret }) })}
                    ${c.checkbox({ id: id('optional'), label: labels.fieldOptional, checked: row.optional, onChange: (optional) => change({ optional }) })}
                  </div>
                </fieldset>
              </li>
            `;
          },
        )}
      </ol>`}
      <button
        type="button"
        id=${ids.addCredential}
        class="button small add"
        part="add-credential"
        ?disabled=${view.busy || rows.length >= 12}
        aria-describedby=${describedBy(groupError && `${ids.addCredential}-error`)}
        @click=${view.onAdd}
      >
        ${editorIcons.plus}${t.catalogAddField}
      </button>
      ${fieldError(groupError, ids.addCredential)}
    </div>
  `;
}

export interface HeaderRowsView {
  rows: HeaderDraft[];
  errors: FormErrors;
  t: IkStrings;
  busy: boolean;
  onChange: (uid: number, patch: Partial<HeaderDraft>) => void;
  onRemove: (uid: number) => void;
  onAdd: () => void;
}

/** The recipe's headers: name and value template per row, like a small table. */
export function renderHeaderRows(view: HeaderRowsView) {
  const { t, errors, rows } = view;
  const c = formControls(t);
  const labels = t.catalogLabels;
  return html`
    <fieldset class="headers" part="headers">
      <legend class="label">${labels.headers} <span class="optional">(${t.optional})</span></legend>
      ${rows.length
        ? html`<div class="header-columns" aria-hidden="true"><span>${labels.headerName}</span><span>${labels.headerValue}</span></div>`
        : nothing}
      ${rows.length === 0 ? nothing : html`<ul class="repeat-list">
        ${repeat(
          rows,
          (row) => row.uid,
          (row, index) => html`
            <li class="header-row" part="header-row" data-uid=${row.uid}>
              ${c.text({ id: ids.header(row.uid, 'name'), name: 'header-name', label: `${t.catalogHeaderLegend(index + 1)}: ${labels.headerName}`, hiddenLabel: true, value: row.name, mono: true, placeholder: 'Authorization', error: errors[ids.header(row.uid, 'name')], onInput: (name) => view.onChange(row.uid, { name }) })}
              ${c.text({ id: ids.header(row.uid, 'value'), name: 'header-value', label: `${t.catalogHeaderLegend(index + 1)}: ${labels.headerValue}`, hiddenLabel: true, value: row.value, mono: true, placeholder: 'Bearer {{apiKey}}', error: errors[ids.header(row.uid, 'value')], onInput: (value) => view.onChange(row.uid, { value }) })}
              <button type="button" class="button quiet icon small danger-text" data-remove aria-label=${t.catalogRemoveHeader(index + 1)} ?disabled=${view.busy} @click=${() => view.onRemove(row.uid)}>${editorIcons.trash}</button>
            </li>
          `,
        )}
      </ul>`}
      <button
        type="button"
        id=${ids.addHeader}
        class="button small add"
        part="add-header"
        ?disabled=${view.busy}
        aria-describedby=${describedBy(errors[ids.addHeader] && `${ids.addHeader}-error`)}
        @click=${view.onAdd}
      >${editorIcons.plus}${t.catalogAddHeader}</button>
      ${fieldError(errors[ids.addHeader], ids.addHeader)}
    </fieldset>
  `;
}
