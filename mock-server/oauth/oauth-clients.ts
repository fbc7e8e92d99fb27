import * as z from 'zod/mini';
import { idString, text } from '../../src/schema/primitives.ts';

/** OAuth client credentials per `clientIdRef` of the catalog. Server configuration only; a misspelt field is refused, not dropped. */
export const oauthClientsSchema = z.record(idString, z.strictObject({ clientId: text(200), clientSecret: text(500) }));

export type OAuthClients = z.output<typeof oauthClientsSchema>;
