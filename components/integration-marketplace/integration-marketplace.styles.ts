import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(var(--ik-card-min-width, calc(17 * var(--_rem))), 100%), 1fr));
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* A long catalog (see renderGrid): lines of cards, each a grid like the one above. */
  .grid-probe {
    height: 0;
    overflow: hidden;
  }
  .virtual-grid {
    outline: none;
  }
  .grid-row {
    width: 100%;
    margin-bottom: calc(var(--_space) * 3);
  }
  .grid-row.last {
    margin-bottom: 0;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
    min-width: 0;
    padding: calc(var(--_space) * 4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
    /* Off-screen cards skip layout and paint: large catalogs stay quick to show. */
    content-visibility: auto;
    contain-intrinsic-size: auto calc(11 * var(--_rem));
    transition:
      border-color 120ms ease,
      box-shadow 120ms ease,
      transform 120ms ease;
  }
  /* The virtualizer measures every line it renders: no placeholder sizes there. */
  .grid-row .card {
    content-visibility: visible;
  }
  .card:hover:not(.soon):not(.skeleton-card) {
    border-color: var(--_border-strong);
    box-shadow: var(--_shadow-raised);
    transform: translateY(-1px);
  }
  @media (prefers-reduced-motion: reduce) {
    .card {
      transition: none;
    }
    .card:hover:not(.soon):not(.skeleton-card) {
      transform: none;
    }
  }
  .card.soon {
    background: var(--_bg-subtle);
  }
  .card.soon .logo {
    filter: grayscale(0.7);
    opacity: 0.75;
  }
  .card {
    position: relative;
  }
  .card-note {
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .role-notice {
    margin-top: calc(var(--_space) * 3);
  }
  .card-head {
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: center;
  }
  .card-title {
    min-width: 0;
    padding-right: calc(2 * var(--_rem));
  }
  h3 {
    margin: 0;
    overflow: hidden;
    font-size: calc(0.9375 * var(--_rem));
    font-weight: 650;
    line-height: 1.3;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .category {
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.8125 * var(--_rem));
  }
  .description {
    flex: 1;
    margin: 0;
    color: var(--_muted);
    font-size: calc(0.875 * var(--_rem));
  }
  .card-foot {
    display: flex;
    gap: calc(var(--_space) * 2);
    align-items: center;
    justify-content: space-between;
  }

  .skeleton-card .card-head .line {
    flex: none;
  }
`;
