import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import type { SectionNode } from '../model/tree.js';
import { describeTree } from '../parse/describe.js';
import { parseImported } from './index.js';
import { extractMarkdown, importMarkdown } from './markdown.js';
import { DEFAULT_LIMITS } from './types.js';

const source = readFileSync(new URL('./fixtures/markdown/bluebook-2020.md', import.meta.url), 'utf8');

describe('extractMarkdown', () => {
  const extracted = extractMarkdown(source, fromMarkdown);
  const blocks = extracted.text.split('\n\n');

  it('writes one block per heading, paragraph, list item and table row, with inline markup stripped', () => {
    expect(blocks).toEqual([
      'Diplomatic Bluebook 2020',
      'Chapter 3',
      "Japan's Foreign Policy to Promote National and Global Interests",
      'Section 1 Efforts for Peace and Stability of Japan and the International Community',
      '1 National Security Initiatives',
      '(1) “Proactive Contribution to Peace” Based on the Principle of International Cooperation',
      'The security environment surrounding Japan is becoming more testing and uncertain at a remarkably faster speed. ' +
        'Changes in the balance of power in the international arena are accelerating and becoming more complex, and ' +
        'uncertainty over the existing order is increasing.',
      'Column Japan will continue to adhere to the course that it has taken to date as a peace-loving nation.',
      'Year | Event',
      '2015 | Legislation for Peace and Security',
      '2016 | Enforcement',
      '1. First measure.',
      '2. Second measure.',
    ]);
  });

  it('reads the inline markup of table cells as text, as in any paragraph (GitHub terms: a link in a cell)', () => {
    const table =
      '# Terms\n\n| Section | What |\n|---|---|\n| [A. Definitions](#a) | **Short** terms |\n| B\\|C | `code` and _em_ |\n';
    expect(extractMarkdown(table, fromMarkdown).text.split('\n\n')).toEqual([
      'Terms',
      'Section | What',
      'A. Definitions | Short terms',
      'B|C | code and em',
    ]);
  });

  it('hints heading levels, the block quote as a box, table rows and list items', () => {
    const hinted = extracted.hints.map((hint) => [hint.kind, hint.level, extracted.text.slice(hint.start, hint.end)]);
    expect(hinted.filter(([kind]) => kind === 'heading').map(([, level]) => level)).toEqual([1, 2, 2, 3, 4, 5]);
    expect(hinted.filter(([kind]) => kind === 'box').map(([, , text]) => text)).toEqual([blocks[7]]);
    expect(hinted.filter(([kind]) => kind === 'tableRow')).toHaveLength(3);
    expect(hinted.filter(([kind]) => kind === 'listItem').map(([, , text]) => text)).toEqual([
      '1. First measure.',
      '2. Second measure.',
    ]);
  });

  it('maps every block back to its line in the Markdown source (front matter skipped, lines kept)', () => {
    const lines = source.split('\n');
    for (const span of extracted.sourceMap) {
      const line = lines[(span.source.line ?? 0) - 1] ?? '';
      const firstWord = extracted.text.slice(span.start, span.end).split(/[\s|]+/)[0] ?? '';
      expect(line, `block "${extracted.text.slice(span.start, span.end)}"`).toContain(firstWord);
    }
    expect(extracted.sourceMap[0]?.source.line).toBe(4);
  });

  it('joins soft-wrapped Japanese lines without a space, and other lines with one', () => {
    expect(extractMarkdown('日本語の\n文章です。\nThen\nEnglish.', fromMarkdown).text).toBe(
      '日本語の文章です。 Then English.',
    );
  });

  it('keeps code blocks as paragraphs without blank lines inside', () => {
    const { text, hints } = extractMarkdown('Intro\n\n```\na\n\n\nb\n```\n', fromMarkdown);
    expect(text).toBe('Intro\n\na\nb');
    expect(hints).toEqual([{ start: 7, end: 10, kind: 'paragraph' }]);
  });

  it('reads a long document in chunks exactly as its parts: same blocks, hints and source lines', () => {
    const body = source.replace(/^---[\s\S]*?---\n/, '');
    const single = extractMarkdown(body, fromMarkdown);
    const copies = 40;
    const longSource = Array.from({ length: copies }, () => body).join('\n```\nfenced\n\n# not a heading\n```\n\n');
    const long = extractMarkdown(longSource, fromMarkdown);
    expect(long.text.length).toBeGreaterThan(16 * 1024);
    const blocks = long.text.split('\n\n');
    expect(blocks.filter((block) => block === 'Diplomatic Bluebook 2020')).toHaveLength(copies);
    expect(blocks.filter((block) => block === 'fenced\n# not a heading')).toHaveLength(copies - 1);
    expect(long.hints.filter((hint) => hint.kind === 'heading')).toHaveLength(copies * 6);
    const titleLines = longSource
      .split('\n')
      .flatMap((line, index) => (line === '# Diplomatic Bluebook 2020' ? [index + 1] : []));
    const titleSpans = long.sourceMap.filter(
      (span) => long.text.slice(span.start, span.end) === 'Diplomatic Bluebook 2020',
    );
    expect(titleSpans.map((span) => span.source.line)).toEqual(titleLines);
    expect(single.hints.filter((hint) => hint.kind === 'box')).toHaveLength(1);
    expect(long.hints.filter((hint) => hint.kind === 'box')).toHaveLength(copies);
  });

  it('never throws, and keeps hints and spans inside the text, on any string', () => {
    const pieces = fc.constantFrom(
      '# ',
      '## ',
      '> ',
      '- ',
      '1. ',
      '|',
      '---',
      '```',
      '*',
      '[a](b)',
      '\n',
      '\n\n',
      'word',
      '日本',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 30 }), (parts) => {
        const { text, hints, sourceMap } = extractMarkdown(parts.join(''), fromMarkdown);
        for (const span of [...hints, ...sourceMap]) {
          expect(span.start).toBeLessThan(span.end);
          expect(span.end).toBeLessThanOrEqual(text.length);
        }
        expect(text).not.toMatch(/\n[ \t]*\n[ \t]*\n/);
      }),
      { numRuns: 400 },
    );
  });
});

