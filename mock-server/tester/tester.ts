import type { CredentialValues } from '../../src/credentials/validate.ts';
import type { TestOutcome, TestResult } from '../../src/schema/connection.ts';
import type { Provider, VerificationRecipe } from '../../src/schema/provider.ts';
import { utf8ToBase64 } from '../util/base64.ts';
import { renderTemplate } from './template.ts';

export type UpstreamMode = 'live' | 'simulated';

export interface TesterOptions {
  /** `live` calls the provider's real API; `simulated` calls the fake upstream on loopback. */
  mode: UpstreamMode;
  /** Base URL of the fake upstream (simulated mode), e.g. http://127.0.0.1:5173/__upstream */
  upstreamBase: () => string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => Date;
}

/** The HTTP request a recipe describes, with the credential filled in. */
export function buildVerificationRequest(
  recipe: VerificationRecipe,
  values: CredentialValues,
  rewriteUrl: (url: string) => string = (url) => url,
): Request {
  const headers = new Headers();
  for (const [name, template] of Object.entries(recipe.headers ?? {})) headers.set(name, renderTemplate(template, values));
  if (recipe.basicAuth) {
    const user = renderTemplate(recipe.basicAuth.username, values);
    const password = renderTemplate(recipe.basicAuth.password, values);
    headers.set('Authorization', `Basic ${utf8ToBase64(`${user}:${password}`)}`);
  }
  const body = recipe.body === undefined ? undefined : renderTemplate(recipe.body, values);
  const url = rewriteUrl(renderTemplate(recipe.url, values, encodeURIComponent));
  return new Request(url, { method: recipe.method, headers, body, redirect: 'manual' });
}

/** https://api.example.com/v1/x?y -> <upstreamBase>/<provider>/api.example.com/v1/x?y */
export function simulatedUrl(upstreamBase: string, providerKey: string, liveUrl: string): string {
  const url = new URL(liveUrl);
  return `${upstreamBase.replace(/\/$/, '')}/${providerKey}/${url.host}${url.pathname}${url.search}`;
}

function classify(recipe: VerificationRecipe, status: number): TestOutcome {
  if (recipe.validStatuses.includes(status)) return 'valid';
  if (recipe.invalidStatuses.includes(status)) return 'invalid';
  if (status === 429) return 'rate_limited';
  return 'unreachable';
}

function describe(outcome: TestOutcome, provider: Provider, status: number): string {
  switch (outcome) {
    case 'valid':
      return `${provider.name} accepted the credential.`;
    case 'invalid':
      return `${provider.name} rejected the credential (HTTP ${status}). Check that you pasted the whole key.`;
    case 'rate_limited':
      return `${provider.name} is rate limiting requests (HTTP 429). Try the test again in a minute.`;
    case 'unreachable':
      return `${provider.name} answered with an unexpected HTTP ${status}.`;
  }
}

/** A network failure in words, from the error's code only: fetch errors can quote the request. */
function networkProblem(error: unknown, provider: Provider, timeoutMs: number): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `No answer from ${provider.name} within ${Math.round(timeoutMs / 1000)} s.`;
  const code = ((error as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? 'network error';
  if (code === 'EGRESS_REFUSED') return `Not called: ${provider.name}'s test URL leads to a loopback, private or reserved address, which this server never calls (EGRESS_REFUSED).`;
  return `Could not reach ${provider.name} (${code}).`;
}

/**
 * Runs the provider's verification recipe with the credential and says what the provider
 * thought of it. The provider's response body is never read: it may quote the key back.
 */
export async function runVerification(provider: Provider, values: CredentialValues, options: TesterOptions): Promise<TestResult> {
  const recipe = provider.verification;
  if (!recipe) throw new Error(`provider ${provider.key} has no verification recipe`);
  const started = performance.now();
  const finish = (outcome: TestOutcome, httpStatus: number | null, message: string): TestResult => ({
    outcome,
    httpStatus,
    message,
    latencyMs: Math.max(0, Math.round(performance.now() - started)),
    testedAt: options.now().toISOString(),
  });
  let request: Request;
  try {
    request = buildVerificationRequest(recipe, values, (url) => (options.mode === 'simulated' ? simulatedUrl(options.upstreamBase(), provider.key, url) : url));
  } catch {
    // Headers take Latin-1 only; such a key could never authenticate anywhere.
    return finish('invalid', null, `The credential has characters that cannot be sent to ${provider.name}.`);
  }
  try {
    const response = await options.fetch(request, { signal: AbortSignal.timeout(options.timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    const outcome = classify(recipe, response.status);
    return finish(outcome, response.status, describe(outcome, provider, response.status));
  } catch (error) {
    return finish('unreachable', null, networkProblem(error, provider, options.timeoutMs));
  }
}
