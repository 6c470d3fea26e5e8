/**
 * The HTML importer on hostile input at scale: nesting just under the limit, 50,000 unclosed inline tags (once
 * super-linear: minutes), and fuzzing — random bytes, random tag soup, mutations of a real page — each resolving to a
 * well-formed edition or a coded error. An integration test (vitest.config.ts): thousands of generated inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PalimpsestError } from '../errors/errors.js';
import { unclosedInlineHtml } from '../testing/hostile-inputs.js';
import { expectWellFormed, fixture, run, utf8 } from './html.fixture.js';
import { MAX_NESTING_DEPTH } from './html.js';

describe('importHtml limits and bad input', () => {
  it('reads nesting just under the limit and 50 000 unclosed inline tags', async () => {
    const depth = MAX_NESTING_DEPTH - 10;
    const nested = await run(utf8(`<main>${'<section>x'.repeat(depth)}${'</section>'.repeat(depth)}</main>`));
    expect(nested.text.split('\n\n')).toHaveLength(depth);
    // This once took super-linear minutes: bench/hostile-inputs.bench.ts times it, the test's timeout guards it.
    const inline = await run(utf8(unclosedInlineHtml()));
    expect(inline.text).toBe('y'.repeat(50_000));
  });

  /**
   * Run one fuzz case: it must resolve to a well-formed edition or reject with a coded error (the test's timeout
   * catches a hang; bench/fuzz.bench.ts measures time per input).
   */
  const fuzzCase = async (bytes: Uint8Array): Promise<void> => {
    try {
      expectWellFormed(await run(bytes));
    } catch (error) {
      if (!(error instanceof PalimpsestError)) throw error;
      expect(['E_EMPTY', 'E_LIMIT']).toContain(error.code);
    }
  };

  it('never crashes or hangs on random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), fuzzCase), { numRuns: 150 });
  });

  it('never crashes or hangs on random tag soup', async () => {
    const token = fc.oneof(
      fc.constantFrom('<p>', '</p>', '<div class="box">', '</div>', '<br>', '<table>', '<tr>', '<td>', '</table>'),
      fc.constantFrom('<h2>', '</h2>', '<li>', '<ul>', '<pre>', '</pre>', '<!--', '-->', '<script>', '</script>'),
      fc.constantFrom('<meta charset="shift_jis">', '<main>', '</main>', '&amp;', '&#x0;', '&nbsp;', '<figure>', '\n'),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 300 }), (tokens) => fuzzCase(utf8(tokens.join('')))),
      { numRuns: 150 },
    );
  });

  it('never crashes or hangs on mutations of the Bluebook fixture', async () => {
    const original = fixture('bluebook-2022.html');
    const mutation = fc.record({
      cuts: fc.array(fc.record({ at: fc.nat(original.length - 1), length: fc.nat(400) }), { maxLength: 5 }),
      flips: fc.array(fc.record({ at: fc.nat(original.length - 1), value: fc.integer({ min: 0, max: 255 }) }), {
        maxLength: 20,
      }),
      truncate: fc.option(fc.nat(original.length), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ cuts, flips, truncate }) => {
        const bytes = Uint8Array.from(original);
        for (const { at, value } of flips) bytes[at] = value;
        let mutated: Uint8Array = bytes;
        for (const { at, length } of cuts) {
          mutated = new Uint8Array([...mutated.subarray(0, at), ...mutated.subarray(at + length)]);
        }
        await fuzzCase(truncate === undefined ? mutated : mutated.subarray(0, truncate));
      }),
      { numRuns: 60 },
    );
  });
});
