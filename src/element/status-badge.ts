import { html, type TemplateResult } from 'lit';
import { STATUS_TONE, type StatusWord } from '../i18n/status.ts';
import type { IkStrings } from '../i18n/strings.ts';

/** A connection's one status badge, in the kit's vocabulary and its tone's colour. */
export function renderStatusBadge(word: StatusWord, t: IkStrings, part: string): TemplateResult {
  return html`<span class="badge ${STATUS_TONE[word]}" part=${part}>${t.statusWord[word]}</span>`;
}
