import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from '../compare/compare.js';
import { parseText } from '../parse/text.js';
import { expectGolden } from '../testing/golden.js';
import { diffFacts } from './diff.js';
import { extractFacts } from './extract.js';
import type { FactChange } from './model.js';

const sample = (year: number) =>
  parseText(readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8'));

/** The fact changes between two texts. */
function factChanges(oldText: string, newText: string): FactChange[] {
  const [older, newer] = [parseText(oldText), parseText(newText)];
  return diffFacts(compareDocuments(older, newer), extractFacts(older), extractFacts(newer));
}

/** One change a line: change, kind, key, old text → new text, pair. */
function describeChanges(changes: readonly FactChange[]): string {
  return changes
    .map(
      (c) =>
        `${c.change} ${c.kind} ${c.key}: ${JSON.stringify(c.old?.text ?? null)} → ${JSON.stringify(c.new?.text ?? null)} @${c.pair}`,
    )
    .join('\n')
    .concat('\n');
}

describe('diffFacts', () => {
  const older = sample(2020);
  const newer = sample(2022);
  const comparison = compareDocuments(older, newer);
  const changes = diffFacts(comparison, extractFacts(older), extractFacts(newer));

  it('finds the facts new in the 2022 sample (golden)', () => {
    expectGolden(import.meta.url, 'bluebook-2020-2022.fact-changes.txt', describeChanges(changes));
    const fresh = changes.filter((c) => c.change === 'new').map((c) => `${c.kind} ${c.key} ${c.new?.text}`);
    expect(fresh).toEqual(
      expect.arrayContaining([
        'quantity times a total of 57 times',
        'date 2017/2020 From 2017 till the end of 2020',
        'date 2021-11 November 2021',
        'organisation Australian Forces Australian Forces',
        'reference ACSA Acquisition and Cross-Servicing Agreement (ACSA)',
        'date 2017 2017',
        'date 1996 1996',
        'date 2004 2004',
        'organisation UNMISS United Nations Mission in South Sudan (UNMISS)',
        'date 2012-01/2017-05 from January 2012 to May 2017',
        'organisation MFO Multinational Force and Observers (MFO)',
        'date 1982/.. since 1982',
        'date 2019-04 April 2019',
        'quantity headquarter personnel two headquarter personnel',
        'reference UNCLOS United Nations Convention on the Law of the Sea (UNCLOS)',
        'reference Article 95-2 Self-Defense Forces Law Paragraph 2 of Article 95 of the Self-Defense Forces Law',
      ]),
    );
  });

  it('drops no fact from the paragraphs that survive', () => {
    const byId = new Map(comparison.pairs.map((pair) => [pair.id, pair]));
    for (const change of changes.filter((c) => c.change === 'dropped')) {
      const pair = byId.get(change.pair ?? '');
      expect(pair?.relation, `${change.key} dropped from ${change.pair}`).toBe('deleted');
    }
  });

  it('links each change to the sentence pair holding it', () => {
    const byId = new Map(comparison.pairs.map((pair) => [pair.id, pair]));
    for (const change of changes) {
      const pair = byId.get(change.pair ?? '');
      expect(pair?.level).toBe('sentence');
      const fact = change.new ?? change.old;
      const unit = change.new ? pair?.new : pair?.old;
      expect(unit?.text).toContain(fact?.text);
    }
  });

  it('reads the same fact with another value as changed', () => {
    const text = (count: string) => `Title\n\nNorth Korea conducted ${count} nuclear tests in the region.\n`;
    const found = factChanges(text('three'), text('six'));
    expect(found.map((c) => [c.change, c.key, c.old?.value, c.new?.value])).toEqual([
      ['changed', 'nuclear test', '3', '6'],
    ]);
    const dated = factChanges(
      'Title\n\nThe agreement entered into force in 2017.\n',
      'Title\n\nThe agreement entered into force in 2018.\n',
    );
    expect(dated.map((c) => [c.change, c.kind, c.old?.value, c.new?.value])).toEqual([
      ['changed', 'date', '2017', '2018'],
    ]);
  });

  it('diffs Japanese facts: a count that changed, an era date added', () => {
    const found = factChanges(
      '外交青書\n\n自衛隊は米軍の艦艇を三回警護した。\n\n司令部要員2名を派遣している。\n',
      '外交青書\n\n自衛隊は米軍の艦艇を57回警護した。\n\n司令部要員2名を令和元年4月から派遣している。\n',
    );
    expect(found.map((c) => [c.change, c.kind, c.key, c.old?.value ?? null, c.new?.value ?? null])).toEqual([
      ['changed', 'quantity', '艦艇 回', '3', '57'],
      ['new', 'date', '2019-04/..', null, '2019-04/..'],
    ]);
  });

  it('does not report a fact that moved elsewhere', () => {
    const found = factChanges(
      'Title\n\nJapan deployed two personnel to the MFO.\n\nThe weather was fine.\n',
      'Title\n\nThe weather was fine.\n\nJapan deployed two personnel to the MFO.\n',
    );
    expect(found).toEqual([]);
  });

  const sentences = fc.constantFrom(
    'Japan escorted the U.S. Forces a total of 57 times.',
    'North Korea conducted three nuclear tests in 2016.',
    'The Multinational Force and Observers (MFO) has been active since 1982.',
    'MFO has two headquarter personnel.',
    'UNMISS ran from January 2012 to May 2017.',
    'The weather was fine in the Sinai Peninsula.',
    'Article 9 of the Constitution stands.',
    '自衛隊は平成28年3月から57回警護した。',
  );
  const editions = fc.array(fc.array(sentences, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 });
  const text = (paragraphs: string[][]) => `Title\n\n${paragraphs.map((p) => p.join(' ')).join('\n\n')}\n`;

  it('finds no fact changes between an edition and itself (property)', () => {
    fc.assert(
      fc.property(editions, (paragraphs) => {
        expect(factChanges(text(paragraphs), text(paragraphs))).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect(diffFacts(compareDocuments(newer, newer), extractFacts(newer), extractFacts(newer))).toEqual([]);
  });

  it('mirrors new and dropped when the editions are swapped (property)', () => {
    const summary = (changes: FactChange[], swap: boolean) =>
      changes
        .map((c) => {
          const change = swap ? ({ new: 'dropped', dropped: 'new', changed: 'changed' } as const)[c.change] : c.change;
          const [a, b] = swap ? [c.new, c.old] : [c.old, c.new];
          return `${change} ${c.kind} ${a?.id ?? '-'} ${b?.id ?? '-'}`;
        })
        .sort();
    fc.assert(
      fc.property(editions, editions, (a, b) => {
        const forward = factChanges(text(a), text(b));
        const backward = factChanges(text(b), text(a));
        expect(summary(backward, true)).toEqual(summary(forward, false));
      }),
      { numRuns: 60 },
    );
  });
});
