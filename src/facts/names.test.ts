import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capitalRuns } from './names.js';

const MONTHS_AND_DAYS = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);
const CONNECTORS = new Set(['of', 'on', 'the', 'for', 'and', 'in', 'to', 'de', 'du', 'des', 'la']);

/**
 * The tokeniser capitalRuns replaced, kept as the reference: every token of the sentence matched in turn (a
 * capitalised word with its possessive, a lower-case word, any other non-space character).
 */
function referenceRuns(text: string): Array<{ start: number; end: number; words: string[] }> {
  const capital = '(?:[A-Z](?:\\.[A-Z])+\\.|[A-Z][A-Za-z0-9]*)(?:-(?:[A-Z](?:\\.[A-Z])+\\.|[A-Za-z][A-Za-z0-9]*))*';
  const token = new RegExp(`(${capital})(['’]s\\b)?|([a-z]+)|([^\\s])`, 'g');
  const runs: Array<{ start: number; end: number; words: string[] }> = [];
  let current: { start: number; end: number; words: string[]; pending: number } | null = null;
  const close = () => {
    if (current && current.words.length > 0) {
      const words = current.words.slice(0, current.words.length - current.pending);
      runs.push({ start: current.start, end: current.end, words });
    }
    current = null;
  };
  for (const match of text.matchAll(token)) {
    const [whole, word, possessive, lower] = match;
    const start = match.index;
    if (word !== undefined && !MONTHS_AND_DAYS.has(word)) {
      if (current === null) current = { start, end: start + word.length, words: [], pending: 0 };
      current.pending = 0;
      current.words.push(word);
      current.end = start + word.length;
      if (possessive !== undefined) close();
      continue;
    }
    if (lower !== undefined && current !== null && CONNECTORS.has(lower)) {
      current.words.push(lower);
      current.pending++;
      continue;
    }
    if (whole !== undefined) close();
  }
  close();
  return runs;
}

describe('capitalRuns', () => {
  it('finds runs of capitalised words joined by connectors, ended by a month or a possessive', () => {
    expect(capitalRuns('The Ministry of Foreign Affairs of Japan met in March 2016.').map((run) => run.words)).toEqual([
      ['The', 'Ministry', 'of', 'Foreign', 'Affairs', 'of', 'Japan'],
    ]);
    expect(capitalRuns("Japan's Self-Defense Forces and the U.S. Navy, in May.").map((run) => run.words)).toEqual([
      ['Japan'],
      ['Self-Defense', 'Forces', 'and', 'the', 'U.S.', 'Navy'],
    ]);
  });

  it('reads the runs the whole-sentence tokeniser read', () => {
    const word = fc.constantFrom(
      'Japan',
      'Ministry',
      'of',
      'the',
      'for',
      'and',
      'in',
      'de',
      'la',
      'March',
      'May',
      'eBay',
      'U.S.',
      'Self-Defense',
      "Japan's",
      'Japan’s',
      'Japan’sx',
      'x',
      'policy',
      '(',
      ')',
      ',',
      '.',
      '2016',
      'É',
      'Ébauche',
      'ñ',
      '—',
      'A-b',
      'UNMISS',
      '𝐀',
      'eU',
      'Ö',
    );
    const separator = fc.constantFrom(' ', '  ', '\n', '', '\t', '\u3000', '\u00a0');
    const sentence = fc.array(fc.tuple(word, separator), { maxLength: 16 }).map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(fc.oneof(sentence, fc.string({ maxLength: 40 })), (text) => {
        expect(capitalRuns(text)).toEqual(referenceRuns(text));
      }),
      { numRuns: 3000 },
    );
  });
});
