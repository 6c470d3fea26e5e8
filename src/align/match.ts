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
import { type Candidate, heaviestChain } from './chain.js';
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

/** Defaults for block matching. */
export const BLOCK_MATCH_OPTIONS: MatchOptions = {
  minSimilarity: 0.5,
  minGapSimilarity: 0.4,
  minMoveSimilarity: 0.6,
  minMoveWords: 4,
  maxPostings: 24,
  candidatesPerUnit: 4,
};

/** Largest number of old×new cells scored exhaustively (small inputs, gaps). */
const EXHAUSTIVE_CELLS = 2500;

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

/** Pair two sequences of fingerprinted units. */
export function matchUnits(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  options: MatchOptions = BLOCK_MATCH_OPTIONS,
  segments?: UnitSegments,
): Matching {
  const oldPartner = new Int32Array(oldUnits.length).fill(-1);
  const newPartner = new Int32Array(newUnits.length).fill(-1);
  const matches: UnitMatch[] = [];
  const candidates: Array<Candidate & { similarity: number }> = [];
  const addCandidate = (o: number, n: number, similarity: number): void => {
    const weight = chainWeight(similarity, oldUnits[o] as Fingerprint, newUnits[n] as Fingerprint);
    candidates.push({
      old: o,
      new: n,
      weight: Math.max(weight, 1e-6) + tieBreak(oldUnits[o] as Fingerprint, newUnits[n] as Fingerprint, o, n),
      similarity,
    });
  };

  // 1. Exact anchors.
  const oldByKey = groupByKey(oldUnits);
  const newByKey = groupByKey(newUnits);
  const exact = new Uint8Array(oldUnits.length);
  const exactNew = new Uint8Array(newUnits.length);
  for (const [key, olds] of oldByKey) {
    const news = newByKey.get(key);
    if (!news) continue;
    if (olds.length === 1 && news.length === 1) {
      exact[olds[0] as number] = 1;
      exactNew[news[0] as number] = 1;
      addCandidate(olds[0] as number, news[0] as number, 1);
      continue;
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
      addCandidate(olds[i] as number, news[cell - i * news.length] as number, 1);
    }
  }

  // 2. Fuzzy candidates for units without a unique exact partner.
  const freeOld: number[] = [];
  const freeNew: number[] = [];
  for (let i = 0; i < oldUnits.length; i++) if (!exact[i]) freeOld.push(i);
  for (let j = 0; j < newUnits.length; j++) if (!exactNew[j]) freeNew.push(j);
  const similarityOf = options.wordSets ? wordSetDice : wordDice;
  const scored = (o: number, n: number): number => similarityOf(oldUnits[o] as Fingerprint, newUnits[n] as Fingerprint);
  // Each side's index covers the units without a unique exact partner; built once, on first use, and shared by
  // candidate generation and the search for splits and merges.
  const lazy = (build: () => ShingleIndex): (() => ShingleIndex) => {
    let index: ShingleIndex | undefined;
    return () => {
      index ??= build();
      return index;
    };
  };
  const indexes = {
    old: lazy(() => new ShingleIndex(oldUnits, freeOld, options.maxPostings, options.allShingles === true)),
    new: lazy(() => new ShingleIndex(newUnits, freeNew, options.maxPostings, options.allShingles === true)),
  };
  if (freeOld.length * freeNew.length <= EXHAUSTIVE_CELLS) {
    for (const o of freeOld) {
      for (const n of freeNew) {
        if ((oldUnits[o] as Fingerprint).key === (newUnits[n] as Fingerprint).key) continue; // added in step 1
        const similarity = scored(o, n);
        if (similarity >= options.minSimilarity) addCandidate(o, n, similarity);
      }
    }
  } else {
    // Look up from both sides and keep the union, so the candidate set is the same whichever edition is old.
    const seen = new Set<number>();
    const consider = (o: number, n: number): void => {
      const cell = o * newUnits.length + n;
      if (seen.has(cell)) return;
      seen.add(cell);
      if ((oldUnits[o] as Fingerprint).key === (newUnits[n] as Fingerprint).key) return; // added in step 1
      const similarity = scored(o, n);
      if (similarity >= options.minSimilarity) addCandidate(o, n, similarity);
    };
    for (const o of freeOld) {
      for (const n of indexes.new().nearest(oldUnits[o] as Fingerprint, options.candidatesPerUnit)) consider(o, n);
    }
    for (const n of freeNew) {
      for (const o of indexes.old().nearest(newUnits[n] as Fingerprint, options.candidatesPerUnit)) consider(o, n);
    }
  }

  // 3. Order: the heaviest chain.
  const chain = heaviestChain(candidates, newUnits.length);
  for (const id of chain) {
    const c = candidates[id] as Candidate & { similarity: number };
    oldPartner[c.old] = c.new;
    newPartner[c.new] = c.old;
    matches.push({ old: c.old, new: c.new, similarity: c.similarity, kind: 'ordered' });
  }

  // 4. Gaps between ordered pairs.
  const anchors = matches.map((m) => [m.old, m.new] as const);
  let previousOld = -1;
  let previousNew = -1;
  for (const [o, n] of [...anchors, [oldUnits.length, newUnits.length] as const]) {
    if (o - previousOld > 1 && n - previousNew > 1) {
      for (const m of alignGap(oldUnits, newUnits, previousOld + 1, o, previousNew + 1, n, options)) {
        oldPartner[m.old] = m.new;
        newPartner[m.new] = m.old;
        matches.push(m);
      }
    }
    previousOld = o;
    previousNew = n;
  }

  // 5. Moves, best first.
  const moves = candidates
    .filter((c) => oldPartner[c.old] === -1 && newPartner[c.new] === -1 && c.similarity >= options.minMoveSimilarity)
    .sort((a, b) => b.similarity - a.similarity || b.weight - a.weight);
  for (const c of moves) {
    if (oldPartner[c.old] !== -1 || newPartner[c.new] !== -1) continue;
    const a = oldUnits[c.old] as Fingerprint;
    const b = newUnits[c.new] as Fingerprint;
    if (Math.min(a.words.length, b.words.length) < options.minMoveWords) continue;
    oldPartner[c.old] = c.new;
    newPartner[c.new] = c.old;
    matches.push({ old: c.old, new: c.new, similarity: c.similarity, kind: 'moved' });
  }

  // 6. Splits and merges among what is still free.
  const groups = findGroups(oldUnits, newUnits, oldPartner, newPartner, matches, indexes, segments);

  matches.sort((a, b) => a.new - b.new);
  return { matches, groups, oldPartner, newPartner };
}

