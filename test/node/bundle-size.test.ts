import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLE_ENTRIES, measureEntries } from '../../scripts/bundle-budgets.ts';
import { stripCssComments } from '../../scripts/strip-css-comments.ts';

/** The byte budgets (issue 11): deterministic, so a test. `npm run bench` prints the same figures. */
describe('what a host loads', () => {
  it('stays within each byte budget (brotli, 2 % tolerance)', async () => {
    for (const { entry, brotli } of await measureEntries(BUNDLE_ENTRIES.filter((e) => e.budget !== undefined))) {
      const limit = Math.floor(entry.budget! * 1.02);
      assert.ok(brotli <= limit, `${entry.name}: ${brotli} B brotli, over its budget of ${entry.budget} B (+2 % = ${limit} B): find the bytes with npm run bench`);
    }
  });

  it('ships stylesheets without our comments in them, every line kept', () => {
    const source = 'const a = css`\n  /* why,\n     at length */\n  .x { color: red; }\n`; /* code comment */';
    const stripped = stripCssComments(source);
    assert.equal(stripped, 'const a = css`\n  \n\n  .x { color: red; }\n`; /* code comment */');
    assert.equal(stripped.split('\n').length, source.split('\n').length);
    assert.equal(stripCssComments('x = css `/* compiled */ a{}`'), 'x = css` a{}`', "tsc's spelling of the tag too");
  });
});
