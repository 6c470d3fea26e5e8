import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockNode, BoxNode, DocumentNode, HeadingNode, SectionNode } from '../model/tree.js';
import { type BlockHint, parseText } from './text.js';

/** The hint covering the first occurrence of `block` in `text`. */
function hintFor(text: string, block: string, kind: BlockHint['kind'], level?: number): BlockHint {
  const start = text.indexOf(block);
  if (start < 0) throw new Error(`"${block}" is not in the text`);
  return { start, end: start + block.length, kind, ...(level === undefined ? {} : { level }) };
}

/** Every heading of a document in reading order. */
function headings(document: DocumentNode): HeadingNode[] {
  const found: HeadingNode[] = [];
  const walk = (nodes: Array<SectionNode | BlockNode>): void => {
    for (const node of nodes) {
      if (node.type !== 'section') continue;
      found.push(node.children[0]);
      walk(node.children.slice(1) as Array<SectionNode | BlockNode>);
    }
  };
  walk(document.children);
  return found;
}

/** Every block of a document in reading order (boxes included, not their children). */
function blocks(document: DocumentNode): BlockNode[] {
  const found: BlockNode[] = [];
  const walk = (nodes: Array<SectionNode | BlockNode>): void => {
    for (const node of nodes) {
      if (node.type === 'section') walk(node.children.slice(1) as Array<SectionNode | BlockNode>);
      else found.push(node);
    }
  };
  walk(document.children);
  return found;
}

const body = 'Body text of the section. It has two sentences.';

