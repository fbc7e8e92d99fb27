import type { ConnectionStatus, TestOutcome } from '../schema/connection.ts';
import { catalogEditorStrings } from './catalog-editor-strings.ts';

/**
 * Every string the elements show, with English defaults. Hosts override any subset through
 * an element's `strings` property; entries that take values are functions.
 */
export const defaultStrings = {
  retry: 'Try again',
  cancel: 'Cancel',
  close: 'Close',
  loading: 'Loading integrations…',
  loadFailed: 'Integrations could not be loaded.',
  noBackend: 'No backend configured: set the api-base attribute or the backend property.',
  comingSoon: 'Coming soon',
  notInstalled: 'Not installed',
  status: {
    active: 'Connected',
    pending: 'Add key',
    error: 'Key rejected',
    revoked: 'Revoked',
  } satisfies Record<ConnectionStatus, string>,
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

  // <connect-dialog>
  connectTitle: (provider: string) => `Connect ${provider}`,
  updateTitle: (provider: string) => `Update ${provider} key`,
  whereToFind: (label: string) => `Where to find your ${label}`,
  openHelp: (provider: string) => `Open ${provider}'s key page`,
  opensInNewTab: '(opens in a new tab)',
  saveAndTest: 'Save & test',
  saving: 'Saving and testing…',
  addLater: "I'll add it later",
  addingLater: 'Installing…',
  keepSavedHint: 'Leave a field empty to keep its saved value.',
  nothingToSave: 'Paste a new value to replace the saved one.',
  connectedTitle: (provider: string) => `${provider} is connected`,
  savedTitle: (provider: string) => `${provider} is saved`,
  done: 'Done',
  testFailed: (reason: string) => `Saved, but the test failed: ${reason}`,
  testInconclusive: (reason: string) => `Saved, but the key could not be verified yet: ${reason}`,
  tryAnotherKey: 'Paste another key and save again, or close: the integration stays installed.',
  oauthNotice: (provider: string) => `${provider} connects through its own sign-in page rather than a pasted key.`,

  // <integration-settings>
  settingsHeading: 'Installed integrations',
  noConnections: 'No integrations installed yet.',
  noConnectionsHint: 'Install one from the marketplace: it shows up here to manage its key.',
  save: 'Save',
  test: 'Test',
  testing: 'Testing…',
  remove: 'Remove',
  removing: 'Removing…',
  rowAction: (action: string, provider: string) => `${action} ${provider}`,
  neverTested: 'Not tested yet',
  lastTest: (outcome: string, status: string, latency: string, when: string) => [outcome, status, latency, when].filter(Boolean).join(' · '),
  httpStatus: (status: number) => `HTTP ${status}`,
  latency: (ms: number) => `${ms} ms`,
  testedAgo: (relative: string) => `tested ${relative}`,
  testedJustNow: 'tested just now',
  savedAndTested: (outcome: string) => `Saved. ${outcome}`,
  confirmRemoveTitle: (provider: string) => `Remove ${provider}?`,
  confirmRemoveBody: 'Requests in this workspace stop using this key right away. You can connect it again later.',
  removed: (provider: string) => `${provider} was removed.`,

  // <provider-catalog-editor>
  ...catalogEditorStrings,
};

export type IkStrings = typeof defaultStrings;