/** Map each key to the indices of the units that have it, in order. */
function groupByKey(units: readonly Fingerprint[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < units.length; i++) {
    const key = (units[i] as Fingerprint).key;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}

/** An index's postings: the units of each distinct shingle, contiguous, and the table that finds a shingle. */
interface Postings {
  /** Shingle s owns units[starts[s] .. starts[s+1]), in ascending unit order. */
  units: Uint32Array;
  starts: Uint32Array;
  /** The hash of each distinct shingle. */
  hashes: Uint32Array;
  /** Open-addressing table from hash to distinct-shingle number + 1 (0 = empty); its size is `mask` + 1. */
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
  let total = 0;
  for (const unit of members) total += indexed(units[unit] as Fingerprint, all).length;
  let size = 16;
  while (size < total * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size);
  // Distinct-shingle number of every occurrence, in member order; hashes and counts per distinct shingle.
  const occurrence = new Int32Array(total);
  const hashes = new Uint32Array(total);
  const counts = new Uint32Array(total + 1);
  let distinct = 0;
  let k = 0;
  for (const unit of members) {
    for (const hash of indexed(units[unit] as Fingerprint, all)) {
      let slot = shingleSlot(hash, mask);
      let entry = table[slot] as number;
      while (entry !== 0 && hashes[entry - 1] !== hash) {
        slot = (slot + 1) & mask;
        entry = table[slot] as number;
      }
      if (entry === 0) {
        hashes[distinct] = hash;
        entry = ++distinct;
        table[slot] = entry;
      }
      occurrence[k++] = entry - 1;
      counts[entry - 1] = (counts[entry - 1] as number) + 1;
    }
  }
  const starts = new Uint32Array(distinct + 1);
  for (let s = 0; s < distinct; s++) starts[s + 1] = (starts[s] as number) + (counts[s] as number);
  const cursor = starts.slice(0, distinct);
  const postings = new Uint32Array(total);
  k = 0;
  for (const unit of members) {
    const length = indexed(units[unit] as Fingerprint, all).length;
    for (let i = 0; i < length; i++) {
      const s = occurrence[k++] as number;
      postings[cursor[s] as number] = unit;
      cursor[s] = (cursor[s] as number) + 1;
    }
  }
  return { units: postings, starts, hashes: hashes.subarray(0, distinct), table, mask };
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
  private readonly hashes: Uint32Array;
  /** Open-addressing table from hash to distinct-shingle number + 1 (0 = empty). */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Reusable per-unit hit counters for `nearest`. */
  private readonly counts: Uint16Array;
  /** Lookups kept per query unit (see `nearest`). */
  private readonly ranked = new Map<Fingerprint, Ranked>();

  constructor(
    units: readonly Fingerprint[],
    members: readonly number[],
    private readonly maxPostings: number,
    private readonly all: boolean,
  ) {
    // The work is in its own function: V8 optimises a long constructor loop on stack replacement and then
    // deoptimises it at the next step it has no type feedback for, once per index built (about 200 times per large
    // compare).
    const postings = buildPostings(units, members, all);
    this.units = postings.units;
    this.starts = postings.starts;
    this.hashes = postings.hashes;
    this.table = postings.table;
    this.mask = postings.mask;
    this.counts = new Uint16Array(units.length);
  }

  private slotOf(hash: number): number {
    return shingleSlot(hash, this.mask);
  }

  /** The distinct-shingle number of `hash`, or -1. */
  private find(hash: number): number {
    for (let slot = this.slotOf(hash); ; slot = (slot + 1) & this.mask) {
      const entry = this.table[slot] as number;
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash) return entry - 1;
    }
  }

  /**
   * The units sharing the most rare shingles with `query`, at most `limit`: all of them in the order they were met
   * when they are no more than `limit`, else the best `limit` by shared shingles (ties to the lower unit).
   */
  nearest(query: Fingerprint, limit: number): number[] {
    if (limit > RANKED) return this.rank(query, limit).units;
    // The same unit is looked up twice, for candidates (step 2) and for splits and merges (step 6), with limits of
    // at most RANKED: the lookup is kept once, at RANKED, and each limit's answer is read off it.
    let ranked = this.ranked.get(query);
    if (!ranked) {
      ranked = this.rank(query, RANKED);
      this.ranked.set(query, ranked);
    }
    if (ranked.touched <= limit) return ranked.units.slice();
    if (ranked.touched <= RANKED) {
      const { units, counts } = ranked;
      return rankUnits(units, (unit) => counts[units.indexOf(unit)] as number, limit);
    }
    // Already the best RANKED in rank order; the best `limit` of them are its first ones.
    return ranked.units.slice(0, limit);
  }

  /** The units met by `query`'s rare shingles: all in order met when at most `limit`, else the best `limit` ranked. */
  private rank(query: Fingerprint, limit: number): Ranked {
    const touched: number[] = [];
    const counts = this.counts;
    for (const shingle of indexed(query, this.all)) {
      const s = this.find(shingle);
      if (s < 0) continue;
      const start = this.starts[s] as number;
      const end = this.starts[s + 1] as number;
      if (end - start > this.maxPostings) continue;
      for (let i = start; i < end; i++) {
        const unit = this.units[i] as number;
        if (counts[unit] === 0) touched.push(unit);
        counts[unit] = Math.min(65535, (counts[unit] as number) + 1);
      }
    }
    const units = touched.length > limit ? bestUnits(touched, counts, limit) : touched;
    const unitCounts = units.map((unit) => counts[unit] as number);
    for (const unit of touched) counts[unit] = 0;
    return { units, counts: unitCounts, touched: touched.length };
  }
}

