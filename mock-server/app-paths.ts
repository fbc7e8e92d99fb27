/** Where the mock server's parts live on its origin. */
export const API_BASE = '/api/integrations';
export const UPSTREAM_BASE = '/__upstream';
export const OAUTH_BASE = '/__oauth';

/** Host names that always mean this machine (the Host check, OAuth redirect URIs). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
