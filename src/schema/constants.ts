/**
 * The contract's plain values, free of the validation library: what the browser imports (the
 * schemas around them stay on the server and in the catalog editor).
 */
export const ROUTING_MODES = ['auto', 'built_in', 'byo'] as const;

/** The callback page's postMessage type and BroadcastChannel name for an OAuth outcome. */
export const OAUTH_MESSAGE_TYPE = 'integration-kit:oauth-result';
export const OAUTH_CHANNEL = 'integration-kit-oauth';
