import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import type { Comparison } from '../model/comparison.js';
import type { DocumentNode, SectionNode } from '../model/tree.js';
import { flattenedLine, segmentFlat, structureGuide } from './flat.js';
import { parseText } from './text.js';
import { rebuildText } from './transfer.js';

const sample = (file: string): string =>
  readFileSync(new URL(`../../examples/bluebook/${file}`, import.meta.url), 'utf8');
const OLD = sample('2020-ch3-s1.txt');
const NEW = sample('2022-ch3-s1.txt');
/** Every line break replaced by a space, as a text-only page or a scraped string gives it. */
const flatten = (text: string): string => text.replace(/\r\n|\r|\n/g, ' ');

/** The section and block relations of a comparison, with both paths: what "the same relations" means. */
function relations(comparison: Comparison): string[] {
  return comparison.pairs
    .filter((p) => p.level !== 'sentence' && p.old?.kind !== 'title' && p.new?.kind !== 'title')
    .map((p) => `${p.level} ${p.relation} ${p.old?.path.join('›') ?? '∅'} → ${p.new?.path.join('›') ?? '∅'}`);
}

/** Heading values of a document, in reading order. */
function headings(document: DocumentNode): string[] {
  const out: string[] = [];
  const walk = (children: Array<SectionNode | SectionNode['children'][number]>): void => {
    for (const child of children) {
      if (child.type === 'section') walk(child.children);
      else if (child.type === 'heading') out.push(child.value.replace(/\s+/g, ' '));
    }
  };
  walk(document.children);
  return out;
}

const STATUTE = [
  '不正競争防止法',
  '',
  '第一章　総則',
  '',
  '（目的）',
  '第一条　この法律は、不正競争の防止を図り、もって国民経済の健全な発展に寄与することを目的とする。',
  '',
  '（定義）',
  '第二条　この法律において「不正競争」とは、次に掲げるものをいう。',
  '  一　他人の商品等表示として需要者の間に広く認識されているものと同一の表示を使用する行為',
  '  二　自己の商品等表示として他人の著名な商品等表示と同一のものを使用する行為',
  '  三　他人の商品の形態を模倣した商品を譲渡する行為',
  '２　この法律において「商標」とは、商標法第二条第一項に規定する商標をいう。',
  '',
  '第二章　差止請求、損害賠償等',
  '',
  '（差止請求権）',
  '第三条　不正競争によって営業上の利益を侵害され、又は侵害されるおそれがある者は、その侵害の停止又は予防を請求することができる。',
  '２　不正競争によって営業上の利益を侵害され、又は侵害されるおそれがある者は、前項の規定による請求をするに際し、侵害の行為を組成した物の廃棄を請求することができる。',
].join('\n');

describe('flattened text', () => {
  it('compares the flattened sample against the other edition with the multi-line pair’s relations, both ways', () => {
    const expected = relations(compareTexts(OLD, NEW));
    const flatOld = compareTexts(flatten(OLD), NEW);
    expect(relations(flatOld)).toEqual(expected);
    expect(flatOld.old.structure).toBe('transferred');
    expect(flatOld.new.structure).toBeUndefined();
    expect(flatOld.old.diagnostics.map((d) => d.code)).toContain('structure-inferred');
    const flatNew = compareTexts(OLD, flatten(NEW));
    expect(relations(flatNew)).toEqual(expected);
    expect(flatNew.new.structure).toBe('transferred');
  });

  it('finds a flattened edition all unchanged against its multi-line self (English and Japanese)', () => {
    for (const text of [OLD, NEW, STATUTE]) {
      const comparison = compareTexts(flatten(text), text);
      const changed = comparison.pairs.filter((p) => p.level !== 'sentence' && p.relation !== 'unchanged');
      expect(changed.map((p) => `${p.level} ${p.relation} ${(p.old ?? p.new)?.text.slice(0, 30)}`)).toEqual([]);
      expect(comparison.summary.blocks.unchanged).toBe(comparison.new.blocks);
      expect(comparison.old.structure).toBe('transferred');
    }
  });

  it('finds the numbered headings of a flattened text on its own, with no other edition', () => {
    const document = parseText(flatten(OLD).replace(/\s+/g, ' '));
    expect(document.data?.structure).toBe('inferred');
    expect(document.title?.value).toBe('Diplomatic Bluebook 2020');
    expect(headings(document)).toEqual([
      "Chapter 3 Japan's Foreign Policy to Promote National and Global Interests",
      'Section 1 Efforts for Peace and Stability of Japan and the International Community',
      '1 National Security Initiatives',
      '(1) “Proactive Contribution to Peace” Based on the Principle of International Cooperation',
      '(2) Enforcement of the “Legislation for Peace and Security,” and Initiatives Based on the Legislation',
      '(3) Territorial Integrity',
    ]);
  });

  it('reads a flattened Japanese statute into chapters, articles with captions, paragraphs and 号 items', () => {
    const flat = parseText(flatten(STATUTE));
    expect(flat.data?.structure).toBe('inferred');
    expect(headings(flat)).toEqual(headings(parseText(STATUTE)));
    const article = (flat.children[0] as SectionNode).children[2] as SectionNode;
    expect(article.children.slice(1).map((block) => block.type)).toEqual([
      'paragraph',
      'listItem',
      'listItem',
      'listItem',
      'listItem',
    ]);
  });

  it('leaves a long single-line paragraph without numbered headings as it was', () => {
    const text = 'The security environment is changing. '.repeat(20);
    const document = parseText(text);
    expect(document.data?.structure).toBe('flat');
    expect(document.children.map((child) => child.type)).toEqual(['paragraph']);
  });

  it('rebuilds the text of a flattened document from its spans', () => {
    const text = `Title line\n\n${flatten(OLD)}`;
    expect(rebuildText(parseText(text))).toBe(text);
  });

  it('detects flattened text from line lengths alone', () => {
    expect(flattenedLine([{ start: 0, end: 500 }])).toBe(0);
    expect(flattenedLine([{ start: 0, end: 150 }])).toBe(-1);
    const many = Array.from({ length: 6 }, (_, k) => ({ start: k * 1000, end: k * 1000 + 900 }));
    expect(flattenedLine(many)).toBe(-1);
  });
});

