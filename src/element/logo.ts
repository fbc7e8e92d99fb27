import { css, html, type TemplateResult } from 'lit';

function hideBroken(event: Event): void {
  (event.target as HTMLImageElement).hidden = true;
}

/**
 * A provider's logo over a monogram of its name: when the image cannot load (a host offline,
 * a dead URL) the monogram shows instead of a broken-image icon.
 */
export function renderLogo(src: string, name: string, part: string, lazy = false): TemplateResult {
  return html`<span class="logo logo-frame" part=${part} data-initial=${name.trim().charAt(0).toUpperCase()}>
    <img src=${src} alt="" width="40" height="40" loading=${lazy ? 'lazy' : 'eager'} @error=${hideBroken} />
  </span>`;
}

/** The frame is a light tile in every colour scheme, so a near-black mark stays readable on a dark page. */
export const logoStyles = css`
  .logo-frame {
    position: relative;
    display: inline-grid;
    place-items: center;
    overflow: hidden;
    border: 1px solid var(--_border);
    background: var(--_logo-bg);
    color: var(--_logo-text);
    font-weight: 700;
  }
  .logo-frame::before {
    content: attr(data-initial);
  }
  /* Opaque, so the monogram under it shows only when the image does not (a mark is transparent around its shape). */
  .logo-frame img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    padding: 10%;
    background: var(--_logo-bg);
    object-fit: contain;
  }
  .logo-frame img[hidden] {
    display: none;
  }
`;
