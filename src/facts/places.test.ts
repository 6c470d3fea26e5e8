import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaces, PLACE_NAMES, placeNamed } from './places.js';

/** The reader as it was, one regular expression over the Latin-script names: the reference for the scanner. */
function regexPlaces(text: string): Array<{ start: number; end: number; key: string; label: string }> {
  const escapeName = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const latin = PLACE_NAMES.filter((name) => /^[A-Za-z]/.test(name));
  const pattern = new RegExp(`(?<![A-Za-z.])(?:${latin.map(escapeName).join('|')})(?![A-Za-z]|\\.[A-Za-z])`, 'g');
  return [...text.matchAll(pattern)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    key: placeNamed(match[0]) as string,
    label: match[0],
  }));
}

const read = (text: string) =>
  findPlaces(text, false).map(({ start, end, key, label }) => ({ start, end, key, label }));

describe('findPlaces', () => {
  it('reads countries, variants and adjectives, longest first', () => {
    expect(read('The U.S. and South Sudan, not Sudan; Japanese forces in the Asia-Pacific.').map((p) => p.key)).toEqual(
      ['United States', 'South Sudan', 'Sudan', 'Japan', 'Asia-Pacific'],
    );
    expect(read('USB, U.S.A, Chinese.Mark, .Japan, Japan.x, Japan.')).toEqual(
      regexPlaces('USB, U.S.A, Chinese.Mark, .Japan, Japan.x, Japan.'),
    );
  });

  it('finds what the one regular expression over the names found, in any text', () => {
    const piece = fc.oneof(
      fc.constantFrom(...PLACE_NAMES),
      fc.constantFrom(' ', '.', 'a', 'Z', 's', '-', "'", 'of ', '.x', 'é', 'ü', '\n', 'US', 'UK'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const text = pieces.join('');
        expect(read(text)).toEqual(regexPlaces(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads Japanese names in a Japanese sentence after the Latin ones', () => {
    expect(findPlaces('日本と米国 (Japan)', true).map((p) => p.key)).toEqual(['Japan', 'Japan', 'United States']);
  });
});
