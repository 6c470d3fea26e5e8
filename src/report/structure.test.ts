import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from '../compare/compare.js';
import type { AlignedPair, UnitRef } from '../model/comparison.js';
import { parseText } from '../parse/text.js';
import { referenceReadingOrder } from './fixtures/reference/reading-order.js';
import { sampleComparison } from './fixtures/sample-comparison.js';
import {
  blockChanges,
  buildStructure,
  effectiveSignificance,
  isShownChange,
  movedElsewhere,
  readingOrder,
  sectionTrail,
  shortTextDiff,
} from './structure.js';

/** A minimal unit. */
const unit = (index: number, text = `u${index}`): UnitRef => ({ kind: 'paragraph', index, text, path: [] });

/** A minimal pair. */
const pair = (
  id: string,
  old: UnitRef | null,
  next: UnitRef | null,
  extra: Partial<AlignedPair> = {},
): AlignedPair => ({
  id,
  level: 'block',
  relation: old && next ? 'unchanged' : next ? 'inserted' : 'deleted',
  similarity: 1,
  significance: 'none',
  old,
  new: next,
  changes: [],
  ...extra,
});

describe('readingOrder', () => {
  it('orders by the new index and keeps deleted units after the pair listed before them', () => {
    const pairs = [
      pair('a', unit(0), unit(1)),
      pair('gone', unit(1), null),
      pair('b', unit(2), unit(0)),
      pair('first-gone', unit(3), null),
    ];
    const ids = readingOrder([pairs[1] as AlignedPair, ...pairs.slice(0, 1), ...pairs.slice(2)]).map((p) => p.id);
    expect(ids).toEqual(['gone', 'b', 'first-gone', 'a']);
  });

  it('is a permutation of its input (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(50), { nil: null }), { maxLength: 40 }), (indices) => {
        const pairs = indices.map((index, i) => pair(`p${i}`, unit(i), index === null ? null : unit(index)));
        const ordered = readingOrder(pairs);
        expect(ordered.map((p) => p.id).sort()).toEqual(pairs.map((p) => p.id).sort());
        const newIndices = ordered.filter((p) => p.new).map((p) => p.new?.index ?? 0);
        expect(newIndices).toEqual([...newIndices].sort((a, b) => a - b));
      }),
    );
  });

  it('orders as the reference does, lists in order but for deleted pairs included (property)', () => {
    const indices = fc.array(fc.option(fc.nat(12), { nil: null, freq: 3 }), { maxLength: 30 });
    fc.assert(
      fc.property(indices, fc.boolean(), (drawn, ascending) => {
        // Half the lists have their new-edition indices ascending (ties included), as the engine lists them.
        const anchored = drawn.filter((index) => index !== null).sort((a, b) => a - b);
        let next = 0;
        const chosen = ascending ? drawn.map((index) => (index === null ? null : (anchored[next++] as number))) : drawn;
        const pairs = chosen.map((index, i) => pair(`p${i}`, unit(i), index === null ? null : unit(index)));
        expect(readingOrder(pairs).map((p) => p.id)).toEqual(referenceReadingOrder(pairs).map((p) => p.id));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('effectiveSignificance', () => {
  it('never lets a whole deletion or a move read as insignificant', () => {
    expect(effectiveSignificance(pair('d', unit(0), null))).toBe('substantive');
    expect(effectiveSignificance(pair('m', unit(0), unit(3), { relation: 'moved' }))).toBe('minor');
    expect(effectiveSignificance(pair('u', unit(0), unit(0)))).toBe('none');
  });

  it('takes the most significant word change', () => {
    const modified = pair('x', unit(0), unit(0), {
      relation: 'modified',
      significance: 'cosmetic',
      changes: [{ op: 'insert', text: 'not', significance: 'substantive' }],
    });
    expect(effectiveSignificance(modified)).toBe('substantive');
    expect(isShownChange(modified, 'substantive')).toBe(true);
    expect(isShownChange(pair('u', unit(0), unit(0)), 'none')).toBe(false);
  });

  it("files an edition year in the document's title as cosmetic, end to end", () => {
    const comparison = compareDocuments(
      parseText('Diplomatic Bluebook 2020\n\nThe security environment is severe.\n'),
      parseText('Diplomatic Bluebook 2022\n\nThe security environment is severe.\n'),
    );
    const title = comparison.pairs.find((p) => p.old?.kind === 'title');
    expect(title?.relation).toBe('retitled');
    expect(title && effectiveSignificance(title)).toBe('cosmetic');
    // A retitled section keeps its floor: its heading has a place in the structure.
    const section = pair(
      's',
      { ...unit(0), kind: 'heading' },
      { ...unit(0), kind: 'heading' },
      { relation: 'retitled' },
    );
    expect(effectiveSignificance(section)).toBe('minor');
  });
});

describe('sectionTrail', () => {
  it('ends with the section label and title whether or not the path lists the section itself', () => {
    const enclosing: UnitRef = {
      kind: 'heading',
      index: 0,
      text: '(2) T',
      path: ['Chapter 3'],
      label: '(2)',
      title: 'T',
    };
    const including: UnitRef = { ...enclosing, path: ['Chapter 3', '(2)'] };
    expect(sectionTrail(enclosing)).toEqual(['Chapter 3', '(2) T']);
    expect(sectionTrail(including)).toEqual(['Chapter 3', '(2) T']);
  });
});

describe('buildStructure', () => {
  it('groups blocks under their sections in reading order, deleted sections where they stood', () => {
    const structure = buildStructure(sampleComparison());
    const sections = structure.groups.map((group) => group.section?.id);
    expect(sections).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    const blocks = Object.fromEntries(structure.groups.map((g) => [g.section?.id, g.blocks.map((b) => b.id)]));
    expect(blocks.s3).toEqual(['b0', 'b1']);
    expect(blocks.s5).toEqual(['b4', 'b5', 'b6']);
    expect(blocks.s6).toEqual(['b3', 'b7']);
    expect(structure.sentencesByBlock.get('b0')?.map((s) => s.id)).toEqual(['t0', 't1', 't2']);
  });

  it('files a moved block under the section it left as well', () => {
    const structure = buildStructure(sampleComparison());
    const left = structure.groups.find((group) => group.section?.id === 's4');
    const arrived = structure.groups.find((group) => group.section?.id === 's6');
    expect(left && movedElsewhere(left).map((b) => b.id)).toEqual(['b3']);
    expect(arrived && movedElsewhere(arrived)).toEqual([]);
  });

  it('puts blocks without a known parent in a group of their own at the start', () => {
    const comparison = sampleComparison();
    comparison.pairs.push(pair('lost', null, unit(99), { parent: 'nowhere' }));
    const structure = buildStructure(comparison);
    expect(structure.groups[0]?.section).toBeNull();
    expect(structure.groups[0]?.blocks.map((b) => b.id)).toEqual(['lost']);
  });
});

describe('blockChanges', () => {
  it('joins sentence diffs with spaces, and Japanese sentences without', () => {
    const sentences = [
      pair('t0', unit(0, 'A b.'), unit(0, 'A c.'), {
        relation: 'modified',
        changes: [
          { op: 'equal', text: 'A ' },
          { op: 'delete', text: 'b', significance: 'minor' },
          { op: 'insert', text: 'c', significance: 'minor' },
          { op: 'equal', text: '.' },
        ],
      }),
      pair('t1', null, unit(1, '新しい文。')),
      pair('t2', unit(2, '古い文。'), null),
      pair('t3', unit(3, 'End.'), unit(2, 'End.')),
    ];
    const changes = blockChanges(pair('b', unit(0), unit(0), { relation: 'modified' }), sentences);
    expect(changes.map((c) => (c.op === 'equal' ? c.text : `${c.op}:${c.text}`)).join('|')).toBe(
      'A |delete:b|insert:c|.| |insert:新しい文。|delete:古い文。|End.',
    );
  });

  it("prefers the block's own changes", () => {
    const own = [{ op: 'equal' as const, text: 'x' }];
    expect(blockChanges(pair('b', unit(0), unit(0), { changes: own }), [pair('t', unit(0), unit(0))])).toBe(own);
  });
});

describe('shortTextDiff', () => {
  it('keeps common words and replaces the middle', () => {
    expect(shortTextDiff('Territorial Integrity of Japan', 'Territorial integrity of Japan', 'cosmetic')).toEqual([
      { op: 'equal', text: 'Territorial ' },
      { op: 'delete', text: 'Integrity', significance: 'cosmetic' },
      { op: 'insert', text: 'integrity', significance: 'cosmetic' },
      { op: 'equal', text: ' of Japan' },
    ]);
  });
});
