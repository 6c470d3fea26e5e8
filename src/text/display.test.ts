import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, plainText, replaceControls, wrapLine, wrapLineByWalk } from './display.js';

/** The text of a line without ANSI styles. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC.
const unstyled = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

describe('replaceControls', () => {
  it('turns escape, bell and C1 characters into visible stand-ins', () => {
    expect(replaceControls('a\u001b[31mb\u0007c\u009bd\u007f')).toBe('a␛[31mb␇c\ufffdd␡');
  });

  it('returns clean text unchanged', () => {
    expect(replaceControls('Territorial integrity 領土')).toBe('Territorial integrity 領土');
  });
});

describe('plainText', () => {
  it('collapses line breaks and runs of spaces into one space', () => {
    expect(plainText('Japan-Australia joint exercise\n(November.\t Photo)')).toBe(
      'Japan-Australia joint exercise (November. Photo)',
    );
  });
});

describe('displayWidth', () => {
  it('counts CJK characters as two columns and ignores ANSI styles', () => {
    expect(displayWidth('ab')).toBe(2);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('\u001b[32mok\u001b[0m')).toBe(2);
  });
});

describe('wrapLine', () => {
  it('breaks at spaces and indents continuation lines', () => {
    const lines = wrapLine('one two three four five six seven', 15, '  ', '    ');
    expect(lines).toEqual(['  one two three', '    four five', '    six seven']);
  });

  it('breaks Japanese between characters but keeps 、 and 。 off the start of a line', () => {
    const lines = wrapLine('この法律は、我が国の安全保障に関する事項を定める。', 12);
    for (const line of lines) {
      expect(displayWidth(line)).toBeLessThanOrEqual(14);
      expect(line.startsWith('、')).toBe(false);
      expect(line.startsWith('。')).toBe(false);
    }
    expect(lines.join('')).toBe('この法律は、我が国の安全保障に関する事項を定める。');
  });

  it('closes a style at a line break and reopens it after the indent', () => {
    const lines = wrapLine('aa \u001b[32mbb cc dd\u001b[0m ee', 10, '> ');
    expect(lines).toEqual(['> aa \u001b[32mbb cc\u001b[0m', '> \u001b[32mdd\u001b[0m ee']);
  });

  it('never exceeds the width unless a single word is longer (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 20, max: 120 }),
        (words, width) => {
          const lines = wrapLine(words.join(' '), width, '  ', '    ');
          for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          expect(lines.map((line) => line.trim()).join(' ')).toBe(words.join(' '));
        },
      ),
    );
  });

  it('keeps every styled word styled (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 30 }), (words) => {
        const text = `start \u001b[32m${words.join(' ')}\u001b[0m end`;
        const lines = wrapLine(text, 24);
        expect(lines.map(unstyled).join(' ')).toBe(`start ${words.join(' ')} end`);
        for (const line of lines) {
          const opens = line.split('\u001b[32m').length - 1;
          const closes = line.split('\u001b[0m').length - 1;
          expect(opens).toBe(closes);
        }
      }),
    );
  });

  it('wraps plain text by its quick path as the walk over every character does (property)', () => {
    // Plain words (ASCII, accented Latin, typographic quotes) mostly, with now and then what sends a text down the
    // general walk: a style, a wide character, closing punctuation, a combining mark, an emoji.
    const piece = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('a', 'bc', 'déf', 'ghij', 'klmnopqrstu', '’s', '«x»', '1426', '—') },
      { weight: 8, arbitrary: fc.constantFrom(' ', '  ', '   ') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('\u001b[31m', '\u001b[0m', '日本', '。', 'e\u0301', '😀', '\u200b', 'ー'),
      },
    );
    const indent = fc.constantFrom('', ' ', '    ', '  - ', '\u001b[2mdim\u001b[0m ', '日');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        indent,
        indent,
        (parts, width, first, rest) => {
          const text = parts.join('');
          expect(wrapLine(text, width, first, rest)).toEqual(wrapLineByWalk(text, width, first, rest));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
