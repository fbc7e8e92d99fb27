import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: center;
  }
  .search {
    position: relative;
    flex: 1 1 16rem;
  }
  .search .icon {
    position: absolute;
    top: 50%;
    left: 0.75rem;
    color: var(--_muted);
    transform: translateY(-50%);
    pointer-events: none;
  }
  .search .input {
    padding-left: 2.25rem;
  }
  .count {
    display: inline-grid;
    place-items: center;
    min-width: 1.25rem;
    height: 1.25rem;
    padding: 0 0.3rem;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.6875rem;
  }

  .type-menu {
    position: fixed;
    inset: auto;
    margin: 0;
    min-width: 15rem;
    max-height: min(24rem, 70vh);
    overflow: auto;
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_bg-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: calc(var(--_space) * 1) calc(var(--_space) * 2) calc(var(--_space) * 2);
    color: var(--_muted);
    font-size: 0.75rem;
    font-weight: 650;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  .option {
    display: flex;
    gap: calc(var(--_space) * 2.5);
    align-items: center;
    padding: calc(var(--_space) * 1.75) calc(var(--_space) * 2);
    border-radius: 6px;
    font-size: 0.875rem;
    cursor: pointer;
  }
  .option:hover {
    background: var(--_bg-subtle);
  }
  .option input {
    width: 1rem;
    height: 1rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  .option span:first-of-type {
    flex: 1;
  }
  .option-count {
    color: var(--_muted);
    font-size: 0.75rem;
  }
  .clear {
    width: 100%;
    margin-top: calc(var(--_space) * 1);
  }

  .summary {
    margin: calc(var(--_space) * 3) 0;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(var(--ik-card-min-width, 17rem), 100%), 1fr));
    gap: calc(var(--_space) * 3);
    margin: 0;
    padding: 0;
    list-style: none;
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
    contain-intrinsic-size: auto 11rem;
    transition:
      border-color 120ms ease,
      box-shadow 120ms ease,
      transform 120ms ease;
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
  .card-head {
    display: flex;
    gap: calc(var(--_space) * 3);
    align-items: center;
  }
  .card-title {
    min-width: 0;
  }
  h3 {
    margin: 0;
    overflow: hidden;
    font-size: 0.9375rem;
    font-weight: 650;
    line-height: 1.3;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .category {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .description {
    flex: 1;
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
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
