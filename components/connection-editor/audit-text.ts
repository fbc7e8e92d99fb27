import type { IkStrings } from '../../src/i18n/strings.ts';
import type { AuditEntry } from '../../src/schema/audit.ts';

/** Who did it, in words: the user's name, the server, or the platform. */
export function auditActor(entry: AuditEntry, t: IkStrings): string {
  if (entry.actor === 'service') return t.auditByServer;
  if (entry.actor === 'platform') return t.auditByPlatform;
  return entry.actorName ?? entry.actor;
}

/** What happened, in words. */
export function auditText(entry: AuditEntry, t: IkStrings): string {
  const outcome = entry.outcome ? (t.outcome as Record<string, string>)[entry.outcome] ?? entry.outcome : '';
  const parts = [t.auditAction[entry.action], outcome, entry.detail].filter(Boolean);
  return parts.join(' · ');
}
