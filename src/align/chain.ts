/**
 * The heaviest order-preserving chain of candidate pairs.
 *
 * Given scored candidate pairs (old index, new index, weight), pick the subset with the largest total weight whose
 * old and new indices both strictly increase: the units that kept their relative order. This is the weighted form of
 * the longest increasing subsequence, solved in O(P log N) with a Fenwick tree of prefix maxima
 * (Fenwick, "A new data structure for cumulative frequency tables", 1994), as in the chaining step of
 * sequence aligners (e.g. MUMmer; Delcher et al. 1999). Pairs left out of the chain are candidates for moves.
 */

/** A scored candidate pairing of old unit `old` with new unit `new`. */
export interface Candidate {
  old: number;
  new: number;
  /** Positive weight; higher is a better pairing. */
  weight: number;
}

/** Fenwick tree over [0, size) answering prefix maxima (value and the candidate that achieves it). */
class PrefixMax {
  private readonly best: Float64Array;
  private readonly arg: Int32Array;
  constructor(private readonly size: number) {
    this.best = new Float64Array(size + 1);
    this.arg = new Int32Array(size + 1).fill(-1);
  }
  /** Max over positions [0, position). */
  query(position: number): { value: number; arg: number } {
    let value = 0;
    let arg = -1;
    for (let i = position; i > 0; i -= i & -i) {
      if ((this.best[i] as number) > value) {
        value = this.best[i] as number;
        arg = this.arg[i] as number;
      }
    }
    return { value, arg };
  }
  /** Raise position `position` to at least `value`. */
  update(position: number, value: number, arg: number): void {
    for (let i = position + 1; i <= this.size; i += i & -i) {
      // Strictly greater: on ties the first-found chain stays, so results do not depend on candidate order.
      if ((this.best[i] as number) < value) {
        this.best[i] = value;
        this.arg[i] = arg;
      }
    }
  }
}

/** Indices (into `candidates`) of the heaviest chain increasing in both `old` and `new`, in order. */
export function heaviestChain(candidates: readonly Candidate[], newCount: number): number[] {
  if (candidates.length === 0) return [];
  const order = candidates.map((_, i) => i);
  order.sort((a, b) => {
    const ca = candidates[a] as Candidate;
    const cb = candidates[b] as Candidate;
    return ca.old - cb.old || ca.new - cb.new;
  });
  const tree = new PrefixMax(newCount);
  const total = new Float64Array(candidates.length);
  const previous = new Int32Array(candidates.length).fill(-1);
  let bestEnd = -1;
  let bestTotal = 0;
  // Candidates sharing an old index must not chain to each other: query all of a group before updating any.
  for (let start = 0; start < order.length; ) {
    let end = start;
    const oldIndex = (candidates[order[start] as number] as Candidate).old;
    while (end < order.length && (candidates[order[end] as number] as Candidate).old === oldIndex) end++;
    for (let k = start; k < end; k++) {
      const id = order[k] as number;
      const candidate = candidates[id] as Candidate;
      const { value, arg } = tree.query(candidate.new);
      total[id] = value + candidate.weight;
      previous[id] = arg;
      if ((total[id] as number) > bestTotal) {
        bestTotal = total[id] as number;
        bestEnd = id;
      }
    }
    for (let k = start; k < end; k++) {
      const id = order[k] as number;
      tree.update((candidates[id] as Candidate).new, total[id] as number, id);
    }
    start = end;
  }
  const chain: number[] = [];
  for (let id = bestEnd; id >= 0; id = previous[id] as number) chain.push(id);
  return chain.reverse();
}
