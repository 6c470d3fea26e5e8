import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatChanges } from '../diff/format.js';
import type { AlignedPair, Comparison } from '../model/comparison.js';
import { MIRRORED_RELATION } from '../model/comparison.js';
import { compareTexts, rebuild } from './compare.js';

const sample = (year: number): string =>
  readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');

/** The pairs of one level, as `relation old-path → new-path` lines, for readable assertions. */
function outline(comparison: Comparison, level: AlignedPair['level']): string[] {
  return comparison.pairs
    .filter((p) => p.level === level)
    .map(
      (p) =>
        `${p.relation} ${p.old ? p.old.path.join(' › ') || '·' : '∅'} → ${p.new ? p.new.path.join(' › ') || '·' : '∅'}`,
    );
}

function sectionPair(comparison: Comparison, oldLabel: string | null, newLabel: string | null): AlignedPair {
  const pair = comparison.pairs.find(
    (p) =>
      p.level === 'section' &&
      (oldLabel === null ? p.old === null : p.old?.path.at(-1) === oldLabel) &&
      (newLabel === null ? p.new === null : p.new?.path.at(-1) === newLabel),
  );
  if (!pair)
    throw new Error(`no section pair ${oldLabel} → ${newLabel}:\n${outline(comparison, 'section').join('\n')}`);
  return pair;
}

const children = (comparison: Comparison, parent: AlignedPair, level: AlignedPair['level']): AlignedPair[] =>
  comparison.pairs.filter((p) => p.level === level && p.parent === parent.id);

describe('the Bluebook sample (2020 → 2022)', () => {
  const comparison = compareTexts(sample(2020), sample(2022), { oldName: '2020', newName: '2022' });
  const feature = 'Fifth Anniversary of the Enforcement of Japan\u2019s Legislation for Peace and Security'.replace(
    '\u2019',
    "'",
  );

  it('retitles the document and the chapter, keeps the section path', () => {
    expect(comparison.pairs[0]).toMatchObject({ level: 'section', relation: 'retitled', old: { kind: 'title' } });
    expect(sectionPair(comparison, 'Chapter 3', 'Chapter 3').relation).toBe('retitled');
    expect(sectionPair(comparison, 'Section 1', 'Section 1').relation).toBe('unchanged');
    expect(sectionPair(comparison, '1', '1').relation).toBe('unchanged');
  });

  it('aligns the two "(1)" sections as retitled, with their paragraphs modified by phrase replacements', () => {
    const one = sectionPair(comparison, '(1)', '(1)');
    expect(one.relation).toBe('retitled');
    expect(one.new?.path).toEqual(['Chapter 3', 'Section 1', '1', '(1)']);
    const paragraphs = children(comparison, one, 'block');
    expect(paragraphs.map((p) => p.relation)).toEqual(['modified', 'modified']);
    const first = formatChanges(paragraphs[0]?.changes ?? []);
    expect(first).toContain(
      '[-more testing and uncertain at a remarkably faster speed-]{+increasingly severe at a more rapid pace than ever before+}',
    );
    expect(paragraphs[0]?.significance).toBe('substantive');
  });

  it('renumbers "(3) Territorial Integrity" to "(2) Territorial integrity", its paragraph only cosmetically changed', () => {
    const territorial = sectionPair(comparison, '(3)', '(2)');
    expect(territorial.relation).toBe('renumbered');
    expect(territorial.heading).toEqual({ labelChanged: true, titleChanged: true });
    const [paragraph] = children(comparison, territorial, 'block');
    expect(paragraph?.relation).toBe('modified');
    expect(paragraph?.significance).toBe('cosmetic');
    expect(formatChanges(paragraph?.changes ?? [])).toContain('sea[-,-] and airspace');
    expect(formatChanges(paragraph?.changes ?? [])).toContain('[-terrestrial-]{+territorial+} integrity');
    // "land, sea, and airspace" → "land, sea and airspace" is cosmetic; "terrestrial" → "territorial" is a word.
    const sentences = children(comparison, paragraph as AlignedPair, 'sentence');
    const land = sentences.find((s) => s.old?.text.includes('airspace'));
    expect(land?.significance).toBe('cosmetic');
  });

  it('deletes the 2020 "(2) Enforcement…" section and its three paragraphs', () => {
    const enforcement = sectionPair(comparison, '(2)', null);
    expect(enforcement.relation).toBe('deleted');
    expect(enforcement.old?.title).toContain('Enforcement of the');
    expect(children(comparison, enforcement, 'block').map((p) => p.relation)).toEqual([
      'deleted',
      'deleted',
      'deleted',
    ]);
  });

  it('inserts the 2022 special feature with its six paragraphs, and the two captions once each', () => {
    const special = sectionPair(comparison, null, feature);
    expect(special.relation).toBe('inserted');
    const blocks = children(comparison, special, 'block');
    expect(blocks.filter((b) => b.new?.kind === 'paragraph').map((p) => p.relation)).toEqual(Array(6).fill('inserted'));
    const captions = blocks.filter((b) => b.new?.kind === 'caption');
    expect(captions.map((c) => c.new?.text)).toEqual([
      'Japan-Australia joint exercise \u201cTrident\u201d (November. Photo: Ministry of Defense)',
      'Headquarter personnel deployed to MFO (Photo: PKO Secretariat)',
    ]);
  });

  it('counts every unit of both editions exactly once per level', () => {
    for (const level of ['section', 'block', 'sentence'] as const) {
      const pairs = comparison.pairs.filter((p) => p.level === level && p.old?.kind !== 'title');
      const olds = pairs.flatMap((p) => [p.old, ...(p.relation === 'merged' ? (p.group ?? []) : [])]).filter(Boolean);
      const news = pairs.flatMap((p) => [p.new, ...(p.relation === 'split' ? (p.group ?? []) : [])]).filter(Boolean);
      const count = level === 'section' ? 'sections' : level === 'block' ? 'blocks' : 'sentences';
      expect(olds).toHaveLength(comparison.old[count]);
      expect(news).toHaveLength(comparison.new[count]);
    }
  });

  it('reports the unbalanced quote of 2020 as a diagnostic', () => {
    expect(comparison.old.diagnostics.map((d) => d.code)).toContain('unbalanced-quote');
  });
});

