import { html, nothing, type TemplateResult } from 'lit';
import type { IkStrings } from '../../src/i18n/strings.ts';
import { categoryKey } from '../../src/schema/category.ts';
import { describedBy, fieldError, formControls } from './form-fields.ts';
import { ids, type FormErrors } from './provider-draft.ts';

export interface CategoryFieldView {
  t: IkStrings;
  /** The catalog's categories, each once (see distinctCategories). */
  categories: readonly string[];
  category: string;
  isNew: boolean;
  errors: FormErrors;
  /** One of `categories` was chosen, or "New category…" (`undefined`). */
  onChoose: (category: string | undefined) => void;
  onInput: (category: string) => void;
}

const sameCategory = (a: string) => (b: string) => categoryKey(a) === categoryKey(b);

/**
 * The category: one of the catalog's, so that "Email" and "email" cannot both come to be, or a
 * name typed in after "New category…" (the server still files a typed "email" under "Email").
 */
export function renderCategoryField(view: CategoryFieldView): TemplateResult {
  const { t, errors } = view;
  const labels = t.catalogLabels;
  const chosen = view.isNew ? undefined : view.categories.find(sameCategory(view.category));
  const typedExisting = view.isNew && view.category.trim() !== '' ? view.categories.find(sameCategory(view.category)) : undefined;
  const error = errors[ids.category];
  const onChange = (event: Event) => {
    const option = (event.target as HTMLSelectElement).selectedOptions[0];
    view.onChoose(!option || option.hasAttribute('data-new') ? undefined : option.value);
  };
  // `.selected` rather than a `value` on the select: Lit sets that before the options exist.
  return html`
    <div class="field" part="field">
      <label class="label" part="label" for=${ids.category}>${labels.category}</label>
      <select
        id=${ids.category}
        class="input"
        part="input"
        name="category"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy(`${ids.category}-hint`, error && `${ids.category}-error`)}
        @change=${onChange}
      >
        <option value="" disabled .selected=${!view.isNew && chosen === undefined}>${t.catalogCategoryChoose}</option>
        ${view.categories.map((category) => html`<option value=${category} .selected=${category === chosen}>${category}</option>`)}
        <option value="" data-new .selected=${view.isNew}>${t.catalogCategoryNewOption}</option>
      </select>
      <p class="hint" id="${ids.category}-hint" part="hint">${t.catalogHints.category}</p>
      ${fieldError(error, ids.category)}
    </div>
    ${view.isNew
      ? formControls(t).text({
          id: ids.categoryNew,
          name: 'category-new',
          label: labels.categoryNew,
          value: view.category,
          placeholder: 'Email',
          hint: typedExisting ? t.catalogCategoryExists(typedExisting) : t.catalogHints.categoryNew,
          error: errors[ids.categoryNew],
          onInput: view.onInput,
        })
      : nothing}
  `;
}
