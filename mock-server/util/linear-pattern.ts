import { RE2JS } from 're2js';
import type { PatternMatcher } from '../../src/credentials/pattern.ts';

/** Compiled patterns, by source (a catalog holds a few hundred at most; the oldest go first past this). */
const MAX_COMPILED = 1000;
const compiled = new Map<string, RE2JS | null>();

function compile(source: string): RE2JS | null {
  let pattern = compiled.get(source);
  if (pattern === undefined) {
    try {
      pattern = RE2JS.compile(source);
    } catch {
      pattern = null;
    }
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(source, pattern);
  }
  return pattern;
}

/** Why RE2 refuses a pattern (backreferences, lookaround, bad syntax), if it does. */
export function linearPatternProblem(source: string): string | undefined {
  return compile(source) === null ? 'must use only regular-expression syntax that runs in linear time (no backreferences or lookaround)' : undefined;
}

/**
 * The server's matcher: RE2 (re2js), whose running time grows linearly with the input whatever
 * the pattern, so no catalog row can stall the server. A pattern RE2 cannot run matches nothing
 * (the catalog refuses such patterns; this covers rows stored before it did).
 */
export const linearMatch: PatternMatcher = (source, value) => compile(source)?.matcher(value).find() ?? false;
