/**
 * Catalog patterns (a credential field's `pattern`) run on what people paste. On the server
 * they run on a linear-time engine (mock-server/util/linear-pattern.ts), whatever their shape.
 * In the browser they run on the native engine, which backtracks: there a pattern is only
 * tried when it cannot backtrack badly, and otherwise left to the server, which answers the same
 * field error a moment later. Only this early, in-page check is ever skipped.
 */

/** Tells whether `value` matches `pattern` (RegExp `test` semantics: anywhere, unless anchored). */
export type PatternMatcher = (pattern: string, value: string) => boolean;

/**
 * Whether the native engine could take exponential time on `source`: a repeated group that
 * holds a repetition or an alternation (`(a+)+`, `(a|a)*`), or a backreference. Conservative: a
 * false "yes" only means the browser leaves the check to the server.
 */
export function mayBacktrack(source: string): boolean {
  if (/\\[1-9]|\\k</.test(source)) return true;
  // For each open group: whether a quantifier or an alternation occurs inside it.
  const groups: boolean[] = [];
  let inClass = false;
  const repeats = (at: number) => {
    const next = source[at];
    return next === '+' || next === '*' || (next === '{' && !/^\{\d+\}/.test(source.slice(at)));
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if ('+*|'.includes(c) || (c === '{' && !/^\{\d+\}/.test(source.slice(i))) || (c === '?' && source[i - 1] !== '(')) {
      if (groups.length) groups[groups.length - 1] = true;
    } else if (c === ')') {
      const inside = groups.pop() ?? false;
      if (inside && repeats(i + 1)) return true;
      if (inside && groups.length) groups[groups.length - 1] = true;
    }
  }
  return false;
}

/** The browser's matcher: the native engine where it is safe, else "leave it to the server". */
export const inPageMatch: PatternMatcher = (pattern, value) => mayBacktrack(pattern) || new RegExp(pattern).test(value);
