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

/**
 * Scratch arrays of the chain, shared by every call and grown when too small, never shrunk: a compare builds a few
 * thousand chains, most of a handful of candidates (a block's sentences), and a dozen fresh typed arrays per chain
 * were most of its cost, cold. Nothing in a chain calls another chain, so one set serves all.
 */
let scratchOlds = new Int32Array(256);
let scratchNews = new Int32Array(256);
let scratchWeights = new Float64Array(256);
let scratchTotal = new Float64Array(256);
let scratchPrevious = new Int32Array(256);
let scratchByNew = new Int32Array(256);
let scratchOrder = new Int32Array(256);
/** Counting-sort starts, and the Fenwick tree's prefix maxima and their candidates (`size + 1` entries used). */
let scratchStarts = new Int32Array(256);
let treeBest = new Float64Array(256);
let treeArg = new Int32Array(256);

/** Room for `count` candidates and a tree of `newCount` positions in the scratch arrays. */
function reserveScratch(count: number, newCount: number): void {
  if (scratchOlds.length < count) {
    const size = Math.max(count, 2 * scratchOlds.length);
    scratchOlds = new Int32Array(size);
    scratchNews = new Int32Array(size);
    scratchWeights = new Float64Array(size);
    scratchTotal = new Float64Array(size);
    scratchPrevious = new Int32Array(size);
    scratchByNew = new Int32Array(size);
    scratchOrder = new Int32Array(size);
  }
  if (treeBest.length < newCount + 1) {
    const size = Math.max(newCount + 1, 2 * treeBest.length);
    treeBest = new Float64Array(size);
    treeArg = new Int32Array(size);
  }
}

/** Room for `range + 1` counting-sort starts. */
function reserveStarts(range: number): Int32Array {
  if (scratchStarts.length < range + 1) scratchStarts = new Int32Array(Math.max(range + 1, 2 * scratchStarts.length));
  return scratchStarts;
}

/**
 * Fenwick tree over [0, size) answering prefix maxima (value and the candidate that achieves it), in the scratch
 * arrays `treeBest` and `treeArg`.
 */
class PrefixMax {
  constructor(private readonly size: number) {
    treeBest.fill(0, 0, size + 1);
    treeArg.fill(-1, 0, size + 1);
  }
  /** The candidate that achieved the last `query`'s maximum, or -1 (a field, so a query allocates nothing). */
  found = -1;
  /** Max over positions [0, position); the candidate achieving it is left in `found`. */
  query(position: number): number {
    let value = 0;
    let arg = -1;
    for (let i = position; i > 0; i -= i & -i) {
      // Read once: cold, every read of a Float64Array element boxes a fresh heap number.
      const best = treeBest[i] as number;
      if (best > value) {
        value = best;
        arg = treeArg[i] as number;
      }
    }
    this.found = arg;
    return value;
  }
  /** Raise position `position` to at least `value`. */
  update(position: number, value: number, arg: number): void {
    for (let i = position + 1; i <= this.size; i += i & -i) {
      // Strictly greater: on ties the first-found chain stays, so results do not depend on candidate order.
      if ((treeBest[i] as number) < value) {
        treeBest[i] = value;
        treeArg[i] = arg;
      }
    }
  }
}

