import * as z from 'zod/mini';
import { ROUTING_MODES } from './constants.ts';
import { idString, isoDate, providerKey } from './primitives.ts';

export { ROUTING_MODES };
export const routingMode = z.enum(ROUTING_MODES);

/** Which key a workspace's requests use: its own (byo), the platform's (built_in), or its own with fallback (auto). */
export const routingPolicy = z.object({
  workspaceId: idString,
  mode: routingMode,
  overrides: z.record(providerKey, routingMode),
  version: z.int().check(z.gte(0)),
  updatedAt: z.nullable(isoDate),
  updatedBy: z.nullable(idString),
});

export type RoutingMode = (typeof ROUTING_MODES)[number];
export type RoutingPolicy = z.output<typeof routingPolicy>;
