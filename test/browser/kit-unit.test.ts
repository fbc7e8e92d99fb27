import { expect } from '@open-wc/testing';
import { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';

/**
 * The kit's registered unit (--_ik-rem), in a page of its own: importing a class registers
 * nothing, the first element to connect does, and a second copy of the kit on the page (its
 * own module instance) finds it registered and carries on.
 */
describe('the kit unit registration', () => {
  /** A registered <length> computes `1em` to pixels; an unregistered custom property keeps the text. */
  function registered(): boolean {
    const probe = document.createElement('div');
    probe.style.cssText = 'font-size: 20px; --_ik-rem: 1em';
    document.body.append(probe);
    const value = getComputedStyle(probe).getPropertyValue('--_ik-rem').trim();
    probe.remove();
    return value === '20px';
  }

  it('happens when the first element connects, not when its class is imported or defined', () => {
    expect(IntegrationMarketplace, 'the class is imported').to.be.a('function');
    expect(registered()).to.equal(false);
    customElements.define('renamed-marketplace', IntegrationMarketplace);
    expect(registered(), 'defining a tag registers nothing either').to.equal(false);
    const element = document.createElement('renamed-marketplace');
    document.body.append(element);
    expect(registered()).to.equal(true);
    element.remove();
  });

  it('tolerates a second copy of the kit registering the same property', async () => {
    const url = `${new URL('../../src/styles/tokens.ts', import.meta.url).href}?second-copy`;
    const copy = (await import(/* @vite-ignore */ url)) as typeof import('../../src/styles/tokens.ts');
    expect(() => copy.registerKitProperties()).not.to.throw();
    expect(registered()).to.equal(true);
  });
});
