import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../components/define.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import type { IntegrationSettings } from '../../components/integration-settings/integration-settings.ts';
import { createKit, settled, until, type TestKit } from './support/kit.ts';

/**
 * The kit on someone else's page: it follows the page's colour scheme (and only the page's,
 * unless told otherwise), and the page's rules for its own text do not reflow it.
 */

const LIGHT_CARD = 'rgb(255, 255, 255)';
const DARK_CARD = 'rgb(23, 24, 28)';
const LIGHT_DIALOG = 'rgb(255, 255, 255)';
const DARK_DIALOG = 'rgb(32, 33, 40)';
const LIGHT_TEXT = 'rgb(24, 24, 27)';

/** Styles on the host page itself, removed after each test. */
const pageStyles: HTMLStyleElement[] = [];
function pageCss(text: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = text;
  document.head.append(style);
  pageStyles.push(style);
  return style;
}

afterEach(async () => {
  for (const style of pageStyles.splice(0)) style.remove();
  await emulateMedia({ colorScheme: 'light' });
});

const shadow = (el: Element) => el.shadowRoot!;
const firstCard = (el: IntegrationMarketplace) => shadow(el).querySelector<HTMLElement>('[part~="card"]')!;
const background = (el: Element) => getComputedStyle(el).backgroundColor;

/**
 * Two rendered frames: cards are `content-visibility: auto`, whose boxes are only brought up to
 * date by a rendering update, not by a script reading them.
 */
async function rendered(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  await settled();
}

async function openDialog(marketplace: IntegrationMarketplace, provider = 'stripe'): Promise<HTMLDialogElement> {
  shadow(marketplace).querySelector<HTMLButtonElement>(`[data-provider="${provider}"] [part~="card-action"]`)!.click();
  const dialog = shadow(shadow(marketplace).querySelector('connect-dialog')!).querySelector('dialog')!;
  await until(() => dialog.open);
  await settled();
  return dialog;
}

describe("the host page's colour scheme", () => {
  let kit: TestKit;
  beforeEach(async () => (kit = await createKit()));

  async function mount(attributes = '') {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = `<integration-marketplace workspace="acme" ${attributes}></integration-marketplace>`;
    const marketplace = wrapper.querySelector<IntegrationMarketplace>('integration-marketplace')!;
    marketplace.backend = kit.backend;
    await until(() => shadow(marketplace).querySelector('[part~="card"]'));
    return marketplace;
  }

  it('a dark page (:root { color-scheme: dark }) gets the dark kit, the nested dialog too, and passes axe', async () => {
    pageCss(':root { color-scheme: dark; background: #0f1014; }');
    const marketplace = await mount();
    expect(background(firstCard(marketplace))).to.equal(DARK_CARD);
    const dialog = await openDialog(marketplace);
    expect(background(dialog)).to.equal(DARK_DIALOG);
    await expect(marketplace).to.be.accessible();
  });

  it('a page that declares no scheme stays light on a dark OS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the OS prefers dark').to.equal(true);
    const marketplace = await mount();
    expect(background(firstCard(marketplace))).to.equal(LIGHT_CARD);
    expect(background(await openDialog(marketplace))).to.equal(LIGHT_DIALOG);
  });

  it('a page that supports both (color-scheme: light dark) follows a dark OS', async () => {
    pageCss(':root { color-scheme: light dark; }');
    await emulateMedia({ colorScheme: 'dark' });
    const marketplace = await mount();
    expect(background(firstCard(marketplace))).to.equal(DARK_CARD);
    expect(background(await openDialog(marketplace))).to.equal(DARK_DIALOG);
  });

  it('the color-scheme attribute overrides the page, and the nested dialog follows it', async () => {
    pageCss(':root { color-scheme: dark; }');
    const marketplace = await mount('color-scheme="light"');
    expect(background(firstCard(marketplace))).to.equal(LIGHT_CARD);
    expect(background(await openDialog(marketplace))).to.equal(LIGHT_DIALOG);
  });

  it('--ik-color-scheme overrides the page, and the nested dialog follows it', async () => {
    pageCss('integration-marketplace { --ik-color-scheme: dark; }');
    const marketplace = await mount();
    expect(background(firstCard(marketplace))).to.equal(DARK_CARD);
    expect(background(await openDialog(marketplace))).to.equal(DARK_DIALOG);
  });

  it("--ik-color-scheme: light dark follows the OS even on a page that declares nothing", async () => {
    pageCss('integration-marketplace { --ik-color-scheme: light dark; }');
    await emulateMedia({ colorScheme: 'dark' });
    const marketplace = await mount();
    expect(background(firstCard(marketplace))).to.equal(DARK_CARD);
  });
});

