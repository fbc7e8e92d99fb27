/** Where the mock server's parts live on its origin. */
export const API_BASE = '/api/integrations';
export const UPSTREAM_BASE = '/__upstream';
export const OAUTH_BASE = '/__oauth';
