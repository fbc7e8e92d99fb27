import * as z from 'zod/mini';
import { idString, text } from '../../src/schema/primitives.ts';

/** OAuth client credentials per `clientIdRef` of the catalog. Server configuration only. */
export const oauthClientsSchema = z.record(idString, z.object({ clientId: text(200), clientSecret: text(500) }));

export type OAuthClients = z.output<typeof oauthClientsSchema>;
