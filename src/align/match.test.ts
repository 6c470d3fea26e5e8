import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, intersectionSize } from './fingerprint.js';
import { BLOCK_MATCH_OPTIONS, bestUnits, matchUnits } from './match.js';

const prints = (texts: string[]) => texts.map((t) => fingerprint(t));

/** Matches as readable `old→new kind` strings. */
function describeMatching(oldTexts: string[], newTexts: string[]): string[] {
  const m = matchUnits(prints(oldTexts), prints(newTexts));
  return [
    ...m.matches.map((x) => `${x.old}→${x.new} ${x.kind}`),
    ...m.groups.map((g) => `${g.old.join('+')}→${g.new.join('+')} ${g.kind}`),
  ];
}

const A = 'the security environment surrounding japan is becoming more severe at a rapid pace';
const B = 'maintaining territorial integrity is a fundamental responsibility of the government';
const C = 'japan has taken advantage of a variety of opportunities to explain the legislation';
const D = 'the proliferation of weapons of mass destruction remains a grave challenge for all';

describe('matchUnits', () => {
  it('pairs identical sequences in order', () => {
    expect(describeMatching([A, B, C], [A, B, C])).toEqual(['0→0 ordered', '1→1 ordered', '2→2 ordered']);
  });

  it('pairs an edited unit in place and leaves an inserted one free', () => {
    const edited = A.replace('more severe', 'increasingly severe');
    expect(describeMatching([A, B], [edited, D, B])).toEqual(['0→0 ordered', '1→2 ordered']);
  });

  it('finds a unit that moved out of reading order', () => {
    expect(describeMatching([A, B, C, D], [B, C, D, A])).toEqual([
      '1→0 ordered',
      '2→1 ordered',
      '3→2 ordered',
      '0→3 moved',
    ]);
  });

  it('finds a split and a merge', () => {
    const whole = `${A} and ${B}`;
    expect(describeMatching([whole, C], [A, B, C])).toEqual(['1→2 ordered', '0→0+1 split']);
    expect(describeMatching([A, B, C], [whole, C])).toEqual(['2→1 ordered', '0+1→0 merged']);
  });

  it('does not pair units that merely share function words', () => {
    expect(describeMatching([A], ['of the and to a'])).toEqual([]);
  });

  it('matches 20 000 units with a few edits (its speed is measured by npm run bench)', () => {
    const texts = Array.from(
      { length: 20_000 },
      (_, i) => `article ${i} provides that the party number ${i * 7} shall ${i % 13} comply`,
    );
    const edited = [...texts];
    edited[500] = `${edited[500]} unless otherwise agreed`;
    edited.splice(10_000, 1);
    const m = matchUnits(prints(texts), prints(edited));
    expect(m.matches).toHaveLength(19_999);
    expect(m.oldPartner[10_000]).toBe(-1);
  });

  it('with allShingles, finds a short text now inside a long one whose shingle sample misses it', () => {
    // A long text (more than 24 shingles, so indexed by its mod-4 sample) that holds a short one; the short one is
    // chosen so that none of its shingles is in the long one's sample: the sampled index cannot propose the pair.
    const words =
      'les poursuites faites contre un des débiteurs solidaires empêchent pas le créancier d en exercer de pareilles contre autres'.split(
        ' ',
      );
    const shortOf = (k: number): string => words.map((word) => `${word}${k}`).join(' ');
    const lead = 'le créancier peut demander le paiement au débiteur de son choix';
    let k = 0;
    while (intersectionSize(fingerprint(`${lead} ${shortOf(k)}`).sample, fingerprint(shortOf(k)).shingles) > 0) k++;
    const short = shortOf(k);
    const long = `${lead} ${short}`;
    // Enough other free units that the matcher uses its index rather than scoring every pair.
    const fillers = (side: string) =>
      Array.from({ length: 60 }, (_, i) => `${side} filler ${i} ${i * 31} text ${i % 7} of no relation ${i * i}`);
    const options = { ...BLOCK_MATCH_OPTIONS, wordSets: true, minSimilarity: 0.6, minGapSimilarity: 0.6 };
    const olds = prints([...fillers('old'), short]);
    const news = prints([long, ...fillers('new')]);
    expect(fingerprint(long).shingles.length).toBeGreaterThan(24);
    expect(matchUnits(olds, news, options).oldPartner[60]).toBe(-1);
    expect(matchUnits(olds, news, { ...options, allShingles: true }).oldPartner[60]).toBe(0);
  });
});

describe('bestUnits', () => {
  it('keeps what sorting by count (most first, ties to the lower unit) and cutting at the limit keeps (property)', () => {
    const case_ = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }).chain((units) =>
      fc.record({
        units: fc.shuffledSubarray(units, { minLength: units.length }),
        counts: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 41, maxLength: 41 }),
        limit: fc.integer({ min: 1, max: 10 }),
      }),
    );
    fc.assert(
      fc.property(case_, ({ units, counts, limit }) => {
        const table = Uint16Array.from(counts);
        const expected = [...units]
          .sort((a, b) => (table[b] as number) - (table[a] as number) || a - b)
          .slice(0, limit);
        expect(bestUnits(units, table, limit)).toEqual(expected);
      }),
    );
  });
});