describe('parseText with hints', () => {
  it('makes an unnumbered hinted heading a heading whose depth follows its level (scheme hN)', () => {
    const text = `Title\n\n(1) First\n\n${body}\n\nOverview of the region\n\n${body}\n\nDetails\n\n${body}`;
    const document = parseText(text, {
      hints: [hintFor(text, 'Overview of the region', 'heading', 3), hintFor(text, 'Details', 'heading', 4)],
    });
    const found = headings(document);
    expect(found.map((h) => [h.value, h.scheme])).toEqual([
      ['(1) First', 'paren-arabic'],
      ['Overview of the region', 'h3'],
      ['Details', 'h4'],
    ]);
    const [first] = document.children as SectionNode[];
    const overview = first?.children.find((c) => c.type === 'section') as SectionNode;
    expect(overview.depth).toBe(2);
    expect((overview.children.find((c) => c.type === 'section') as SectionNode).depth).toBe(3);
  });

  it('closes deeper levels when a hinted heading of the same or a shallower level comes', () => {
    const text = `Doc\n\nA part\n\n${body}\n\nA detail\n\n${body}\n\nAnother part\n\n${body}`;
    const document = parseText(text, {
      hints: [
        hintFor(text, 'A part', 'heading', 2),
        hintFor(text, 'A detail', 'heading', 3),
        hintFor(text, 'Another part', 'heading', 2),
      ],
    });
    expect(document.title?.value).toBe('Doc');
    expect(document.children.map((c) => (c.type === 'section' ? c.children[0].value : c.type))).toEqual([
      'A part',
      'Another part',
    ]);
  });

  it('keeps the label of a hinted numbered heading, and merges a bare label with its hinted title', () => {
    const text = `Chapter 3\n\nJapan's Foreign Policy\n\n(1) “Proactive” Contribution\n\n${body}`;
    const document = parseText(text, {
      hints: [
        hintFor(text, 'Chapter 3', 'heading', 1),
        hintFor(text, "Japan's Foreign Policy", 'heading', 2),
        hintFor(text, '(1) “Proactive” Contribution', 'heading', 3),
      ],
    });
    const found = headings(document);
    expect(found.map((h) => [h.label, h.title, h.scheme])).toEqual([
      ['Chapter 3', "Japan's Foreign Policy", 'chapter'],
      ['(1)', '“Proactive” Contribution', 'paren-arabic'],
    ]);
    expect(found).toEqual(headings(parseText(text)));
  });

  it('reads a hinted heading written over two lines of one block as one heading', () => {
    const text = `Chapter 3\nJapan Strengthening Its Ties\n\n${body}`;
    const [heading] = headings(
      parseText(text, { hints: [hintFor(text, 'Chapter 3\nJapan Strengthening Its Ties', 'heading')] }),
    );
    expect(heading?.label).toBe('Chapter 3');
    expect(heading?.title).toBe('Japan Strengthening Its Ties');
  });

  it('never makes a paragraph- or tableRow-hinted block a heading', () => {
    const text = `Title\n\n1 National Security Initiatives\n\n${body}\n\nName | Value\n\n${body}`;
    const plain = parseText(text);
    expect(headings(plain).map((h) => h.value)).toContain('1 National Security Initiatives');
    const document = parseText(text, {
      hints: [hintFor(text, '1 National Security Initiatives', 'paragraph'), hintFor(text, 'Name | Value', 'tableRow')],
    });
    expect(headings(document)).toEqual([]);
    expect(blocks(document).map((b) => [b.type, b.value])).toEqual([
      ['paragraph', '1 National Security Initiatives'],
      ['paragraph', body],
      ['paragraph', 'Name | Value'],
      ['paragraph', body],
    ]);
  });

  it('makes a caption-hinted block a caption and a listItem-hinted block a list item', () => {
    const text = `Title\n\n${body}\n\nForeign Minister Motegi at the meeting\n\nAn item without a marker.\n\n${body}`;
    const document = parseText(text, {
      hints: [
        hintFor(text, 'Foreign Minister Motegi at the meeting', 'caption'),
        hintFor(text, 'An item without a marker.', 'listItem'),
      ],
    });
    const found = blocks(document);
    expect(found[1]).toMatchObject({ type: 'caption', value: 'Foreign Minister Motegi at the meeting' });
    expect(found[2]).toMatchObject({ type: 'listItem', marker: '', value: 'An item without a marker.' });
  });

  it('groups the blocks of a box hint into a BoxNode whose heading-like first block is its title', () => {
    const boxText = `Column: The Rule of Law\n\n${body}\n\n(Photo: MOFA)`;
    const text = `Title\n\n(1) First\n\n${body}\n\n${boxText}\n\n${body}`;
    const document = parseText(text, {
      hints: [hintFor(text, boxText, 'box'), hintFor(text, 'Column: The Rule of Law', 'heading', 4)],
    });
    const found = blocks(document);
    expect(found.map((b) => b.type)).toEqual(['paragraph', 'box', 'paragraph']);
    const box = found[1] as BoxNode;
    expect(box.title).toBe('Column: The Rule of Law');
    expect(box.value).toBe(boxText);
    expect(box.children.map((c) => c.type)).toEqual(['paragraph', 'caption']);
    expect(text.slice(box.position?.start.offset, box.position?.end.offset)).toBe(boxText);
  });

  it('gives the same tree with no hints, empty hints or only invalid hints', () => {
    const text = `Title\n\n(1) First\n\n${body}\n\nAn unnumbered heading\n\n${body}`;
    const expected = parseText(text);
    expect(parseText(text, { hints: [] })).toEqual(expected);
    const invalid: BlockHint[] = [
      { start: -1, end: 3, kind: 'heading' },
      { start: 5, end: 5, kind: 'paragraph' },
      { start: 0, end: text.length + 1, kind: 'box' },
      { start: 1.5, end: 4, kind: 'caption' },
      { start: 0, end: 4, kind: 'nonsense' as BlockHint['kind'] },
    ];
    expect(parseText(text, { hints: invalid })).toEqual(expected);
  });

  it('never throws, and keeps every value equal to its slice, whatever the hints', () => {
    const kinds: BlockHint['kind'][] = ['heading', 'paragraph', 'caption', 'listItem', 'box', 'tableRow'];
    const pieces = fc.constantFrom(
      'Chapter 3',
      '(1) Numbered',
      'Plain heading',
      body,
      '• bullet',
      '第一条　本文。',
      '',
    );
    const textArbitrary = fc
      .array(fc.tuple(pieces, fc.constantFrom('\n', '\n\n')), { maxLength: 12 })
      .map((parts) => parts.map(([line, end]) => line + end).join(''));
    fc.assert(
      fc.property(
        textArbitrary,
        fc.array(
          fc.tuple(fc.nat(400), fc.nat(400), fc.constantFrom(...kinds), fc.option(fc.integer({ min: 0, max: 8 }))),
          {
            maxLength: 10,
          },
        ),
        (text, raw) => {
          const hints: BlockHint[] = raw.map(([a, b, kind, level]) => ({
            start: Math.min(a, b),
            end: Math.max(a, b),
            kind,
            ...(level === null ? {} : { level }),
          }));
          const document = parseText(text, { hints });
          const check = (node: {
            value?: string;
            position?: { start: { offset: number }; end: { offset: number } };
          }) => {
            if (node.value === undefined || !node.position) return;
            expect(text.slice(node.position.start.offset, node.position.end.offset)).toBe(node.value);
          };
          const walk = (nodes: Array<SectionNode | BlockNode>): void => {
            for (const node of nodes) {
              if (node.type === 'section') {
                check(node.children[0]);
                walk(node.children.slice(1) as Array<SectionNode | BlockNode>);
              } else {
                check(node);
                if (node.type === 'box') for (const child of node.children) check(child);
              }
            }
          };
          walk(document.children);
          expect(JSON.parse(JSON.stringify(document))).toEqual(document);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps a list of items together when an unmarked line continues it ("3a.", "4." after the items 1.–3.)', () => {
    const definitions = [
      ['1. Krankheitserreger', 'ein vermehrungsfähiges Agens,'],
      ['2. Infektion', 'die Aufnahme eines Krankheitserregers,'],
      ['3. übertragbare Krankheit', 'eine durch Krankheitserreger verursachte Krankheit,'],
      ['3a. bedrohliche übertragbare Krankheit', 'eine übertragbare Krankheit mit schwerer Gefahr,'],
      ['4.  Kranker', 'eine Person, die erkrankt ist,'],
    ];
    const text = `§ 2 Begriffsbestimmungen\n\n${definitions.map(([term, meaning]) => `${term}\n\n${meaning}`).join('\n\n')}\n\n§ 3 Prävention\n\n${body}`;
    // The markup marked the first three items only, as a Markdown reader does when "3a." breaks the list.
    const hints = definitions.slice(0, 3).map(([term]) => hintFor(text, term as string, 'listItem'));
    const document = parseText(text, { hints });
    expect(headings(document).map((h) => h.value)).toEqual(['§ 2 Begriffsbestimmungen', '§ 3 Prävention']);
    const items = blocks(document).filter((b) => b.type === 'listItem');
    expect(items.map((b) => b.value)).toEqual(definitions.map(([term]) => term));
  });

  it('still reads the next numbered heading after a heading and its items as a heading', () => {
    const text = `1. Introduction\n\n${body}\n\n1. first point\n\n2. second point\n\n2. Scope\n\n${body}`;
    const hints = [hintFor(text, '1. first point', 'listItem'), hintFor(text, '2. second point', 'listItem')];
    const document = parseText(text, { hints });
    expect(headings(document).map((h) => h.value)).toEqual(['1. Introduction', '2. Scope']);
  });

  it("leaves a page's permalink marker out of a heading's title ('Summary #' is titled 'Summary')", () => {
    const text = `Terms\n\nSummary #\n\n${body}\n\nScope ¶\n\n${body}\n\nB. Account Terms #\n\n${body}`;
    const document = parseText(text, {
      hints: [
        hintFor(text, 'Summary #', 'heading', 2),
        hintFor(text, 'Scope ¶', 'heading', 2),
        hintFor(text, 'B. Account Terms #', 'heading', 2),
      ],
    });
    expect(headings(document).map((h) => [h.value, h.title])).toEqual([
      ['Summary #', 'Summary'],
      ['Scope ¶', 'Scope'],
      ['B. Account Terms #', 'Account Terms'],
    ]);
  });

  it('lets a heading the markup placed close an unnumbered heading inferred from a line above it', () => {
    const rest = `Last updated: 30 November 2025\n\nIntroduction\n\n${body}\n\nYour Rights\n\n${body}`;
    const withBanner = `EEA/UK/CH\n\nPrivacy Policy\n\n${rest}`;
    const plain = `Privacy Policy\n\n${rest}`;
    const read = (text: string): DocumentNode =>
      parseText(text, {
        hints: [hintFor(text, 'Introduction', 'heading', 2), hintFor(text, 'Your Rights', 'heading', 2)],
      });
    // With the banner, "Privacy Policy" reads as a heading; the "## " sections still stand at the top, as they do
    // when "Privacy Policy" is the document's title, so their paths agree between the two editions.
    const topLevel = (document: DocumentNode): string[] =>
      document.children.flatMap((child) => (child.type === 'section' ? [child.children[0].value] : []));
    expect(topLevel(read(withBanner))).toEqual(['Privacy Policy', 'Introduction', 'Your Rights']);
    expect(topLevel(read(plain))).toEqual(['Introduction', 'Your Rights']);
  });
});
