import type { TestOutcome } from '../schema/connection.ts';
import type { catalogEditorStrings } from './catalog-editor-strings.ts';
import type { settingsStrings } from './settings-strings.ts';
import type { StatusWord } from './status.ts';

/**
 * The strings the marketplace and the connect dialog show (and the other elements share), with
 * English defaults. Hosts override any subset through an element's `strings` property; entries
 * that take values are functions. The settings' and the drawer's own (settings-strings.ts) and
 * the catalog editor's (catalog-editor-strings.ts) load only with those elements: the whole set
 * is default-strings.ts.
 */
export const coreStrings = {
  retry: 'Try again',
  cancel: 'Cancel',
  close: 'Close',
  loading: 'Loading integrations…',
  loadFailed: 'Integrations could not be loaded.',
  noBackend: 'No backend configured: set the api-base attribute or the backend property.',
  sessionExpired: 'Your session has expired. Reload the page to sign in again.',
  /** The HTTP backend's request failed before any answer (network_error), API on the page's own origin. */
  networkError: 'Could not reach the integrations service. Check your connection and try again.',
  /** The same for an API on another origin, where a missing CORS permission looks exactly like this to the page. */
  networkErrorCrossOrigin: (api: string, page: string) =>
    `Could not reach the integrations service at ${api} from this page (${page}). The likely cause: it does not accept calls from this page (CORS), or it is not running.`,
  comingSoon: 'Coming soon',
  notInstalled: 'Not installed',
  /** The one status vocabulary (see src/i18n/status.ts): badges, cards, the drawer. */
  statusWord: {
    connected: 'Connected',
    not_connected: 'Not connected',
    needs_attention: 'Needs attention',
    key_rejected: 'Key rejected',
    reconnect_needed: 'Reconnect needed',
    checking: 'Checking…',
    revoked: 'Revoked',
  } satisfies Record<StatusWord, string>,
  /** What a test found, in plain words for the person who ran it (the HTTP detail is in the drawer). */
  testSaid: {
    valid: (provider: string) => `${provider} accepted the key.`,
    invalid: (provider: string) => `${provider} rejected the key. Paste a new one with Fix key.`,
    rate_limited: (provider: string) => `${provider} is limiting requests right now, so the key could not be checked. Try again in a minute.`,
    unreachable: (provider: string) => `${provider} could not be reached, so the key could not be checked. Try again later.`,
  } satisfies Record<TestOutcome, (provider: string) => string>,
  oauthTestSaid: {
    valid: (provider: string) => `${provider} accepted the authorization.`,
    invalid: (provider: string) => `${provider} refused the authorization. Reconnect it.`,
    rate_limited: (provider: string) => `${provider} is limiting requests right now, so access could not be checked. Try again in a minute.`,
    unreachable: (provider: string) => `${provider} could not be reached, so access could not be checked. Try again later.`,
  } satisfies Record<TestOutcome, (provider: string) => string>,
  outcome: {
    valid: 'Key works',
    invalid: 'Key rejected',
    rate_limited: 'Rate limited',
    unreachable: 'Provider unreachable',
  } satisfies Record<TestOutcome, string>,
  optional: 'optional',
  showSecret: (label: string) => `Show ${label}`,
  savedSecret: (masked: string) => `Saved: ${masked}`,
  // <integration-marketplace>
  searchLabel: 'Search integrations',
  searchPlaceholder: 'Search by name, type or description',
  typeFilter: 'Type',
  clearFilters: 'Clear filters',
  resultCount: (shown: number, total: number) => (shown === total ? `${total} integrations` : `${shown} of ${total} integrations`),
  noMatches: 'No integrations match your search.',
  noMatchesHint: 'Try another name, or clear the filters.',
  emptyCatalog: 'No integrations are available yet.',
  install: 'Install',
  addKey: 'Add key',
  updateKey: 'Update key',
  fixKey: 'Fix key',
  actionLabel: (action: string, provider: string) => `${action}: ${provider}`,
  readOnlyNotice: 'You have read-only access to integrations. Ask a workspace admin to connect or change one.',
  addedBy: (name: string) => `Added by ${name}`,
  copyLinkTo: (name: string) => `Copy link to ${name}`,
  linkCopied: (name: string) => `Link to ${name} copied.`,
  linkNotCopied: 'The browser did not allow copying. The link is',
  linkNotAllowed: (name: string) => `The link opens ${name}, which you cannot change with your access.`,
  linkNotFound: 'The link points to an integration that is not available here.',
  // <connect-dialog>
  connectTitle: (provider: string) => `Connect ${provider}`,
  updateTitle: (provider: string) => `Update ${provider} key`,
  whereToFind: (label: string) => `Where to find your ${label}`,
  aboutConnecting: (provider: string) => `About connecting ${provider}`,
  openOAuthHelp: (provider: string) => `${provider}'s documentation`,
  openHelp: (provider: string) => `Open ${provider}'s key page`,
  opensInNewTab: '(opens in a new tab)',
  saveAndTest: 'Save & test',
  saving: 'Saving and testing…',
  /** For providers without a credential test: nothing is tested. */
  savingOnly: 'Saving…',
  savedButRejected: 'Saved, but the key was rejected.',
  savedNotVerified: 'Saved, but the key could not be checked yet.',
  installedLater: (provider: string) => `${provider} is installed. Add its key when you have it: it is listed under your integrations.`,
  installedLaterOAuth: (provider: string) => `${provider} is installed. Connect it when you are ready: it is listed under your integrations.`,
  addLater: "I'll add it later",
  addingLater: 'Installing…',
  keepSavedHint: 'Leave a field empty to keep its saved value.',
  nothingToSave: 'Paste a new value to replace the saved one.',
  connectedTitle: (provider: string) => `${provider} is connected`,
  savedTitle: (provider: string) => `${provider} is saved`,
  done: 'Done',
  tryAnotherKey: 'Paste another key and save again, or close: the integration stays installed.',
  oauthIntro: (provider: string) => `You sign in to ${provider} in a new window and approve access. There is nothing to paste.`,
  scopesRequested: 'Permissions requested',
  connectWith: (provider: string) => `Connect with ${provider}`,
  reconnectWith: (provider: string) => `Reconnect ${provider}`,
  reconnectTitle: (provider: string) => `Reconnect ${provider}`,
  openingSignIn: (provider: string) => `Opening ${provider}…`,
  waitingFor: (provider: string) => `Waiting for ${provider}…`,
  finishInWindow: (provider: string) => `Finish signing in to ${provider} in the window that opened.`,
  signInWindowClosedTitle: 'The sign-in window was closed.',
  signInWindowClosed: 'If you finished there, this page updates by itself; otherwise open it again.',
  openWindowAgain: 'Open the window again',
  popupBlocked: 'Your browser blocked the sign-in window.',
  popupBlockedHint: 'Allow pop-ups for this site and try again, or continue in this window: you come back here when done.',
  tryWindowAgain: 'Try the window again',
  continueHere: 'Continue in this window',
  oauthFailed: (provider: string) => `${provider} did not authorize the connection. Try again.`,
  grantedScopes: (scopes: string) => `Granted: ${scopes}`,
  connectedAs: (account: string) => `Connected as ${account}`,
  accessExpires: (relative: string) => `Access renews automatically; the current token expires ${relative}.`,
  save: 'Save',
  test: 'Test',
  remove: 'Remove',
  httpStatus: (status: number) => `HTTP ${status}`,
  removed: (provider: string) => `${provider} was removed.`,
  reconnect: 'Reconnect',
  connectLabel: 'Connect',
  edit: 'Edit',
  displayName: 'Display name',
  replace: 'Replace',
};

/** Every string of the kit, the catalog editor's included: one object for a host to override. */
export type IkStrings = typeof coreStrings & typeof settingsStrings & typeof catalogEditorStrings;

/** What a test of this connection found, in plain words. */
export function testSaid(t: IkStrings, connection: { mode: string }, outcome: TestOutcome, provider: string): string {
  return (connection.mode === 'oauth-user' ? t.oauthTestSaid : t.testSaid)[outcome](provider);
}