/** Lines of ordinary documents, mixed with the labels the flat segmenter looks for. */
const lineText = fc.oneof(
  fc.constantFrom(
    'Chapter 3 General Provisions',
    '(1) Scope',
    '1 National Security Initiatives',
    'The Act applies to all persons. It is in force.',
    '第一条　この法律は、目的とする。',
    '（目的）',
    '一　物の発明',
    '２　この法律で',
    'Last Updated: March 1, 2024',
  ),
  fc.string({ maxLength: 80 }),
);

/** Headings and blocks of a document as "H value" / "kind value" lines, in reading order. */
function outline(document: DocumentNode): string[] {
  const out: string[] = [];
  if (document.title) out.push(`T ${document.title.value}`);
  const walk = (children: Array<SectionNode | SectionNode['children'][number]>, depth: number): void => {
    for (const child of children) {
      if (child.type === 'section') walk(child.children, depth + 1);
      else if (child.type === 'heading') out.push(`${'H'.repeat(depth)} ${child.value}`);
      else out.push(`${child.type} ${child.value.slice(0, 40)}`);
    }
  };
  walk(document.children, 0);
  return out;
}

/** A flat text read with `other`'s structure as its guide (what a comparison does). */
const guided = (flat: string, other: string): DocumentNode =>
  parseText(flat, { structure: structureGuide(parseText(other)) });

const STATUTE_DE = [
  '§ 21 Selbständige Tätigkeit',
  '',
  '(1) Einem Ausländer kann eine Aufenthaltserlaubnis erteilt werden, wenn',
  '',
  '1. ein wirtschaftliches Interesse besteht,',
  '',
  '2. die Tätigkeit positive Auswirkungen erwarten lässt und',
  '',
  '3. die Finanzierung gesichert ist.',
  '',
  '(2) Eine Aufenthaltserlaubnis zur Ausübung einer selbständigen Tätigkeit kann auch erteilt werden.',
  '',
  '(3) Die Aufenthaltserlaubnis wird auf längstens drei Jahre befristet.',
  '',
  '§ 22 Aufnahme aus dem Ausland',
  '',
  'Einem Ausländer kann für die Aufnahme aus dem Ausland eine Aufenthaltserlaubnis erteilt werden.',
].join('\n');

/** Talk that makes a paragraph long enough for a text to count as flattened. */
const FILLER =
  'Talk about the subject goes on for a while, so that the text is as long as a page of a real report would be, and more.';

