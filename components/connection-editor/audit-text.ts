import type { IkStrings } from '../../src/i18n/strings.ts';
import type { AuditEntry } from '../../src/schema/audit.ts';

/** Who did it, in words: the user's name, the server, or the platform. */
export function auditActor(entry: AuditEntry, t: IkStrings): string {
  if (entry.actor === 'service') return t.auditByServer;
  if (entry.actor === 'platform') return t.auditByPlatform;
  return entry.actorName ?? entry.actor;
}

/** An entry's outcome, in words: a test result, a routing mode, a resolution reason, or another code. */
function outcomeText(code: string, t: IkStrings): string {
  const known: Record<string, string>[] = [t.outcome, t.policyMode, t.resolutionReason, t.auditOutcome];
  return known.find((words) => Object.hasOwn(words, code))?.[code] ?? code;
}

/** What happened, in words. */
export function auditText(entry: AuditEntry, t: IkStrings): string {
  const outcome = entry.outcome ? outcomeText(entry.outcome, t) : '';
  const parts = [t.auditAction[entry.action], outcome, entry.detail].filter(Boolean);
  return parts.join(' · ');
}
