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
  /** The candidate that achieved the last `query`'s maximum, or -1 (a field, so a query allocates nothing). */
  found = -1;
  /** Max over positions [0, position); the candidate achieving it is left in `found`. */
  query(position: number): number {
    let value = 0;
    let arg = -1;
    for (let i = position; i > 0; i -= i & -i) {
      if ((this.best[i] as number) > value) {
        value = this.best[i] as number;
        arg = this.arg[i] as number;
      }
    }
    this.found = arg;
    return value;
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
  // Callers pass candidates of several shapes (block, sentence and section candidates, local ranks): read once into
  // typed arrays, so the chain itself sees one kind of input and V8 compiles it once, where reading the objects
  // throughout deoptimised and recompiled it at each new shape (8 compilations per large compare).
  const count = candidates.length;
  const olds = new Float64Array(count);
  const news = new Float64Array(count);
  const weights = new Float64Array(count);
  readCandidates(candidates, olds, news, weights);
  return chainOf(olds, news, weights, byOldThenNew(olds, news, newCount), newCount);
}

/** Each candidate's old index, new index and weight, into the three arrays. */
function readCandidates(
  candidates: readonly Candidate[],
  olds: Float64Array,
  news: Float64Array,
  weights: Float64Array,
): void {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    olds[i] = c.old;
    news[i] = c.new;
    weights[i] = c.weight;
  }
}

/** The heaviest chain of candidates given as arrays, visited in `order` (by old index, then new index). */
function chainOf(
  olds: Float64Array,
  news: Float64Array,
  weights: Float64Array,
  order: ArrayLike<number>,
  newCount: number,
): number[] {
  const tree = new PrefixMax(newCount);
  const total = new Float64Array(olds.length);
  const previous = new Int32Array(olds.length).fill(-1);
  let bestEnd = -1;
  let bestTotal = 0;
  // Candidates sharing an old index must not chain to each other: query all of a group before updating any.
  for (let start = 0; start < order.length; ) {
    let end = start;
    const oldIndex = olds[order[start] as number] as number;
    while (end < order.length && olds[order[end] as number] === oldIndex) end++;
    for (let k = start; k < end; k++) {
      const id = order[k] as number;
      const value = tree.query(news[id] as number);
      total[id] = value + (weights[id] as number);
      previous[id] = tree.found;
      if ((total[id] as number) > bestTotal) {
        bestTotal = total[id] as number;
        bestEnd = id;
      }
    }
    for (let k = start; k < end; k++) {
      const id = order[k] as number;
      tree.update(news[id] as number, total[id] as number, id);
    }
    start = end;
  }
  const chain: number[] = [];
  for (let id = bestEnd; id >= 0; id = previous[id] as number) chain.push(id);
  return chain.reverse();
}

/**
 * Candidate indices sorted by old index, then new index, then position (the order of a stable sort on the first
 * two). Each is packed into one number, (old × newCount + new) × count + position, and the numbers sorted as a
 * Float64Array, which sorts natively instead of calling a comparator per comparison; when the packed numbers could
 * exceed 2^53 (never for an edition's units), a comparator sort gives the same order.
 */
function byOldThenNew(olds: Float64Array, news: Float64Array, newCount: number): ArrayLike<number> {
  const count = olds.length;
  let maxOld = 0;
  let exact = true;
  for (let i = 0; i < count; i++) {
    const old = olds[i] as number;
    const neu = news[i] as number;
    if (old > maxOld) maxOld = old;
    if (!Number.isInteger(old) || !Number.isInteger(neu) || old < 0 || neu < 0 || neu >= newCount) exact = false;
  }
  if (exact && (maxOld + 1) * newCount * count < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = ((olds[i] as number) * newCount + (news[i] as number)) * count + i;
    keys.sort();
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = (keys[i] as number) % count;
    return order;
  }
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (olds[a] as number) - (olds[b] as number) || (news[a] as number) - (news[b] as number));
  return order;
}
