import * as z from 'zod/mini';
import { idString, text } from './primitives.ts';

/** A project of a workspace: connections are assigned to the projects that may use them. */
export const project = z.object({
  id: idString,
  name: text(100),
});

export type Project = z.output<typeof project>;
