import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldWhitespace, NORMALIZATION_PASSES, type NormalizeOptions, normalize, normalizeKey } from './normalize.js';

/** Characters every pass cares about, mixed with plain ones, so random strings exercise all passes. */
const INTERESTING = [
  'a',
  'B',
  'é',
  'e\u0301',
  '\u0301',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '\u00A0',
  '\u3000',
  '\u2009',
  '\u00AD',
  '\u200B',
  '\uFEFF',
  '‘',
  '’',
  '“',
  '”',
  '«',
  '»',
  '„',
  '″',
  '\u2028',
  '\u205F',
  '\uFFE3',
  '–',
  '—',
  '−',
  'ー',
  'Ａ',
  '１',
  'ｶ',
  'ﾞ',
  'ｶﾞ',
  'ﬁ',
  '.',
  ',',
  '「',
  '。',
  '安',
  'は',
  'İ',
  'Σ',
  '😀',
];

const interestingText = fc.array(fc.constantFrom(...INTERESTING), { maxLength: 30 }).map((parts) => parts.join(''));
const anyText = fc.oneof(interestingText, fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 30 }));
const anyOptions: fc.Arbitrary<NormalizeOptions> = fc.record({
  ignoreCase: fc.boolean(),
  ignorePunctuation: fc.boolean(),
  ignoreWhitespace: fc.boolean(),
});

describe('normalize', () => {
  it.each([
    ['curly single quotes', 'it’s ‘so’', "it's 'so'"],
    ['curly double quotes and guillemets', '“Peace” «paix» „Frieden“', '"Peace" "paix" "Frieden"'],
    ['dashes and minus', 'a–b—c‐d−1', 'a-b-c-d-1'],
    ['keeps the Japanese long vowel mark', 'データー', 'データー'],
    ['no-break and ideographic spaces', 'a\u00A0b\u3000c\u202Fd', 'a b c d'],
    ['soft hyphens and zero-width characters', 'co\u00ADoper\u200Bation\uFEFF', 'cooperation'],
    ['full-width Latin and digits', 'ＡＢＣ１２３！', 'ABC123!'],
    ['half-width katakana, voiced marks composed', 'ｶﾞｲﾑｼｮｳ', 'ガイムショウ'],
    ['keeps kanji, kana and unit squares as they are', '令和２年㍻①', '令和2年㍻①'],
    ['ligatures', 'ﬁnal ﬂow', 'final flow'],
    ['combining marks composed', 'cafe\u0301', 'café'],
    ['whitespace runs collapse to one space', 'a \n\t b\r\nc', 'a b c'],
  ])('%s', (_name, input, expected) => {
    expect(normalize(input).text).toBe(expected);
    expect(normalizeKey(input)).toBe(expected);
  });

  it('folds case, removes punctuation and whitespace only when asked', () => {
    const text = 'The “U.S.” Alliance, (2)';
    expect(normalizeKey(text)).toBe('The "U.S." Alliance, (2)');
    expect(normalizeKey(text, { ignoreCase: true })).toBe('the "u.s." alliance, (2)');
    expect(normalizeKey(text, { ignorePunctuation: true })).toBe('The US Alliance 2');
    expect(normalizeKey(text, { ignoreWhitespace: true })).toBe('The"U.S."Alliance,(2)');
    expect(normalizeKey(text, { ignoreCase: true, ignorePunctuation: true, ignoreWhitespace: true })).toBe(
      'theusalliance2',
    );
  });

  it('maps each output character back to the input character it came from', () => {
    const input = 'a\u00ADb “c” ｶﾞ  d';
    const { text, offsets } = normalize(input);
    expect(text).toBe('ab "c" ガ d');
    expect(Array.from(offsets)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 10, 12]);
  });

  it('names every pass once', () => {
    const names = NORMALIZATION_PASSES.map((pass) => pass.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('quotes');
    for (const pass of NORMALIZATION_PASSES) expect(pass.pattern.global).toBe(true);
  });

  it('property: offsets are monotone, in range, and as long as the output', () => {
    fc.assert(
      fc.property(anyText, anyOptions, (input, options) => {
        const { text, offsets } = normalize(input, options);
        expect(offsets.length).toBe(text.length);
        for (let i = 0; i < offsets.length; i++) {
          const offset = offsets[i] as number;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThan(input.length);
          if (i > 0) expect(offset).toBeGreaterThanOrEqual(offsets[i - 1] as number);
        }
      }),
    );
  });

  it('property: an unchanged character maps to itself in the input', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const { text, offsets } = normalize(input);
        for (let i = 0; i < text.length; i++) {
          const source = input[offsets[i] as number];
          // Letters and digits either survive unchanged or came from a folded form; plain ASCII letters never move.
          if (/[a-z]/.test(text[i] as string) && /[a-z]/.test(source as string)) expect(source).toBe(text[i]);
        }
      }),
    );
  });

  it('property: normalising twice equals normalising once', () => {
    fc.assert(
      fc.property(anyText, anyOptions, (input, options) => {
        const once = normalizeKey(input, options);
        expect(normalizeKey(once, options)).toBe(once);
      }),
    );
  });

  it('property: the key runs only the passes a text needs, and gives what running every pass gives', () => {
    const everyPass = (input: string): string =>
      NORMALIZATION_PASSES.filter((pass) => pass.enabled({})).reduce((text, pass) => {
        pass.pattern.lastIndex = 0;
        return text.replace(pass.pattern, pass.replace);
      }, input);
    fc.assert(
      fc.property(anyText, (input) => {
        expect(normalizeKey(input)).toBe(everyPass(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the fast key equals the text of the offset-keeping path', () => {
    fc.assert(
      fc.property(anyText, anyOptions, (input, options) => {
        expect(normalizeKey(input, options)).toBe(normalize(input, options).text);
      }),
    );
  });
});

describe('foldWhitespace', () => {
  it('collapses runs of whitespace including line breaks and trims', () => {
    expect(foldWhitespace('  Japan \n\n will\tcontinue \r\n ')).toBe('Japan will continue');
    expect(foldWhitespace('')).toBe('');
  });
});
