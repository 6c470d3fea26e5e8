import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCjk, joinLines, layoutPdf, type PdfPageRuns, type PdfRun } from './pdf-layout.js';

const A4: [number, number, number, number] = [0, 0, 595, 842];

/** A run of body text at (x, y). */
function run(str: string, x: number, y: number, size = 10, fontName = 'body'): PdfRun {
  return { str, x, y, width: str.length * size * 0.5, size, fontName };
}

describe('layoutPdf', () => {
  it('reads two columns on shared baselines column by column, under a full-width title', () => {
    const runs: PdfRun[] = [run('A Title Across Both Columns Of The Page', 72, 760, 16)];
    for (let i = 0; i < 8; i++) {
      runs.push(run(`left line ${i} of the first column text`, 72, 720 - i * 12));
      runs.push(run(`right line ${i} of the second column`, 320, 720 - i * 12));
    }
    const { text } = layoutPdf([{ page: 1, view: A4, runs }]);
    const left = text.indexOf('left line 7');
    const right = text.indexOf('right line 0');
    expect(text.startsWith('A Title Across Both Columns Of The Page\n\n')).toBe(true);
    expect(left).toBeGreaterThan(0);
    expect(right).toBeGreaterThan(left);
    expect(text.indexOf('left line 1')).toBeLessThan(right);
    expect(text).not.toMatch(/right line 0.*left line 1/s);
  });

  it('removes a running header and page numbers repeated on most pages, keeps the same text in the body', () => {
    const pages: PdfPageRuns[] = [1, 2, 3].map((page) => ({
      page,
      view: A4,
      runs: [
        run('Diplomatic Bluebook 2022', 72, 800, 8),
        run(`${page + 180}`, 290, 40, 8),
        ...(page === 1
          ? [run('Diplomatic Bluebook 2022', 72, 700, 20)]
          : [run(`Body text of page ${page} that reaches the right margin.`, 72, 700), run('Short.', 72, 688)]),
      ],
    }));
    const result = layoutPdf(pages);
    expect(result.text.split('\n\n')).toEqual([
      'Diplomatic Bluebook 2022',
      'Body text of page 2 that reaches the right margin. Short.',
      'Body text of page 3 that reaches the right margin. Short.',
    ]);
    expect(result.removedLines).toBe(6);
  });

  it('starts paragraphs at a vertical gap, a first-line indent and after a short last line', () => {
    const runs = [
      run('First paragraph line one goes on and on to the right margin here', 72, 700),
      run('and ends short.', 72, 688),
      run('Second paragraph after a short line goes on to the right margin ok', 72, 676),
      run('still the second paragraph, reaching the right margin as well yes', 72, 664),
      run('Third paragraph with an indented first line reaching the margin', 90, 652),
      run('Fourth paragraph after a gap that is wider than the line spacing', 72, 620),
    ];
    const { text } = layoutPdf([{ page: 1, view: A4, runs }]);
    expect(text.split('\n\n').map((b) => b.slice(0, 12))).toEqual([
      'First paragr',
      'Second parag',
      'Third paragr',
      'Fourth parag',
    ]);
  });

  it('gives headings a level by size rank and maps every block to its page and box', () => {
    const runs = [
      run('Chapter 3', 72, 760, 18),
      run('(1) A Subheading', 72, 730, 13),
      run('Body text that is longer than the headings.', 72, 700),
    ];
    const result = layoutPdf([{ page: 4, view: A4, runs }]);
    expect(result.hints).toEqual([
      { start: 0, end: 9, kind: 'heading', level: 1 },
      { start: 11, end: 27, kind: 'heading', level: 2 },
    ]);
    expect(result.sourceMap.map((s) => s.source.page)).toEqual([4, 4, 4]);
    expect(result.sourceMap[0]?.source.box?.x).toBe(72);
  });

  it('keeps footnotes as their own blocks after the paragraph that runs on to the next page', () => {
    const long = 'a paragraph line that reaches the right margin of the page body';
    const pages: PdfPageRuns[] = [
      {
        page: 1,
        view: A4,
        runs: [run(`Start of ${long}`, 72, 700), run(long, 72, 688), run('1 A footnote.', 72, 80, 7)],
      },
      { page: 2, view: A4, runs: [run(`${long} end.`, 72, 700), run('Next paragraph.', 72, 660)] },
    ];
    const blocks = layoutPdf(pages).text.split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatch(/^Start of .* end\.$/);
    expect(blocks[1]).toBe('1 A footnote.');
    expect(blocks[2]).toBe('Next paragraph.');
  });

  it('joins Japanese lines and runs without spaces', () => {
    const runs = [run('第一条　この法律は、事業者間の', 72, 700, 10.5), run('公正な競争を確保する。', 72, 684, 10.5)];
    runs.push({ ...run('以下', 72, 600, 10.5), width: 21 }, run('同じ。', 93.5, 600, 10.5));
    const { text } = layoutPdf([{ page: 1, view: A4, runs }]);
    expect(text).toContain('第一条　この法律は、事業者間の公正な競争を確保する。');
    expect(text).toContain('以下同じ。');
  });

  it('never throws on arbitrary runs, and its spans and hints stay inside the text', () => {
    const runArb = fc.record({
      str: fc.string({ maxLength: 12 }),
      x: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      y: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      width: fc.double({ min: 0, max: 1e3, noNaN: true }),
      size: fc.double({ min: 0, max: 80, noNaN: true }),
      fontName: fc.constantFrom('a', 'b'),
      bold: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(runArb, { maxLength: 40 }), { maxLength: 4 }), (pageRuns) => {
        const result = layoutPdf(pageRuns.map((runs, i) => ({ page: i + 1, view: A4, runs })));
        let previous = 0;
        for (const span of result.sourceMap) {
          expect(span.start).toBeGreaterThanOrEqual(previous);
          expect(span.end).toBeLessThanOrEqual(result.text.length);
          previous = span.start;
        }
        for (const hint of result.hints) expect(hint.end).toBeLessThanOrEqual(result.text.length);
        expect(result.text).not.toMatch(/\n{3}/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('joinLines', () => {
  it('drops a line-end hyphen before a lower-case letter unless the document writes the word whole', () => {
    expect(joinLines('the secu-', 'rity of', false, new Set())).toBe('the security of');
    expect(joinLines('a peace-', 'loving nation', false, new Set(['peace-loving']))).toBe('a peace-loving nation');
    expect(joinLines('Japan-', 'Australia', false, new Set())).toBe('Japan-Australia');
    expect(joinLines('Chapter 3', 'Japan Strengthening', true, new Set())).toBe('Chapter 3\nJapan Strengthening');
    expect(joinLines('国民経済の', '健全な発展', false, new Set())).toBe('国民経済の健全な発展');
    expect(joinLines('words', 'more', false, new Set())).toBe('words more');
  });

  it('recognises CJK characters', () => {
    expect(isCjk('条')).toBe(true);
    expect(isCjk('ア')).toBe(true);
    expect(isCjk('A')).toBe(false);
  });
});
