import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../components/integration-marketplace/define.ts';
import type { IntegrationMarketplace } from '../../components/integration-marketplace/integration-marketplace.ts';
import { IntegrationsError } from '../../src/backend/errors.ts';
import { HttpBackend } from '../../src/backend/http-backend.ts';
import { defaultStrings } from '../../src/i18n/default-strings.ts';
import { until } from './support/kit.ts';

/** The second loopback server of web-test-runner.config.mjs: another origin, no CORS headers. */
const loopbackServer = () => executeServerCommand<{ origin: string; seen: string[] }, undefined>('loopback-server');

async function failure(promise: Promise<unknown>): Promise<IntegrationsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(IntegrationsError);
    return error as IntegrationsError;
  }
  throw new Error('the call did not fail');
}

/**
 * What the HTTP backend says when a request gets no answer at all: for an API on another
 * origin a missing CORS permission is the likely cause (the page cannot tell it from a server
 * that is down): the message names both origins and CORS, and the console names the
 * reference server's setting for whoever set the page up.
 */
describe('HttpBackend network errors', () => {
  it('an API on another origin without CORS: names CORS and both origins, and IK_CORS_ORIGINS in the console', async () => {
    const { origin } = await loopbackServer();
    const backend = new HttpBackend({ apiBase: `${origin}/api/integrations`, token: 'demo-acme-admin' });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    const error = await failure(backend.listProviders()).finally(() => (console.warn = warn));
    expect(warnings).to.deep.equal([`integration-kit: no answer from ${origin}. If it is running, allow ${location.origin} in its CORS settings (on the reference server: IK_CORS_ORIGINS).`]);
    expect(error.code).to.equal('network_error');
    expect(error.status).to.equal(0);
    expect(error.message).to.equal(
      `Could not reach the integrations service at ${origin} from this page (${location.origin}). The likely cause: it does not accept calls from this page (CORS), or it is not running.`,
    );
    // The server was up and asked: the browser refused the answer, as CORS does.
    expect((await loopbackServer()).seen).to.include('OPTIONS /api/integrations/providers');
  });

  it('an API on this page\'s origin keeps the plain message', async () => {
    const backend = new HttpBackend({ apiBase: '/__dropped/api/integrations', token: 'demo-acme-admin' });
    const error = await failure(backend.listProviders());
    expect(error.code).to.equal('network_error');
    expect(error.message).to.equal('Could not reach the integrations service. Check your connection and try again.');
  });

  it('reaches the user in an element, in the host\'s words when it overrides them', async () => {
    const { origin } = await loopbackServer();
    const el = await fixture<IntegrationMarketplace>(html`<integration-marketplace api-base=${`${origin}/api/integrations`} workspace="acme"></integration-marketplace>`);
    el.token = 'demo-acme-admin';
    await until(() => el.shadowRoot!.querySelector('[part~="error"]'), 5000);
    const shown = el.shadowRoot!.querySelector('[part~="error"]')!;
    expect(shown.getAttribute('role')).to.equal('alert');
    expect(shown.textContent).to.contain(defaultStrings.networkErrorCrossOrigin(origin, location.origin));
    await expect(el).to.be.accessible();

    const custom = await fixture<IntegrationMarketplace>(html`<integration-marketplace api-base=${`${origin}/api/integrations`} workspace="acme"
      .strings=${{ networkErrorCrossOrigin: (api: string, page: string) => `Kein Zugriff von ${page} auf ${api}.` }}></integration-marketplace>`);
    custom.token = 'demo-acme-admin';
    await until(() => custom.shadowRoot!.querySelector('[part~="error"]'), 5000);
    expect(custom.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain(`Kein Zugriff von ${location.origin} auf ${origin}.`);
  });
});
