/**
 * Alignment of two editions: every section, block and sentence of each gets exactly one relation.
 *
 * The pipeline, one function per step, each taking and returning plain values:
 *  1. `prepareEditions`: flatten both trees into unit tables and fingerprint blocks and headings (normalised key,
 *     word bag, shingles).
 *  2. `matchBlocks`: blocks are matched across the whole document (match.ts): exact anchors, rare-shingle
 *     candidates, the heaviest ordered chain, gap filling, moves, splits and merges. Blocks are the strongest
 *     evidence of what corresponds: headings get renumbered and retitled, paragraphs mostly survive
 *     (docs/decisions/0001-blocks-before-sections.md).
 *  3. `matchSections`: sections are paired from the blocks they share, their headings, their place and their order,
 *     all at once (sections.ts; docs/decisions/0008-same-number-same-provision.md).
 *  4. `matchLeftoverBlocks`: blocks still free are matched again inside each section pair, where repeated text
 *     ("*", "(weggefallen)") and reworded paragraphs have one obvious counterpart that the document-wide pass could
 *     not single out (the top-down refinement of tree alignment), then across the document: texts that occur once
 *     in each edition, moved-and-edited blocks of high similarity (Dice over distinct words), short blocks with one
 *     close counterpart in the whole other edition, and last, blocks rewritten where they stood (`pairInPlace`).
 *     `placeBlocks`: the global pass across sections. A block pair is `moved` only when its sections are not
 *     counterparts, or when it is out of reading order among the block pairs of its section pair (the heaviest
 *     chain, chain.ts). Anything else is in place, so "moved to the same place" cannot be produced.
 *  5. `emitSections`, `emitBlocks`, `emitSentences`: pairs per level in reading order of the new edition, deleted
 *     units where they stood. Sentences are matched inside every block pair (and split/merge group), then the
 *     sentences still free across the whole document are matched once more, so a sentence that moved to another
 *     paragraph is found.
 * Word changes and significance are added afterwards by the diff stage (`diffPairs`), on aligned pairs only.
 */
import type { AlignedPair, Relation, UnitRef } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { type NormalizeOptions, normalizeKey } from '../normalize/normalize.js';
import { type Candidate, heaviestChain } from './chain.js';
import { type Fingerprint, fingerprint, wordDice } from './fingerprint.js';
import {
  BLOCK_MATCH_OPTIONS,
  type Matching,
  type MatchOptions,
  matchUnits,
  tieBreak,
  type UnitMatch,
  type UnitSegments,
} from './match.js';
import { alignSections, type HeadingPrint, markOutOfOrder, pairedAncestor, type SectionMatching } from './sections.js';
import {
  type BlockUnit,
  blockRef,
  flattenDocument,
  type SectionUnit,
  type SentenceUnit,
  sectionRef,
  sentenceRef,
  titleRef,
  type UnitTables,
} from './units.js';

/** Options of the aligner: what differences do not count when deciding that units are the same. */
export interface AlignOptions extends NormalizeOptions {}

/**
 * One pair as the aligner decides it: which units correspond and how. The diff stage turns it into an
 * `AlignedPair` by adding word changes and significance.
 */
export type AlignmentPair = Omit<AlignedPair, 'changes' | 'significance'>;

/** Two editions' unit tables and the pairs that relate them. */
export interface Alignment {
  old: UnitTables;
  new: UnitTables;
  pairs: AlignmentPair[];
}

/** Thresholds for sentences inside aligned blocks. */
const SENTENCE_MATCH_OPTIONS: MatchOptions = { ...BLOCK_MATCH_OPTIONS, minGapSimilarity: 0.35 };

/** Sentences free after block-local matching pair up across the document only when nearly identical. */
const GLOBAL_SENTENCE_OPTIONS: MatchOptions = {
  ...BLOCK_MATCH_OPTIONS,
  minSimilarity: 0.8,
  minGapSimilarity: 0.8,
  minMoveSimilarity: 0.8,
  minMoveWords: 5,
};

/** One edition, flattened and fingerprinted (step 1). */
interface PreparedEdition {
  document: DocumentNode;
  tables: UnitTables;
  /** Fingerprints of the blocks' matching texts (`matchingText`: a numbered item without its number). */
  blockPrints: Fingerprint[];
  /** The normalised number of each numbered list item whose print leaves it out, '' for every other block. */
  blockMarkers: string[];
  headings: HeadingPrint[];
}

/** Both editions, flattened and fingerprinted, and the normalisation every step shares. */
interface PreparedEditions {
  old: PreparedEdition;
  new: PreparedEdition;
  keyOf: (text: string) => string;
}

/** Pair ids per unit index on each side, so children can name their parent pair. */
interface PairIds {
  old: string[];
  new: string[];
}

/** Align two parsed editions. Pure: the same trees and options always give the same pairs. */
export function alignDocuments(
  oldDocument: DocumentNode,
  newDocument: DocumentNode,
  options: AlignOptions = {},
): Alignment {
  const editions = prepareEditions(oldDocument, newDocument, options);
  const firstBlocks = matchBlocks(editions);
  const sections = matchSections(editions, firstBlocks);
  const blocks = matchLeftoverBlocks(editions, firstBlocks, sections);
  const movedBlocks = placeBlocks(editions, blocks, sections);
  const builder = new PairBuilder();
  const sectionIds = emitSections(editions, sections, blocks, builder);
  const blockIds = emitBlocks(editions, blocks, movedBlocks, sectionIds, builder);
  emitSentences(editions, blocks, sections, blockIds, builder);
  return { old: editions.old.tables, new: editions.new.tables, pairs: builder.finish() };
}

/** Step 1: unit tables, block fingerprints and heading fingerprints of both editions. */
export function prepareEditions(
  oldDocument: DocumentNode,
  newDocument: DocumentNode,
  options: AlignOptions,
): PreparedEditions {
  // The whitespace pass collapses runs; trimming makes leading and trailing space irrelevant too.
  const keyOf = (text: string): string => normalizeKey(text, options).trim();
  const prepare = (document: DocumentNode): PreparedEdition => {
    const tables = flattenDocument(document);
    const blockMarkers = tables.blocks.map((b) => {
      const marker = itemNumber(b);
      return marker === null ? '' : keyOf(marker);
    });
    return {
      document,
      tables,
      blockPrints: tables.blocks.map((b) => fingerprint(keyOf(matchingText(b)))),
      blockMarkers,
      headings: tables.sections.map((s) => ({
        label: s.heading.label === null ? '' : keyOf(s.heading.label),
        scheme: s.heading.scheme,
        title: fingerprint(keyOf(s.heading.title)),
      })),
    };
  };
  return { old: prepare(oldDocument), new: prepare(newDocument), keyOf };
}

/** A list marker that numbers its item ("十", "(4)", "b)"), unlike a bullet ("*", "-", "•"). */
const NUMBERING_MARKER = /[\p{L}\p{N}]/u;

