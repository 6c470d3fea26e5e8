import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebuild as rebuildTexts } from '../compare/compare.js';
import type { WordChange } from '../model/comparison.js';
import {
  diffSentencePair as referenceDiffSentencePair,
  diffWordsDetailed as referenceDiffWordsDetailed,
} from './fixtures/reference/words.js';
import { formatChanges } from './format.js';
import { diffSentencePair, diffWords, diffWordsDetailed, mirrorChanges } from './words.js';

/** Rebuilds the old and the new text from a word diff, with the library's `rebuild` (the inverse of the diff). */
function rebuild(changes: readonly WordChange[]): { before: string; after: string } {
  const texts = rebuildTexts(changes);
  return { before: texts.old, after: texts.new };
}

/** Significances of the edits, in order, e.g. `delete:minor insert:minor`. */
const levels = (changes: readonly WordChange[]): string =>
  changes
    .map((change) => (change.op === 'equal' ? '' : `${change.op}:${change.significance}`))
    .filter((level) => level !== '')
    .join(' ');

describe('diffWords', () => {
  it('reads a rewritten phrase as one replacement (acceptance example from the sample)', () => {
    const changes = diffWords(
      'The security environment surrounding Japan is becoming more testing and uncertain at a remarkably faster speed.',
      'The security environment surrounding Japan is becoming increasingly severe at a more rapid pace than ever before.',
    );
    expect(formatChanges(changes)).toBe(
      'The security environment surrounding Japan is becoming [-more testing and uncertain at a remarkably faster speed-]' +
        '{+increasingly severe at a more rapid pace than ever before+}.',
    );
    expect(changes.map((change) => change.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(levels(changes)).toBe('delete:substantive insert:substantive');
  });

  it('keeps small edits apart when the text between them is long enough to read', () => {
    const changes = diffWords(
      'a country unilaterally claims its entitlements or take actions based on its own assertions',
      'a country unilaterally claims its entitlements or takes actions based on assertions',
    );
    expect(formatChanges(changes)).toBe(
      'a country unilaterally claims its entitlements or [-take-]{+takes+} actions based on [-its own -]assertions',
    );
    expect(levels(changes)).toBe('delete:minor insert:minor delete:minor');
  });

  it('puts an inserted word before the space that follows it', () => {
    expect(formatChanges(diffWords('securing peace', 'securing the peace'))).toBe('securing {+the +}peace');
    expect(formatChanges(diffWords('a b c', 'a b x c'))).toBe('a b {+x +}c');
  });

  it('treats quote style, width and spacing differences as equal and keeps both spellings', () => {
    const changes = diffWords('the “Legislation” of ２０１６', 'the "Legislation"  of 2016');
    expect(changes).toEqual([
      { op: 'equal', text: 'the “Legislation” of ２０１６', newText: 'the "Legislation"  of 2016' },
    ]);
  });

  it('diffs Japanese by words', () => {
    const changes = diffWords('安全保障環境は一層厳しさを増している。', '安全保障環境は急速に厳しさを増している。');
    expect(formatChanges(changes)).toBe('安全保障環境は[-一層-]{+急速に+}厳しさを増している。');
    expect(formatChanges(diffWords('第３条の規定', '第4条の規定'))).toBe('第[-３-]{+4+}条の規定');
  });

  it('ignores case when asked', () => {
    expect(formatChanges(diffWords('Territorial Integrity', 'Territorial integrity'))).toBe(
      'Territorial [-Integrity-]{+integrity+}',
    );
    expect(diffWords('Territorial Integrity', 'Territorial integrity', { ignoreCase: true })).toEqual([
      { op: 'equal', text: 'Territorial Integrity', newText: 'Territorial integrity' },
    ]);
  });

  it('compares words only when punctuation is ignored', () => {
    const before = 'land, sea, and airspace (3)';
    const after = 'land, sea and airspace 3';
    expect(formatChanges(diffWords(before, after))).toBe('land, sea[-,-] and airspace [-(3)-]{+3+}');
    expect(diffWords(before, after, { ignorePunctuation: true })).toEqual([
      { op: 'equal', text: before, newText: after },
    ]);
    expect(formatChanges(diffWords('peace, stability.', 'peace, security.', { ignorePunctuation: true }))).toBe(
      'peace, [-stability.-]{+security.+}',
    );
  });

  it('gives one equal for identical text and nothing for empty text', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('same text', 'same text')).toEqual([{ op: 'equal', text: 'same text' }]);
    expect(diffWords('', 'new text')).toEqual([{ op: 'insert', text: 'new text', significance: 'substantive' }]);
    expect(diffWords('“', '')).toEqual([{ op: 'delete', text: '“', significance: 'cosmetic' }]);
  });

  it('falls back to one replacement past the budget and says so', () => {
    const before = 'alpha beta gamma delta epsilon zeta eta theta';
    const after = 'one two three four five six seven eight';
    const limited = diffWordsDetailed(`Start ${before} end`, `Start ${after} end`, { maxEditDistance: 3 });
    expect(limited.status).toBe('truncated');
    expect(formatChanges(limited.changes)).toBe(`Start [-${before}-]{+${after}+} end`);
    const tokens = diffWordsDetailed(`Start ${before} end`, `Start ${after} end`, { maxTokens: 10 });
    expect(tokens.status).toBe('truncated');
    expect(diffWordsDetailed(`Start ${before} end`, `Start ${after} end`).status).toBe('complete');
  });

  it('stays fast on two long unrelated texts', () => {
    const words = (seed: number): string => Array.from({ length: 6000 }, (_, i) => `w${(i * seed) % 997}`).join(' ');
    const result = diffWordsDetailed(words(7), words(13));
    expect(result.status).toBe('truncated');
    const { before, after } = rebuild(result.changes);
    expect(before).toBe(words(7));
    expect(after).toBe(words(13));
  });

  it('matches the golden diffs of the sample sentences', () => {
    const url = new URL('./fixtures/bluebook-sentence-pairs.json', import.meta.url);
    const { pairs } = JSON.parse(readFileSync(url, 'utf8')) as { pairs: Array<[string, string]> };
    const rendered = pairs
      .map(([before, after]) => {
        const changes = diffWords(before, after);
        return `${formatChanges(changes)}\n  ${levels(changes) || 'no edits'}\n`;
      })
      .join('\n');
    const golden = new URL('./fixtures/bluebook-sentence-pairs.golden.txt', import.meta.url);
    if (process.env.UPDATE === '1') writeFileSync(golden, rendered);
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
  });
});

