import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WordChange } from '../model/comparison.js';
import { displayWidth, ELLIPSIS, elideChanges, elideText, plainText, replaceControls, wrapLine } from './text.js';

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
});

describe('elideText', () => {
  const long = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';

  it('keeps the tail before an edit', () => {
    expect(elideText(`${long} `, 'tail', 3)).toBe(`${ELLIPSIS} fourteen fifteen sixteen `);
  });

  it('keeps the head after an edit', () => {
    expect(elideText(` ${long}`, 'head', 3)).toBe(` one two three ${ELLIPSIS}`);
  });

  it('keeps both ends between two edits', () => {
    expect(elideText(` ${long} `, 'both', 2)).toBe(` one two ${ELLIPSIS} fifteen sixteen `);
  });

  it('leaves short text alone', () => {
    expect(elideText('one two three', 'both', 8)).toBe('one two three');
  });

  it('counts Japanese characters as fractions of a word', () => {
    const japanese = 'この法律は、我が国の安全保障に関する基本的な事項を定め、もって国民の生命を守ることを目的とする。';
    const elided = elideText(japanese, 'tail', 8);
    expect(elided.startsWith(ELLIPSIS)).toBe(true);
    expect(elided.endsWith('ことを目的とする。')).toBe(true);
    expect(elided.length).toBeLessThan(japanese.length);
  });
});

describe('elideChanges', () => {
  it('shortens unchanged stretches around edits and keeps the edits whole', () => {
    const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');
    const changes: WordChange[] = [
      { op: 'equal', text: `${words(20)} ` },
      { op: 'delete', text: 'old phrase', significance: 'minor' },
      { op: 'insert', text: 'new phrase', significance: 'minor' },
      { op: 'equal', text: ` ${words(30, 20)}` },
    ];
    const elided = elideChanges(changes, 8);
    expect(elided[0]).toEqual({ op: 'equal', text: `${ELLIPSIS} ${words(8, 12)} ` });
    expect(elided[1]).toBe(changes[1]);
    expect(elided[2]).toBe(changes[2]);
    expect(elided[3]).toEqual({ op: 'equal', text: ` ${words(8, 20)} ${ELLIPSIS}` });
  });

  it('prints the new spelling of text kept under ignored differences', () => {
    const long = Array.from({ length: 30 }, (_, i) => `W${i}`).join(' ');
    const elided = elideChanges(
      [
        { op: 'insert', text: 'x', significance: 'minor' },
        { op: 'equal', text: ` ${long}`, newText: ` ${long.toLowerCase()}` },
      ],
      2,
    );
    expect(elided[1]).toEqual({ op: 'equal', text: ` w0 w1 ${ELLIPSIS}` });
  });
});
