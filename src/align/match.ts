/**
 * Matching two sequences of units (blocks of two editions, or sentences of two blocks).
 *
 * Outline (each step near-linear in the number of units; no all-pairs comparison on large inputs):
 *  1. Exact anchors: units whose normalised keys are equal. A key unique on both sides is a sure pair (the
 *     "unique lines" idea of patience diff, Bram Cohen 2005); repeated keys pair with their neighbours by rank.
 *  2. Fuzzy candidates: an inverted index of rare word 3-shingles (Broder 1997) over the new side; each old unit looks
 *     up its shingles, keeps the few new units that share most of them, and scores them exactly on words (Dice).
 *     Shingles that occur in many units are skipped: they carry no evidence and would make the lookup quadratic.
 *     Small inputs (a block's sentences) skip the index and score every pair, which is cheaper there.
 *  3. Order: the heaviest chain of candidates increasing on both sides (chain.ts) keeps units in reading order.
 *  4. Gaps: between consecutive chain pairs, leftover units are aligned by a small order-preserving dynamic
 *     programme (Needleman and Wunsch 1970) with a lower threshold, to catch heavily reworded units in place.
 *  5. Moves: candidates left out of the chain whose units are both still free become moves, best first.
 *  6. Splits and merges: a free old unit whose words are covered by two or more consecutive free new units, each
 *     mostly contained in it, is a split (merge is the mirror image). The index proposes a few pieces; the run
 *     then grows over contained neighbours, within one segment (section) when segments are given.
 */
import { heaviestChainOf } from './chain.js';
import { combine, type Fingerprint, intersectionSize, isContained, wordDice, wordSetDice } from './fingerprint.js';

/** How an old unit and a new unit were paired. */
export type MatchKind = 'ordered' | 'moved';

/** One-to-one pairing of old unit `old` with new unit `new`. */
export interface UnitMatch {
  old: number;
  new: number;
  similarity: number;
  kind: MatchKind;
}

/** One-to-many (split) or many-to-one (merged) pairing. */
export interface GroupMatch {
  kind: 'split' | 'merged';
  old: number[];
  new: number[];
  similarity: number;
}

/** The outcome of matching two unit sequences. */
export interface Matching {
  matches: UnitMatch[];
  groups: GroupMatch[];
  /** For each old unit, the new unit it is paired with one-to-one, or -1. */
  oldPartner: Int32Array;
  /** For each new unit, the old unit it is paired with one-to-one, or -1. */
  newPartner: Int32Array;
}

/** Thresholds of the matcher; the defaults were tuned on the Bluebook sample and the large pairs. */
export interface MatchOptions {
  /** Minimum word Dice for a fuzzy pair kept in reading order. */
  minSimilarity: number;
  /** Minimum word Dice inside a gap between two ordered pairs. */
  minGapSimilarity: number;
  /** Minimum word Dice for a pair out of order to count as a move. */
  minMoveSimilarity: number;
  /** Minimum number of words for a non-identical unit to be reported as moved. */
  minMoveWords: number;
  /** Shingles found in more units than this are ignored when generating candidates. */
  maxPostings: number;
  /** Candidates kept per old unit after counting shared shingles. */
  candidatesPerUnit: number;
  /** Score candidates on sets of distinct words (wordSetDice) instead of word multisets. */
  wordSets?: boolean;
  /**
   * Index and look up every shingle of a unit, not only the sample of a long one. The sample keeps a quarter of a
   * long unit's shingles, so a short text now inside a long one (an article merged into a longer one) may share
   * none of them; a pass over few units can afford them all.
   */
  allShingles?: boolean;
}

/**
 * Defaults for block matching. Every field is present, the optional ones too, so that the aligner's option sets
 * (this one spread and overridden) share one object shape: a matcher function that met a second shape was
 * deoptimised for the wrong map and compiled again, in the first, cold compare.
 */
export const BLOCK_MATCH_OPTIONS: MatchOptions = {
  minSimilarity: 0.5,
  minGapSimilarity: 0.4,
  minMoveSimilarity: 0.6,
  minMoveWords: 4,
  maxPostings: 24,
  candidatesPerUnit: 4,
  wordSets: false,
  allShingles: false,
};

/** Largest number of old×new cells scored exhaustively (small inputs, gaps). */
const EXHAUSTIVE_CELLS = 2500;

/**
 * The largest word Dice two units can have given their word counts alone: 2·min(|A|, |B|) / (|A| + |B|), since they
 * share at most the shorter one's words (the length filter of similarity joins; Chaudhuri et al. 2006). Division
 * is monotonic in floating point too, so a bound under a threshold means a score under it. Over distinct words when
 * `sets` (wordSetDice). NaN for two empty units, which compare below nothing.
 */
function diceBound(a: Fingerprint, b: Fingerprint, sets: boolean): number {
  const x = sets ? a.distinctWords.length : a.wordCount;
  const y = sets ? b.distinctWords.length : b.wordCount;
  return (2 * Math.min(x, y)) / (x + y);
}

/** Weight of a candidate in the chain: strong and long pairs count more than weak or short ones. */
function chainWeight(similarity: number, a: Fingerprint, b: Fingerprint): number {
  // Length in characters stands in for length in words (about six characters a word), so an exact anchor costs no
  // word analysis.
  const words = Math.min(a.weight, b.weight) / 6;
  return similarity * similarity * Math.log2(2 + words);
}

/**
 * A tiny deterministic perturbation that breaks ties between equally good pairings. It is symmetric under swapping
 * the editions (comparing NEW with OLD makes the same choices as OLD with NEW: the mirror property), which
 * "first old unit wins" is not. It mixes the two units' contents, not only their indices: with indices alone the
 * crossing pairs (i, j) and (j, i) would tie for ever.
 */
export function tieBreak(a: Fingerprint, b: Fingerprint, i: number, j: number): number {
  const h = combine(a.hash ^ b.hash, combine(Math.min(i, j), Math.max(i, j)));
  return (h / 0x100000000) * 1e-7;
}

/**
 * The segment (enclosing section) of every unit on each side, when the units are a document's blocks: the pieces of
 * a split or merge must lie in one segment, since a heading between two pieces means the text was divided by the
 * outline, not regrouped into paragraphs.
 */