/** Limit up to which `nearest` answers are kept per query: the most any caller asks for (splits and merges ask 8). */
const RANKED = 8;

/** A kept lookup: the units met (all, or the best RANKED in rank order), their shared-shingle counts, how many met. */
interface Ranked {
  units: number[];
  counts: number[];
  touched: number;
}

/** The best `limit` of `units` by `countOf(unit)`, most first, ties to the lower unit. */
function rankUnits(units: readonly number[], countOf: (unit: number) => number, limit: number): number[] {
  return [...units].sort((a, b) => countOf(b) - countOf(a) || a - b).slice(0, limit);
}

/**
 * The best `limit` of `units` by `counts[unit]`, most first, ties to the lower unit: what sorting them all and
 * keeping the first `limit` gives (the order is total), by insertion into a list of `limit` (a partial selection
 * sort: a lookup of a long unit meets thousands of units, of which eight are kept).
 */
export function bestUnits(units: readonly number[], counts: Uint16Array, limit: number): number[] {
  const best: number[] = [];
  for (const unit of units) {
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
    best.splice(at, 0, unit);
  }
  return best;
}

/** Order-preserving alignment of the units in a gap [oldStart, oldEnd) × [newStart, newEnd). */
function alignGap(
  oldUnits: readonly Fingerprint[],
  newUnits: readonly Fingerprint[],
  oldStart: number,
  oldEnd: number,
  newStart: number,
  newEnd: number,
  options: MatchOptions,
): UnitMatch[] {
  const rows = oldEnd - oldStart;
  const columns = newEnd - newStart;
  if (rows * columns > EXHAUSTIVE_CELLS) return [];
  const similarity = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      similarity[i * columns + j] =
        wordDice(oldUnits[oldStart + i] as Fingerprint, newUnits[newStart + j] as Fingerprint) +
        tieBreak(
          oldUnits[oldStart + i] as Fingerprint,
          newUnits[newStart + j] as Fingerprint,
          oldStart + i,
          newStart + j,
        );
    }
  }
  // score[i][j]: best total over the first i old and j new units (Needleman–Wunsch with zero gap cost).
  const score = new Float64Array((rows + 1) * (columns + 1));
  const at = (i: number, j: number): number => i * (columns + 1) + j;
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= columns; j++) {
      const s = similarity[(i - 1) * columns + (j - 1)] as number;
      const diagonal = s >= options.minGapSimilarity ? (score[at(i - 1, j - 1)] as number) + s : -1;
      score[at(i, j)] = Math.max(score[at(i - 1, j)] as number, score[at(i, j - 1)] as number, diagonal);
    }
  }
  const result: UnitMatch[] = [];
  for (let i = rows, j = columns; i > 0 && j > 0; ) {
    const s = similarity[(i - 1) * columns + (j - 1)] as number;
    if (s >= options.minGapSimilarity && score[at(i, j)] === (score[at(i - 1, j - 1)] as number) + s) {
      result.push({ old: oldStart + i - 1, new: newStart + j - 1, similarity: Math.min(1, s), kind: 'ordered' });
      i--;
      j--;
    } else if (score[at(i, j)] === score[at(i - 1, j)]) i--;
    else j--;
  }
  return result.reverse();
}

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
  for (let i = 0; i < sourceUnits.length; i++) {
    const partner = sourcePartner[i] as number;
    if (partner !== -1 && (pairSimilarity[i] as number) >= 0.95) continue;
    const source = sourceUnits[i] as Fingerprint;
    if (source.wordCount < 4) continue;
    const contained = (j: number): boolean => isContained(targetUnits[j] as Fingerprint, source, 0.8);
    // A partner the unit does not contain rules the unit out: asked before the index lookup, which it makes moot.
    if (partner !== -1 && !contained(partner)) continue;
    const parts = targetIndex()
      .nearest(source, 8)
      .filter((j) => targetPartner[j] === -1 && contained(j));
    if (parts.length === 0) continue;
    if (partner !== -1) parts.push(partner);
    parts.sort((a, b) => a - b);
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
  indexes: { old: () => ShingleIndex; new: () => ShingleIndex },
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
