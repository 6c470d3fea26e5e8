import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, heaviestChain } from './chain.js';

/** Exhaustive reference: try every subset (small inputs only). */
function bruteForce(candidates: Candidate[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, i) => mask & (1 << i)).sort((a, b) => a.old - b.old);
    let ok = true;
    for (let i = 1; i < chosen.length; i++) {
      const a = chosen[i - 1] as Candidate;
      const b = chosen[i] as Candidate;
      if (!(a.old < b.old && a.new < b.new)) ok = false;
    }
    if (ok)
      best = Math.max(
        best,
        chosen.reduce((sum, c) => sum + c.weight, 0),
      );
  }
  return best;
}

describe('heaviestChain', () => {
  it('keeps the in-order pairs and drops the crossing one', () => {
    const candidates = [
      { old: 0, new: 0, weight: 1 },
      { old: 1, new: 3, weight: 1 },
      { old: 2, new: 1, weight: 1 },
      { old: 3, new: 2, weight: 1 },
    ];
    expect(heaviestChain(candidates, 4).map((i) => candidates[i])).toEqual([
      { old: 0, new: 0, weight: 1 },
      { old: 2, new: 1, weight: 1 },
      { old: 3, new: 2, weight: 1 },
    ]);
  });

  it('never uses an old or new index twice', () => {
    const candidates = [
      { old: 0, new: 0, weight: 1 },
      { old: 0, new: 1, weight: 1 },
      { old: 1, new: 1, weight: 1 },
    ];
    const chain = heaviestChain(candidates, 2).map((i) => candidates[i] as Candidate);
    expect(chain).toHaveLength(2);
    expect(new Set(chain.map((c) => c.old)).size).toBe(2);
  });

  it('finds a chain as heavy as exhaustive search, and a valid one', () => {
    const candidate = fc.record({
      old: fc.integer({ min: 0, max: 6 }),
      new: fc.integer({ min: 0, max: 6 }),
      weight: fc.integer({ min: 1, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 10 }), (candidates) => {
        const chain = heaviestChain(candidates, 7).map((i) => candidates[i] as Candidate);
        for (let i = 1; i < chain.length; i++) {
          expect((chain[i - 1] as Candidate).old).toBeLessThan((chain[i] as Candidate).old);
          expect((chain[i - 1] as Candidate).new).toBeLessThan((chain[i] as Candidate).new);
        }
        expect(chain.reduce((sum, c) => sum + c.weight, 0)).toBe(bruteForce(candidates));
      }),
    );
  });
});

describe('heaviestChain over sparse indices', () => {
  it('gives the chain that dense indices of the same order give', () => {
    // Old indices spread over a whole edition (a group of block pairs) order candidates as their ranks do.
    const candidate = fc.record({
      old: fc.integer({ min: 0, max: 6 }),
      new: fc.integer({ min: 0, max: 6 }),
      weight: fc.integer({ min: 1, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 80 }), fc.integer({ min: 1, max: 5000 }), (candidates, spread) => {
        const sparse = candidates.map((c) => ({ old: c.old * spread + 3, new: c.new, weight: c.weight }));
        expect(heaviestChain(sparse, 7)).toEqual(heaviestChain(candidates, 7));
      }),
    );
  });
});
