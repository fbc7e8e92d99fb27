import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/integration-marketplace/define.ts';
import '../../components/integration-settings/define.ts';
import type { ConnectDialog } from '../../components/connect-dialog/connect-dialog.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import type { IntegrationsBackend } from '../../src/backend/backend.ts';
import { VIRTUALIZE_ABOVE } from '../../src/element/long-list.ts';
import { IkConnectionSavedEvent } from '../../src/events/events.ts';
import type { Connection } from '../../src/schema/connection.ts';
import type { ProviderView } from '../../src/schema/provider.ts';
import { createKit, until, type TestKit } from './support/kit.ts';

const key = (i: number) => `p-${String(i).padStart(5, '0')}`;
const CATEGORIES = ['AI', 'Payments', 'Messaging', 'Email'];

/**
 * The kit's backend with `count` more catalog rows (copies of OpenAI: p-00001 "Provider 1", …)
 * and, optionally, a connection to each of the first `connections` of them.
 */
function longCatalog(kit: TestKit, count: number, connections?: { count: number; like: Connection }): IntegrationsBackend {
  const backend = kit.backend;
  return new Proxy(backend, {
    get(target, name, receiver) {
      if (name === 'listProviders') {
        return async (options?: Parameters<IntegrationsBackend['listProviders']>[0]) => {
          const real = await target.listProviders(options);
          const openai = real.find((p) => p.key === 'openai')!;
          const made: ProviderView[] = Array.from({ length: count }, (_, n) => ({ ...openai, key: key(n + 1), name: `Provider ${n + 1}`, category: CATEGORIES[n % CATEGORIES.length]! }));
          return [...made, ...real];
        };
      }
      if (name === 'listConnections' && connections) {
        return async (workspaceId: string, options?: Parameters<IntegrationsBackend['listConnections']>[1]) => {
          const real = await target.listConnections(workspaceId, options);
          const made = Array.from({ length: connections.count }, (_, n) => ({ ...connections.like, id: `conn_made_${n + 1}`, provider: key(n + 1), displayName: `Provider ${n + 1}` }));
          return [...made, ...real.filter((c) => c.id !== connections.like.id)];
        };
      }
      return Reflect.get(target, name, receiver);
    },
  });
}

const frames = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
};