export interface UnitSegments {
  old: ArrayLike<number>;
  new: ArrayLike<number>;
}

/**
 * The candidates of one matching, in the order they were found (the chain's ties depend on nothing else), as
 * parallel lists: a long edition's matching holds tens of thousands of candidates for the whole call, and an object
 * per candidate (with a boxed number for each of its two fractional fields) was copied by every scavenge it lived
 * through; lists of small integers and of doubles hold them unboxed.
 */
class Candidates {
  readonly olds: number[] = [];
  readonly news: number[] = [];
  /** Chain weights, tie-broken. */
  readonly weights: number[] = [];
  /** The similarity each was scored at. */
  readonly similarities: number[] = [];
  constructor(
    private readonly oldUnits: readonly Fingerprint[],
    private readonly newUnits: readonly Fingerprint[],
  ) {}

  /** Add old unit o and new unit n at `similarity`, weighted for the chain and tie-broken. */
  add(o: number, n: number, similarity: number): void {
    const a = this.oldUnits[o] as Fingerprint;
    const b = this.newUnits[n] as Fingerprint;
    const weight = chainWeight(similarity, a, b);
    this.olds.push(o);
    this.news.push(n);
    this.weights.push(Math.max(weight, 1e-6) + tieBreak(a, b, o, n));
    this.similarities.push(similarity);
  }
}

/** The two sides' shingle indexes of one matching, each built on first use. */
interface LazyIndexes {
  old: () => ShingleIndex;
  new: () => ShingleIndex;
}

/**
 * Pair two sequences of fingerprinted units. Each step is a function of its own: V8 optimises a long loop on stack
 * replacement, and a function holding every step deoptimised at the next step it had no type feedback for, on the
 * first (largest) matching of a compare, leaving it to the interpreter.
 */
export function matchUnits(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  options: MatchOptions = BLOCK_MATCH_OPTIONS,
  segments?: UnitSegments,
): Matching {
  if (oldUnits.length === 1 && newUnits.length === 1)
    return matchOne(oldUnits[0] as Fingerprint, newUnits[0] as Fingerprint, options);
  const oldPartner = new Int32Array(oldUnits.length).fill(-1);
  const newPartner = new Int32Array(newUnits.length).fill(-1);
  const matches: UnitMatch[] = [];
  const candidates = new Candidates(oldUnits, newUnits);

  // 1. Exact anchors.
  const exact = new Uint8Array(oldUnits.length);
  const exactNew = new Uint8Array(newUnits.length);
  exactAnchors(oldUnits, newUnits, exact, exactNew, candidates);

  // 2. Fuzzy candidates for units without a unique exact partner.
  const freeOld: number[] = [];
  const freeNew: number[] = [];
  for (let i = 0; i < oldUnits.length; i++) if (!exact[i]) freeOld.push(i);
  for (let j = 0; j < newUnits.length; j++) if (!exactNew[j]) freeNew.push(j);
  // Small inputs score every pair; large ones look pairs up in the index.
  const indexed = freeOld.length * freeNew.length > EXHAUSTIVE_CELLS;
  // Each side's index covers the units without a unique exact partner; built once, on first use, and shared by
  // candidate generation and the search for splits and merges.
  const lazy = (build: () => ShingleIndex): (() => ShingleIndex) => {
    let index: ShingleIndex | undefined;
    return () => {
      index ??= build();
      return index;
    };
  };
  const indexes: LazyIndexes = {
    old: lazy(
      () => new ShingleIndex(oldUnits, freeOld, options.maxPostings, options.allShingles === true, newUnits.length),
    ),
    new: lazy(
      () => new ShingleIndex(newUnits, freeNew, options.maxPostings, options.allShingles === true, oldUnits.length),
    ),
  };
  if (!indexed) scoreEveryPair(oldUnits, newUnits, freeOld, freeNew, options, candidates);
  else lookUpPairs(oldUnits, newUnits, freeOld, freeNew, options, indexes, candidates);

  // 3. Order: the heaviest chain.
  const chain = heaviestChainOf(candidates.olds, candidates.news, candidates.weights, newUnits.length);
  for (let k = 0; k < chain.length; k++) {
    const id = chain[k] as number;
    const o = candidates.olds[id] as number;
    const n = candidates.news[id] as number;
    oldPartner[o] = n;
    newPartner[n] = o;
    matches.push({ old: o, new: n, similarity: candidates.similarities[id] as number, kind: 'ordered' });
  }

  // 4. Gaps between ordered pairs.
  fillGaps(oldUnits, newUnits, options, indexed, oldPartner, newPartner, matches);

  // 5. Moves, best first.
  addMoves(oldUnits, newUnits, options, candidates, oldPartner, newPartner, matches);

  // 6. Splits and merges among what is still free.
  const groups = findGroups(oldUnits, newUnits, oldPartner, newPartner, matches, indexes, segments);

  matches.sort((a, b) => a.new - b.new);
  return { matches, groups, oldPartner, newPartner };
}

/** Units on both sides together up to which exact anchors are found by comparing keys, not through maps. */
const FEW_UNITS = 24;

/** Step 1: units whose keys are equal (see the outline); marks the unique ones in `exact` and `exactNew`. */
function exactAnchors(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  exact: Uint8Array,
  exactNew: Uint8Array,
  candidates: Candidates,
): void {
  if (oldUnits.length + newUnits.length <= FEW_UNITS) {
    fewExactAnchors(oldUnits, newUnits, exact, exactNew, candidates);
    return;
  }
  const oldByKey = groupByKey(oldUnits);
  const newByKey = groupByKey(newUnits);
  // The old keys in order of first occurrence, as a map of lists iterates them.
  for (let g = 0; g < oldByKey.keys.length; g++) {
    const h = newByKey.groups.get(oldByKey.keys[g] as string);
    if (h === undefined) continue;
    const o = oldByKey.first[g] as number;
    const n = newByKey.first[h] as number;
    if (oldByKey.next[o] === -1 && newByKey.next[n] === -1) {
      // Unique on both sides, the common case: no lists.
      exact[o] = 1;
      exactNew[n] = 1;
      candidates.add(o, n, 1);
      continue;
    }
    anchorKey(unitsOf(oldByKey, g), unitsOf(newByKey, h), exact, exactNew, candidates);
  }
}

