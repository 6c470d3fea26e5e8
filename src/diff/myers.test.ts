import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences as referenceDiffSequences } from './fixtures/reference/myers.js';
import { diffSequences, type EditScript } from './myers.js';

/** Applies an edit script to `before`, taking inserted items from `after`; checks kept items really are equal. */
function apply(script: EditScript, before: number[], after: number[]): number[] {
  const result: number[] = [];
  let i = 0;
  let j = 0;
  for (const run of script.runs) {
    expect(run.count).toBeGreaterThan(0);
    if (run.op === 'equal') {
      expect(before.slice(i, i + run.count)).toEqual(after.slice(j, j + run.count));
      result.push(...before.slice(i, i + run.count));
      i += run.count;
      j += run.count;
    } else if (run.op === 'delete') {
      i += run.count;
    } else {
      result.push(...after.slice(j, j + run.count));
      j += run.count;
    }
  }
  expect(i).toBe(before.length);
  expect(j).toBe(after.length);
  return result;
}

/** Edit distance (insertions + deletions) by the textbook LCS table, the reference for minimality. */
function referenceDistance(before: number[], after: number[]): number {
  const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = 1; i <= before.length; i++) {
    for (let j = 1; j <= after.length; j++) {
      const row = table[i] as number[];
      const up = table[i - 1] as number[];
      row[j] =
        before[i - 1] === after[j - 1] ? (up[j - 1] as number) + 1 : Math.max(up[j] as number, row[j - 1] as number);
    }
  }
  const lcs = (table[before.length] as number[])[after.length] as number;
  return before.length + after.length - 2 * lcs;
}

const distance = (script: EditScript): number =>
  script.runs.filter((run) => run.op !== 'equal').reduce((sum, run) => sum + run.count, 0);

describe('diffSequences (Myers)', () => {
  it('finds the shortest edit script of the paper example ABCABBA → CBABAC', () => {
    const before = [...'ABCABBA'].map((c) => c.charCodeAt(0));
    const after = [...'CBABAC'].map((c) => c.charCodeAt(0));
    const script = diffSequences(before, after);
    expect(script.status).toBe('complete');
    expect(distance(script)).toBe(5);
    expect(apply(script, before, after)).toEqual(after);
  });

  it('handles empty sides and identical sequences', () => {
    expect(diffSequences([], []).runs).toEqual([]);
    expect(diffSequences([1, 2], []).runs).toEqual([{ op: 'delete', count: 2 }]);
    expect(diffSequences([], [1]).runs).toEqual([{ op: 'insert', count: 1 }]);
    expect(diffSequences([1, 2, 3], [1, 2, 3]).runs).toEqual([{ op: 'equal', count: 3 }]);
  });

  it('falls back to one deletion and one insertion past the budget, keeping prefix and suffix', () => {
    const script = diffSequences([0, 1, 2, 3, 9], [0, 4, 5, 6, 9], 2);
    expect(script.status).toBe('truncated');
    expect(script.runs).toEqual([
      { op: 'equal', count: 1 },
      { op: 'delete', count: 3 },
      { op: 'insert', count: 3 },
      { op: 'equal', count: 1 },
    ]);
  });

  it('property: the script rebuilds the new sequence and is minimal', () => {
    const sequence = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 25 });
    fc.assert(
      fc.property(sequence, sequence, (before, after) => {
        const script = diffSequences(before, after);
        expect(script.status).toBe('complete');
        expect(apply(script, before, after)).toEqual(after);
        expect(distance(script)).toBe(referenceDistance(before, after));
      }),
      { numRuns: 300 },
    );
  });

  it('property: gives exactly the reference script (the search before its rounds were packed in one buffer)', () => {
    const sequence = (max: number, length: number) => fc.array(fc.integer({ min: 0, max }), { maxLength: length });
    fc.assert(
      fc.property(
        fc.oneof(fc.tuple(sequence(3, 40), sequence(3, 40)), fc.tuple(sequence(60, 300), sequence(60, 300))),
        fc.constantFrom(0, 1, 3, 20, 1000),
        ([before, after], budget) => {
          expect(diffSequences(before, after, budget)).toEqual(referenceDiffSequences(before, after, budget));
          expect(diffSequences(Int32Array.from(after), Int32Array.from(before), budget)).toEqual(
            referenceDiffSequences(after, before, budget),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
