import * as z from 'zod/mini';
import { principalView, type PrincipalView } from '../../src/schema/principal.ts';
import { text } from '../../src/schema/primitives.ts';
import { HttpError } from '../http/http-error.ts';

export const principalsFile = z.object({
  /** The server-to-server token, the only one allowed to call /resolve. Usually from IK_SERVICE_TOKEN. */
  serviceToken: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
  principals: z.array(z.object({ ...principalView.shape, token: text(200) })),
});

export type PrincipalsConfig = z.output<typeof principalsFile>;

export interface UserPrincipal extends PrincipalView {
  kind: 'user';
}

export interface ServicePrincipal {
  kind: 'service';
}

export type Principal = UserPrincipal | ServicePrincipal;

/** Maps bearer tokens to principals. The workspace of a user comes from here, never from a body. */
export class PrincipalDirectory {
  private readonly byToken = new Map<string, UserPrincipal>();

  constructor(private readonly config: PrincipalsConfig) {
    for (const { token, ...principal } of config.principals) this.byToken.set(token, { kind: 'user', ...principal });
  }

  authenticate(authorization: string | undefined): Principal {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new HttpError('unauthorized', 'Send "Authorization: Bearer <token>".');
    const token = match[1]!;
    if (this.config.serviceToken !== undefined && token === this.config.serviceToken) return { kind: 'service' };
    const user = this.byToken.get(token);
    if (!user) throw new HttpError('unauthorized', 'The bearer token is not valid.');
    return user;
  }
}
