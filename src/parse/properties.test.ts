import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../model/position.js';
import type { BlockNode, DocumentNode, Position, SectionNode } from '../model/tree.js';
import { parseText } from './text.js';

/** Lines that look like headings, captions, items or body text in every scheme the parser knows. */
const headingLike = fc.constantFrom(
  'Chapter 3',
  'Section 1 Efforts',
  '1 National Security',
  '(1) Numbered title',
  '(3) Skipped',
  '1.',
  'IV.',
  '(iv) Fourth',
  'a) item',
  'A',
  '第一章　総則',
  '第十五条　この法律は、目的とする。',
  '（目的）',
  '（１）概要',
  'ア　項目',
  '(ｱ) 半角',
  '一　物',
  '２　この法律で',
  '### § 1 Solidarität',
  '# Title',
  '---',
  'Titre Ier : Des personnes',
  'Erstes Kapitel - Allgemeine',
  'Art. 5',
  '目次',
  'An unnumbered heading line',
  'Body text with a sentence. And another one.',
  'He said “Stop.” Then',
  'Unbalanced” quote',
  'Caption (Photo: Ministry)Caption',
  '(Photo: Ministry)',
  '写真：外務省',
  '* bullet',
  '',
  '   ',
  '\t\u3000\u00a0',
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n');
const mixedText = fc
  .array(
    fc.tuple(
      fc.oneof(headingLike, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 })),
      lineEnd,
    ),
    {
      maxLength: 25,
    },
  )
  .map((parts) => parts.map(([line, end]) => line + end).join(''));
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 100 }),
  mixedText,
);

/** Visits every positioned node with its parent's position. */
function visit(
  document: DocumentNode,
  check: (node: { type: string; value?: string; position?: Position }, parent?: Position) => void,
): void {
  if (document.title) check(document.title, document.position);
  const walk = (nodes: Array<SectionNode | BlockNode>, parent?: Position): void => {
    for (const node of nodes) {
      check(node, parent);
      if (node.type === 'section') {
        const [heading, ...rest] = node.children;
        check(heading, node.position);
        walk(rest, node.position);
      } else for (const sentence of node.children) check(sentence, node.position);
    }
  };
  walk(document.children, document.position);
}

describe('parseText properties', () => {
  it('never throws and always returns a document', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const document = parseText(text);
        expect(document.type).toBe('document');
        expect(Array.isArray(document.data?.diagnostics)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives every block, sentence and heading a position whose slice equals its value', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        visit(parseText(text), (node) => {
          if (node.type === 'section' || node.value === undefined) return;
          expect(node.position).toBeDefined();
          expect(text.slice(node.position?.start.offset, node.position?.end.offset)).toBe(node.value);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps positions ordered, nested in their parents, and agreeing with LineIndex', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const lineIndex = new LineIndex(text);
        let previousStart = -1;
        visit(parseText(text), (node, parent) => {
          const position = node.position;
          if (!position) return;
          expect(position.start.offset).toBeLessThanOrEqual(position.end.offset);
          expect(lineIndex.point(position.start.offset)).toEqual(position.start);
          expect(lineIndex.point(position.end.offset)).toEqual(position.end);
          if (parent) {
            expect(position.start.offset).toBeGreaterThanOrEqual(parent.start.offset);
            expect(position.end.offset).toBeLessThanOrEqual(parent.end.offset);
          }
          // Nodes are visited in reading order, so starts never go backwards.
          expect(position.start.offset).toBeGreaterThanOrEqual(previousStart);
          previousStart = position.start.offset;
        });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps section depths consistent with nesting and survives a JSON round trip', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const document = parseText(text);
        const walk = (nodes: Array<SectionNode | BlockNode>, depth: number): void => {
          for (const node of nodes) {
            if (node.type !== 'section') continue;
            expect(node.depth).toBe(depth);
            expect(node.children[0].type).toBe('heading');
            walk(node.children.slice(1) as Array<SectionNode | BlockNode>, depth + 1);
          }
        };
        walk(document.children, 1);
        expect(JSON.parse(JSON.stringify(document))).toEqual(document);
      }),
      { numRuns: 300 },
    );
  });
});