/**
 * The units of each distinct key: keys numbered in order of first occurrence, and each key's units as a linked list
 * (first unit, then `next` of each), so a key met once, as most are, costs a map entry and no list.
 */
interface KeyGroups {
  groups: Map<string, number>;
  keys: string[];
  /** The first unit of each group (entries past the number of keys unused). */
  first: Int32Array;
  /** The next unit with the same key, or -1. */
  next: Int32Array;
}

/** The units of group `g`, ascending. */
function unitsOf(byKey: KeyGroups, g: number): number[] {
  const units: number[] = [];
  for (let u = byKey.first[g] as number; u !== -1; u = byKey.next[u] as number) units.push(u);
  return units;
}

/**
 * `exactAnchors` for a few units (most calls: a block's sentences): the same keys met in the same order (each old
 * key at its first occurrence, its units on each side ascending), by comparing keys pairwise instead of building two
 * maps of lists per call; a key on one unit each side, the common case, needs no list at all.
 */
function fewExactAnchors(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  exact: Uint8Array,
  exactNew: Uint8Array,
  candidates: Candidates,
): void {
  for (let i = 0; i < oldUnits.length; i++) {
    const key = (oldUnits[i] as Fingerprint).key;
    let first = true;
    for (let k = 0; k < i && first; k++) first = (oldUnits[k] as Fingerprint).key !== key;
    if (!first) continue;
    let oldCount = 1;
    for (let k = i + 1; k < oldUnits.length; k++) if ((oldUnits[k] as Fingerprint).key === key) oldCount++;
    let newCount = 0;
    let firstNew = -1;
    for (let j = 0; j < newUnits.length; j++) {
      if ((newUnits[j] as Fingerprint).key !== key) continue;
      if (newCount++ === 0) firstNew = j;
    }
    if (newCount === 0) continue;
    if (oldCount === 1 && newCount === 1) {
      exact[i] = 1;
      exactNew[firstNew] = 1;
      candidates.add(i, firstNew, 1);
      continue;
    }
    const olds: number[] = [];
    for (let k = i; k < oldUnits.length; k++) if ((oldUnits[k] as Fingerprint).key === key) olds.push(k);
    const news: number[] = [];
    for (let j = firstNew; j < newUnits.length; j++) if ((newUnits[j] as Fingerprint).key === key) news.push(j);
    anchorKey(olds, news, exact, exactNew, candidates);
  }
}

/** The anchors of one key, on units `olds` and `news` (ascending): a sure pair when unique, else by rank. */
function anchorKey(
  olds: readonly number[],
  news: readonly number[],
  exact: Uint8Array,
  exactNew: Uint8Array,
  candidates: Candidates,
): void {
  if (olds.length === 1 && news.length === 1) {
    exact[olds[0] as number] = 1;
    exactNew[news[0] as number] = 1;
    candidates.add(olds[0] as number, news[0] as number, 1);
    return;
  }
  // Repeated text ("(Repealed)"): pair each occurrence with the occurrences of similar rank on the other side,
  // looking from both sides so the candidates do not depend on which edition is called old.
  const window = new Set<number>();
  const near = (from: number, fromCount: number, toCount: number): number[] => {
    const centre = Math.round((from * (toCount - 1)) / Math.max(1, fromCount - 1));
    const out: number[] = [];
    for (let k = Math.max(0, centre - 2); k <= Math.min(toCount - 1, centre + 2); k++) out.push(k);
    return out;
  };
  for (let i = 0; i < olds.length; i++)
    for (const j of near(i, olds.length, news.length)) window.add(i * news.length + j);
  for (let j = 0; j < news.length; j++)
    for (const i of near(j, news.length, olds.length)) window.add(i * news.length + j);
  for (const cell of window) {
    const i = Math.floor(cell / news.length);
    candidates.add(olds[i] as number, news[cell - i * news.length] as number, 1);
  }
}

/** Step 2 for small inputs: every free pair is scored. */
function scoreEveryPair(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  freeOld: readonly number[],
  freeNew: readonly number[],
  options: MatchOptions,
  candidates: Candidates,
): void {
  const similarityOf = options.wordSets ? wordSetDice : wordDice;
  for (const o of freeOld) {
    const a = oldUnits[o] as Fingerprint;
    for (const n of freeNew) {
      const b = newUnits[n] as Fingerprint;
      if (a.key === b.key) continue; // added in step 1
      const similarity = similarityOf(a, b);
      if (similarity >= options.minSimilarity) candidates.add(o, n, similarity);
    }
  }
}

/**
 * Step 2 for large inputs: the pairs the indexes propose, looked up from both sides and kept once, so the candidate
 * set is the same whichever edition is old. The new units each old unit looked up are kept (at most `limit` per
 * unit), so a pair met again from the new side is recognised without a set of all pairs. A pair whose word counts
 * alone keep it under the threshold is not scored (diceBound): most looked-up pairs of a long edition differ in
 * length far more than a threshold of 0.5 allows, and indexing has already analysed the units' words.
 */
function lookUpPairs(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  freeOld: readonly number[],
  freeNew: readonly number[],
  options: MatchOptions,
  indexes: LazyIndexes,
  candidates: Candidates,
): void {
  const sets = options.wordSets === true;
  const similarityOf = sets ? wordSetDice : wordDice;
  const consider = (o: number, n: number): void => {
    const a = oldUnits[o] as Fingerprint;
    const b = newUnits[n] as Fingerprint;
    if (a.key === b.key) return; // added in step 1
    if (diceBound(a, b, sets) < options.minSimilarity) return;
    const similarity = similarityOf(a, b);
    if (similarity >= options.minSimilarity) candidates.add(o, n, similarity);
  };
  const limit = options.candidatesPerUnit;
  const lookedUp = new Int32Array(oldUnits.length * limit).fill(-1);
  const newIndex = indexes.new();
  for (let k = 0; k < freeOld.length; k++) {
    const o = freeOld[k] as number;
    const found = newIndex.nearest(o, oldUnits[o] as Fingerprint, limit);
    for (let f = 0; f < found.length; f++) {
      const n = found[f] as number;
      lookedUp[o * limit + f] = n;
      consider(o, n);
    }
  }
  const oldIndex = indexes.old();
  for (let k = 0; k < freeNew.length; k++) {
    const n = freeNew[k] as number;
    const found = oldIndex.nearest(n, newUnits[n] as Fingerprint, limit);
    for (let f = 0; f < found.length; f++) {
      const o = found[f] as number;
      let met = false;
      for (let g = o * limit; g < (o + 1) * limit && !met; g++) met = lookedUp[g] === n;
      if (!met) consider(o, n);
    }
  }
}