/** Indices (into `candidates`) of the heaviest chain increasing in both `old` and `new`, in order. */
export function heaviestChain(candidates: readonly Candidate[], newCount: number): number[] {
  const count = candidates.length;
  if (count === 0) return [];
  // One candidate is its own chain when it weighs anything (what the tree gives: its total is its weight).
  if (count === 1) return (candidates[0] as Candidate).weight > 0 ? [0] : [];
  // Callers pass candidates of several shapes (block, sentence and section candidates, local ranks): read once into
  // typed arrays, so the chain itself sees one kind of input and V8 compiles it once, where reading the objects
  // throughout deoptimised and recompiled it at each new shape (8 compilations per large compare). Indices go into
  // Int32Arrays: cold, a read of a Float64Array element boxes a heap number, of an Int32Array one it does not.
  reserveScratch(count, newCount);
  const maxOld = readCandidates(candidates, scratchOlds, scratchNews, scratchWeights, newCount);
  if (maxOld >= 0) {
    const order = byOldThenNew(scratchOlds, scratchNews, count, maxOld, newCount);
    return chainOf(scratchOlds, scratchNews, scratchWeights, order, count, newCount);
  }
  // Indices that are not array indices below newCount (never from the aligner): the same chain over doubles.
  const oldValues = new Float64Array(count);
  const newValues = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const c = candidates[i] as Candidate;
    oldValues[i] = c.old;
    newValues[i] = c.new;
    scratchWeights[i] = c.weight;
  }
  const order = sortedByOldThenNew(oldValues, newValues);
  return chainOf(oldValues, newValues, scratchWeights, order, count, newCount);
}

/**
 * `heaviestChain` of candidates given as parallel lists (candidate i: olds[i], news[i], weights[i]), for callers that
 * keep them so rather than as objects.
 */
export function heaviestChainOf(
  olds: readonly number[],
  news: readonly number[],
  weights: readonly number[],
  newCount: number,
): number[] {
  const count = olds.length;
  if (count === 0) return [];
  if (count === 1) return (weights[0] as number) > 0 ? [0] : [];
  reserveScratch(count, newCount);
  let maxOld = 0;
  for (let i = 0; i < count; i++) {
    const old = olds[i] as number;
    const neu = news[i] as number;
    if ((old | 0) !== old || old < 0 || (neu | 0) !== neu || neu < 0 || neu >= newCount) {
      maxOld = -1;
      break;
    }
    scratchOlds[i] = old;
    scratchNews[i] = neu;
    scratchWeights[i] = weights[i] as number;
    if (old > maxOld) maxOld = old;
  }
  if (maxOld >= 0) {
    const order = byOldThenNew(scratchOlds, scratchNews, count, maxOld, newCount);
    return chainOf(scratchOlds, scratchNews, scratchWeights, order, count, newCount);
  }
  const candidates: Candidate[] = [];
  for (let i = 0; i < count; i++)
    candidates.push({ old: olds[i] as number, new: news[i] as number, weight: weights[i] as number });
  return heaviestChain(candidates, newCount);
}

/**
 * Each candidate's old index, new index and weight, into the three arrays. Returns the largest old index, or -1
 * when an index is not a whole number in [0, 2^31) or a new index not below `newCount` (the arrays are then not
 * all filled).
 */
function readCandidates(
  candidates: readonly Candidate[],
  olds: Int32Array,
  news: Int32Array,
  weights: Float64Array,
  newCount: number,
): number {
  let maxOld = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    const old = c.old;
    const neu = c.new;
    if ((old | 0) !== old || old < 0 || (neu | 0) !== neu || neu < 0 || neu >= newCount) return -1;
    olds[i] = old;
    news[i] = neu;
    weights[i] = c.weight;
    if (old > maxOld) maxOld = old;
  }
  return maxOld;
}

/**
 * The heaviest chain of the first `count` candidates given as arrays, visited in `order` (by old index, then new
 * index).
 */
