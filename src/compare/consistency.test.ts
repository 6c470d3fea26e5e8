import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WordChange } from '../model/comparison.js';
import { markConsistencyFixes, occurrences } from './consistency.js';

const replacement = (before: string, oldWord: string, newWord: string, after: string): WordChange[] => [
  { op: 'equal', text: before },
  { op: 'delete', text: oldWord, significance: 'substantive' },
  { op: 'insert', text: newWord, significance: 'substantive' },
  { op: 'equal', text: after },
];

const significances = (changes: WordChange[]) =>
  changes.filter((c) => c.op !== 'equal').map((c) => ('significance' in c ? c.significance : ''));

describe('markConsistencyFixes', () => {
  const context =
    'Maintaining territorial integrity is a duty. We promote awareness of our position on terrestrial integrity.';

  it('treats a typo corrected towards the unit’s own term as cosmetic', () => {
    const changes = replacement('awareness of our position on ', 'terrestrial', 'territorial', ' integrity.');
    expect(significances(markConsistencyFixes(changes, context))).toEqual(['cosmetic', 'cosmetic']);
  });

  it('keeps a real word change substantive even when both words are in the text', () => {
    const text = 'Costs increase each year. Revenue will increase slowly, and costs decrease rarely.';
    const changes = replacement('Revenue will ', 'increase', 'decrease', ' slowly');
    expect(significances(markConsistencyFixes(changes, text))).toEqual(['substantive', 'substantive']);
  });

  it('keeps a change substantive when the old phrase is used elsewhere too (a deliberate term, not a slip)', () => {
    const text = 'The principal of the loan is due. The principal of the fund grows. The principle of law applies.';
    const changes = replacement('The ', 'principal', 'principle', ' of the fund grows.');
    expect(significances(markConsistencyFixes(changes, text))).toEqual(['substantive', 'substantive']);
  });

  it('needs the new phrase to be in the old text already', () => {
    const changes = replacement('awareness of our position on ', 'terrestrial', 'territorial', ' waters.');
    expect(significances(markConsistencyFixes(changes, 'position on terrestrial waters.'))).toEqual([
      'substantive',
      'substantive',
    ]);
  });
});

describe('occurrences', () => {
  it('counts what the regular expression it replaced counts (whole words, any spaces between, no overlaps)', () => {
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const reference = (text: string, first: string, second: string) =>
      text.match(new RegExp(`(?<![\\p{L}\\p{N}])${escaped(first)}\\s+${escaped(second)}(?![\\p{L}\\p{N}])`, 'gu'))
        ?.length ?? 0;
    const word = fc.constantFrom('a', 'b', 'ab', 'é', '𝒜', '1', 'a𝒜');
    const text = fc
      .array(fc.constantFrom('a', 'b', 'ab', ' ', '  ', '\u00a0', '\n', 'é', '𝒜', '1', '-', '.', '\ud835'), {
        maxLength: 16,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, word, word, (subject, first, second) => {
        expect(occurrences(subject, `${first} ${second}`)).toBe(reference(subject, first, second));
      }),
      { numRuns: 2000 },
    );
    expect(occurrences('a a a a', 'a a')).toBe(2);
    expect(occurrences('xa  b, a b1, a\nb', 'a b')).toBe(1);
  });
});
