import * as z from 'zod/mini';
import { principalView, type PrincipalView } from '../../src/schema/principal.ts';
import { idString, text } from '../../src/schema/primitives.ts';
import { project, type Project } from '../../src/schema/workspace.ts';
import type { SessionRepo } from '../data/session-repo.ts';
import { HttpError } from '../http/http-error.ts';

export const principalsFile = z.object({
  /** The server-to-server token, the only one allowed to call /resolve and /sessions. Usually from IK_SERVICE_TOKEN. */
  serviceToken: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
  /** Fixed browser tokens (development); production hosts mint short-lived ones with POST /sessions. */
  principals: z.array(z.object({ ...principalView.shape, token: text(200) })),
  /** Workspaces with their projects. A workspace not listed has no projects. */
  workspaces: z._default(z.array(z.object({ id: idString, name: text(100), projects: z._default(z.array(project), []) })), []),
});

export type PrincipalsConfig = z.input<typeof principalsFile>;

export interface UserPrincipal extends PrincipalView {
  kind: 'user';
  /** Set for session tokens: when this one stops working. */
  expiresAt?: string;
}

export interface ServicePrincipal {
  kind: 'service';
}

export type Principal = UserPrincipal | ServicePrincipal;

/** Maps bearer tokens to principals. The workspace of a user comes from here, never from a body. */
/** Compares in time that depends on the lengths only, not on where the first difference is. */
function sameSecret(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return difference === 0;
}

export class PrincipalDirectory {
  private readonly byToken = new Map<string, UserPrincipal>();
  private readonly config: z.output<typeof principalsFile>;

  constructor(
    config: PrincipalsConfig,
    private readonly sessions: SessionRepo,
  ) {
    this.config = principalsFile.parse(config);
    for (const { token, ...principal } of this.config.principals) this.byToken.set(token, { kind: 'user', ...principal });
  }

  get hasServiceToken(): boolean {
    return this.config.serviceToken !== undefined;
  }

  projectsOf(workspaceId: string): Project[] {
    return this.config.workspaces.find((w) => w.id === workspaceId)?.projects ?? [];
  }

  /** Whether a workspace exists; a configuration that lists none accepts any id. */
  knowsWorkspace(workspaceId: string): boolean {
    return this.config.workspaces.length === 0 || this.config.workspaces.some((w) => w.id === workspaceId);
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new HttpError('unauthorized', 'Send "Authorization: Bearer <token>".');
    const token = match[1]!;
    if (this.config.serviceToken !== undefined && sameSecret(token, this.config.serviceToken)) return { kind: 'service' };
    const fixed = this.byToken.get(token);
    if (fixed) return fixed;
    const session = await this.sessions.find(token);
    if (session === 'expired') throw new HttpError('token_expired', 'The session token has expired; ask the host page for a new one.');
    if (session) return { kind: 'user', ...session.principal, expiresAt: session.expiresAt };
    throw new HttpError('unauthorized', 'The bearer token is not valid.');
  }
}

export type { PrincipalView };