function chainOf(
  olds: Int32Array | Float64Array,
  news: Int32Array | Float64Array,
  weights: Float64Array,
  order: ArrayLike<number>,
  count: number,
  newCount: number,
): number[] {
  const tree = new PrefixMax(newCount);
  const total = scratchTotal;
  const previous = scratchPrevious;
  let bestEnd = -1;
  let bestTotal = 0;
  // Candidates sharing an old index must not chain to each other: query all of a group before updating any.
  for (let start = 0; start < count; ) {
    let end = start;
    const oldIndex = olds[order[start] as number] as number;
    while (end < count && olds[order[end] as number] === oldIndex) end++;
    for (let k = start; k < end; k++) {
      const id = order[k] as number;
      const sum = tree.query(news[id] as number) + (weights[id] as number);
      total[id] = sum;
      previous[id] = tree.found;
      if (sum > bestTotal) {
        bestTotal = sum;
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
 * The first `count` candidate indices sorted by old index, then new index, then position (the order of a stable
 * sort on the first two): a least-significant-digit radix sort, a stable counting sort on the new index and then one
 * on the old index, in linear time and with small-integer arithmetic only (packing both indices and the position
 * into one number, as before, gave numbers beyond the small-integer range, each a heap number when the code runs
 * cold). The result is a scratch array, valid until the next chain.
 */
function byOldThenNew(olds: Int32Array, news: Int32Array, count: number, maxOld: number, newCount: number): Int32Array {
  // A counting pass costs its range as well as its count: when the indices are sparse (a group of block pairs out of
  // a whole edition), an insertion sort of a few candidates, or a sort of packed keys, is the cheaper way.
  if (maxOld + 1 > 4 * count + 64 || newCount > 4 * count + 64) return sparseOrder(olds, news, count, newCount);
  countingOrder(news, null, count, newCount, scratchByNew);
  return countingOrder(olds, scratchByNew, count, maxOld + 1, scratchOrder);
}

/** `byOldThenNew` for sparse indices: a stable insertion sort for a few candidates, else a sort of packed keys. */
function sparseOrder(olds: Int32Array, news: Int32Array, count: number, newCount: number): Int32Array {
  const order = scratchOrder;
  if (count <= 32) {
    for (let k = 0; k < count; k++) {
      const old = olds[k] as number;
      const neu = news[k] as number;
      let at = k;
      // Stable: move past only candidates strictly after this one.
      while (at > 0) {
        const before = order[at - 1] as number;
        const beforeOld = olds[before] as number;
        if (beforeOld < old || (beforeOld === old && (news[before] as number) <= neu)) break;
        order[at] = before;
        at--;
      }
      order[at] = k;
    }
    return order;
  }
  // (old × newCount + new) × count + position, sorted natively; olds and news are non-negative and news below
  // newCount, so the keys order as (old, new, position) while they stay exact integers.
  let maxOld = 0;
  for (let i = 0; i < count; i++) if ((olds[i] as number) > maxOld) maxOld = olds[i] as number;
  if ((maxOld + 1) * newCount * count < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = ((olds[i] as number) * newCount + (news[i] as number)) * count + i;
    keys.sort();
    for (let i = 0; i < count; i++) order[i] = (keys[i] as number) % count;
    return order;
  }
  const sorted = Array.from({ length: count }, (_, i) => i);
  sorted.sort((a, b) => (olds[a] as number) - (olds[b] as number) || (news[a] as number) - (news[b] as number));
  for (let i = 0; i < count; i++) order[i] = sorted[i] as number;
  return order;
}

/**
 * The positions of the first `count` `values` (each in [0, range)) in a stable order by value, into `order`:
 * `within` lists the positions in the order that ties keep (null: ascending positions).
 */
function countingOrder(
  values: Int32Array,
  within: Int32Array | null,
  count: number,
  range: number,
  order: Int32Array,
): Int32Array {
  const starts = reserveStarts(range);
  starts.fill(0, 0, range + 1);
  for (let i = 0; i < count; i++) {
    const next = (values[i] as number) + 1;
    starts[next] = (starts[next] as number) + 1;
  }
  for (let v = 1; v <= range; v++) starts[v] = (starts[v] as number) + (starts[v - 1] as number);
  for (let k = 0; k < count; k++) {
    const i = within === null ? k : (within[k] as number);
    const value = values[i] as number;
    const slot = starts[value] as number;
    order[slot] = i;
    starts[value] = slot + 1;
  }
  return order;
}

/** `byOldThenNew` for indices of any value, by a comparator sort (stable). */
function sortedByOldThenNew(olds: Float64Array, news: Float64Array): number[] {
  const order = Array.from({ length: olds.length }, (_, i) => i);
  order.sort((a, b) => (olds[a] as number) - (olds[b] as number) || (news[a] as number) - (news[b] as number));
  return order;
}
