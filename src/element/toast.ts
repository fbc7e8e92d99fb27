import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** Short visible word on what just happened (a link copied, a row removed), also read out. */
export interface ToastMessage {
  text: string;
  /** A link to show in full, selectable, when it could not be copied for the user. */
  link?: string;
}

const SHOWN_MS = 4000;
const SHOWN_WITH_LINK_MS = 15000;

/**
 * One toast per element: a live region screen readers hear, and the same words on screen for
 * everyone else, gone after a few seconds (longer when it holds a link to copy by hand).
 */
export class ToastController implements ReactiveController {
  private message: ToastMessage | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  show(message: ToastMessage): void {
    this.message = message;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.dismiss(), message.link ? SHOWN_WITH_LINK_MS : SHOWN_MS);
    this.host.requestUpdate();
  }

  dismiss = (): void => {
    clearTimeout(this.timer);
    this.message = undefined;
    this.host.requestUpdate();
  };

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  render(): TemplateResult {
    const message = this.message;
    const spoken = message ? [message.text, message.link].filter(Boolean).join(' ') : '';
    return html`
      <p class="visually-hidden announcement" role="status">${spoken}</p>
      ${message
        ? html`<div class="toast" part="toast" aria-hidden="true">
            <span>${message.text}</span>
            ${message.link ? html`<code class="toast-link">${message.link}</code>` : nothing}
            <button type="button" class="toast-close" tabindex="-1" @click=${this.dismiss}>×</button>
          </div>`
        : nothing}
    `;
  }
}

export const toastStyles = css`
  .toast {
    position: fixed;
    inset-inline: 0;
    bottom: calc(1.25 * var(--_rem));
    margin-inline: auto;
    width: max-content;
    max-width: min(36 * var(--_rem), calc(100vw - 2 * var(--_rem)));
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(0.5 * var(--_rem)) calc(0.75 * var(--_rem));
    padding: calc(0.6 * var(--_rem)) calc(0.6 * var(--_rem)) calc(0.6 * var(--_rem)) var(--_rem);
    border-radius: var(--ik-radius, 10px);
    background: var(--ik-toast-background, #1f2330);
    color: var(--ik-toast-color, #fff);
    box-shadow: 0 10px 30px rgb(0 0 0 / 0.25);
    font-size: calc(0.875 * var(--_rem));
    z-index: 10;
  }
  .toast-link {
    user-select: all;
    overflow-wrap: anywhere;
    font-size: calc(0.8 * var(--_rem));
  }
  .toast-close {
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: calc(1.1 * var(--_rem));
    line-height: 1;
    cursor: pointer;
    padding: calc(0.2 * var(--_rem)) calc(0.4 * var(--_rem));
  }
`;