/**
 * The number a numbered list item's text opens with ("b)" of "b)  Medizinprodukten,"), or null: also for an item
 * that is its number alone, which has nothing else to be matched on.
 */
function itemNumber(block: BlockUnit): string | null {
  const node = block.node;
  if (node.type !== 'listItem' || !NUMBERING_MARKER.test(node.marker) || !node.value.startsWith(node.marker))
    return null;
  return NUMBERING_MARKER.test(node.value.slice(node.marker.length)) ? node.marker : null;
}

/**
 * The text a block is matched on: a numbered list item's words without its number. An item's number says where it
 * stands, not what it says, so when a list gains an item ("b) Tierarzneimitteln" inserted, the old "b)
 * Medizinprodukten" now "c)"), the identical text under a new number is the item's partner, and the old number on
 * a new text is not evidence (the same reading as decision 0008's list ordinals). Whether the pair reads the same
 * is still judged on the whole text (`blockMarkers`): such a pair is `renumbered`.
 */
function matchingText(block: BlockUnit): string {
  const marker = itemNumber(block);
  return marker === null ? block.node.value : block.node.value.slice(marker.length);
}

/** Whether two paired blocks read the same after normalisation, numbers of list items included. */
function sameBlockText(editions: PreparedEditions, o: number, n: number): boolean {
  return (
    (editions.old.blockPrints[o] as Fingerprint).key === (editions.new.blockPrints[n] as Fingerprint).key &&
    editions.old.blockMarkers[o] === editions.new.blockMarkers[n]
  );
}

/** Step 2: blocks matched across the whole document. */
function matchBlocks(editions: PreparedEditions): Matching {
  return matchUnits(editions.old.blockPrints, editions.new.blockPrints, BLOCK_MATCH_OPTIONS, blockSegments(editions));
}

/** The section of every block on each side (-1 before the first heading): split and merge pieces share one. */
function blockSegments(editions: PreparedEditions): UnitSegments {
  return {
    old: editions.old.tables.blocks.map((b) => b.section),
    new: editions.new.tables.blocks.map((b) => b.section),
  };
}

/** Step 3: sections paired on content, heading, place and order. */
function matchSections(editions: PreparedEditions, blocks: Matching): SectionMatching {
  return alignSections({ old: editions.old, new: editions.new, blocks });
}

/** Leftover blocks pair inside a section pair with the matcher's own thresholds … */
const SECTION_LEFTOVER_OPTIONS: MatchOptions = { ...BLOCK_MATCH_OPTIONS, minMoveWords: 1 };
/**
 * … and across the document only when clearly the same text, moved and edited: Dice 0.6 over sets of distinct words
 * (a long paragraph's repeated function words would pull the multiset form down), for blocks of six words or more.
 */
const MOVED_LEFTOVER_OPTIONS: MatchOptions = {
  ...BLOCK_MATCH_OPTIONS,
  wordSets: true,
  minSimilarity: 0.6,
  minGapSimilarity: 0.6,
  minMoveSimilarity: 0.6,
  minMoveWords: 6,
  maxPostings: 64,
  candidatesPerUnit: 8,
  allShingles: true,
};

/** Step 4a: the block matching completed with the blocks left free by step 2 (see the outline). */
function matchLeftoverBlocks(editions: PreparedEditions, first: Matching, sections: SectionMatching): Matching {
  const blocks: Matching = {
    matches: [...first.matches],
    groups: first.groups,
    oldPartner: first.oldPartner.slice(),
    newPartner: first.newPartner.slice(),
  };
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const isFree = (partner: Int32Array, grouped: Uint8Array, i: number): boolean =>
    partner[i] === -1 && grouped[i] === 0;
  const groupedOld = new Uint8Array(oldTables.blocks.length);
  const groupedNew = new Uint8Array(newTables.blocks.length);
  for (const g of blocks.groups) {
    for (const i of g.old) groupedOld[i] = 1;
    for (const i of g.new) groupedNew[i] = 1;
  }
  const adopt = (matching: Matching, olds: number[], news: number[]): void => {
    for (let k = 0; k < matching.matches.length; k++) {
      const m = matching.matches[k] as UnitMatch;
      const o = olds[m.old] as number;
      const n = news[m.new] as number;
      blocks.oldPartner[o] = n;
      blocks.newPartner[n] = o;
      blocks.matches.push({ old: o, new: n, similarity: m.similarity, kind: m.kind });
    }
  };
  // Inside each section pair (and before the first heading), among the section's own blocks.
  const freeIn = (tables: UnitTables, section: number, partner: Int32Array, grouped: Uint8Array): number[] =>
    (section < 0
      ? tables.blocks.filter((b) => b.section < 0).map((b) => b.index)
      : (tables.sections[section] as SectionUnit).blocks
    ).filter((i) => isFree(partner, grouped, i));
  const pairsOfSections: Array<[number, number]> = [[-1, -1]];
  sections.oldPartner.forEach((b, a) => {
    if (b >= 0) pairsOfSections.push([a, b]);
  });
  let free = 0;
  for (const [a, b] of pairsOfSections) {
    const olds = freeIn(oldTables, a, blocks.oldPartner, groupedOld);
    if (olds.length === 0) continue;
    const news = freeIn(newTables, b, blocks.newPartner, groupedNew);
    if (news.length === 0) continue;
    free++;
    const matching = matchUnits(
      olds.map((i) => editions.old.blockPrints[i] as Fingerprint),
      news.map((i) => editions.new.blockPrints[i] as Fingerprint),
      SECTION_LEFTOVER_OPTIONS,
    );
    adopt(matching, olds, news);
  }
  // Across the document: what is still free on both sides, paired only when clearly the same text.
  // Only blocks long enough to be reported as moved, or identical to a free block of the other side, take part,
  // which keeps the index small.
  let freeOld = oldTables.blocks.map((b) => b.index).filter((i) => isFree(blocks.oldPartner, groupedOld, i));
  let freeNew = newTables.blocks.map((b) => b.index).filter((i) => isFree(blocks.newPartner, groupedNew, i));
  // A text that occurs exactly once in each edition, free on both sides, is one block wherever it went, however
  // short ("* Age" regrouped under another heading): the "unique lines" of patience diff, edition-wide.
  const unique = pairUniqueTexts(editions, freeOld, freeNew);
  if (unique.length > 0) {
    for (const [o, n] of unique) {
      blocks.oldPartner[o] = n;
      blocks.newPartner[n] = o;
      blocks.matches.push({ old: o, new: n, similarity: 1, kind: 'moved' });
    }
    freeOld = freeOld.filter((i) => blocks.oldPartner[i] === -1);
    freeNew = freeNew.filter((i) => blocks.newPartner[i] === -1);
  }
  const keys = (prints: readonly Fingerprint[], free: number[]): Set<string> =>
    new Set(free.map((i) => (prints[i] as Fingerprint).key));
  const oldKeys = keys(editions.old.blockPrints, freeOld);
  const newKeys = keys(editions.new.blockPrints, freeNew);
  const takesPart = (prints: readonly Fingerprint[], other: Set<string>, i: number): boolean =>
    (prints[i] as Fingerprint).wordCount >= MOVED_LEFTOVER_OPTIONS.minMoveWords ||
    other.has((prints[i] as Fingerprint).key);
  const olds = freeOld.filter((i) => takesPart(editions.old.blockPrints, newKeys, i));
  const news = freeNew.filter((i) => takesPart(editions.new.blockPrints, oldKeys, i));
  if (olds.length > 0 && news.length > 0) {
    const matching = matchUnits(
      olds.map((i) => editions.old.blockPrints[i] as Fingerprint),
      news.map((i) => editions.new.blockPrints[i] as Fingerprint),
      MOVED_LEFTOVER_OPTIONS,
      {
        old: olds.map((i) => (oldTables.blocks[i] as BlockUnit).section),
        new: news.map((i) => (newTables.blocks[i] as BlockUnit).section),
      },
    );
    adopt(matching, olds, news);
  }
  const short = pairUniqueShortTexts(
    editions,
    oldTables.blocks.map((b) => b.index).filter((i) => isFree(blocks.oldPartner, groupedOld, i)),
    newTables.blocks.map((b) => b.index).filter((i) => isFree(blocks.newPartner, groupedNew, i)),
  );
  for (const [o, n, similarity] of short) {
    blocks.oldPartner[o] = n;
    blocks.newPartner[n] = o;
    blocks.matches.push({ old: o, new: n, similarity, kind: 'moved' });
  }
  const placed = pairInPlace(editions, blocks, pairsOfSections, isFree, groupedOld, groupedNew);
  if (free > 0 || olds.length > 0 || placed > 0 || unique.length + short.length > 0)
    blocks.matches.sort((x, y) => x.new - y.new);
  return blocks;
}