/**
 * Step 4: the gaps between consecutive chain pairs (and before the first, after the last), aligned in order. The
 * chain's pairs are the anchors; gap pairs are appended after them, so the first entries of `matches` stay put.
 */
function fillGaps(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  options: MatchOptions,
  bounded: boolean,
  oldPartner: Int32Array,
  newPartner: Int32Array,
  matches: UnitMatch[],
): void {
  const anchors = matches.length;
  let previousOld = -1;
  let previousNew = -1;
  for (let k = 0; k <= anchors; k++) {
    const o = k < anchors ? (matches[k] as UnitMatch).old : oldUnits.length;
    const n = k < anchors ? (matches[k] as UnitMatch).new : newUnits.length;
    if (o - previousOld > 1 && n - previousNew > 1) {
      for (const m of alignGap(oldUnits, newUnits, previousOld + 1, o, previousNew + 1, n, options, bounded)) {
        oldPartner[m.old] = m.new;
        newPartner[m.new] = m.old;
        matches.push(m);
      }
    }
    previousOld = o;
    previousNew = n;
  }
}

/** Step 5: candidates left out of the chain whose units are both still free, best first, become moves. */
function addMoves(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  options: MatchOptions,
  candidates: Candidates,
  oldPartner: Int32Array,
  newPartner: Int32Array,
  matches: UnitMatch[],
): void {
  const { olds, news, weights, similarities } = candidates;
  const moves: number[] = [];
  for (let id = 0; id < olds.length; id++) {
    if (oldPartner[olds[id] as number] !== -1 || newPartner[news[id] as number] !== -1) continue;
    if ((similarities[id] as number) >= options.minMoveSimilarity) moves.push(id);
  }
  // Most similar first, then heaviest; a stable sort of ascending ids, so ties keep the order found.
  moves.sort((x, y) => {
    const a = similarities[x] as number;
    const b = similarities[y] as number;
    if (a !== b) return a < b ? 1 : -1;
    const v = weights[x] as number;
    const w = weights[y] as number;
    return v < w ? 1 : v > w ? -1 : 0;
  });
  for (let k = 0; k < moves.length; k++) {
    const id = moves[k] as number;
    const o = olds[id] as number;
    const n = news[id] as number;
    if (oldPartner[o] !== -1 || newPartner[n] !== -1) continue;
    const a = oldUnits[o] as Fingerprint;
    const b = newUnits[n] as Fingerprint;
    if (Math.min(a.words.length, b.words.length) < options.minMoveWords) continue;
    oldPartner[o] = n;
    newPartner[n] = o;
    matches.push({ old: o, new: n, similarity: similarities[id] as number, kind: 'moved' });
  }
}

/**
 * `matchUnits` for one unit on each side (most block pairs of an edition have one sentence each), without its
 * tables: the same pair with the same similarity. Equal keys pair as an exact anchor; else a score reaching the
 * threshold is the one candidate, which the chain keeps; else the gap between no anchors holds the two units, where
 * their word Dice plus the tie-break must reach the gap threshold. One unit on each side can form no group.
 */
function matchOne(a: Fingerprint, b: Fingerprint, options: MatchOptions): Matching {
  const oldPartner = new Int32Array(1).fill(-1);
  const newPartner = new Int32Array(1).fill(-1);
  let similarity = -1;
  if (a.key === b.key) similarity = 1;
  else {
    const scored = options.wordSets ? wordSetDice(a, b) : wordDice(a, b);
    if (scored >= options.minSimilarity) similarity = scored;
    else {
      const gap = wordDice(a, b) + tieBreak(a, b, 0, 0);
      if (gap >= options.minGapSimilarity) similarity = Math.min(1, gap);
    }
  }
  const matches: UnitMatch[] = [];
  if (similarity >= 0) {
    oldPartner[0] = 0;
    newPartner[0] = 0;
    matches.push({ old: 0, new: 0, similarity, kind: 'ordered' });
  }
  return { matches, groups: [], oldPartner, newPartner };
}

/** Group the units by key (see KeyGroups). */
function groupByKey(units: readonly Fingerprint[]): KeyGroups {
  const groups = new Map<string, number>();
  const keys: string[] = [];
  // At most one group per unit: typed arrays of that size, rather than lists grown by copying.
  const first = new Int32Array(units.length);
  const next = new Int32Array(units.length).fill(-1);
  // The last unit of each group so far, where the next one is linked.
  const last = new Int32Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const key = (units[i] as Fingerprint).key;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, keys.length);
      first[keys.length] = i;
      last[keys.length] = i;
      keys.push(key);
    } else {
      next[last[g] as number] = i;
      last[g] = i;
    }
  }
  return { groups, keys, first, next };
}

/** An index's postings: the units of each distinct shingle, contiguous, and the table that finds a shingle. */
interface Postings {
  /** Shingle s owns units[starts[s] .. starts[s+1]), in ascending unit order. */
  units: Uint32Array;
  starts: Uint32Array;
  /**
   * Open-addressing table of `mask` + 1 slots, two entries each: distinct-shingle number + 1 (0 = empty), then the
   * shingle's hash, side by side so that a probe reads one cache line instead of two.
   */
  table: Int32Array;
  mask: number;
}

/** A unit's shingles for the index: its sample, or all of them. */
function indexed(print: Fingerprint, all: boolean): Uint32Array {
  return all ? print.shingles : print.sample;
}

/**
 * Postings of the indexed shingles of `members` (ascending unit indices), by a counting sort keyed on the distinct
 * shingle: one pass numbers the shingles through the open-addressing table and counts their units, prefix sums place
 * each shingle's run, and a second pass over the same occurrences fills the runs. Units land in each run in the
 * order of `members`, so ascending, as a sort of packed (hash, unit) keys would give, in linear time.
 */
