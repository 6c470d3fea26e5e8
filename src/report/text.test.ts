import { describe, expect, it } from 'vitest';
import type { WordChange } from '../model/comparison.js';
import { ELLIPSIS, elideChanges, elideText } from './text.js';

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