/** Distinct words of a short text that make it evidence of itself: fewer are a bullet such as "* Age". */
const MIN_SHORT_WORDS = 3;
/** Least Dice over distinct words for a short text and its one counterpart. */
const MIN_SHORT_SIMILARITY = 0.6;

/**
 * Short free blocks (under the moved pass's six words) that have exactly one close counterpart in the whole other
 * edition, and are that counterpart's only close one in theirs: word-set Dice ≥ 0.6 with nothing else reaching it
 * ("* Reveal personal information" regrouped under a new heading with a word changed). Boilerplate such as
 * "(4) Der Versuch ist strafbar." has many close texts on each side and stays deleted and inserted: which of its
 * copies went where is not known. Returns (old, new, similarity) triples.
 */
function pairUniqueShortTexts(
  editions: PreparedEditions,
  freeOld: number[],
  freeNew: number[],
): Array<[number, number, number]> {
  const limit = MOVED_LEFTOVER_OPTIONS.minMoveWords;
  // At least one of the two must be short: two long blocks were the moved pass's to pair.
  const isShort = (print: Fingerprint): boolean => print.wordCount < limit;
  if (
    !freeOld.some((o) => isShort(editions.old.blockPrints[o] as Fingerprint)) &&
    !freeNew.some((n) => isShort(editions.new.blockPrints[n] as Fingerprint))
  )
    return [];
  // A text within Dice 0.6 of a text of at most five distinct words has at most eleven: index those of each side.
  const longest = Math.floor((2 * (limit - 1)) / MIN_SHORT_SIMILARITY) - (limit - 1);
  const index = (prints: readonly Fingerprint[]) => {
    const words: Uint32Array[] = new Array(prints.length);
    const postings = new Map<number, number[]>();
    // Indexed loops: this runs once, cold, and an unoptimised for…of allocates an iterator result per step.
    for (let i = 0; i < prints.length; i++) {
      const print = prints[i] as Fingerprint;
      // wordCount, not words: most blocks of an edition are longer, and need no word analysis to be left out.
      if (print.wordCount === 0 || print.wordCount > 2 * longest) continue;
      const set = print.distinctWords;
      if (set.length > longest) continue;
      words[i] = set;
      for (let k = 0; k < set.length; k++) {
        const w = set[k] as number;
        const list = postings.get(w);
        if (list) list.push(i);
        else postings.set(w, [i]);
      }
    }
    return { words, postings, counts: new Uint16Array(prints.length) };
  };
  const oldIndex = index(editions.old.blockPrints);
  const newIndex = index(editions.new.blockPrints);
  // The units a `close` met, reused across calls: a common word's postings are long, and a list per call was most
  // of this step's garbage.
  let touched = new Int32Array(64);
  /** The unit `close` found when it found exactly one, and its similarity. */
  let closeUnit = -1;
  let closeSimilarity = 0;
  /**
   * How many units of `target` lie within Dice 0.6 of `set` (the one found, when one, in closeUnit and
   * closeSimilarity): at most two are needed to know it is not unique, but all are counted, as before.
   */
  const close = (set: Uint32Array, target: ReturnType<typeof index>): number => {
    let met = 0;
    for (let k = 0; k < set.length; k++) {
      const list = target.postings.get(set[k] as number);
      if (list === undefined) continue;
      for (let l = 0; l < list.length; l++) {
        const unit = list[l] as number;
        if (target.counts[unit] === 0) {
          if (met === touched.length) {
            const grown = new Int32Array(2 * met);
            grown.set(touched);
            touched = grown;
          }
          touched[met++] = unit;
        }
        target.counts[unit] = (target.counts[unit] as number) + 1;
      }
    }
    let found = 0;
    for (let t = 0; t < met; t++) {
      const unit = touched[t] as number;
      const similarity =
        (2 * (target.counts[unit] as number)) / (set.length + (target.words[unit] as Uint32Array).length);
      if (similarity >= MIN_SHORT_SIMILARITY) {
        if (found === 0) {
          closeUnit = unit;
          closeSimilarity = similarity;
        }
        found++;
      }
      target.counts[unit] = 0;
    }
    return found;
  };
  const freeNewSet = new Uint8Array(editions.new.blockPrints.length);
  for (let k = 0; k < freeNew.length; k++) freeNewSet[freeNew[k] as number] = 1;
  const pairs: Array<[number, number, number]> = [];
  for (let k = 0; k < freeOld.length; k++) {
    const o = freeOld[k] as number;
    const set = oldIndex.words[o];
    if (!set || set.length < MIN_SHORT_WORDS) continue;
    if (close(set, newIndex) !== 1) continue;
    const n = closeUnit;
    const similarity = closeSimilarity;
    const newSet = newIndex.words[n] as Uint32Array;
    if (freeNewSet[n] === 0 || newSet.length < MIN_SHORT_WORDS) continue;
    if (!isShort(editions.old.blockPrints[o] as Fingerprint) && !isShort(editions.new.blockPrints[n] as Fingerprint))
      continue;
    if (close(newSet, oldIndex) !== 1 || closeUnit !== o) continue;
    pairs.push([o, n, similarity]);
  }
  return pairs;
}