// ---- properties on generated editions ----

const WORDS = [
  'peace',
  'security',
  'Japan',
  'order',
  'region',
  'the',
  'of',
  'and',
  'law',
  'treaty',
  'cooperation',
  'maritime',
  'policy',
  'forces',
  'allies',
  'in',
  'to',
  '2016',
  'agreement',
  'stability',
];

const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 4, maxLength: 14 })
  .map((words) => `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));
const section = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 4 }),
});
const edition = fc
  .array(section, { minLength: 1, maxLength: 5 })
  .map((sections) =>
    [
      'Chapter 1',
      '',
      ...sections.flatMap((s, i) => [`(${i + 1}) ${s.title}`, '', ...s.paragraphs.flatMap((p) => [p, ''])]),
    ].join('\n'),
  );

describe('significance of unchanged units', () => {
  it('counts a unit that differs only in quote style as unchanged, with no significance', () => {
    const comparison = compareTexts(
      '(1) Title\n\nThey said \u201cyes\u201d to it.\n',
      '(1) Title\n\nThey said "yes" to it.\n',
    );
    const block = comparison.pairs.find((p) => p.level === 'block');
    expect(block).toMatchObject({ relation: 'unchanged', significance: 'none' });
    expect(comparison.summary.significance.cosmetic).toBe(0);
  });
});

describe('comparison properties', () => {
  it('an edition compared with itself is all unchanged', () => {
    fc.assert(
      fc.property(edition, (text) => {
        const comparison = compareTexts(text, text);
        expect(comparison.pairs.every((p) => p.relation === 'unchanged')).toBe(true);
        expect(comparison.pairs.every((p) => p.significance === 'none')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('both editions rebuild exactly from the word changes of every aligned pair', () => {
    fc.assert(
      fc.property(edition, edition, (a, b) => {
        for (const pair of compareTexts(a, b).pairs) {
          if (!pair.old || !pair.new || pair.group) continue;
          const rebuilt = rebuild(pair.changes);
          expect(rebuilt.old).toBe(pair.old.text);
          expect(rebuilt.new).toBe(pair.new.text);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('swapping OLD and NEW mirrors every relation', () => {
    fc.assert(
      fc.property(edition, edition, (a, b) => expectMirrored(a, b)),
      { numRuns: 60 },
    );
  });

  // Counterexamples fast-check found, shrunk: each was a tie broken by one side's order or weight only.
  it.each([
    [
      // Two crossing sentence pairs of equal weight inside one section pair: the order check kept the first in old
      // order, so the other edition's first was kept when swapped.
      'Chapter 1\n\n(1) peace\n\nAllies of peace peace.\n\nPeace peace peace peace.\n\n(2) peace\n\nPeace peace peace peace.\n',
      'Chapter 1\n\n(1) peace\n\nPeace peace peace peace. Peace peace peace peace. Peace peace peace peace peace. Peace peace peace peace.\n\nAllies peace peace Japan policy.\n\nPeace law cooperation peace.\n',
    ],
    [
      // Two crossing sections: the order check weighed each pair by the old section's text alone.
      'Chapter 1\n\n(1) peace\n\nPeace peace peace maritime. Peace agreement peace peace. To treaty cooperation peace cooperation security.\n\nPeace peace peace peace.\n\n(2) peace\n\nPeace peace peace peace. Peace peace peace peace.\n',
      'Chapter 1\n\n(1) peace\n\nPeace peace peace peace. Peace peace peace peace peace peace. Peace peace peace peace peace.\n\nPeace peace peace peace. Treaty peace treaty peace.\n\n(2) Japan\n\nOrder peace and peace. Peace peace cooperation security agreement 2016 law. To peace and maritime.\n\nPeace order of the.\n',
    ],
  ])('mirrors every relation of a tie found by the property (%#)', (a, b) => expectMirrored(a, b));
});

/** Compare both ways and expect every pair of one direction to appear in the other with the mirrored relation. */
function expectMirrored(a: string, b: string): void {
  const forward = compareTexts(a, b);
  const backward = compareTexts(b, a);
  const key = (level: string, oldIndex?: number, newIndex?: number): string => `${level}:${oldIndex}:${newIndex}`;
  const backwardRelations = new Map(backward.pairs.map((p) => [key(p.level, p.new?.index, p.old?.index), p.relation]));
  let checked = 0;
  for (const pair of forward.pairs) {
    if (pair.old?.kind === 'title') continue;
    expect(backwardRelations.get(key(pair.level, pair.old?.index, pair.new?.index))).toBe(
      MIRRORED_RELATION[pair.relation],
    );
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}
