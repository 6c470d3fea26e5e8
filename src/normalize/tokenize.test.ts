import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenBoundaries as referenceTokenBoundaries } from '../diff/fixtures/reference/tokenize.js';
import { LineIndex } from '../model/position.js';
import type { SentenceNode } from '../model/tree.js';
import {
  CHUNK_LIMIT,
  tokenBoundaries,
  tokenBoundariesInto,
  tokenBuffer,
  tokenize,
  tokenizeNormalized,
  tokensSurviveCutting,
  wordNodes,
} from './tokenize.js';

const texts = (tokens: { text: string }[]): string[] => tokens.map((token) => token.text);

/** The reference: Intl.Segmenter over the whole (short) string, as the fast path must reproduce it. */
function referenceSegments(text: string): Array<[string, boolean]> {
  const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
  return Array.from(segmenter.segment(text), (segment) => [segment.segment, !segment.isWordLike]);
}

describe('tokenize', () => {
  it('splits English into words, spaces and punctuation, keeping numbers and abbreviations whole', () => {
    const tokens = tokenize('Japan’s policy (since 1,000.5 B.C.) isn’t U.S.-led.');
    expect(texts(tokens)).toEqual([
      'Japan’s',
      ' ',
      'policy',
      ' ',
      '(',
      'since',
      ' ',
      '1,000.5',
      ' ',
      'B.C',
      '.',
      ')',
      ' ',
      'isn’t',
      ' ',
      'U.S',
      '.',
      '-',
      'led',
      '.',
    ]);
    expect(tokens.filter((token) => !token.filler).map((token) => token.text)).toEqual([
      'Japan’s',
      'policy',
      'since',
      '1,000.5',
      'B.C',
      'isn’t',
      'U.S',
      'led',
    ]);
  });

  it('gives word-like tokens for Japanese', () => {
    const tokens = tokenize('「安全保障環境は一層厳しさを増している。」');
    const words = tokens.filter((token) => !token.filler).map((token) => token.text);
    expect(words).toContain('安全');
    expect(words).toContain('保障');
    expect(words).toContain('一層');
    expect(tokens[0]).toMatchObject({ text: '「', filler: true });
    expect(tokens.at(-2)).toMatchObject({ text: '。', filler: true });
  });

  it('breaks typographic variants the same way as their plain forms', () => {
    // A no-break space, a soft hyphen and full-width digits must not move word boundaries.
    expect(texts(tokenize('co\u00ADoperation\u00A0\u00A0in ２０２２'))).toEqual([
      'co\u00ADoperation',
      '\u00A0\u00A0',
      'in',
      ' ',
      '２０２２',
    ]);
    expect(tokenizeNormalized('“Peace”').map((token) => token.normalized)).toEqual(['"', 'Peace', '"']);
  });

  it('merges whitespace runs and line breaks into one filler token', () => {
    expect(texts(tokenize('a \r\n\t b'))).toEqual(['a', ' \r\n\t ', 'b']);
  });

  it('handles empty and invisible-only input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('\u200B\u00AD')).toEqual([{ text: '\u200B\u00AD', start: 0, end: 2, filler: true }]);
  });

  it('chunks input longer than the segmenter limit and still rebuilds it', () => {
    const sentence = 'The security environment surrounding Japan is becoming increasingly severe. ';
    const english = sentence.repeat(Math.ceil((CHUNK_LIMIT * 12) / sentence.length));
    const tokens = tokenize(english);
    expect(texts(tokens).join('')).toBe(english);
    // Chunks are cut at whitespace, so the words are exactly those of one sentence, repeated.
    expect(tokens.filter((token) => !token.filler).length).toBe(
      (english.length / sentence.length) * tokenize(sentence).filter((token) => !token.filler).length,
    );
    const japanese = '安全保障環境は一層厳しさを増している。'.repeat(700);
    expect(texts(tokenize(japanese)).join('')).toBe(japanese);
  });

  it('property: tokens concatenate back to the input, with contiguous offsets', () => {
    const pieces = fc.constantFrom(
      'word',
      'Japan',
      ' ',
      '  ',
      '\n',
      ',',
      '.',
      '“',
      '”',
      '’s',
      '\u00A0',
      '\u00AD',
      '\u200B',
      '１',
      'ｶﾞ',
      '安全',
      'は',
      '。',
      '3',
      '😀',
    );
    const text = fc.oneof(
      fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, (input) => {
        const tokens = tokenize(input);
        expect(texts(tokens).join('')).toBe(input);
        let at = 0;
        for (const token of tokens) {
          expect(token.start).toBe(at);
          expect(token.end).toBeGreaterThan(token.start);
          expect(input.slice(token.start, token.end)).toBe(token.text);
          at = token.end;
        }
      }),
    );
  });

  it('property: the Latin fast path equals Intl.Segmenter', () => {
    const ascii = fc
      .array(fc.constantFrom(...'aZb09_:.,;\' -(!"@$%/+?éßŒǅ§°'.split(''), '\t', '\r', '\n'), {
        maxLength: 30,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(ascii, (input) => {
        const fast = tokenize(input).map((token): [string, boolean] => [token.text, token.filler]);
        const reference = referenceSegments(input.replace(/\s+/g, ' '));
        // Whitespace runs are collapsed before segmenting, so compare against the collapsed reference by shape.
        expect(fast.map(([text, filler]) => [text.replace(/\s+/g, ' '), filler])).toEqual(reference);
      }),
      { numRuns: 500 },
    );
  });
});

