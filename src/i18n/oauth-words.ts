import type { Connection } from '../schema/connection.ts';
import type { ProviderView } from '../schema/provider.ts';

type Account = NonNullable<NonNullable<Connection['oauth']>['account']>;

/** A scope in the catalog's plain words ("Read and write your repositories"), else its own name. */
export function scopeWords(provider: Pick<ProviderView, 'oauth'> | undefined, scope: string): string {
  return provider?.oauth?.scopeDescriptions?.[scope] ?? scope;
}

/**
 * An account as people write it: GitHub's handle as "@octocat", an email as it is, with the name
 * after it when the provider gave one ("@octocat (The Octocat)").
 */
export function accountWords(account: Account | undefined): string | undefined {
  if (!account) return undefined;
  const login = account.login && (/[@\s]/.test(account.login) ? account.login : `@${account.login}`);
  if (login && account.name && account.name !== account.login) return `${login} (${account.name})`;
  return login ?? account.name;
}