describe('structure transfer', () => {
  it('reads numbered paragraphs and items as the other edition does, even where a changed item begins', () => {
    // Item 1 changed ("übergeordnetes"), so its start is not in the guide: its lower-case words are no title.
    const old = STATUTE_DE.replace('ein wirtschaftliches', 'ein übergeordnetes wirtschaftliches');
    const document = guided(flatten(old), STATUTE_DE);
    expect(document.data?.structure).toBe('transferred');
    expect(outline(document)).toEqual(outline(parseText(old)));
  });

  it('finds a heading by its label when its title changed a little, and lends it the guide’s depth', () => {
    const other = `Report\n\nChapter 1 Peace and Security\n\nThe world changes. It changes fast. ${FILLER}\n\nSection 1 National Security Initiatives\n\nJapan works with partners on many fronts every year. ${FILLER}`;
    const flat = `Report Chapter 1 Peace and Security The world changes. It changes fast. ${FILLER} Section 1 National Security Efforts and Initiatives Japan works with partners on many fronts every year and more. ${FILLER}`;
    expect(outline(guided(flat, other))).toEqual([
      'T Report',
      'H Chapter 1 Peace and Security',
      'paragraph The world changes. It changes fast. Talk',
      'HH Section 1 National Security Efforts and Initiatives',
      'paragraph Japan works with partners on many fronts',
    ]);
  });

  it('takes an unnumbered heading where a piece starts, not where its word occurs inside a sentence', () => {
    const other = `Definitions\n\naffiliate\n\nAn entity of the group.\n\nbusiness user\n\nSomeone who is not a consumer (see consumer).\n\nconsumer\n\nAn individual who uses the services for personal purposes. ${FILLER}`;
    const document = guided(flatten(other).replace(/\s+/g, ' '), other);
    expect(outline(document)).toEqual(outline(parseText(other)));
  });

  it('cuts bullets written inline after a sentence into list items', () => {
    const other = `Change log:\n\nJuly 7, 2009: Added a paragraph. December 18, 2010: Added renewal. February 1, 2011: Clarified the procedure for repeat infringers. ${FILLER}`;
    const flat = `Change log: * July 7, 2009: Added a paragraph. * December 18, 2010: Added renewal. * February 1, 2011: Clarified the procedure for repeat infringers. ${FILLER}`;
    const document = guided(flat, other);
    expect(outline(document).filter((line) => line.startsWith('listItem'))).toHaveLength(3);
  });

  it('reads list items the flat text holds without their markers as one paragraph, when it keeps other markers', () => {
    const entries = [
      'July 7, 2009: Added a paragraph on contributors.',
      'December 18, 2010: Added automatic renewal.',
      'February 1, 2011: Clarified the procedure for repeat infringers.',
    ];
    const terms = `20. Translation. These terms were written in English. ${FILLER}\n\n21. Miscellaneous. This agreement is the entire agreement.`;
    const other = `${terms}\n\nChange log:\n\n${entries.map((entry) => `* ${entry}`).join('\n')}\n`;
    // The old edition wrote its change log as lines of one paragraph: flattened, the lines' ends are wide spaces.
    const flat = `${flatten(terms)} Change log:  ${entries.join('   ')}`;
    const kinds = outline(guided(flat, other));
    expect(kinds.filter((line) => line.startsWith('listItem')).map((line) => line.slice(0, 12))).toEqual([
      'listItem 20.',
      'listItem 21.',
    ]);
    expect(kinds.filter((line) => line.includes('July 7, 2009')).map((line) => line.slice(0, 24))).toEqual([
      'paragraph July 7, 2009: ',
    ]);
    expect(kinds.some((line) => line.includes('December 18'))).toBe(false);
    // A text that keeps no marker at all (a page's text without its bullets or numbers) is not read as one block.
    const bare = `${flatten(terms).replace(/\b2[01]\. /g, '')} Change log:  ${entries.join('   ')}`;
    expect(outline(guided(bare, other)).filter((line) => /^\w+ (July|December|February)/.test(line))).toHaveLength(3);
  });
});

describe('flattened text properties', () => {
  it('parses a document of more than five non-blank lines exactly as without flattened-text detection', () => {
    fc.assert(
      fc.property(fc.array(lineText, { minLength: 6, maxLength: 20 }), fc.integer({ min: 0, max: 3 }), (lines, pad) => {
        // A blank or spaces-only line does not count: five short lines and one long one still read as a flattened text.
        const text = lines.map((line, k) => (line.trim() === '' ? 'x' : k === pad ? line.repeat(30) : line)).join('\n');
        expect(parseText(text)).toEqual(parseText(text, { flattened: false }));
      }),
      { numRuns: 200 },
    );
  });

  it('cuts any flat text into ordered pieces that cover every word, with and without a guide', () => {
    const guide = structureGuide(parseText(OLD));
    fc.assert(
      fc.property(fc.array(lineText, { minLength: 1, maxLength: 30 }), fc.boolean(), (lines, guided) => {
        const text = lines.join(' ');
        const pieces = segmentFlat(text, 0, text.length, guided ? guide : undefined);
        let covered = 0;
        for (const piece of pieces) {
          expect(piece.start).toBeGreaterThanOrEqual(covered);
          expect(text.slice(covered, piece.start).trim()).toBe('');
          expect(piece.end).toBeGreaterThan(piece.start);
          covered = piece.end;
        }
        expect(text.slice(covered).trim()).toBe('');
        const document = parseText(text, guided ? { structure: guide } : {});
        // Every heading and block is the exact slice of the text at its position.
        const check = (node: { value: string; position?: { start: { offset: number }; end: { offset: number } } }) => {
          if (node.position) expect(text.slice(node.position.start.offset, node.position.end.offset)).toBe(node.value);
        };
        const walk = (children: Array<SectionNode | SectionNode['children'][number]>): void => {
          for (const child of children) {
            if (child.type === 'section') walk(child.children);
            else check(child);
          }
        };
        if (document.title) check(document.title);
        walk(document.children);
      }),
      { numRuns: 200 },
    );
  });
});