describe('wordNodes', () => {
  const input = 'Title\nJapan will act.';
  const sentence: SentenceNode = {
    type: 'sentence',
    value: 'Japan will act.',
    position: new LineIndex(input).position(6, input.length),
  };

  it('positions words from the sentence position and the line index', () => {
    const nodes = wordNodes(sentence, new LineIndex(input));
    expect(nodes.map((node) => node.value)).toEqual(['Japan', ' ', 'will', ' ', 'act', '.']);
    expect(nodes[2]).toEqual({
      type: 'word',
      value: 'will',
      filler: false,
      position: { start: { line: 2, column: 7, offset: 12 }, end: { line: 2, column: 11, offset: 16 } },
    });
  });

  it('omits positions without a line index', () => {
    const nodes = wordNodes(sentence);
    expect(nodes).toHaveLength(6);
    expect(nodes.every((node) => node.position === undefined)).toBe(true);
  });
});

/** Text from characters that exercise the normaliser and both segmentation paths. */
const mixedText = fc
  .array(
    fc.constantFrom(
      ..."aZé0_:.,;'-(!?§°".split(''),
      ' ',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00A0',
      '\u202F',
      '\u2019',
      '«',
      '–',
      '\u00AD',
      '\u200B',
      '\u0301',
      '３',
      'ﬁ',
      '安全',
      '保障',
      'を',
      '。',
      'word',
      'Word',
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('tokenBoundaries against the reference (before it wrote into reusable storage)', () => {
  it('property: gives the reference boundaries, and tokenBoundariesInto the same in a reused buffer', () => {
    const buffer = tokenBuffer();
    fc.assert(
      fc.property(
        fc.oneof(
          mixedText,
          mixedText.map((text) => text.repeat(30)),
        ),
        (text) => {
          const reference = referenceTokenBoundaries(text);
          const fresh = tokenBoundaries(text);
          expect(fresh).toEqual(reference);
          const reused = tokenBoundariesInto(buffer, text);
          expect(reused.normalized).toBe(reference.normalized);
          expect(reused.count).toBe(reference.count);
          expect(reused.starts.subarray(0, reused.count + 1)).toEqual(reference.starts);
          expect(reused.normalizedStarts.subarray(0, reused.count + 1)).toEqual(reference.normalizedStarts);
          expect(reused.filler.subarray(0, reused.count)).toEqual(reference.filler);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('tokensSurviveCutting', () => {
  it('property: when it holds, a stretch between token boundaries tokenises alone into the tokens it spans', () => {
    fc.assert(
      fc.property(mixedText, fc.nat(), fc.nat(), (text, a, b) => {
        const whole = tokenBoundaries(text);
        if (!tokensSurviveCutting(text, whole.normalized) || whole.count === 0) return;
        const from = a % (whole.count + 1);
        const to = from + (b % (whole.count + 1 - from));
        const start = whole.starts[from] as number;
        const part = tokenBoundaries(text.slice(start, whole.starts[to] as number));
        expect(part.count).toBe(to - from);
        for (let t = 0; t < part.count; t++) {
          expect((part.starts[t] as number) + start).toBe(whole.starts[from + t]);
          expect(part.filler[t]).toBe(whole.filler[from + t]);
          const normalizedOf = (tokens: typeof whole, i: number): string =>
            tokens.normalized.slice(tokens.normalizedStarts[i], tokens.normalizedStarts[i + 1]);
          expect(normalizedOf(part, t)).toBe(normalizedOf(whole, from + t));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('does not hold where normalisation removes or composes characters, or Intl segments', () => {
    expect(tokensSurviveCutting('l’article « premier »', 'l\'article "premier"')).toBe(true);
    for (const text of ['soft\u00ADhyphen', 'e\u0301te\u0301', '３条', '安全保障']) {
      expect(tokensSurviveCutting(text, tokenBoundaries(text).normalized)).toBe(false);
    }
  });
});
