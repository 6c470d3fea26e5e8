import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import { extractMarkdown, extractMarkdownWithMicromark, importMarkdown } from './markdown.js';
import { scanPlainMarkdown } from './markdown-plain.js';
import { DEFAULT_LIMITS } from './types.js';

const identity = (text: string) => text;

/** Every Markdown fixture of the repository (importers' and the corpus seeds'), by name. */
function markdownFixtures(): Array<[string, string]> {
  const folder = new URL('./fixtures/markdown/', import.meta.url);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .map((name) => [name, readFileSync(new URL(name, folder), 'utf8')]);
}

/**
 * Lines drawn from the plain subset and from just outside it: list markers of both kinds and several numbers,
 * indents around the list item and indented-code thresholds, headings with and without their space, escapes,
 * setext underlines, thematic breaks, lazy lines, trailing spaces, CJK (joined without a space), CRLF.
 */
const WORDS = ['alpha', 'Beta', 'gamma.', '§ 12', '(1)', 'über', '日本語', 'です。', 'x:', 'a-b', '\u00a0', '='];
const word = fc.constantFrom(...WORDS);
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const indent = fc.constantFrom('', ' ', '  ', '   ', '    ', '     ', '      ', '        ');
const marker = fc.constantFrom('-', '+', '*', '1.', '2.', '10.', '01.', '1)', '3)', '12)', '123456789.', '1234567890.');
const gap = fc.constantFrom(' ', '  ', '    ', '     ', '');
const line = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(indent, text).map(([i, t]) => i + t) },
  { weight: 4, arbitrary: fc.tuple(indent, marker, gap, text).map(([i, m, g, t]) => i + m + g + t) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant('   ') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(indent, fc.constantFrom('#', '##', '######', '#######'), fc.constantFrom(' ', '', '  '), text)
      .map(([i, h, g, t]) => i + h + g + t),
  },
  { weight: 1, arbitrary: fc.constantFrom('#', '## ', '# a #', '#hash', '\\# not a heading', '16\\. Lebensjahr') },
  { weight: 1, arbitrary: fc.constantFrom('---', '- - -', '===', 'a  ', 'end\\', '\\\\x', '\\a', '-les', '+plus') },
  { weight: 1, arbitrary: fc.constantFrom('> quote', '```', '~~~', '    code', '*em*', '[link]', 'a & b', '|a|') },
  { weight: 1, arbitrary: fc.tuple(indent, marker).map(([i, m]) => i + m) },
);
/** Lines of the plain subset only (as statutes are written), so that most documents take the scanner's path. */
const plainLine = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(indent, text).map(([i, t]) => i + t) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('-', '+', '1.', '2.', '10.', '1)', '12)'), gap, text)
      .map(([i, m, g, t]) => i + m + (g === '' ? ' ' : g.slice(0, 4)) + t),
  },
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('#', '###'), text).map(([h, t]) => `${h} ${t}`) },
  { weight: 1, arbitrary: fc.constantFrom('16\\. Lebensjahr', '-les pièces', '12) zur', '\\\\x', '1.5 Mio') },
);
const documentOf = (lines: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(lines, { minLength: 1, maxLength: 14 }), fc.boolean())
    .map(([found, crlf]) => found.join(crlf ? '\r\n' : '\n'));

describe('scanPlainMarkdown', () => {
  it('gives the same blocks, hints and source map as micromark on every document it accepts', () => {
    fc.assert(
      fc.property(documentOf(line), (source) => {
        expect(extractMarkdown(source, fromMarkdown)).toEqual(extractMarkdownWithMicromark(source, fromMarkdown));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts most documents of the plain subset, and reads them as micromark does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(documentOf(plainLine), (source) => {
        if (scanPlainMarkdown(source, identity) !== null) accepted++;
        expect(extractMarkdown(source, fromMarkdown)).toEqual(extractMarkdownWithMicromark(source, fromMarkdown));
      }),
      { numRuns: 3000 },
    );
    // The property would hold trivially if the scanner refused everything.
    expect(accepted).toBeGreaterThan(1500);
  });

  it('reads the repository Markdown fixtures exactly as micromark does', () => {
    for (const [name, source] of markdownFixtures()) {
      expect(extractMarkdown(source, fromMarkdown), name).toEqual(extractMarkdownWithMicromark(source, fromMarkdown));
    }
  });

  it('reads flat lists, lazy lines, headings and escapes (the shape of statutes) without falling back', () => {
    const statute = [
      '# Gesetz',
      '',
      '### § 1 Anspruch',
      '',
      '(1) Versicherte haben Anspruch',
      '12) auf Leistungen, wenn',
      '1.  sie krank sind,',
      '    oder es werden,',
      'lazy line,',
      '2.  sie',
      '',
      '    einen Antrag stellen.',
      '',
      '16\\. Lebensjahr',
      '- le cas échéant ;',
      '-les pièces',
    ].join('\n');
    const blocks = scanPlainMarkdown(statute, identity);
    expect(blocks?.map((block) => [block.line, block.text, block.hint?.kind])).toEqual([
      [1, 'Gesetz', 'heading'],
      [3, '§ 1 Anspruch', 'heading'],
      [5, '(1) Versicherte haben Anspruch\n12) auf Leistungen, wenn', undefined],
      [7, '1. sie krank sind,\noder es werden,\nlazy line,', 'listItem'],
      [10, '2. sie', 'listItem'],
      [12, 'einen Antrag stellen.', undefined],
      [14, '16. Lebensjahr', undefined],
      [15, '- le cas échéant ;\n-les pièces', 'listItem'],
    ]);
    expect(extractMarkdown(statute, fromMarkdown)).toEqual(extractMarkdownWithMicromark(statute, fromMarkdown));
  });

  it('refuses what is outside the subset, so that micromark reads it', () => {
    for (const source of ['*em*', '> quote', 'a\n===', '- a\n  - b', 'a  \nb', '```\ncode\n```', '    code', '-']) {
      expect(scanPlainMarkdown(source, identity), source).toBeNull();
    }
  });

  it('imports plain and mixed documents alike, loading micromark only for a chunk that needs it', async () => {
    const plain = Array.from({ length: 300 }, (_, i) => `Article ${i}\n\n1. Le texte ${i}.\n2. La suite.`).join('\n\n');
    const mixed = `${plain}\n\n> Une citation *importante*.\n\n${plain}`;
    for (const source of [plain, mixed, ...markdownFixtures().map(([, text]) => text)]) {
      const imported = await importMarkdown(new TextEncoder().encode(source), {
        name: 'in.md',
        limits: DEFAULT_LIMITS,
      });
      const { text, hints, sourceMap } = imported;
      expect({ text, hints, sourceMap }).toEqual(extractMarkdownWithMicromark(source, fromMarkdown));
    }
  });
});
