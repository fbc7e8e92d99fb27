import { html, type TemplateResult } from 'lit';
import type { IkStrings } from '../i18n/strings.ts';

/** The panel an element shows when its data could not be loaded: what failed, and a retry. */
export function renderLoadError(error: unknown, t: IkStrings, retry: () => void): TemplateResult {
  return html`
    <div class="state error-state" part="error" role="alert">
      <p class="state-title">${t.loadFailed}</p>
      <p class="state-text">${(error as Error)?.message ?? ''}</p>
      <button class="button" @click=${retry}>${t.retry}</button>
    </div>
  `;
}