/** Free blocks whose normalised text occurs exactly once in each whole edition, as (old, new) pairs. */
function pairUniqueTexts(editions: PreparedEditions, freeOld: number[], freeNew: number[]): Array<[number, number]> {
  const counts = (prints: readonly Fingerprint[]): Map<string, number> => {
    const map = new Map<string, number>();
    for (let k = 0; k < prints.length; k++) {
      const key = (prints[k] as Fingerprint).key;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return map;
  };
  const freeNewByKey = new Map(freeNew.map((n) => [(editions.new.blockPrints[n] as Fingerprint).key, n]));
  const candidates = freeOld.filter((o) => freeNewByKey.has((editions.old.blockPrints[o] as Fingerprint).key));
  if (candidates.length === 0) return [];
  const oldCounts = counts(editions.old.blockPrints);
  const newCounts = counts(editions.new.blockPrints);
  const pairs: Array<[number, number]> = [];
  for (const o of candidates) {
    const key = (editions.old.blockPrints[o] as Fingerprint).key;
    if (key === '' || oldCounts.get(key) !== 1 || newCounts.get(key) !== 1) continue;
    pairs.push([o, freeNewByKey.get(key) as number]);
  }
  return pairs;
}

/** Least word Dice of a rewritten block kept at its place, next to the same anchor in a section pair. */
const MIN_IN_PLACE_SIMILARITY = 0.3;

/**
 * The free blocks among units[from, to) into `span`: how many, the first and the last (-1 when there is none). The
 * old and the new side of a gap are scanned alike.
 */
function freeSpan(
  units: readonly number[],
  from: number,
  to: number,
  free: (unit: number) => boolean,
  span: Int32Array,
): void {
  let count = 0;
  let first = -1;
  let last = -1;
  for (let k = from; k < to; k++) {
    const unit = units[k] as number;
    if (!free(unit)) continue;
    if (count++ === 0) first = unit;
    last = unit;
  }
  span[0] = count;
  span[1] = first;
  span[2] = last;
}

/**
 * Step 4a, last: a block rewritten where it stood. Inside each section pair, the block pairs in reading order are
 * anchors; between two consecutive anchors (or a section's start or end), the first free blocks of both sides and
 * the last free blocks of both sides stand at one place, next to the same anchor. Such a pair is the same paragraph
 * rewritten when its words reach a Dice of 0.3, below what pairs blocks found anywhere else: its place is the evidence (as a line diff calls a changed line between two
 * unchanged ones a modification). Run after every other pass, so a block that went elsewhere has already found its
 * partner there. Returns the number of pairs added.
 */
function pairInPlace(
  editions: PreparedEditions,
  blocks: Matching,
  pairsOfSections: Array<[number, number]>,
  isFree: (partner: Int32Array, grouped: Uint8Array, i: number) => boolean,
  groupedOld: Uint8Array,
  groupedNew: Uint8Array,
): number {
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const own = (tables: UnitTables, section: number): number[] =>
    section < 0
      ? tables.blocks.filter((b) => b.section < 0).map((b) => b.index)
      : (tables.sections[section] as SectionUnit).blocks;
  // Indexed loops, a rank table reused by every section pair, and each gap's free ends found by a scan: this runs
  // over every section pair, cold, where a map, slices, filters and tuples per pair and gap were most of its cost.
  const rankOf = new Int32Array(newTables.blocks.length).fill(-1);
  /** Pair old block o and new block n rewritten at one place, when alike enough; returns the number paired. */
  const pairAtPlace = (o: number, n: number): number => {
    const x = editions.old.blockPrints[o] as Fingerprint;
    const y = editions.new.blockPrints[n] as Fingerprint;
    const similarity = inPlaceSimilarity(editions, o, n, x, y);
    if (similarity < MIN_IN_PLACE_SIMILARITY) return 0;
    blocks.oldPartner[o] = n;
    blocks.newPartner[n] = o;
    blocks.matches.push({ old: o, new: n, similarity, kind: 'ordered' });
    return 1;
  };
  // Each gap's free blocks on each side, reused by every gap (see freeSpan).
  const oldFree = (o: number): boolean => isFree(blocks.oldPartner, groupedOld, o);
  const newFree = (n: number): boolean => isFree(blocks.newPartner, groupedNew, n);
  const oldSpan = new Int32Array(3);
  const newSpan = new Int32Array(3);
  let added = 0;
  for (let p = 0; p < pairsOfSections.length; p++) {
    const sectionPair = pairsOfSections[p] as [number, number];
    const olds = own(oldTables, sectionPair[0]);
    const news = own(newTables, sectionPair[1]);
    if (olds.length === 0 || news.length === 0) continue;
    // Anchors: the block pairs of this section pair, their heaviest chain in reading order.
    for (let k = 0; k < news.length; k++) rankOf[news[k] as number] = k;
    const pairs: Candidate[] = [];
    for (let k = 0; k < olds.length; k++) {
      const o = olds[k] as number;
      const n = blocks.oldPartner[o] as number;
      const rank = n < 0 ? -1 : (rankOf[n] as number);
      if (rank < 0) continue;
      const x = editions.old.blockPrints[o] as Fingerprint;
      const y = editions.new.blockPrints[n] as Fingerprint;
      pairs.push({ old: k, new: rank, weight: 1 + Math.min(x.weight, y.weight) + tieBreak(x, y, o, n) });
    }
    for (let k = 0; k < news.length; k++) rankOf[news[k] as number] = -1;
    const chain = heaviestChain(pairs, news.length);
    let previousOld = -1;
    let previousNew = -1;
    // Each gap between consecutive anchors, and after the last one (up to the section pair's end).
    for (let c = 0; c <= chain.length; c++) {
      const anchor = c < chain.length ? (pairs[chain[c] as number] as Candidate) : null;
      const anchorOld = anchor ? anchor.old : olds.length;
      const anchorNew = anchor ? anchor.new : news.length;
      freeSpan(olds, previousOld + 1, anchorOld, oldFree, oldSpan);
      freeSpan(news, previousNew + 1, anchorNew, newFree, newSpan);
      previousOld = anchorOld;
      previousNew = anchorNew;
      const freeOlds = oldSpan[0] as number;
      const freeNews = newSpan[0] as number;
      if (freeOlds === 0 || freeNews === 0) continue;
      // The first free blocks of both sides, and the last ones when each side has two or more.
      added += pairAtPlace(oldSpan[1] as number, newSpan[1] as number);
      if (freeOlds > 1 && freeNews > 1) added += pairAtPlace(oldSpan[2] as number, newSpan[2] as number);
    }
  }
  return added;
}

/**
 * Word Dice of two blocks at one place, their item numbers counted as one word each: at the same place, the same
 * number is evidence of the same provision (decision 0008), as it was before numbers were left out of matching
 * texts (特許法 第百四十五条 ４ rewritten under its number).
 */
function inPlaceSimilarity(editions: PreparedEditions, o: number, n: number, x: Fingerprint, y: Fingerprint): number {
  const similarity = wordDice(x, y);
  const oldMarker = editions.old.blockMarkers[o] as string;
  const newMarker = editions.new.blockMarkers[n] as string;
  if (oldMarker === '' && newMarker === '') return similarity;
  const total = x.words.length + y.words.length;
  const shared = similarity * total + (oldMarker === newMarker ? 2 : 0);
  return shared / (total + (oldMarker === '' ? 0 : 1) + (newMarker === '' ? 0 : 1));
}

/** Step 4b: which one-to-one block pairs are moved, by old block index (see the outline). */
function placeBlocks(editions: PreparedEditions, blocks: Matching, sections: SectionMatching): Uint8Array {
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const moved = new Uint8Array(oldTables.blocks.length);
  const groups = new Map<number, Candidate[]>();
  for (let k = 0; k < blocks.matches.length; k++) {
    const m = blocks.matches[k] as UnitMatch;
    const oldSection = (oldTables.blocks[m.old] as BlockUnit).section;
    const newSection = (newTables.blocks[m.new] as BlockUnit).section;
    const place = placeOf(editions, sections, oldSection, newSection);
    if (place === null) {
      moved[m.old] = 1;
      continue;
    }
    const a = editions.old.blockPrints[m.old] as Fingerprint;
    const b = editions.new.blockPrints[m.new] as Fingerprint;
    const candidate = {
      old: m.old,
      new: m.new,
      weight: 1 + Math.min(a.weight, b.weight) + tieBreak(a, b, m.old, m.new),
    };
    const group = groups.get(place);
    if (group) group.push(candidate);
    else groups.set(place, [candidate]);
  }
  for (const group of groups.values()) markOutOfOrder(group, moved);
  return moved;
}

/**
 * The place a block in old section `o` and new section `n` (-1: before the first heading) shares with its partner,
 * as a group key for the order check, or null when it left its section. When either section is paired, the two must
 * be partners (key: the new section). When both are unpaired (a deleted and an inserted section the evidence could
 * not tie), their nearest paired ancestors decide, so a block does not "move" between two unpaired sections at one
 * place (key: below the new anchor). When only one is paired and the unpaired one reads the same as the paired
 * one's partner, heading by heading up to the top (a second copy of the same section, as in a page that printed
 * the current and the coming terms one after the other), the block stays at a place that reads the same, so it is
 * judged at that place (key: the new section its old section's twin went to). Keys name pairs of places, so they
 * are the same whichever edition is old.
 */
function placeOf(editions: PreparedEditions, sections: SectionMatching, o: number, n: number): number | null {
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const oldPaired = o < 0 || (sections.oldPartner[o] as number) >= 0;
  const newPaired = n < 0 || (sections.newPartner[n] as number) >= 0;
  if (oldPaired && newPaired) return (o < 0 ? n < 0 : sections.oldPartner[o] === n) ? n : null;
  if (oldPaired) {
    const partner = o < 0 ? -1 : (sections.oldPartner[o] as number);
    return partner >= 0 && sameHeadingPath(editions.new, partner, editions.new, n) ? partner : null;
  }
  if (newPaired) {
    const partner = n < 0 ? -1 : (sections.newPartner[n] as number);
    return partner >= 0 && sameHeadingPath(editions.old, o, editions.old, partner) ? n : null;
  }
  const oldAnchor = pairedAncestor(oldTables.sections, o, sections.oldPartner);
  const newAnchor = pairedAncestor(newTables.sections, n, sections.newPartner);
  return (oldAnchor < 0 ? -1 : sections.oldPartner[oldAnchor]) === newAnchor ? -3 - newAnchor : null;
}

/** Whether section x of edition a and section y of edition b have the same headings, from themselves up to the top. */
function sameHeadingPath(a: PreparedEdition, x: number, b: PreparedEdition, y: number): boolean {
  while (x >= 0 && y >= 0) {
    const p = a.headings[x] as HeadingPrint;
    const q = b.headings[y] as HeadingPrint;
    if (p.label !== q.label || p.title.key !== q.title.key) return false;
    x = (a.tables.sections[x] as SectionUnit).parent;
    y = (b.tables.sections[y] as SectionUnit).parent;
  }
  return x < 0 && y < 0;
}

/** Step 5a: the document title and every section pair; returns the pair id of every section. */
function emitSections(
  editions: PreparedEditions,
  sections: SectionMatching,
  blocks: Matching,
  builder: PairBuilder,
): PairIds {
  const { keyOf } = editions;
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const oldHeadings = editions.old.headings;
  const newHeadings = editions.new.headings;

  // The document title, outside every section.
  const oldTitle = editions.old.document.title;
  const newTitle = editions.new.document.title;
  if (oldTitle || newTitle) {
    const same = oldTitle && newTitle && keyOf(oldTitle.value) === keyOf(newTitle.value);
    const relation: Relation = !newTitle ? 'deleted' : !oldTitle ? 'inserted' : same ? 'unchanged' : 'retitled';
    builder.add(
      'section',
      relation,
      same ? 1 : 0,
      oldTitle ? titleRef(oldTitle) : null,
      newTitle ? titleRef(newTitle) : null,
      -1,
      undefined,
      undefined,
      oldTitle && newTitle ? { labelChanged: false, titleChanged: !same } : undefined,
    );
  }

  const ids: PairIds = {
    old: new Array<string>(oldTables.sections.length),
    new: new Array<string>(newTables.sections.length),
  };
  const oldSectionOrder = orderKeys(sections.oldPartner, newTables.sections.length);
  for (let k = 0; k < newTables.sections.length; k++) {
    const section = newTables.sections[k] as SectionUnit;
    const o = sections.newPartner[section.index] as number;
    const oldSection = o >= 0 ? (oldTables.sections[o] as SectionUnit) : null;
    const relation = oldSection
      ? sectionRelation(oldSection, section, editions, sections.moved[o] === 1, blocks)
      : 'inserted';
    const labelChanged = oldSection ? oldHeadings[o]?.label !== newHeadings[section.index]?.label : false;
    const titleChanged = oldSection ? oldHeadings[o]?.title.key !== newHeadings[section.index]?.title.key : false;
    const id = builder.add(
      'section',
      relation,
      oldSection ? (sections.similarity[o] as number) : 0,
      oldSection ? sectionRef(oldSection) : null,
      sectionRef(section),
      section.index,
      undefined,
      undefined,
      oldSection ? { labelChanged, titleChanged } : undefined,
    );
    ids.new[section.index] = id;
    if (oldSection) ids.old[o] = id;
  }
  for (let k = 0; k < oldTables.sections.length; k++) {
    const section = oldTables.sections[k] as SectionUnit;
    if (sections.oldPartner[section.index] !== -1) continue;
    ids.old[section.index] = builder.add(
      'section',
      'deleted',
      0,
      sectionRef(section),
      null,
      oldSectionOrder[section.index] as number,
    );
  }
  return ids;
}

/** Step 5b: block pairs (one-to-one, split and merged groups, inserted, deleted); returns their pair ids. */
function emitBlocks(
  editions: PreparedEditions,
  blocks: Matching,
  moved: Uint8Array,
  sectionIds: PairIds,
  builder: PairBuilder,
): PairIds {
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  const ids: PairIds = {
    old: new Array<string>(oldTables.blocks.length),
    new: new Array<string>(newTables.blocks.length),
  };
  const parentOf = (oldBlock: BlockUnit | null, newBlock: BlockUnit | null): string | undefined =>
    newBlock ? sectionIds.new[newBlock.section] : oldBlock ? sectionIds.old[oldBlock.section] : undefined;
  const oldBlockOrder = orderKeys(blocks.oldPartner, newTables.blocks.length);
  for (let k = 0; k < blocks.matches.length; k++) {
    const m = blocks.matches[k] as UnitMatch;
    const ob = oldTables.blocks[m.old] as BlockUnit;
    const nb = newTables.blocks[m.new] as BlockUnit;
    const identical = sameBlockText(editions, m.old, m.new);
    const markers = renumberedItem(editions, ob, nb);
    const relation: Relation =
      moved[m.old] === 1 ? 'moved' : markers ? 'renumbered' : identical ? 'unchanged' : 'modified';
    const oldRef = blockRef(oldTables, ob);
    const newRef = blockRef(newTables, nb);
    if (markers) {
      oldRef.label = markers[0];
      newRef.label = markers[1];
    }
    const id = builder.add('block', relation, identical ? 1 : m.similarity, oldRef, newRef, m.new, parentOf(ob, nb));
    ids.old[m.old] = id;
    ids.new[m.new] = id;
  }
  for (const g of blocks.groups) {
    const olds = g.old.map((i) => oldTables.blocks[i] as BlockUnit);
    const news = g.new.map((i) => newTables.blocks[i] as BlockUnit);
    const [firstOld, ...restOld] = olds;
    const [firstNew, ...restNew] = news;
    if (!firstOld || !firstNew) continue;
    const group =
      g.kind === 'split' ? restNew.map((b) => blockRef(newTables, b)) : restOld.map((b) => blockRef(oldTables, b));
    const id = builder.add(
      'block',
      g.kind,
      g.similarity,
      blockRef(oldTables, firstOld),
      blockRef(newTables, firstNew),
      firstNew.index,
      parentOf(firstOld, firstNew),
      group,
    );
    for (const b of olds) ids.old[b.index] = id;
    for (const b of news) ids.new[b.index] = id;
  }
  for (let k = 0; k < newTables.blocks.length; k++) {
    const block = newTables.blocks[k] as BlockUnit;
    if (ids.new[block.index]) continue;
    ids.new[block.index] = builder.add(
      'block',
      'inserted',
      0,
      null,
      blockRef(newTables, block),
      block.index,
      parentOf(null, block),
    );
  }
  for (let k = 0; k < oldTables.blocks.length; k++) {
    const block = oldTables.blocks[k] as BlockUnit;
    if (ids.old[block.index]) continue;
    ids.old[block.index] = builder.add(
      'block',
      'deleted',
      0,
      blockRef(oldTables, block),
      null,
      oldBlockOrder[block.index] as number,
      parentOf(block, null),
    );
  }
  return ids;
}

/**
 * The two markers of a list item pair whose number changed (号 item 十 now 十七, "(4)" now "(3)"), or null. Such a
 * pair is `renumbered`, as a section whose label changed is, rather than `modified` with its number shown as a word
 * change (issue 11). Bullets carry no number, so a changed bullet is not a renumbering.
 */
function renumberedItem(editions: PreparedEditions, ob: BlockUnit, nb: BlockUnit): [string, string] | null {
  if (ob.node.type !== 'listItem' || nb.node.type !== 'listItem') return null;
  const before = ob.node.marker;
  const after = nb.node.marker;
  if (!NUMBERING_MARKER.test(before) || !NUMBERING_MARKER.test(after)) return null;
  return editions.keyOf(before) === editions.keyOf(after) ? null : [before, after];
}

/** A sentence pairing before it becomes pairs: one-to-one, or a split/merge group. */
interface SentencePairing {
  old: number[];
  new: number[];
  similarity: number;
  relation: Relation;
  parent?: string;
}

/**
 * Step 5c: sentences, inside every block pair and split/merge group, then across the document among those still
 * free. A sentence's relation is relative to its block pair: the sentences of a moved block are unchanged, and a
 * sentence of a block pair is `moved` only when out of order inside it. A sentence found across the document is
 * `moved` only when it left its section pair (placeOf) or is out of reading order among the sentence pairs there:
 * a paragraph rewritten or regrouped where it stood (a deleted and an inserted block) keeps its surviving sentences
 * in place, so "moved from A › B to A › B" cannot be produced for sentences either.
 */
function emitSentences(
  editions: PreparedEditions,
  blocks: Matching,
  sections: SectionMatching,
  blockIds: PairIds,
  builder: PairBuilder,
): void {
  const { keyOf } = editions;
  const oldTables = editions.old.tables;
  const newTables = editions.new.tables;
  // Sentence fingerprints are made on first use: the sentences of identical blocks (most of a long edition) never
  // need one. The sentence of a one-sentence block reads as the block does (its text is the block's, which was
  // fingerprinted whole when no item number was left out): it takes the block's print, normalised and perhaps
  // already analysed, instead of a second one of the same key.
  const lazyPrints = (edition: PreparedEdition): ((i: number) => Fingerprint) => {
    const { tables } = edition;
    const cache: Array<Fingerprint | undefined> = new Array(tables.sentences.length);
    return (i) => {
      let print = cache[i];
      if (!print) {
        const sentence = tables.sentences[i] as SentenceUnit;
        const block = tables.blocks[sentence.block] as BlockUnit;
        print =
          block.sentences.length === 1 &&
          edition.blockMarkers[block.index] === '' &&
          block.node.value === sentence.node.value
            ? (edition.blockPrints[block.index] as Fingerprint)
            : fingerprint(keyOf(sentence.node.value));
        cache[i] = print;
      }
      return print;
    };
  };
  const oldSentencePrint = lazyPrints(editions.old);
  const newSentencePrint = lazyPrints(editions.new);
  const sentenceOldPartner = new Int32Array(oldTables.sentences.length).fill(-1);
  const sentenceNewPartner = new Int32Array(newTables.sentences.length).fill(-1);
  const sentencePairs: SentencePairing[] = [];
  // Across-document pairings between blocks that are not one pair, still at one place: moved only if out of order.
  const pending: number[] = [];
  const sentencePlace = (o: number, n: number): number | null =>
    placeOf(
      editions,
      sections,
      (oldTables.blocks[(oldTables.sentences[o] as { block: number }).block] as BlockUnit).section,
      (newTables.blocks[(newTables.sentences[n] as { block: number }).block] as BlockUnit).section,
    );
  const recordSentences = (
    matching: Matching,
    oldIndices: number[],
    newIndices: number[],
    parent: string | undefined,
    across: boolean,
  ): void => {
    for (let k = 0; k < matching.matches.length; k++) {
      const m = matching.matches[k] as UnitMatch;
      const o = oldIndices[m.old] as number;
      const n = newIndices[m.new] as number;
      sentenceOldPartner[o] = n;
      sentenceNewPartner[n] = o;
      const identical = oldSentencePrint(o).key === newSentencePrint(n).key;
      // Across the document a pairing is a move only when the two sentences' blocks are not one pair.
      const left = across
        ? blockIds.old[(oldTables.sentences[o] as { block: number }).block] !==
          blockIds.new[(newTables.sentences[n] as { block: number }).block]
        : m.kind === 'moved';
      const relation: Relation = left ? 'moved' : identical ? 'unchanged' : 'modified';
      if (across && left && sentencePlace(o, n) !== null) pending.push(sentencePairs.length);
      sentencePairs.push({ old: [o], new: [n], similarity: identical ? 1 : m.similarity, relation, parent });
    }
    for (const g of matching.groups) {
      const olds = g.old.map((i) => oldIndices[i] as number);
      const news = g.new.map((i) => newIndices[i] as number);
      for (const o of olds) sentenceOldPartner[o] = news[0] as number;
      for (const n of news) sentenceNewPartner[n] = olds[0] as number;
      sentencePairs.push({ old: olds, new: news, similarity: g.similarity, relation: g.kind, parent });
    }
  };
  // The order check of pending pairings: among all sentence pairs of their place, those off the heaviest chain moved.
  const settlePending = (indices: number[]): void => {
    const places = new Set<number>();
    for (const i of indices) {
      const p = sentencePairs[i] as SentencePairing;
      places.add(sentencePlace(p.old[0] as number, p.new[0] as number) as number);
    }
    const groups = new Map<number, Candidate[]>();
    for (let k = 0; k < sentencePairs.length; k++) {
      const p = sentencePairs[k] as SentencePairing;
      const o = p.old[0] as number;
      const n = p.new[0] as number;
      const place = sentencePlace(o, n);
      if (place === null || !places.has(place)) continue;
      // Weighted and tie-broken as block pairs are (placeBlocks): with equal weights the chain would keep whichever
      // crossing pair comes first in old order, and swapping the editions would keep the other one.
      const a = oldSentencePrint(o);
      const b = newSentencePrint(n);
      const candidate = { old: o, new: n, weight: 1 + Math.min(a.weight, b.weight) + tieBreak(a, b, o, n) };
      const group = groups.get(place);
      if (group) group.push(candidate);
      else groups.set(place, [candidate]);
    }
    const outOfOrder = new Uint8Array(oldTables.sentences.length);
    for (const group of groups.values()) markOutOfOrder(group, outOfOrder);
    for (const i of indices) {
      const p = sentencePairs[i] as SentencePairing;
      if (outOfOrder[p.old[0] as number]) continue;
      const identical = oldSentencePrint(p.old[0] as number).key === newSentencePrint(p.new[0] as number).key;
      p.relation = identical ? 'unchanged' : 'modified';
    }
  };
  const matchSentences = (oldIndices: number[], newIndices: number[], parent: string | undefined): void => {
    const matching = matchUnits(
      oldIndices.map(oldSentencePrint),
      newIndices.map(newSentencePrint),
      SENTENCE_MATCH_OPTIONS,
    );
    recordSentences(matching, oldIndices, newIndices, parent, false);
  };
  for (let k = 0; k < blocks.matches.length; k++) {
    const m = blocks.matches[k] as UnitMatch;
    const ob = oldTables.blocks[m.old] as BlockUnit;
    const nb = newTables.blocks[m.new] as BlockUnit;
    const parent = blockIds.new[m.new];
    const sameKeys =
      ob.sentences.length === nb.sentences.length &&
      ob.sentences.every((o, i) => {
        const n = nb.sentences[i] as number;
        const a = (oldTables.sentences[o] as { node: { value: string } }).node.value;
        const b = (newTables.sentences[n] as { node: { value: string } }).node.value;
        // Through the prints, so each sentence is normalised once: matchSentences needs the same keys next.
        return a === b || oldSentencePrint(o).key === newSentencePrint(n).key;
      });
    if (!sameKeys) {
      matchSentences(ob.sentences, nb.sentences, parent);
      continue;
    }
    // Fast path for the common case, identical blocks: sentences pair one to one, unchanged.
    ob.sentences.forEach((o, i) => {
      const n = nb.sentences[i] as number;
      sentenceOldPartner[o] = n;
      sentenceNewPartner[n] = o;
      sentencePairs.push({ old: [o], new: [n], similarity: 1, relation: 'unchanged', parent });
    });
  }
  for (const g of blocks.groups) {
    const olds = g.old.flatMap((i) => (oldTables.blocks[i] as BlockUnit).sentences);
    const news = g.new.flatMap((i) => (newTables.blocks[i] as BlockUnit).sentences);
    matchSentences(olds, news, blockIds.new[g.new[0] as number]);
  }
  const freeOld = oldTables.sentences.filter((s) => sentenceOldPartner[s.index] === -1).map((s) => s.index);
  const freeNew = newTables.sentences.filter((s) => sentenceNewPartner[s.index] === -1).map((s) => s.index);
  if (freeOld.length > 0 && freeNew.length > 0) {
    const matching = matchUnits(freeOld.map(oldSentencePrint), freeNew.map(newSentencePrint), GLOBAL_SENTENCE_OPTIONS);
    for (const m of matching.matches) {
      const n = freeNew[m.new] as number;
      const parent = blockIds.new[(newTables.sentences[n] as { block: number }).block];
      recordSentences({ ...matching, matches: [m], groups: [] }, freeOld, freeNew, parent, true);
    }
  }
  if (pending.length > 0) settlePending(pending);
  const oldSentenceOrder = orderKeys(sentenceOldPartner, newTables.sentences.length);
  for (let k = 0; k < sentencePairs.length; k++) {
    const p = sentencePairs[k] as SentencePairing;
    const o = p.old[0];
    const n = p.new[0];
    const oldRef = o === undefined ? null : sentenceRef(oldTables, oldTables.sentences[o] as never);
    const newRef = n === undefined ? null : sentenceRef(newTables, newTables.sentences[n] as never);
    // The rest of a split or merge group, old pieces first; most pairs are one to one and need no list.
    let group: UnitRef[] | undefined;
    if (p.old.length > 1 || p.new.length > 1) {
      group = [];
      for (let k = 1; k < p.old.length; k++)
        group.push(sentenceRef(oldTables, oldTables.sentences[p.old[k] as number] as never));
      for (let k = 1; k < p.new.length; k++)
        group.push(sentenceRef(newTables, newTables.sentences[p.new[k] as number] as never));
    }
    builder.add('sentence', p.relation, p.similarity, oldRef, newRef, n ?? 0, p.parent, group);
  }
  for (let k = 0; k < newTables.sentences.length; k++) {
    const s = newTables.sentences[k] as SentenceUnit;
    if (sentenceNewPartner[s.index] !== -1) continue;
    builder.add('sentence', 'inserted', 0, null, sentenceRef(newTables, s), s.index, blockIds.new[s.block]);
  }
  for (let k = 0; k < oldTables.sentences.length; k++) {
    const s = oldTables.sentences[k] as SentenceUnit;
    if (sentenceOldPartner[s.index] !== -1) continue;
    builder.add(
      'sentence',
      'deleted',
      0,
      sentenceRef(oldTables, s),
      null,
      oldSentenceOrder[s.index] as number,
      blockIds.old[s.block],
    );
  }
}

/** The one relation of a section pair: moves first, then heading changes, then content. */
function sectionRelation(
  oldSection: SectionUnit,
  newSection: SectionUnit,
  editions: PreparedEditions,
  moved: boolean,
  blocks: Matching,
): Relation {
  if (moved) return 'moved';
  const a = editions.old.headings[oldSection.index] as HeadingPrint;
  const b = editions.new.headings[newSection.index] as HeadingPrint;
  if (a.label !== b.label) return 'renumbered';
  if (a.title.key !== b.title.key) return 'retitled';
  // Same heading: unchanged when its own blocks are the same blocks in the same order and read the same after
  // normalisation (as their own pairs say), else modified.
  if (oldSection.blocks.length !== newSection.blocks.length) return 'modified';
  for (let i = 0; i < oldSection.blocks.length; i++) {
    const o = oldSection.blocks[i] as number;
    const n = newSection.blocks[i] as number;
    if (blocks.oldPartner[o] !== n) return 'modified';
    if (!sameBlockText(editions, o, n)) return 'modified';
  }
  return 'unchanged';
}

/**
 * Where deleted units stand in the new edition's reading order: just after the new partner of the nearest
 * preceding old unit that has one (or before everything).
 */
function orderKeys(oldPartner: Int32Array, newCount: number): Float64Array {
  const keys = new Float64Array(oldPartner.length);
  let anchor = -0.5;
  for (let i = 0; i < oldPartner.length; i++) {
    const partner = oldPartner[i] as number;
    if (partner >= 0) anchor = partner + 0.5;
    keys[i] = Math.min(anchor, newCount);
  }
  return keys;
}

/**
 * Collects pairs per level, then sorts each level into reading order and numbers them. Each pair's place is kept in
 * a parallel list of small integers rather than in an entry object per pair, and the extras are positional: a
 * compare adds tens of thousands of pairs, cold, and the wrappers, option objects and a comparator's heap numbers
 * were a large share of the aligner's garbage.
 */
class PairBuilder {
  private readonly levels: AlignmentPair[][] = [[], [], []];
  /** Each pair's `order` as `2 · order + 2` (see `readingOrder`), parallel to `levels`. */
  private readonly places: number[][] = [[], [], []];
  private sequence = 0;
  private readonly prefixes = ['s', 'b', 't'];

  /**
   * Add a pair at `level` (section, block, sentence); `order` is its place in the new edition's reading order. The
   * pair gets `parent`, `group` and `heading` only when they are given.
   */
  add(
    level: AlignedPair['level'],
    relation: Relation,
    similarity: number,
    oldRef: UnitRef | null,
    newRef: UnitRef | null,
    order: number,
    parent?: string,
    group?: UnitRef[],
    heading?: AlignedPair['heading'],
  ): string {
    const levelIndex = level === 'section' ? 0 : level === 'block' ? 1 : 2;
    const id = `${this.prefixes[levelIndex]}${this.sequence++}`;
    const pair: AlignmentPair = {
      id,
      level,
      relation,
      similarity: round(relation === 'unchanged' ? 1 : similarity),
      old: oldRef,
      new: newRef,
    };
    if (parent !== undefined) pair.parent = parent;
    if (group !== undefined) pair.group = group;
    if (heading !== undefined) pair.heading = heading;
    (this.levels[levelIndex] as AlignmentPair[]).push(pair);
    (this.places[levelIndex] as number[]).push(2 * order + 2);
    return id;
  }

  /** All pairs: sections, then blocks, then sentences, each in reading order (ties in the order added). */
  finish(): AlignmentPair[] {
    const out: AlignmentPair[] = [];
    for (let l = 0; l < this.levels.length; l++) {
      const pairs = this.levels[l] as AlignmentPair[];
      const order = readingOrder(this.places[l] as number[]);
      for (let k = 0; k < order.length; k++) out.push(pairs[order[k] as number] as AlignmentPair);
    }
    return out;
  }
}

/**
 * The indices of `places` sorted by place, ties by index: what a stable sort gives. A pair's place is `2 · order +
 * 2`, a small whole number, since orders are whole or half numbers from -1 up to the edition's length (a deleted unit
 * stands half a place after its anchor): so a counting sort orders them in linear time with small-integer arithmetic
 * only, where a comparator sort allocated heap numbers for the half orders at every comparison, cold. Any other
 * places fall back to a comparator sort.
 */
export function readingOrder(places: readonly number[]): ArrayLike<number> {
  const count = places.length;
  let highest = 0;
  let whole = true;
  for (let i = 0; i < count; i++) {
    const place = places[i] as number;
    if (!Number.isInteger(place) || place < 0) whole = false;
    else if (place > highest) highest = place;
  }
  if (!whole || highest > 8 * count + 64) {
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => (places[a] as number) - (places[b] as number) || a - b);
    return order;
  }
  // starts[p + 1] counts place p; prefix sums turn the counts into each place's first slot.
  const starts = new Int32Array(highest + 2);
  for (let i = 0; i < count; i++) {
    const place = (places[i] as number) + 1;
    starts[place] = (starts[place] as number) + 1;
  }
  for (let p = 1; p < starts.length; p++) starts[p] = (starts[p] as number) + (starts[p - 1] as number);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const place = places[i] as number;
    const slot = starts[place] as number;
    order[slot] = i;
    starts[place] = slot + 1;
  }
  return order;
}

/** Round a similarity for stable, readable output. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