describe('importMarkdown', () => {
  it('stops a long import at its time budget with E_TIMEOUT, between chunks', async () => {
    const long = new TextEncoder().encode(`${source}\n`.repeat(400));
    await expect(
      importMarkdown(long, { name: 'long.md', limits: { ...DEFAULT_LIMITS, timeoutMs: 0 } }),
    ).rejects.toMatchObject({
      code: 'E_TIMEOUT',
    });
  });

  it('gives the same outline as the plain text of the same edition', async () => {
    const edition = await importMarkdown(new TextEncoder().encode(source), { name: 'a.md', limits: DEFAULT_LIMITS });
    expect(edition.format).toBe('markdown');
    const document = parseImported(edition);
    expect(document.title?.value).toBe('Diplomatic Bluebook 2020');
    const outline = describeTree(document);
    expect(outline).toContain(
      "# Chapter 3 | Japan's Foreign Policy to Promote National and Global Interests [chapter]",
    );
    expect(outline).toContain('# (1) | “Proactive Contribution to Peace”');
    const chapter = document.children[0] as SectionNode;
    expect(chapter.children[0].label).toBe('Chapter 3');
    expect(outline).toMatch(/box/);
    expect(outline).toMatch(/listItem 1\./);
  });

  it('reads a link alone on its line as a paragraph, neither a heading nor the body of one, whatever follows', async () => {
    const types = async (markdown: string): Promise<string[]> => {
      const edition = await importMarkdown(new TextEncoder().encode(markdown), {
        name: 'a.md',
        limits: DEFAULT_LIMITS,
      });
      const document = parseImported(edition);
      const kinds: string[] = [];
      const walk = (nodes: typeof document.children): void => {
        for (const node of nodes) {
          if (node.type === 'section') {
            kinds.push(`H ${node.children[0].value}`);
            walk(node.children.slice(1) as typeof document.children);
          } else kinds.push(`${node.type} ${node.value}`);
        }
      };
      walk(document.children);
      return kinds;
    };
    const end = 'If you have any questions, contact us.\n\n**Effective:** May 18, 2023\n\n';
    const link = '[Archive of Previous Terms](https://example.com/tos/previous)\n\n';
    // Followed by a paragraph or by a heading, the link line is the same paragraph.
    const beforeParagraph = await types(`# Terms\n\n${end}${link}**We have made some updates to these Terms.**\n`);
    const beforeHeading = await types(`# Terms\n\n${end}${link}Terms of Service\n----------------\n\nThe terms.\n`);
    expect(beforeParagraph).toContain('paragraph Archive of Previous Terms');
    expect(beforeHeading).toContain('paragraph Archive of Previous Terms');
    // A line followed by a link alone is not a heading over it.
    const address = await types(`# Contact\n\n${end}CC: GitHub BV, Vijzelstraat 68-72, Amsterdam\n\n${link}`);
    expect(address).toContain('paragraph CC: GitHub BV, Vijzelstraat 68-72, Amsterdam');
  });
});

describe('front matter', () => {
  /** The source with its front matter blanked in place, as the extraction once blanked a copy of it. */
  const blanked = (text: string, frontMatter: string): string =>
    frontMatter.replace(/[^\r\n]/g, ' ') + text.slice(frontMatter.length);

  it('is read as the blank lines it becomes, in the chunks of a long source as in a short one', () => {
    const frontLine = fc.constantFrom('title: "Code"', '[ref]: https://example.com', 'a: 1', '', '  # not a heading');
    const bodyLine = fc.constantFrom(
      'Article 1',
      '',
      '# Title',
      '- item',
      '1. item',
      'Plain text of a paragraph.',
      '[ref]: https://example.com',
      'A [link][ref].',
      '```',
      '*emphasis*',
      'x'.repeat(900),
    );
    fc.assert(
      fc.property(
        fc.array(frontLine, { maxLength: 5 }),
        fc.constantFrom('---', '...'),
        fc.array(bodyLine, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        (front, close, body, end) => {
          const frontMatter = ['---', ...front, close].join(end);
          const text = `${frontMatter}${end}${body.join(end)}`;
          expect(extractMarkdown(text, fromMarkdown)).toEqual(
            extractMarkdown(blanked(text, frontMatter), fromMarkdown),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
