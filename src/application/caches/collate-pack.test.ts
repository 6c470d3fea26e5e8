import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blame } from '../../collate/blame.js';
import { history } from '../../collate/history.js';
import { collateSeries, type SeriesEdition, type SeriesLineage } from '../../collate/lineage.js';
import { japaneseEditions, seriesEditions } from '../../collate/series.fixture.js';
import { parseText } from '../../parse/text.js';
import { extendPackedBlame, packedBlame, unpackBlame } from './blame-pack.js';
import {
  HISTORY_TOP_KEPT,
  packHistory,
  packLineage,
  unpackHistory,
  unpackLineage,
  unpackLineageLazily,
} from './collate-pack.js';

/** A packed value as a store gives it back: through JSON. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The bundled Bluebook pair (Chapter 3, Section 1 of 2020 and 2022). */
function bluebookEditions(): SeriesEdition[] {
  return ['2020', '2022'].map((year) => ({
    label: year,
    date: `${year}-04-01`,
    document: parseText(
      readFileSync(new URL(`../../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8'),
    ),
  }));
}

/**
 * Blame of every edition, through the full lineage and through its packed form (whole, and decoded only through
 * the blamed edition), must be the same.
 */
function expectSameBlames(lineage: SeriesLineage, locale?: string): void {
  const packed = viaJson(packLineage(lineage));
  const slim = unpackLineage(packed);
  // Unpacked as it is read, the lineage reads as the one unpacked whole, comparisons included.
  expect(viaJson(unpackLineageLazily(packed))).toEqual(viaJson(slim));
  const options = locale ? { locale } : {};
  lineage.editions.forEach((_, e) => {
    const expected = blame(lineage, e, options);
    expect(blame(slim, e, options)).toEqual(expected);
    expect(blame(unpackLineageLazily(packed), e, options)).toEqual(expected);
    expect(blame(unpackLineage(packed, { through: e }), e, options)).toEqual(expected);
    // The packed blame a store caches (word ages as runs) reads back as the same blame.
    expect(unpackBlame(viaJson(packedBlame(lineage, e, options)))).toEqual(expected);
    // Made from the blame of the edition before (an add of the next edition): the same value, through a store too.
    if (e > 0) {
      const before = packedBlame(lineage, e - 1, options);
      expect(extendPackedBlame(viaJson(before), slim, e, options)).toEqual(packedBlame(lineage, e, options));
      // As an add extends it: from a lineage unpacked only where the walk reads it.
      const lazy = unpackLineageLazily(packed);
      expect(extendPackedBlame(viaJson(before), lazy, e, options)).toEqual(packedBlame(lineage, e, options));
      const extended = extendPackedBlame(before, lineage, e, options);
      expect(extended).toEqual(packedBlame(lineage, e, options));
      carried += extended.sentences.filter((row) => before.sentences.some((old) => old[6] === row[6])).length;
    }
  });
}

/** Sentences whose blame `extendPackedBlame` took over from the edition before (some must, or it walks them all). */
let carried = 0;

const FIXTURES: Array<[string, () => SeriesEdition[], string | undefined]> = [
  ['the generated series', seriesEditions, undefined],
  ['the Japanese series', japaneseEditions, 'ja'],
  ['the Bluebook pair', bluebookEditions, 'en'],
];

describe('packLineage / unpackLineage', () => {
  it.each(FIXTURES)('gives back the editions of %s exactly', (_, editions) => {
    const lineage = collateSeries(editions());
    const slim = unpackLineage(viaJson(packLineage(lineage)));
    expect(slim.editions).toEqual(lineage.editions);
    expect(slim.options).toEqual(lineage.options);
    expect(slim.comparisons).toHaveLength(lineage.comparisons.length);
  });

  it.each(FIXTURES)('gives the same blame of every edition of %s', (_, editions, locale) => {
    carried = 0;
    expectSameBlames(collateSeries(editions()), locale);
    expect(carried).toBeGreaterThan(0);
  });

  it('keeps only the pairs blame reads, stripped of what it does not', () => {
    const lineage = collateSeries(seriesEditions());
    const packed = packLineage(lineage);
    const kept = packed.editions.reduce((n, e) => n + e.pairs.length, 0);
    const all = lineage.comparisons.reduce((n, c) => n + c.pairs.length, 0);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(all / 4);
    const pairs = packed.editions.flatMap((e) => e.pairs);
    for (const pair of pairs) expect(pair).not.toHaveProperty('id');
    // Units point at the sentence tables and changes are codes, not texts written out again.
    expect(pairs.every((p) => typeof p.old === 'number' && typeof p.new === 'number')).toBe(true);
    expect(pairs.every((p) => p.changes.every((c) => typeof c === 'number'))).toBe(true);
    // Each distinct sentence text is stored once across the series.
    expect(new Set(packed.texts).size).toBe(packed.texts.length);
    const sentences = lineage.editions.reduce((n, e) => n + e.sentences.length, 0);
    expect(packed.texts.length).toBeLessThan(sentences / 2);
  });

  it('writes changes out in full where they do not spell the texts of the units', () => {
    const lineage = collateSeries(seriesEditions());
    const edition = packLineage(lineage).editions.findIndex((e) => e.pairs.length > 0);
    const index = packLineage(lineage).editions[edition]?.pairs[0]?.pair ?? -1;
    const pair = lineage.comparisons[edition - 1]?.pairs[index];
    if (!pair) throw new Error('no pair blame reads');
    pair.changes = [...pair.changes, { op: 'insert', text: 'not in the text', significance: 'minor' }];
    const packed = packLineage(lineage).editions[edition]?.pairs[0];
    expect(packed?.changes.at(-1)).toEqual({ op: 'insert', text: 'not in the text', significance: 'minor' });
    expectSameBlames(lineage);
  });

  it('keeps ignore-case and ignore-punctuation options, which change how blame compares wordings', () => {
    const lineage = collateSeries(seriesEditions(), { ignoreCase: true, ignorePunctuation: true });
    expect(unpackLineage(viaJson(packLineage(lineage))).options).toEqual({ ignoreCase: true, ignorePunctuation: true });
    expectSameBlames(lineage);
  });

  it('an empty series and a single edition round-trip', () => {
    expect(unpackLineage(packLineage(collateSeries([])))).toEqual({ editions: [], comparisons: [], options: {} });
    const one = collateSeries(seriesEditions().slice(0, 1));
    expectSameBlames(one);
  });

  it('decodes the units of the editions up to `through` only, keeping every label and date', () => {
    const lineage = collateSeries(seriesEditions());
    const partial = unpackLineage(packLineage(lineage), { through: 1 });
    expect(partial.editions.map((e) => [e.label, e.date])).toEqual(lineage.editions.map((e) => [e.label, e.date]));
    expect(partial.editions.slice(0, 2)).toEqual(lineage.editions.slice(0, 2));
    expect(partial.editions.slice(2).every((e) => e.sentences.length === 0 && e.sections.length === 0)).toBe(true);
    expect(partial.comparisons).toHaveLength(lineage.comparisons.length);
  });

  it('rejects a packed value pointing outside its tables', () => {
    const packed = packLineage(collateSeries(seriesEditions().slice(0, 2)));
    const first = packed.editions[0];
    if (!first) throw new Error('no edition');
    first.sentences[0] = packed.texts.length + 5;
    expect(() => unpackLineage(packed)).toThrow(RangeError);
    // Unpacked as read, the damage is found when the sentence is read.
    const lazy = unpackLineageLazily(packed);
    expect(lazy.editions[1]?.sentences.length).toBeGreaterThan(0);
    expect(() => lazy.editions[0]?.sentences[0]).toThrow(RangeError);
    // A link count that would walk the row backwards is damage too, not a walk without end.
    const second = packed.editions[1];
    if (!second) throw new Error('no second edition');
    second.sentences[2] = -1;
    expect(() => unpackLineage(packed)).toThrow(RangeError);
    expect(() => unpackLineageLazily(packed).editions[1]?.sentences.length).toThrow(RangeError);
  });
});

/** Sentences of at least five words, so that returns are found by similarity as well as by identity. */
const POOL = [
  'The minister reports to the assembly every year on the state of the service.',
  'Members may ask for a copy of the register at any time without charge.',
  'Fees are due monthly in advance and are never refunded after the first week.',
  'Personal information is kept only as long as the purpose requires it.',
  'The committee meets in public unless the chair decides otherwise for good reason.',
  'Any dispute is settled by arbitration in the city where the service is provided.',
  'These terms govern the use of the service by every registered user.',
  'Notices are sent by email to the address the user gave when registering.',
];
/** Rewordings, two of which split a sentence in two (read the other way round, they merge two into one). */
const SWAPS: ReadonlyArray<[RegExp, string]> = [
  [/the /, 'a '],
  [/ every /, ' each '],
  [/\.$/, ', as the law provides.'],
  [/ (and|unless|on|without|when|where) /, '. This holds $1 '],
  [/ (in|as|to|at|by) /, '. It is so $1 '],
];

/** One edition as drawn: sections, each with a title and paragraphs of (sentence, variant) choices. */
type DrawnEdition = Array<{ title: string; paragraphs: Array<Array<[number, number]>> }>;

/** Draws a `DrawnEdition`. */
const editionArbitrary: fc.Arbitrary<DrawnEdition> = fc.array(
  fc.record({
    title: fc.constantFrom('Scope', 'Payment', 'Privacy', 'Disputes'),
    paragraphs: fc.array(
      fc.array(fc.tuple(fc.nat(POOL.length - 1), fc.nat(SWAPS.length)), { minLength: 1, maxLength: 3 }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

/** The text of a drawn edition: numbered sections whose sentences may be reworded. */
function editionText(sections: DrawnEdition): string {
  return sections
    .map((section, s) => {
      const paragraphs = section.paragraphs.map((sentences) =>
        sentences
          .map(([index, variant]) => {
            const swap = SWAPS[variant];
            const sentence = POOL[index] as string;
            return swap ? sentence.replace(swap[0], swap[1]) : sentence;
          })
          .join(' '),
      );
      return `(${s + 1}) ${section.title}\n\n${paragraphs.join('\n\n')}`;
    })
    .join('\n\n');
}

describe('the packed lineage is a fast path of the collated one (property)', () => {
  it('gives the same blame of every edition and the same history for random series', () => {
    fc.assert(
      fc.property(fc.array(editionArbitrary, { minLength: 2, maxLength: 4 }), fc.nat(6), (drawn, top) => {
        const editions = drawn.map((sections, i) => ({
          label: `e${i}`,
          document: parseText(`Terms\n\n${editionText(sections)}\n`),
        }));
        const lineage = collateSeries(editions);
        expectSameBlames(lineage);
        expect(unpackHistory(viaJson(packHistory(lineage)), { top })).toEqual(history(lineage, { top }));
      }),
      {
        numRuns: 40,
        // fast-check seed 1812460406: a three-sentence paragraph merged into one sentence made blame read a group
        // piece past the end of its edition (RangeError), until blame fell back to diffing the two wordings.
        examples: [
          [
            [
              [
                {
                  title: 'Scope',
                  paragraphs: [
                    [
                      [0, 0],
                      [6, 0],
                      [4, 3],
                    ],
                  ],
                },
              ],
              [{ title: 'Scope', paragraphs: [[[4, 0]]] }],
            ],
            0,
          ],
        ],
      },
    );
  });
});

describe('packedBlame / unpackBlame', () => {
  const lineage = collateSeries(seriesEditions());

  it('keeps word ages as runs of tokens, not one entry per word', () => {
    const packed = packedBlame(lineage);
    const words = blame(lineage).sentences.reduce((n, s) => n + s.words.length, 0);
    const runs = packed.sentences.reduce((n, s) => n + s[7].length / 2, 0);
    expect(runs).toBeLessThan(words / 4);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(blame(lineage)).length / 3);
  });

  it('refuses runs that do not fit the text (a damaged cache is a miss, not a wrong answer)', () => {
    const packed = viaJson(packedBlame(lineage));
    const first = packed.sentences[0];
    if (!first) throw new Error('no sentence');
    first[7] = [(first[7][0] as number) + 1, 0, ...first[7].slice(2)];
    expect(() => unpackBlame(packed)).toThrow(RangeError);
  });

  it('keeps the block kind of caption and list item sentences, in the lineage and in the blame', () => {
    const text = (caption: string) =>
      `Notes\n\n(1) Port\n\nShips report cargo.\n\n${caption}\n\nA listed rule of the port.\n`;
    const edition = (label: string, caption: string) => {
      const whole = text(caption);
      const at = (part: string) => whole.indexOf(part);
      const item = 'A listed rule of the port.';
      return {
        label,
        document: parseText(whole, {
          hints: [
            { start: at(caption), end: at(caption) + caption.length, kind: 'caption' as const },
            { start: at(item), end: at(item) + item.length, kind: 'listItem' as const },
          ],
        }),
      };
    };
    const captioned = collateSeries([edition('a', '(Photo: the port)'), edition('b', '(Photo: the new port)')]);
    expectSameBlames(captioned);
    const packed = viaJson(packedBlame(captioned));
    expect(unpackBlame(packed)).toEqual(blame(captioned));
    expect(blame(captioned).sentences.map((s) => s.block ?? 'paragraph')).toEqual(['paragraph', 'caption', 'listItem']);
  });

  it('keeps the block index of each sentence, and refuses a blame or lineage packed before they were kept', () => {
    const paragraphs = collateSeries([
      { label: 'a', document: parseText('Rules\n\nShips report. Crews rest.\n\nPilots board.\n') },
      { label: 'b', document: parseText('Rules\n\nShips report. Crews rest. Tugs wait.\n\nPilots board.\n') },
    ]);
    const packed = viaJson(packedBlame(paragraphs));
    expect(unpackBlame(packed).sentences.map((s) => s.blockIndex)).toEqual([0, 0, 0, 1]);
    // A row of the shape before (no block index: the block kind, or nothing, in its place) is a miss.
    const older = { ...packed, sentences: packed.sentences.map((row) => row.slice(0, 8)) };
    expect(() => unpackBlame(older as typeof packed)).toThrow(RangeError);
    const lineagePacked = viaJson(packLineage(paragraphs));
    expect(unpackLineage(lineagePacked).editions[1]?.sentences.map((s) => s.blockIndex)).toEqual([0, 0, 0, 1]);
    const olderLineage = {
      ...lineagePacked,
      editions: lineagePacked.editions.map(({ blockSteps: _dropped, ...edition }) => edition),
    };
    expect(() => unpackLineage(olderLineage as typeof lineagePacked)).toThrow(RangeError);
    expect(() => unpackLineageLazily(olderLineage as typeof lineagePacked)).toThrow(RangeError);
  });

  it('gives back the blame of every heading, and refuses a blame packed before headings had one', () => {
    const packed = viaJson(packedBlame(lineage));
    expect(unpackBlame(packed)).toEqual(blame(lineage));
    expect(unpackBlame(packed).headings.map((h) => h.history)).toContain(
      'in the first edition (2016); renumbered (3) → (2) in 2020',
    );
    const { headings: _dropped, ...older } = packed;
    expect(() => unpackBlame(older as typeof packed)).toThrow(RangeError);
  });
});

describe('packHistory / unpackHistory', () => {
  const lineage = collateSeries(seriesEditions());

  it('gives the history for any top up to the one kept, and the default top', () => {
    const packed = viaJson(packHistory(lineage));
    expect(packed.kept).toBe(HISTORY_TOP_KEPT);
    for (const top of [0, 1, 2, 5, HISTORY_TOP_KEPT, HISTORY_TOP_KEPT + 10]) {
      expect(unpackHistory(packed, { top })).toEqual(history(lineage, { top }));
    }
    expect(unpackHistory(packed)).toEqual(history(lineage));
  });

  it('answers null where it cannot tell: a top beyond what was kept for a step that ranked more', () => {
    const packed = packHistory(lineage, 1);
    expect(packed.ranked.some((count) => count > 1)).toBe(true);
    expect(unpackHistory(packed, { top: 1 })).toEqual(history(lineage, { top: 1 }));
    expect(unpackHistory(packed, { top: 2 })).toBeNull();
    expect(unpackHistory(packed, { top: -1 })).toBeNull();
    expect(unpackHistory(packed, { top: 1.5 })).toBeNull();
  });
});