/** Random texts built from English and Japanese words, spaces and punctuation, with typographic variants. */
const vocabulary = [
  'the',
  'a',
  'of',
  'peace',
  'security',
  'Japan',
  'Japan’s',
  'and',
  'more',
  'severe',
  '2016',
  '２０１６',
  ',',
  '.',
  '“',
  '”',
  '"',
  '(',
  ')',
  '安全',
  '保障',
  'は',
  'を',
  '増して',
  '。',
  '、',
];
const separators = [' ', ' ', ' ', '', '  ', '\n', '\u00A0'];
const text = fc
  .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...separators)), { maxLength: 25 })
  .map((parts) => parts.map(([word, separator]) => word + separator).join(''));
/** A new edition derived from an old one by random word edits, so the two share most of their text. */
const editedPair = fc
  .tuple(
    fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 30 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(...vocabulary)), {
      maxLength: 6,
    }),
  )
  .map(([words, edits]) => {
    const edited = [...words];
    for (const [at, kind, word] of edits) {
      const index = edited.length === 0 ? 0 : at % edited.length;
      if (kind === 'delete') edited.splice(index, 1);
      else if (kind === 'insert') edited.splice(index, 0, word);
      else edited.splice(index, 1, word);
    }
    return [words.join(' '), edited.join(' ')] as const;
  });
const options = fc.record({ ignoreCase: fc.boolean(), ignorePunctuation: fc.boolean() });

