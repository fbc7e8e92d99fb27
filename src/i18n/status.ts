import type { Connection } from '../schema/connection.ts';

/**
 * The one status vocabulary of a connection, in the seeds' words: what a badge, a card, the
 * README and a host's own UI call it. The stored `status` (active, pending, error, revoked)
 * stays the contract's; these are how people read it.
 */
export const STATUS_WORDS = ['connected', 'not_connected', 'needs_attention', 'key_rejected', 'reconnect_needed', 'checking', 'revoked'] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

export type StatusTone = 'success' | 'neutral' | 'warning' | 'danger' | 'busy';

export const STATUS_TONE: Record<StatusWord, StatusTone> = {
  connected: 'success',
  not_connected: 'neutral',
  needs_attention: 'warning',
  key_rejected: 'danger',
  reconnect_needed: 'danger',
  checking: 'busy',
  revoked: 'neutral',
};

type StatusInput = Pick<Connection, 'status' | 'mode' | 'credentialPreview' | 'lastTest'>;

/**
 * How a connection reads right now. `checking` while a test of it runs. A key saved but not
 * verified (the provider was unreachable or rate limiting) needs attention rather than "not
 * connected"; a refused OAuth grant needs a reconnect rather than a new key.
 */
export function statusOf(connection: StatusInput, checking = false): StatusWord {
  if (checking) return 'checking';
  const hasKey = Object.keys(connection.credentialPreview).length > 0;
  switch (connection.status) {
    case 'active':
      return 'connected';
    case 'revoked':
      return 'revoked';
    case 'pending':
      return connection.mode === 'service' && hasKey ? 'needs_attention' : 'not_connected';
    case 'error':
      if (connection.mode === 'oauth-user') return 'reconnect_needed';
      return connection.lastTest?.outcome === 'invalid' ? 'key_rejected' : 'needs_attention';
  }
}
