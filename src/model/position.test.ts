import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './position.js';

/** The point of `offset` found by reading the text from its start (what LineIndex answers, by any route). */
function referencePoint(text: string, offset: number): { line: number; column: number; offset: number } {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < o; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    } else if (code === 13 && i + 1 < o) {
      // "\r\n": the line ends after the "\n".
      line++;
      lineStart = i + 2;
      i++;
    }
  }
  return { line, column: o - lineStart + 1, offset: o };
}

describe('LineIndex', () => {
  it('maps offsets to points whatever the order of the lookups (forward from the last one, or searched)', () => {
    const text = fc
      .array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\n\n', ' '), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -2, max: 130 }), { maxLength: 30 }), (sample, offsets) => {
        const index = new LineIndex(sample);
        // In order, as the parser asks, then in the generated order.
        for (const offset of [...offsets].sort((a, b) => a - b))
          expect(index.point(offset)).toEqual(referencePoint(sample, offset));
        for (const offset of offsets) expect(index.point(offset)).toEqual(referencePoint(sample, offset));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads "\\r\\n" as one line end', () => {
    const index = new LineIndex('a\r\nb\rc\nd');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((offset) => index.point(offset).line)).toEqual([1, 1, 1, 2, 2, 3, 3, 4]);
  });
});