describe('diffWords properties', () => {
  it('both editions rebuild exactly from the changes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), editedPair), options, ([before, after], diffOptions) => {
        const changes = diffWords(before, after, diffOptions);
        expect(rebuild(changes)).toEqual({ before, after });
        for (const change of changes) expect(change.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('a replacement is one delete then one insert, and edits are separated by equal text', () => {
    fc.assert(
      fc.property(editedPair, ([before, after]) => {
        const ops = diffWords(before, after)
          .map((change) => change.op[0])
          .join('');
        expect(ops).not.toMatch(/dd|ii|id|ee/);
      }),
      { numRuns: 300 },
    );
  });

  it('a text diffed with itself is one equal', () => {
    fc.assert(
      fc.property(text, (value) => {
        const changes = diffWordsDetailed(value, value).changes;
        expect(changes.every((change) => change.op === 'equal')).toBe(true);
        expect(changes.length).toBe(value.length === 0 ? 0 : 1);
      }),
    );
  });

  it('swapping the editions swaps inserts and deletes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), editedPair), options, ([before, after], diffOptions) => {
        expect(diffWords(after, before, diffOptions)).toEqual(mirrorChanges(diffWords(before, after, diffOptions)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('diffSentencePair', () => {
  it('scores similarity on words and reports the highest significance', () => {
    const result = diffSentencePair('Japan will act.', 'Japan will act now.');
    expect(formatChanges(result.changes)).toBe('Japan will act{+ now+}.');
    expect(result.similarity).toBeCloseTo((2 * 3) / 7);
    expect(result.significance).toBe('substantive');
    expect(diffSentencePair('Same.', 'Same.')).toEqual({
      changes: [{ op: 'equal', text: 'Same.' }],
      similarity: 1,
      significance: 'none',
    });
    expect(diffSentencePair('unrelated words', 'different text').similarity).toBe(0);
    expect(diffSentencePair('“Peace”', '"Peace"')).toMatchObject({ similarity: 1, significance: 'none' });
  });
});

/**
 * Pieces of text that exercise every path of the tokeniser and the normaliser: Latin words with accents and
 * capitals, numbers, joiners (. ' : , ;), curly quotes, guillemets and dashes, no-break and typographic spaces,
 * line breaks and runs of spaces, invisibles, combining marks, full-width forms, ligatures and Japanese.
 */
const pieces = [
  'Article',
  'article',
  'le',
  'de',
  'Code',
  'civil',
  'époux',
  'ÉTAT',
  'peace',
  'Japan',
  'U.S',
  'l’article',
  "l'article",
  'aujourd’hui',
  '1er',
  '2016',
  '1,000.5',
  '３',
  'ﬁn',
  'e\u0301te\u0301',
  'soft\u00ADhyphen',
  'zero\u200Bwidth',
  'a_b',
  '_',
  '安全',
  '保障',
  'を',
  '。',
  ',',
  '.',
  ';',
  ':',
  '!',
  '?',
  '(',
  ')',
  '«',
  '»',
  '“',
  '”',
  '"',
  '–',
  '-',
  '§',
  '°',
];
const gaps = [' ', ' ', ' ', ' ', '', '  ', '\n', '\t', '\u00A0', '\u202F', ' \u00A0', '\r\n'];
const pieceText = (maxLength: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...gaps)), { maxLength })
    .map((parts) => parts.map(([piece, gap]) => piece + gap).join(''));
/** Two editions sharing most of their text: the new one is the old one with random pieces edited. */
const piecePair = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...gaps)), { maxLength: 60 }),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('delete', 'insert', 'replace'),
        fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...gaps)),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([parts, edits]) => {
    const edited = [...parts];
    for (const [at, kind, part] of edits) {
      const index = edited.length === 0 ? 0 : at % edited.length;
      if (kind === 'delete') edited.splice(index, 1);
      else if (kind === 'insert') edited.splice(index, 0, part);
      else edited.splice(index, 1, part);
    }
    const join = (list: typeof parts): string => list.map(([piece, gap]) => piece + gap).join('');
    return [join(parts), join(edited)] as const;
  });
/** A long pair, past the tokeniser's chunk limit, so chunked sentences are diffed too. */
const longPair = piecePair.map(([before, after]) => [before.repeat(12), after.repeat(11) + before] as const);
const referenceOptions = fc.record(
  {
    ignoreCase: fc.boolean(),
    ignorePunctuation: fc.boolean(),
    locale: fc.constantFrom('en', 'fr', 'ja'),
    maxEditDistance: fc.constantFrom(2, 10, 1000),
  },
  { requiredKeys: [] },
);

describe('diffWordsDetailed against the reference (the word diff before it was made cheaper)', () => {
  it('gives exactly the reference changes, status and word counts', () => {
    fc.assert(
      fc.property(
        fc.oneof(piecePair, fc.tuple(pieceText(30), pieceText(30)), longPair),
        referenceOptions,
        ([before, after], diffOptions) => {
          expect(diffWordsDetailed(before, after, diffOptions)).toEqual(
            referenceDiffWordsDetailed(before, after, diffOptions),
          );
          expect(diffSentencePair(after, before, diffOptions)).toEqual(
            referenceDiffSentencePair(after, before, diffOptions),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });
});
