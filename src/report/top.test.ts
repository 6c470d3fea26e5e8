import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { factsReport } from '../facts/index.js';
import { parseText } from '../parse/text.js';
import {
  countWords,
  countWordsByCharacter,
  DEFAULT_TOP,
  type RankedFactInput,
  rankChanges,
  rankTop,
  TOP_RULES,
} from './top.js';

const sample = compareTexts(
  readFileSync(new URL('../../examples/bluebook/2020-ch3-s1.txt', import.meta.url), 'utf8'),
  readFileSync(new URL('../../examples/bluebook/2022-ch3-s1.txt', import.meta.url), 'utf8'),
  { oldName: '2020', newName: '2022' },
);

describe('rankChanges on the Bluebook sample', () => {
  const top = rankChanges(sample);
  const rankOf = (pair: string): number => top.find((t) => t.pair === pair)?.rank ?? Number.POSITIVE_INFINITY;
  const pairOf = (test: (text: string) => boolean): string =>
    sample.pairs.find((p) => p.level !== 'sentence' && test((p.new ?? p.old)?.text ?? ''))?.id ?? '';
  const securityEnvironment = pairOf((t) => t.startsWith('The security environment surrounding Japan'));
  const specialFeature = pairOf((t) => t.startsWith('Fifth Anniversary'));
  const captions = sample.pairs.filter((p) => (p.new ?? p.old)?.kind === 'caption').map((p) => p.id);
  const serialComma = pairOf((t) => t.startsWith('Maintaining territorial integrity'));

  it('ranks the security-environment rewording and the new special feature above the captions and the serial comma', () => {
    expect(rankOf(specialFeature)).toBe(1);
    expect(rankOf(securityEnvironment)).toBeLessThanOrEqual(3);
    expect(captions).toHaveLength(2);
    for (const low of [...captions, serialComma]) {
      expect(rankOf(low)).toBeGreaterThan(rankOf(securityEnvironment));
      expect(rankOf(low)).toBeGreaterThan(rankOf(specialFeature));
    }
  });

  it('names the facts of the new special feature on its line, and a fact its shift quotes only once', () => {
    const read = (year: number) =>
      parseText(readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8'));
    const facts = factsReport(sample, read(2020), read(2022)).changes;
    const ranked = rankChanges(sample, { facts });
    expect(ranked[0]?.line).toMatch(/; new facts: “a total of 57 times”, .* and \d+ more$/);
    // Hosted facts are no lines of their own, and UNCLOS, new in a paragraph that stays, is quoted by its shift.
    expect(facts.some((fact) => fact.new?.text === 'United Nations Convention on the Law of the Sea (UNCLOS)')).toBe(
      true,
    );
    expect(ranked.filter((t) => t.rule === 'fact')).toEqual([]);
    expect(ranked.find((t) => t.rule === 'shift')?.line).toContain('reference: “United Nations Convention');
    expect(ranked.length).toBe(rankChanges(sample).length);
    // A fact no unit line names stays a line of its own.
    const lone = rankChanges(sample, {
      facts: [{ change: 'new', kind: 'quantity', key: 'x', new: { text: 'six tests' } }],
    });
    expect(lone.filter((t) => t.rule === 'fact').map((t) => t.line)).toEqual(['quantity new: “six tests”']);
  });

  it('says why, in one line each with its place', () => {
    const lines = top.map((t) => `${t.rank}. [${t.rule}] ${t.path.join(' › ')}: ${t.line}`);
    expect(lines[0]).toBe(
      "1. [section] Chapter 3 › Section 1 › 1 › Fifth Anniversary of the Enforcement of Japan's Legislation for Peace and Security: section inserted: “Fifth Anniversary of the Enforcement of Japan's Legislation for Peace and Security” (8 blocks, 679 words)",
    );
    expect(top.find((t) => t.pair === securityEnvironment)?.line).toMatch(
      /^intensity stronger: “testing … uncertain” → “increasingly severe/,
    );
    for (const change of top) expect(change.line).not.toMatch(/\n/);
  });

  it('never lists a cosmetic change, nor the blocks of a whole inserted section', () => {
    expect(top.map((t) => t.pair)).not.toContain(serialComma);
    for (const id of captions) expect(top.map((t) => t.pair)).not.toContain(id);
    expect(top.length).toBeLessThanOrEqual(DEFAULT_TOP);
  });

  it('ranks a changed fact above a shift and a new fact below it, linked to its pair', () => {
    const facts: RankedFactInput[] = [
      {
        change: 'changed',
        kind: 'quantity',
        key: 'nuclear tests',
        old: { text: 'three nuclear tests' },
        new: { text: 'six nuclear tests' },
        pair: securityEnvironment,
      },
      { change: 'new', kind: 'date', key: '2021-11', new: { text: 'In November 2021' } },
    ];
    const ranked = rankChanges(sample, { facts });
    const changed = ranked.find((t) => t.rule === 'fact-changed');
    expect(changed?.line).toBe('quantity changed: “three nuclear tests” → “six nuclear tests”');
    expect(changed?.pair).toBe(securityEnvironment);
    expect(changed?.path.at(-1)).toBe('(1) Security Environment Surrounding Japan');
    const order = ranked.map((t) => t.rule);
    expect(order.indexOf('fact-changed')).toBeLessThan(order.indexOf('shift'));
    expect(order.indexOf('fact')).toBeGreaterThan(order.indexOf('shift'));
  });
});

describe('rankTop', () => {
  it('is the first changes of rankChanges and their count, for every limit, with and without facts', () => {
    const facts: RankedFactInput[] = [
      { change: 'new', kind: 'date', key: '2021-11', new: { text: 'In November 2021' } },
      { change: 'dropped', kind: 'quantity', key: 'tests', old: { text: 'three nuclear tests' } },
    ];
    for (const withFacts of [[], facts]) {
      const all = rankChanges(sample, { facts: withFacts });
      expect(all.length).toBeGreaterThan(3);
      for (const limit of [0, 1, 3, all.length, all.length + 5]) {
        expect(rankTop(sample, limit, withFacts)).toEqual({ shown: all.slice(0, limit), total: all.length });
      }
    }
  });
});

describe('rankTop against the full sort', () => {
  it('keeps the first of a stable sort for any facts, placed in any pairs, and any limit', () => {
    const ids = sample.pairs.map((pair) => pair.id);
    const fact = fc.record({
      change: fc.constantFrom('new', 'dropped', 'changed') as fc.Arbitrary<RankedFactInput['change']>,
      kind: fc.constantFrom('quantity', 'date', 'place', 'organisation', 'reference'),
      key: fc.constantFrom('a', 'b'),
      text: fc.constantFrom('six tests', 'Japan', 'United Nations', 'in 2021 and 2022'),
      pair: fc.option(fc.constantFrom(...ids, 'no-such-pair'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 12 }), fc.integer({ min: -1, max: 40 }), (drawn, limit) => {
        const facts: RankedFactInput[] = drawn.map(({ text, pair, ...rest }) => ({
          ...rest,
          ...(rest.change === 'new' ? { new: { text } } : { old: { text } }),
          ...(rest.change === 'changed' ? { new: { text: `${text} more` } } : {}),
          ...(pair === undefined ? {} : { pair }),
        }));
        const all = rankChanges(sample, { facts });
        expect(rankTop(sample, limit, facts)).toEqual({ shown: all.slice(0, Math.max(0, limit)), total: all.length });
      }),
      { numRuns: 60 },
    );
  });
});

describe('rankChanges rules', () => {
  it('lists tiers in the documented order, and within a tier more words first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (limit) => {
        const ranked = rankChanges(sample, { limit });
        expect(ranked.length).toBeLessThanOrEqual(limit);
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1];
          const b = ranked[i];
          if (!a || !b) continue;
          expect(TOP_RULES.indexOf(a.rule)).toBeLessThanOrEqual(TOP_RULES.indexOf(b.rule));
          expect(b.rank).toBe(a.rank + 1);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('ranks a caption inserted alone below a shorter paragraph inserted alone', () => {
    const comparison = compareTexts(
      'Intro.\n\nFirst paragraph here.',
      'Intro.\n\nFirst paragraph here.\n\nJapan-Australia joint exercise “Trident” (November. Photo: Ministry of Defense)\n\nA new paragraph.',
    );
    const ranked = rankChanges(comparison);
    expect(ranked.map((t) => `${t.rule} ${t.line.slice(0, 20)}`)).toEqual([
      'unit paragraph inserted: ',
      'minor caption inserted: “J',
    ]);
    expect(ranked[1]?.words).toBeGreaterThan(ranked[0]?.words ?? 0);
  });

  it('an edition against itself has nothing to rank', () => {
    const text = readFileSync(new URL('../../examples/bluebook/2022-ch3-s1.txt', import.meta.url), 'utf8');
    expect(rankChanges(compareTexts(text, text))).toEqual([]);
  });
});

describe('countWords', () => {
  it('counts as the look at every character did, plain spaces or any white space (property)', () => {
    const piece = fc.constantFrom('a', 'word', 'é', '日本', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '-', '…');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(countWords(text)).toBe(countWordsByCharacter(text));
      }),
      { numRuns: 3000 },
    );
  });
});