describe('hostile host CSS', () => {
  let kit: TestKit;
  beforeEach(async () => {
    kit = await createKit();
    await kit.api('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: kit.samples.openai });
  });

  /** The page's font, the same with and without the hostile rules (so text widths compare). */
  const PAGE_FONT = 'html { font-family: serif; }';
  const HOSTILE = [
    'integration-marketplace, integration-settings { color: red; line-height: 1; }',
    'html { font-size: 62.5%; }',
    '* { font: 10px/1 serif !important; color: red !important; }',
  ].join('\n');

  async function mount() {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <integration-marketplace workspace="acme" .backend=${kit.backend}></integration-marketplace>
        <integration-settings workspace="acme" .backend=${kit.backend}></integration-settings>
      </div>
    `);
    const marketplace = page.querySelector<IntegrationMarketplace>('integration-marketplace')!;
    const settings = page.querySelector<IntegrationSettings>('integration-settings')!;
    await until(() => shadow(marketplace).querySelector('[part~="card"]') && shadow(settings).querySelector('[part~="row"]'));
    return { marketplace, settings };
  }

  /** The size of each box that matters, and its place inside its element. */
  function measure(boxes: Record<string, Element>): Record<string, number[]> {
    const result: Record<string, number[]> = {};
    for (const [name, box] of Object.entries(boxes)) {
      const rect = box.getBoundingClientRect();
      const host = (box.getRootNode() as ShadowRoot).host.getBoundingClientRect();
      result[name] = [rect.width, rect.height, rect.left - host.left, rect.top - host.top];
    }
    return result;
  }

  function kitBoxes(marketplace: IntegrationMarketplace, settings: IntegrationSettings): Record<string, Element> {
    const m = shadow(marketplace);
    const s = shadow(settings);
    return {
      search: m.querySelector('[part~="search"]')!,
      summary: m.querySelector('[part~="summary"]')!,
      card: firstCard(marketplace),
      'card name': firstCard(marketplace).querySelector('[part~="card-name"]')!,
      'card description': firstCard(marketplace).querySelector('[part~="card-description"]')!,
      'card button': firstCard(marketplace).querySelector('[part~="card-action"]')!,
      'settings heading': s.querySelector('[part~="heading"]')!,
      row: s.querySelector('[part~="row"]')!,
      'row button': s.querySelector('[part~="row-actions"] button')!,
    };
  }

  function dialogBoxes(dialog: HTMLDialogElement): Record<string, Element> {
    return {
      dialog,
      title: dialog.querySelector('[part~="title"]')!,
      input: dialog.querySelector('[part~="input"]')!,
      'save button': dialog.querySelector('[part~="save-button"]')!,
    };
  }

  function expectSame(actual: Record<string, number[]>, expected: Record<string, number[]>): void {
    for (const [name, numbers] of Object.entries(expected)) {
      numbers.forEach((value, i) => {
        expect(Math.abs(actual[name]![i]! - value), `${name} ${['width', 'height', 'left', 'top'][i]}: ${actual[name]![i]} vs ${value}`).to.be.at.most(1);
      });
    }
  }

  it('boxes measure the same with the page\'s own rules for its text, colours stay the kit\'s, the font stays the page\'s', async () => {
    pageCss(PAGE_FONT);
    const { marketplace, settings } = await mount();
    await rendered();
    const before = measure(kitBoxes(marketplace, settings));
    const hostile = pageCss(HOSTILE);
    await rendered();
    expectSame(measure(kitBoxes(marketplace, settings)), before);
    const name = firstCard(marketplace).querySelector('[part~="card-name"]')!;
    expect(getComputedStyle(name).color, "the kit's text colour").to.equal(LIGHT_TEXT);
    expect(getComputedStyle(shadow(settings).querySelector('[part~="heading"]')!).color).to.equal(LIGHT_TEXT);
    expect(getComputedStyle(name).fontFamily, "the page's font").to.equal('serif');

    hostile.remove();
    const dialog = await openDialog(marketplace);
    await rendered();
    const dialogBefore = measure(dialogBoxes(dialog));
    pageCss(HOSTILE);
    await rendered();
    expectSame(measure(dialogBoxes(dialog)), dialogBefore);
    expect(getComputedStyle(dialog.querySelector('[part~="title"]')!).color).to.equal(LIGHT_TEXT);
    await expect(marketplace).to.be.accessible();
  });

  it('font-family still inherits from the page, unless --ik-font-family is set', async () => {
    pageCss('body { font-family: Georgia, serif; }');
    const { marketplace } = await mount();
    const name = () => getComputedStyle(firstCard(marketplace).querySelector('[part~="card-name"]')!).fontFamily;
    expect(name()).to.equal('Georgia, serif');
    marketplace.style.setProperty('--ik-font-family', 'Verdana, sans-serif');
    expect(name()).to.equal('Verdana, sans-serif');
  });

  it('--ik-font-size still scales the kit, hostile rules or not', async () => {
    pageCss(`${PAGE_FONT}\n${HOSTILE}`);
    const { marketplace } = await mount();
    const card = firstCard(marketplace);
    const text = () => parseFloat(getComputedStyle(card.querySelector('[part~="card-name"]')!).fontSize);
    const button = () => card.querySelector('[part~="card-action"]')!.getBoundingClientRect().height;
    await rendered();
    expect(text(), 'the default base size').to.equal(15);
    const defaultButton = button();
    marketplace.style.setProperty('--ik-font-size', '18px');
    await rendered();
    expect(text()).to.equal(18);
    expect(button()).to.be.closeTo(defaultButton * 1.2, 1);
  });
});
