/**
 * The chunked JSON writer equals `JSON.stringify(value, null, 2)` for any JSON-like value (a property over generated
 * objects with arrays of up to 1,100 elements). An integration test (vitest.config.ts): a large property run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../model/comparison.js';
import { renderJsonChunks } from './json.js';

describe('renderJsonChunks', () => {
  const joined = (value: unknown) => [...renderJsonChunks(value as Comparison)].join('');

  it('is JSON.stringify(value, null, 2) plus a line break for any JSON-like object', () => {
    const member = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.jsonValue(), { minLength: 15, maxLength: 40 }),
      // Longer than one slice (512 elements), with holes and values that JSON writes as null.
      fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), { minLength: 500, maxLength: 1100 }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), member, { maxKeys: 4 }), (value) => {
        expect(joined(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 200 },
    );
    expect(joined([1, 2])).toBe('[\n  1,\n  2\n]\n');
    expect(joined({})).toBe('{}\n');
  });
});
