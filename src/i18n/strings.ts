import type { AuditAction } from '../schema/audit.ts';
import type { TestOutcome } from '../schema/connection.ts';
import type { ResolutionReason } from '../resolve/resolve.ts';
import type { RoutingMode } from '../schema/routing.ts';
import type { catalogEditorStrings } from './catalog-editor-strings.ts';
import { statusOf, type StatusWord } from './status.ts';

/**
 * The strings every element but the catalog editor shows, with English defaults. Hosts override
 * any subset through an element's `strings` property; entries that take values are functions.
 * The catalog editor's own (catalog-editor-strings.ts) load with it only: see default-strings.ts.
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

  // <integration-settings>
  settingsHeading: 'Installed integrations',
  addIntegration: 'Add integration',
  availableTitle: (count: number) => `Add an integration (${count} available)`,
  noConnections: 'No integrations installed yet.',
  noConnectionsHint: 'Install one from the marketplace: it shows up here to manage its key.',
  noConnectionsReadOnlyHint: 'When a member or admin of this workspace installs one, it shows up here.',
  save: 'Save',
  test: 'Test',
  testing: 'Testing…',
  remove: 'Remove',
  removing: 'Removing…',
  rowAction: (action: string, provider: string) => `${action} ${provider}`,
  neverTested: 'Not tested yet',
  noTestAvailable: 'This provider has no credential test: the key is saved as given.',
  httpStatus: (status: number) => `HTTP ${status}`,
  latency: (ms: number) => `${ms} ms`,
  testedAgo: (relative: string) => `tested ${relative}`,
  testedJustNow: 'tested just now',
  savedAndTested: (outcome: string) => `Saved. ${outcome}`,
  confirmRemoveTitle: (provider: string) => `Remove ${provider}?`,
  confirmRemoveBody: 'Requests in this workspace stop using this key right away. You can connect it again later.',
  removed: (provider: string) => `${provider} was removed.`,
  reconnect: 'Reconnect',
  connectLabel: 'Connect',
  disconnect: 'Disconnect',
  disconnected: (name: string) => `${name} was disconnected. Reconnect it to use it again.`,
  confirmRevokeTitle: (provider: string) => `Disconnect ${provider}?`,
  confirmRevokeBody: (provider: string) => `${provider} revokes this workspace's access, and requests stop using it at once. The integration stays listed so you can reconnect it.`,
  expiresIn: (relative: string) => `token expires ${relative}`,
  tokenExpired: 'token expired (renewed on next use)',

  settingsSearchPlaceholder: 'Search by name, URL or field',
  details: 'Details',
  policyTitle: 'Which key requests use',
  policyMode: { auto: 'Automatic', byo: 'Your keys only', built_in: 'Platform key only' } satisfies Record<RoutingMode, string>,
  policyHelp: {
    auto: "Your workspace's key when it has a working one; otherwise the platform's key.",
    byo: "Always your workspace's own key. Without one, requests fail.",
    built_in: "Always the platform's key. Your keys are kept but not used.",
  } satisfies Record<RoutingMode, string>,
  policyAdminsOnly: 'Only workspace admins can change this.',
  policySaved: (mode: string) => `Requests now follow "${mode}".`,
  overrideDefault: (mode: string) => `Workspace setting (${mode})`,
  usesOwnKey: (masked: string) => `In use: your key ${masked}`.trim(),
  usesOwnAuthorization: (provider: string) => `In use: your ${provider} authorization`,
  usesPlatformKey: 'In use: the platform key',
  usesOwnKeyShort: 'Uses your key',
  usesOwnAuthorizationShort: 'Uses your authorization',
  usesPlatformKeyShort: 'Uses the platform key',
  noKeyInUseShort: 'No key in use',
  otherProjectsUse: (own: string, others: string) => `${own}, except for projects it is not assigned to: ${others}`,
  otherProjectsPlatformKey: 'they get the platform key',
  otherProjectsNoKey: 'they get no key and their requests fail',
  usesPlatformKeyBecause: (reason: string) => `In use: the platform key, because ${reason}`,
  noKeyInUse: (reason: string) => `No key in use: requests will fail (${reason})`,
  resolutionReason: {
    no_connection: 'the workspace has no connection for it',
    connection_pending: 'your connection has no working key yet',
    connection_error: 'your key failed its last test',
    connection_revoked: 'your connection was revoked',
    not_assigned_to_project: 'your connection is not assigned to the project',
    no_platform_key: 'the platform has no key for it',
  } satisfies Record<ResolutionReason, string>,
  /** Why an OAuth connection is not used, where the key wording would not fit. */
  oauthResolutionReason: {
    connection_pending: 'it has not been authorized yet',
    connection_error: 'its authorization must be renewed: reconnect it',
    connection_revoked: 'it was disconnected',
  } satisfies Partial<Record<ResolutionReason, string>>,
  noFilterMatches: 'No installed integration matches your search.',

  // <connection-editor>
  statusSectionTitle: 'Status',
  technicalDetails: 'Technical details',
  noAnswer: 'no answer',
  overrideLabelLong: 'Which key this provider uses',
  routingSaved: 'Routing saved.',
  edit: 'Edit',
  editTitle: (name: string) => `Edit ${name}`,
  displayName: 'Display name',
  projectsLegend: 'Projects',
  projectsHint: 'Only the projects ticked here can use this integration; untick one to cut its access at once.',
  credentialsLegend: 'Credentials and endpoints',
  replace: 'Replace',
  replaceLabel: (label: string) => `Replace the saved ${label}`,
  savedReadOnly: 'Saved and hidden. Click into it to paste a new value.',
  changesSaved: 'Changes saved.',
  editConflict: 'Someone else changed this integration meanwhile. Close and open it again to see their changes.',
  cannotEdit: (createdBy: string) => `You can view this integration but not change it (added by ${createdBy}). Ask a workspace admin.`,
  retiredReadOnly: (provider: string) => `${provider} was retired from the catalog: this connection is kept for the record and can only be removed.`,
  historyTitle: 'History',
  historyEmpty: 'Nothing recorded yet.',
  auditByServer: 'the server',
  auditByPlatform: 'the platform',
  auditAction: {
    'connection.created': 'Installed',
    'connection.updated': 'Updated',
    'connection.key_replaced': 'Key replaced',
    'connection.tested': 'Tested',
    'connection.removed': 'Removed',
    'connection.revoked': 'Revoked',
    'connection.authorized': 'Authorized',
    'connection.authorization_failed': 'Authorization did not complete',
    'connection.token_refreshed': 'Token refreshed',
    'connection.refresh_failed': 'Token refresh refused',
    'policy.changed': 'Routing policy changed',
    'resolution.fell_back': 'Platform key used instead',
    'resolution.failed': 'No key could be used',
  } satisfies Record<AuditAction, string>,
  /** Outcomes of history entries that are not test results, routing modes or resolution reasons. */
  auditOutcome: {
    connected: 'connected',
    denied: 'access denied',
    error: 'did not complete',
    reauthorization_needed: 'reconnect needed',
    user_revoked: 'disconnected by a user',
    provider_retired: 'provider retired',
  } as Record<string, string>,
};

/** Every string of the kit, the catalog editor's included: one object for a host to override. */
export type IkStrings = typeof coreStrings & typeof catalogEditorStrings;

/** A connection's status in the kit's one vocabulary (`checking` while a test of it runs). */
export function statusLabel(t: IkStrings, connection: Parameters<typeof statusOf>[0], checking = false): string {
  return t.statusWord[statusOf(connection, checking)];
}

/** What a test of this connection found, in plain words. */
export function testSaid(t: IkStrings, connection: { mode: string }, outcome: TestOutcome, provider: string): string {
  return (connection.mode === 'oauth-user' ? t.oauthTestSaid : t.testSaid)[outcome](provider);
}
