import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inPageMatch, mayBacktrack } from '../../src/credentials/pattern.ts';
import { linearMatch, linearPatternProblem } from '../../mock-server/util/linear-pattern.ts';
import catalog from '../../mock-server/catalog/providers.json' with { type: 'json' };

describe('credential patterns', () => {
  it('the server matches like RegExp.test, in linear time: a 100,000-character key on ^(a|a)*$ answers at once', () => {
    for (const [pattern, value, expected] of [
      ['^sk-[A-Za-z0-9]{4}$', 'sk-abcd', true],
      ['^sk-[A-Za-z0-9]{4}$', 'sk-abc', false],
      ['abc', 'xxabcxx', true],
      ['^(a|a)*$', 'a'.repeat(100_000) + '!', false],
      ['^(a+)+$', 'a'.repeat(100_000), true],
    ] as const) {
      assert.equal(linearMatch(pattern, value), expected, pattern);
    }
  });

  it('every seeded pattern runs on the linear engine and agrees with RegExp on its sample key', async () => {
    const samples = (await import('../../mock-server/catalog/sample-keys.json', { with: { type: 'json' } })).default as Record<string, Record<string, string>>;
    for (const provider of catalog.providers) {
      for (const field of provider.credentials as { name: string; pattern?: string }[]) {
        if (!field.pattern) continue;
        assert.equal(linearPatternProblem(field.pattern), undefined, `${provider.key}.${field.name}`);
        const sample = samples[provider.key]?.[field.name];
        if (sample) assert.equal(linearMatch(field.pattern, sample), new RegExp(field.pattern).test(sample), `${provider.key}.${field.name}`);
      }
    }
  });

  it('the browser leaves patterns that could backtrack to the server, and checks the others itself', () => {
    for (const pattern of ['^(a|a)*$', '^(a+)+$', '^([a-z]+\\d)*$', '(x)\\1', '^(ab|cd){2,}$']) assert.equal(mayBacktrack(pattern), true, pattern);
    for (const pattern of ['^sk-[A-Za-z0-9_-]{20,200}$', '^(sk|pk)_[a-z]{3}$', '^[0-9]{4}(-[0-9]{4}){3}$', '^xox[bp]-[0-9A-Za-z-]+$']) assert.equal(mayBacktrack(pattern), false, pattern);
    assert.equal(inPageMatch('^(a|a)*$', 'a'.repeat(40) + '!'), true, 'not checked in the page: the server answers');
    assert.equal(inPageMatch('^sk-[a-z]{3}$', 'sk-ab'), false);
  });
});