function buildPostings(units: readonly Fingerprint[], members: readonly number[], all: boolean): Postings {
  // One function per pass: V8 optimises a hot loop on stack replacement with no type feedback for the code after it,
  // and a function whose later passes had not run yet deoptimised there on every call (about 150 times per large
  // compare, each time finishing the pass in the interpreter).
  let total = 0;
  for (let m = 0; m < members.length; m++) total += indexed(units[members[m] as number] as Fingerprint, all).length;
  let size = 16;
  while (size < total * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(2 * size);
  // Distinct-shingle number of every occurrence, in member order; counts per distinct shingle.
  const occurrence = new Int32Array(total);
  const counts = new Uint32Array(total + 1);
  const distinct = numberShingles(units, members, all, table, mask, occurrence, counts);
  const starts = prefixSums(counts, distinct);
  const postings = fillPostings(units, members, all, occurrence, starts, total);
  return { units: postings, starts, table, mask };
}

/**
 * First pass of buildPostings: number each distinct shingle through the open-addressing table, in order of first
 * occurrence, recording every occurrence's number and each number's count. Returns the number of distinct shingles.
 */
function numberShingles(
  units: readonly Fingerprint[],
  members: readonly number[],
  all: boolean,
  table: Int32Array,
  mask: number,
  occurrence: Int32Array,
  counts: Uint32Array,
): number {
  let distinct = 0;
  let k = 0;
  for (let m = 0; m < members.length; m++) {
    const shingles = indexed(units[members[m] as number] as Fingerprint, all);
    for (let h = 0; h < shingles.length; h++) {
      const hash = shingles[h] as number;
      const key = hash | 0;
      let slot = shingleSlot(hash, mask);
      let entry = table[2 * slot] as number;
      while (entry !== 0 && table[2 * slot + 1] !== key) {
        slot = (slot + 1) & mask;
        entry = table[2 * slot] as number;
      }
      if (entry === 0) {
        entry = ++distinct;
        table[2 * slot] = entry;
        table[2 * slot + 1] = key;
      }
      occurrence[k++] = entry - 1;
      counts[entry - 1] = (counts[entry - 1] as number) + 1;
    }
  }
  return distinct;
}

/** Where each distinct shingle's run of units starts: prefix sums of the counts, one more entry for the end. */
function prefixSums(counts: Uint32Array, distinct: number): Uint32Array {
  const starts = new Uint32Array(distinct + 1);
  for (let s = 0; s < distinct; s++) starts[s + 1] = (starts[s] as number) + (counts[s] as number);
  return starts;
}

/** Second pass of buildPostings: each occurrence's unit into the next place of its shingle's run. */
function fillPostings(
  units: readonly Fingerprint[],
  members: readonly number[],
  all: boolean,
  occurrence: Int32Array,
  starts: Uint32Array,
  total: number,
): Uint32Array {
  const cursor = starts.slice(0, starts.length - 1);
  const postings = new Uint32Array(total);
  let k = 0;
  for (let m = 0; m < members.length; m++) {
    const unit = members[m] as number;
    const length = indexed(units[unit] as Fingerprint, all).length;
    for (let i = 0; i < length; i++) {
      const s = occurrence[k++] as number;
      postings[cursor[s] as number] = unit;
      cursor[s] = (cursor[s] as number) + 1;
    }
  }
  return postings;
}

/** The home slot of a shingle hash (Fibonacci hashing). */
function shingleSlot(hash: number, mask: number): number {
  return (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;
}

/**
 * Inverted index from shingle hash to the units that contain it, limited to rare shingles. A 2 MB edition has about
 * a million shingles, so the index lives in typed arrays rather than a map of lists: a counting sort groups the
 * postings (buildPostings), and an open-addressing table (linear probing; Knuth, TAOCP vol. 3, 6.4) finds a
 * shingle's postings in O(1) without allocating.
 */
class ShingleIndex {
  /** Postings: the units of each distinct shingle, contiguous; shingle s owns units[starts[s] .. starts[s+1]). */
  private readonly units: Uint32Array;
  private readonly starts: Uint32Array;
  /** Open-addressing table: per slot, distinct-shingle number + 1 (0 = empty) and the shingle's hash. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Reusable per-unit hit counters for `nearest`. */
  private readonly counts: Uint16Array;
  /** Reusable list of the units a lookup met, in the order met (at most one entry per unit). */
  private readonly touched: Int32Array;
  /**
   * Lookups kept per query unit (see `nearest`), packed: at `kept[q] - 1` in `lookups`, how many units the lookup
   * met, how many it keeps (n), the n units, then their n counts. A long edition's matching keeps tens of thousands
   * of lookups for the whole call, and an object and two lists per lookup were copied by every scavenge they lived
   * through; one growing typed array is not.
   */
  private readonly kept: Int32Array;
  private lookups = new Int32Array(1024);
  private lookupsUsed = 0;
  /** The units of the last lookup, ranked (see `rank`), and their counts: reused by every lookup. */
  private readonly chosen: number[] = [];
  private readonly chosenCounts: number[] = [];
  /** The answer of the last `nearest`, reused by every call. */
  private readonly answer: number[] = [];

  /** `queries`: how many units of the other side may look this index up (their indices key the kept lookups). */
  constructor(
    units: readonly Fingerprint[],
    members: readonly number[],
    private readonly maxPostings: number,
    private readonly all: boolean,
    queries: number,
  ) {
    // The work is in its own function: V8 optimises a long constructor loop on stack replacement and then
    // deoptimises it at the next step it has no type feedback for, once per index built (about 200 times per large
    // compare).
    const postings = buildPostings(units, members, all);
    this.units = postings.units;
    this.starts = postings.starts;
    this.table = postings.table;
    this.mask = postings.mask;
    this.counts = new Uint16Array(units.length);
    this.touched = new Int32Array(units.length);
    this.kept = new Int32Array(queries);
  }

  private slotOf(hash: number): number {
    return shingleSlot(hash, this.mask);
  }

  /** The distinct-shingle number of `hash`, or -1. */
  private find(hash: number): number {
    const key = hash | 0;
    for (let slot = this.slotOf(hash); ; slot = (slot + 1) & this.mask) {
      const entry = this.table[2 * slot] as number;
      if (entry === 0) return -1;
      if (this.table[2 * slot + 1] === key) return entry - 1;
    }
  }

  /**
   * The units sharing the most rare shingles with `query`, at most `limit`: all of them in the order they were met
   * when they are no more than `limit`, else the best `limit` by shared shingles (ties to the lower unit).
   * `queryUnit` is the query's index on its side. The list returned is reused by the next call: callers read it
   * at once.
   */
  nearest(queryUnit: number, query: Fingerprint, limit: number): readonly number[] {
    // The lists are refilled by index and cut to length at the end: setting a list's length to 0 drops its storage,
    // which the next push would allocate again.
    const answer = this.answer;
    if (limit > RANKED) {
      this.rank(query, limit);
      const chosen = this.chosen;
      for (let k = 0; k < chosen.length; k++) answer[k] = chosen[k] as number;
      answer.length = chosen.length;
      return answer;
    }
    // The same unit is looked up twice, for candidates (step 2) and for splits and merges (step 6), with limits of
    // at most RANKED: the lookup is kept once, at RANKED, and each limit's answer is read off it.
    let at = (this.kept[queryUnit] as number) - 1;
    if (at < 0) at = this.keep(queryUnit, this.rank(query, RANKED));
    const lookups = this.lookups;
    const met = lookups[at] as number;
    const n = lookups[at + 1] as number;
    if (n <= limit || met > RANKED) {
      // All of them, or (already the best RANKED in rank order) the best `limit`, its first ones.
      const end = Math.min(n, limit);
      for (let k = 0; k < end; k++) answer[k] = lookups[at + 2 + k] as number;
      answer.length = end;
      return answer;
    }
    rankInto(lookups, at + 2, at + 2 + n, n, limit, answer);
    return answer;
  }

  /** Keep the last lookup (`met` units met, `chosen` and `chosenCounts`) for query unit q; returns where. */
  private keep(q: number, met: number): number {
    const n = this.chosen.length;
    if (this.lookupsUsed + 2 + 2 * n > this.lookups.length) {
      const grown = new Int32Array(Math.max(2 * this.lookups.length, this.lookupsUsed + 2 + 2 * n));
      grown.set(this.lookups);
      this.lookups = grown;
    }
    const at = this.lookupsUsed;
    const lookups = this.lookups;
    lookups[at] = met;
    lookups[at + 1] = n;
    for (let k = 0; k < n; k++) {
      lookups[at + 2 + k] = this.chosen[k] as number;
      lookups[at + 2 + n + k] = this.chosenCounts[k] as number;
    }
    this.lookupsUsed = at + 2 + 2 * n;
    this.kept[q] = at + 1;
    return at;
  }

  /**
   * The units met by `query`'s rare shingles, into `chosen` (and their counts into `chosenCounts`): all in order met
   * when at most `limit`, else the best `limit` ranked. Returns how many were met.
   */
  private rank(query: Fingerprint, limit: number): number {
    const touched = this.touched;
    let met = 0;
    const counts = this.counts;
    const shingles = indexed(query, this.all);
    for (let h = 0; h < shingles.length; h++) {
      const s = this.find(shingles[h] as number);
      if (s < 0) continue;
      const start = this.starts[s] as number;
      const end = this.starts[s + 1] as number;
      if (end - start > this.maxPostings) continue;
      for (let i = start; i < end; i++) {
        const unit = this.units[i] as number;
        const count = counts[unit] as number;
        if (count === 0) touched[met++] = unit;
        if (count < 65535) counts[unit] = count + 1;
      }
    }
    const chosen = this.chosen;
    if (met > limit) bestOf(touched, met, counts, limit, chosen);
    else {
      for (let t = 0; t < met; t++) chosen[t] = touched[t] as number;
      chosen.length = met;
    }
    const chosenCounts = this.chosenCounts;
    for (let u = 0; u < chosen.length; u++) chosenCounts[u] = counts[chosen[u] as number] as number;
    chosenCounts.length = chosen.length;
    for (let t = 0; t < met; t++) counts[touched[t] as number] = 0;
    return met;
  }
}

/** Limit up to which `nearest` answers are kept per query: the most any caller asks for (splits and merges ask 8). */
const RANKED = 8;

/**
 * The best `limit` of the units in values[from, to) by their counts (the `n` values after them), most first, ties
 * to the lower unit, into `out`: what sorting them all and keeping the first `limit` gives (the order is total), by
 * insertion into a list of `limit`, without a copy, a sort and a comparator closure per lookup.
 */
function rankInto(values: Int32Array, from: number, to: number, n: number, limit: number, out: number[]): void {
  const outCounts: number[] = [];
  out.length = 0;
  for (let u = from; u < to; u++) {
    const unit = values[u] as number;
    const count = values[u + n] as number;
    if (out.length === limit) {
      const last = out[limit - 1] as number;
      const lastCount = outCounts[limit - 1] as number;
      if (count < lastCount || (count === lastCount && unit > last)) continue;
      out.pop();
      outCounts.pop();
    }
    let at = out.length;
    while (at > 0) {
      const before = out[at - 1] as number;
      const beforeCount = outCounts[at - 1] as number;
      if (beforeCount > count || (beforeCount === count && before < unit)) break;
      at--;
    }
    out.push(unit);
    outCounts.push(count);
    for (let k = out.length - 1; k > at; k--) {
      out[k] = out[k - 1] as number;
      outCounts[k] = outCounts[k - 1] as number;
    }
    out[at] = unit;
    outCounts[at] = count;
  }
}

/**
 * The best `limit` of `units` by `counts[unit]`, most first, ties to the lower unit: what sorting them all and
 * keeping the first `limit` gives (the order is total), by insertion into a list of `limit` (a partial selection
 * sort: a lookup of a long unit meets thousands of units, of which eight are kept).
 */
export function bestUnits(units: readonly number[], counts: Uint16Array, limit: number): number[] {
  return bestOf(units, units.length, counts, limit, []);
}

/** `bestUnits` over the first `length` entries of `units` (the reusable list of a lookup). */
function bestOf(
  units: ArrayLike<number>,
  length: number,
  counts: Uint16Array,
  limit: number,
  best: number[],
): number[] {
  best.length = 0;
  for (let u = 0; u < length; u++) {
    const unit = units[u] as number;
    const count = counts[unit] as number;
    if (best.length === limit) {
      const last = best[limit - 1] as number;
      const lastCount = counts[last] as number;
      if (count < lastCount || (count === lastCount && unit > last)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0) {
      const before = best[at - 1] as number;
      const beforeCount = counts[before] as number;
      if (beforeCount > count || (beforeCount === count && before < unit)) break;
      at--;
    }
    // Insert at `at` by shifting the tail one place (splice allocates the removed-elements array each time).
    best.push(unit);
    for (let k = best.length - 1; k > at; k--) best[k] = best[k - 1] as number;
    best[at] = unit;
  }
  return best;
}

/**
 * Order-preserving alignment of the units in a gap [oldStart, oldEnd) × [newStart, newEnd); `bounded`: skip the
 * cells whose word counts cannot reach the threshold.
 */
function alignGap(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  oldStart: number,
  oldEnd: number,
  newStart: number,
  newEnd: number,
  options: MatchOptions,
  bounded: boolean,
): UnitMatch[] {
  const rows = oldEnd - oldStart;
  const columns = newEnd - newStart;
  if (rows * columns > EXHAUSTIVE_CELLS) return [];
  // Cells that cannot reach the threshold keep 0: only similarities at or above it enter the programme. When
  // `bounded` (the units' words are known), word counts alone rule most of them out (diceBound; the tie-break adds
  // under 1e-7).
  // Both tables live in scratch arrays shared by every gap (cleared over the part used): a compare aligns thousands
  // of small gaps, cold, and two fresh typed arrays per gap were a large part of the garbage.
  const cells = rows * columns;
  const width = columns + 1;
  if (gapSimilarity.length < cells) gapSimilarity = new Float64Array(Math.max(cells, 2 * gapSimilarity.length));
  if (gapScore.length < (rows + 1) * width)
    gapScore = new Float64Array(Math.max((rows + 1) * width, 2 * gapScore.length));
  const similarity = gapSimilarity;
  similarity.fill(0, 0, cells);
  const least = options.minGapSimilarity;
  let reached = false;
  for (let i = 0; i < rows; i++) {
    const a = oldUnits[oldStart + i] as Fingerprint;
    for (let j = 0; j < columns; j++) {
      const b = newUnits[newStart + j] as Fingerprint;
      if (bounded && diceBound(a, b, false) + 1e-7 < least) continue;
      const s = wordDice(a, b) + tieBreak(a, b, oldStart + i, newStart + j);
      similarity[i * columns + j] = s;
      if (s >= least) reached = true;
    }
  }
  // No cell at the threshold: the programme's scores all stay 0 and its trace pairs nothing.
  if (!reached) return [];
  // score[i][j], at i × width + j: best total over the first i old and j new units (Needleman–Wunsch with zero gap
  // cost).
  const score = gapScore;
  score.fill(0, 0, (rows + 1) * width);
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= columns; j++) {
      const s = similarity[(i - 1) * columns + (j - 1)] as number;
      const diagonal = s >= least ? (score[(i - 1) * width + j - 1] as number) + s : -1;
      score[i * width + j] = Math.max(
        score[(i - 1) * width + j] as number,
        score[i * width + j - 1] as number,
        diagonal,
      );
    }
  }
  const result: UnitMatch[] = [];
  for (let i = rows, j = columns; i > 0 && j > 0; ) {
    const s = similarity[(i - 1) * columns + (j - 1)] as number;
    const here = score[i * width + j] as number;
    if (s >= least && here === (score[(i - 1) * width + j - 1] as number) + s) {
      result.push({ old: oldStart + i - 1, new: newStart + j - 1, similarity: Math.min(1, s), kind: 'ordered' });
      i--;
      j--;
    } else if (here === score[(i - 1) * width + j]) i--;
    else j--;
  }
  return result.reverse();
}

/** Scratch tables of `alignGap`, grown when a gap needs more, never shrunk (at most about EXHAUSTIVE_CELLS). */
let gapSimilarity = new Float64Array(256);
let gapScore = new Float64Array(256);

/** Most pieces of one split or merge. */
const MAX_GROUP_PARTS = 64;
/** Least words of a piece found next to another rather than by the index (a bullet "* Age" is no evidence). */
const MIN_GROWN_PART_WORDS = 3;

/** A possible split or merge, before proposals from both directions compete for their units. */
interface GroupProposal {
  kind: 'split' | 'merged';
  /** The unit on the "one" side (old for a split, new for a merge). */
  source: number;
  /** Its current one-to-one partner among `parts`, or -1. */
  partner: number;
  /** Consecutive units on the "many" side. */
  parts: number[];
  similarity: number;
}

/**
 * Propose one-to-many groups: a unit on side A whose text reappears spread over consecutive units on side B, each
 * mostly contained in it. The unit may be free, or paired one-to-one with one of the pieces (a paragraph that was
 * split keeps most of its words in its first half, which the ordered chain pairs with it); the group replaces that
 * pair when it explains the unit better. Called with (old, new) for splits and (new, old) for merges.
 */
function proposeGroups(
  sourceUnits: readonly Fingerprint[],
  targetUnits: readonly Fingerprint[],
  sourcePartner: Int32Array,
  targetPartner: Int32Array,
  pairSimilarity: Float64Array,
  targetIndex: () => ShingleIndex,
  kind: 'split' | 'merged',
  targetSegment: ArrayLike<number> | undefined,
): GroupProposal[] {
  if (!targetPartner.includes(-1)) return [];
  const proposals: GroupProposal[] = [];
  // The unit being grouped and its partner, read by the tests below: declared once, with the tests, rather than
  // closures made afresh for every unit (this runs over every unit of an edition, cold).
  let source = sourceUnits[0] as Fingerprint;
  let partner = -1;
  const contained = (j: number): boolean => isContained(targetUnits[j] as Fingerprint, source, 0.8);
  const free = (j: number): boolean => targetPartner[j] === -1 && contained(j);
  // Longest run of consecutive target units in one segment (containing the current partner, if any). The index
  // proposes at most a few pieces, so each run grows on both sides over free neighbours the source contains too:
  // a paragraph of fourteen hard-broken lines becomes fourteen list items, and all of them are the split.
  const joins = (j: number, k: number): boolean =>
    k >= 0 &&
    k < targetUnits.length &&
    (targetSegment === undefined || targetSegment[j] === targetSegment[k]) &&
    (targetPartner[k] === -1 || k === partner) &&
    (targetUnits[k] as Fingerprint).wordCount >= MIN_GROWN_PART_WORDS &&
    contained(k);
  for (let i = 0; i < sourceUnits.length; i++) {
    partner = sourcePartner[i] as number;
    if (partner !== -1 && (pairSimilarity[i] as number) >= 0.95) continue;
    source = sourceUnits[i] as Fingerprint;
    if (source.wordCount < 4) continue;
    // A partner the unit does not contain rules the unit out: asked before the index lookup, which it makes moot.
    if (partner !== -1 && !contained(partner)) continue;
    const parts = targetIndex().nearest(i, source, 8).filter(free);
    if (parts.length === 0) continue;
    if (partner !== -1) parts.push(partner);
    parts.sort((a, b) => a - b);
    let best: number[] = [];
    let covered = -1;
    for (const seed of parts) {
      if (seed <= covered) continue;
      let first = seed;
      let last = seed;
      while (last - first < MAX_GROUP_PARTS && joins(first, first - 1)) first--;
      while (last - first < MAX_GROUP_PARTS && joins(last, last + 1)) last++;
      covered = last;
      if (last - first + 1 <= best.length || (partner !== -1 && (partner < first || partner > last))) continue;
      best = [];
      for (let j = first; j <= last; j++) best.push(j);
    }
    if (best.length < 2) continue;
    const union = mergeSorted(best.map((j) => (targetUnits[j] as Fingerprint).words));
    const common = intersectionSize(source.words, union);
    if (common / source.words.length < 0.6 && !coveredWithAway(source, best, parts, common, targetUnits, targetPartner))
      continue;
    const similarity = (2 * common) / (source.words.length + union.length);
    if (partner !== -1 && similarity <= (pairSimilarity[i] as number)) continue;
    proposals.push({
      kind,
      source: i,
      partner,
      parts: best,
      similarity: similarity + tieBreak(source, targetUnits[best[0] as number] as Fingerprint, i, best[0] as number),
    });
  }
  return proposals;
}

/** Least share of a unit's words its run of pieces must hold when the rest of its text went elsewhere. */
const MIN_RUN_SHARE = 0.35;

/**
 * Whether a unit whose run of pieces holds too little of it (`common` words) is still explained once the free
 * pieces the index found away from the run are counted: a paragraph split in three where one part moved to another
 * section (a terms' "Miscellaneous" paragraph whose governing-law sentence became a section of its own). The run
 * must hold a fair share itself; the pieces away stay where the other steps put them.
 */
function coveredWithAway(
  source: Fingerprint,
  run: readonly number[],
  found: readonly number[],
  common: number,
  targetUnits: readonly Fingerprint[],
  targetPartner: Int32Array,
): boolean {
  if (common / source.words.length < MIN_RUN_SHARE) return false;
  const away = found.filter(
    (j) =>
      !run.includes(j) && targetPartner[j] === -1 && (targetUnits[j] as Fingerprint).wordCount >= MIN_GROWN_PART_WORDS,
  );
  if (away.length === 0) return false;
  const all = mergeSorted([...run, ...away].map((j) => (targetUnits[j] as Fingerprint).words));
  return intersectionSize(source.words, all) / source.words.length >= 0.6;
}

/** Splits and merges: proposals from both directions, committed best first so neither direction has priority. */
function findGroups(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  oldPartner: Int32Array,
  newPartner: Int32Array,
  matches: UnitMatch[],
  indexes: LazyIndexes,
  segments: UnitSegments | undefined,
): GroupMatch[] {
  const oldSimilarity = new Float64Array(oldUnits.length);
  const newSimilarity = new Float64Array(newUnits.length);
  for (const m of matches) {
    oldSimilarity[m.old] = m.similarity;
    newSimilarity[m.new] = m.similarity;
  }
  const proposals = [
    ...proposeGroups(oldUnits, newUnits, oldPartner, newPartner, oldSimilarity, indexes.new, 'split', segments?.new),
    ...proposeGroups(newUnits, oldUnits, newPartner, oldPartner, newSimilarity, indexes.old, 'merged', segments?.old),
  ].sort((a, b) => b.similarity - a.similarity);
  const grouped = { old: new Uint8Array(oldUnits.length), new: new Uint8Array(newUnits.length) };
  const groups: GroupMatch[] = [];
  const dissolved = { old: new Set<number>(), new: new Set<number>() };
  for (const p of proposals) {
    const split = p.kind === 'split';
    const sourcePartner = split ? oldPartner : newPartner;
    const targetPartner = split ? newPartner : oldPartner;
    const sourceGrouped = split ? grouped.old : grouped.new;
    const targetGrouped = split ? grouped.new : grouped.old;
    // Still as proposed? An earlier, better group may have taken some of its units.
    if (sourceGrouped[p.source] || sourcePartner[p.source] !== p.partner) continue;
    if (p.parts.some((j) => targetGrouped[j] || (targetPartner[j] !== -1 && j !== p.partner))) continue;
    if (p.partner !== -1) {
      sourcePartner[p.source] = -1;
      targetPartner[p.partner] = -1;
      (split ? dissolved.old : dissolved.new).add(p.source);
    }
    sourceGrouped[p.source] = 1;
    for (const j of p.parts) targetGrouped[j] = 1;
    const similarity = Math.min(1, p.similarity);
    groups.push(
      split
        ? { kind: 'split', old: [p.source], new: p.parts, similarity }
        : { kind: 'merged', old: p.parts, new: [p.source], similarity },
    );
  }
  if (dissolved.old.size + dissolved.new.size > 0) {
    const remaining = matches.filter((m) => !dissolved.old.has(m.old) && !dissolved.new.has(m.new));
    matches.length = 0;
    // A loop, not push(...remaining): a spread of that many arguments can overflow the call stack.
    for (const match of remaining) matches.push(match);
  }
  return groups;
}

/** Merge sorted arrays into one sorted array. */
function mergeSorted(arrays: Uint32Array[]): Uint32Array {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const out = new Uint32Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out.sort();
}