describe('long lists', () => {
  let kit: TestKit;
  beforeEach(async () => {
    kit = await createKit();
    scrollTo(0, 0);
  });
  afterEach(() => scrollTo(0, 0));

  describe('<integration-marketplace> with 2,000 more providers', () => {
    const TOTAL = 2016;

    async function mount(width?: string) {
      const wrapper = await fixture<HTMLElement>(html`<div style=${width ? `width: ${width}` : ''}>
        <integration-marketplace workspace="acme" .backend=${longCatalog(kit, 2000)}></integration-marketplace>
      </div>`);
      const el = wrapper.querySelector<IntegrationMarketplace>('integration-marketplace')!;
      await until(() => el.shadowRoot!.querySelector('[part~="card"]'), 5000);
      await frames(2);
      return el;
    }
    const cards = (el: IntegrationMarketplace) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card"]'));
    const keys = (el: IntegrationMarketplace) => cards(el).map((c) => c.dataset.provider!);
    const index = (providerKey: string | undefined) => Number(providerKey?.slice(2));
    const focusedCard = (el: IntegrationMarketplace) => el.shadowRoot!.activeElement?.closest<HTMLElement>('[data-provider]')?.dataset.provider;
    async function search(el: IntegrationMarketplace, text: string) {
      const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
      box.focus();
      box.select();
      await sendKeys(text ? { type: text } : { press: 'Backspace' });
      await el.updateComplete;
    }

    it('renders only the cards near the viewport, as items of one list of all of them', async () => {
      const el = await mount();
      const shown = cards(el);
      expect(shown.length).to.be.within(1, 100);
      expect(VIRTUALIZE_ABOVE).to.be.below(TOTAL);
      const list = el.shadowRoot!.querySelector('[part~="grid"]')!;
      expect(list.getAttribute('role')).to.equal('list');
      expect(shown[0]!.getAttribute('aria-posinset')).to.equal('1');
      expect(shown.every((card) => card.getAttribute('aria-setsize') === String(TOTAL))).to.be.true;
      expect(shown.map((card) => Number(card.getAttribute('aria-posinset')))).to.deep.equal(shown.map((_, i) => i + 1));
      expect(el.shadowRoot!.querySelector('[part~="summary"]')!.textContent).to.equal(`${TOTAL} integrations`);
      await expect(el).to.be.accessible();
    });

    it('lays the cards out like the plain grid: the same columns, each line as tall as its tallest card', async () => {
      const el = await mount('1000px');
      const [a, b, c, d] = cards(el);
      const top = (card: HTMLElement) => Math.round(card.getBoundingClientRect().top);
      // 1,000 px at the default card width (272 px, gaps 12 px): three columns.
      expect([top(a!), top(b!), top(c!)]).to.deep.equal([top(a!), top(a!), top(a!)]);
      expect(top(d!)).to.be.above(top(a!));
      const tracks = (element: Element) => getComputedStyle(element).gridTemplateColumns.split(' ').map((track) => Math.round(parseFloat(track)));
      expect(tracks(a!.parentElement!)).to.deep.equal(tracks(el.shadowRoot!.querySelector('.grid-probe')!));
      expect(d!.getBoundingClientRect().top - a!.getBoundingClientRect().bottom).to.be.closeTo(12, 1);
    });

    it('renders later cards as the page scrolls, and no more than before', async () => {
      const el = await mount();
      const before = cards(el).length;
      scrollTo(0, document.documentElement.scrollHeight / 2);
      await until(() => keys(el).some((k) => index(k) > 800));
      await frames(2);
      expect(keys(el)).not.to.include(key(1));
      expect(cards(el).length).to.be.at.most(before + 8);
    });

    it('keeps a jump made as soon as the first cards are there, before any was measured', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div><integration-marketplace workspace="acme" .backend=${longCatalog(kit, 2000)}></integration-marketplace></div>`);
      const el = wrapper.querySelector<IntegrationMarketplace>('integration-marketplace')!;
      await until(() => el.shadowRoot!.querySelector('[part~="card"]'), 5000);
      scrollTo(0, document.documentElement.scrollHeight / 2);
      const far = () => keys(el).some((k) => index(k) > 800);
      await until(far);
      await frames(3);
      expect(far()).to.equal(true);
      expect(scrollY).to.be.above(document.documentElement.scrollHeight / 4);
    });

    it('search finds a card far down the list, and clearing it brings the whole list back', async () => {
      const el = await mount();
      expect(keys(el)).not.to.include(key(1999));
      await search(el, 'provider 1999');
      await until(() => keys(el).length === 1);
      expect(keys(el)).to.deep.equal([key(1999)]);
      expect(el.shadowRoot!.querySelector('[part~="summary"]')!.textContent).to.equal(`1 of ${TOTAL} integrations`);
      await search(el, 'payments');
      await until(() => cards(el).length > 0 && cards(el)[0]!.getAttribute('aria-setsize') === '501');
      expect(cards(el).every((card) => card.querySelector('[part~="card-category"]')!.textContent === 'Payments')).to.be.true;
      await search(el, '');
      await until(() => keys(el)[0] === key(1));
      expect(cards(el).length).to.be.within(1, 100);
    });

    it('follows a deep link to the last provider: scrolls to its card and opens its dialog', async () => {
      history.replaceState(null, '', `${location.pathname}?integration=${key(2000)}`);
      try {
        const el = await mount();
        const dialog = el.shadowRoot!.querySelector<ConnectDialog>('.connect-dialog')!;
        await until(() => dialog.open, 5000);
        expect(dialog.shadowRoot!.querySelector('h2')!.textContent).to.equal('Connect Provider 2000');
        const card = el.shadowRoot!.querySelector<HTMLElement>(`[data-provider="${key(2000)}"]`)!;
        expect(card, 'its card rendered').to.exist;
        const { top, bottom } = card.getBoundingClientRect();
        expect(top < innerHeight && bottom > 0, 'and in view').to.be.true;
        expect(new URLSearchParams(location.search).get('integration'), 'followed once').to.be.null;
        dialog.close();
      } finally {
        history.replaceState(null, '', location.pathname);
      }
    });

    it('Tab moves card by card past the cards first rendered, scrolling them into view', async () => {
      const el = await mount('320px');
      const initial = new Set(keys(el));
      el.shadowRoot!.querySelector<HTMLElement>(`[data-provider="${key(1)}"] [part~="copy-link"]`)!.focus();
      const visited = [1];
      for (let press = 0; press < 80 && initial.has(key(visited.at(-1)!)); press++) {
        await sendKeys({ press: 'Tab' });
        await frames(1);
        const focused = focusedCard(el);
        expect(focused, 'focus stays on a card').to.exist;
        visited.push(index(focused));
      }
      const last = visited.at(-1)!;
      expect(initial.has(key(last)), 'reached a card that was not in the DOM at first').to.be.false;
      // In order, never skipping one: each card's two buttons, then the next card.
      for (let i = 1; i < visited.length; i++) expect(visited[i]! - visited[i - 1]!).to.be.within(0, 1);
      const { top, bottom } = el.shadowRoot!.activeElement!.getBoundingClientRect();
      expect(top >= 0 && bottom <= innerHeight, 'the focused button is in view').to.be.true;
    });

    it('keeps focus in the list when the focused card scrolls out of the DOM, and gives it back when it returns', async () => {
      const el = await mount();
      const action = () => el.shadowRoot!.querySelector<HTMLElement>(`[data-provider="${key(1)}"] [part~="card-action"]`);
      action()!.focus();
      scrollTo(0, document.documentElement.scrollHeight / 2);
      await until(() => !action());
      await frames(3);
      const list = el.shadowRoot!.querySelector('[part~="grid"]');
      expect(el.shadowRoot!.activeElement, 'focus is not lost to the page').to.equal(list);
      scrollTo(0, 0);
      await until(() => action() && el.shadowRoot!.activeElement === action());
    });
  });

  describe('<integration-settings> with 1,000 connections', () => {
    async function mount() {
      const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
      const el = await fixture<IntegrationSettings>(html`<integration-settings workspace="acme" refresh-interval="0" .backend=${longCatalog(kit, 1000, { count: 1000, like: connection })}></integration-settings>`);
      await until(() => el.shadowRoot!.querySelector('[part~="row"]'), 5000);
      await frames(2);
      return el;
    }
    const rows = (el: IntegrationSettings) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="row"]'));

    it('renders only the rows near the viewport, as items of one list of all of them', async () => {
      const el = await mount();
      expect(rows(el).length).to.be.within(1, 100);
      const list = el.shadowRoot!.querySelector('[part~="list"]')!;
      expect(list.getAttribute('role')).to.equal('list');
      expect(rows(el)[0]!.getAttribute('aria-posinset')).to.equal('1');
      expect(rows(el)[0]!.getAttribute('aria-setsize')).to.equal('1000');
      await expect(el).to.be.accessible();
    });

    it('brings a connection added elsewhere into view at the end of the list, highlighted', async () => {
      const el = await mount();
      const { connection } = await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'resend' });
      el.dispatchEvent(new IkConnectionSavedEvent({ providerKey: 'resend', connectionId: connection.id, workspaceId: 'acme', connection, created: true }));
      const row = () => el.shadowRoot!.querySelector<HTMLElement>(`[data-connection="${connection.id}"]`);
      await until(() => row(), 5000);
      expect(row()!.classList.contains('highlighted')).to.be.true;
      expect(row()!.getAttribute('aria-posinset')).to.equal('1001');
      await until(() => {
        const { top, bottom } = row()!.getBoundingClientRect();
        return top >= 0 && bottom <= innerHeight;
      });
      expect(rows(el).length).to.be.within(1, 100);
    });
  });
});
