/**
 * Lineage across a series of editions: every sentence and every section of every edition gets a lineage id that
 * follows it through the series, derived from the pairs of the comparisons between consecutive editions.
 *
 * Outline (near-linear in the size of the series):
 *  1. Compare each edition with the one before (or take the caller's cached comparisons).
 *  2. Walk the editions in order. A unit paired with one of the previous edition (unchanged, modified, moved,
 *     renumbered, retitled) keeps its id; a split keeps the id on its largest piece and the other pieces get new ids
 *     that remember their parent; a merge keeps the id of its largest part.
 *  3. Units deleted along the way go "dormant". An inserted unit that reads like a dormant one — the same normalised
 *     text, or (for sentences of five words or more) word Dice ≥ 0.8 found through rare word 3-shingles, Broder's
 *     resemblance (1997) as in the aligner — takes the old id back: a return, not a new unit. A dormant unit deleted
 *     in the very comparison that inserts its twin is a pair the pairwise aligner missed: a sentence moved across
 *     blocks (too short for its global pass), a section whose content changed too much.
 * The result is plain JSON (no class instances, no Maps), so a store can cache it next to the comparisons.
 */

import { type Fingerprint, fingerprint, intersectionSize, wordDice } from '../align/fingerprint.js';
import { flattenDocument } from '../align/units.js';
import { type CompareOptions, compareDocuments } from '../compare/compare.js';
import type { Comparison, Relation, Significance, UnitRef, WordChange } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { normalizeKey } from '../normalize/normalize.js';

/** One edition handed to `collateSeries`, oldest first. */
export interface SeriesEdition {
  /** The edition's label, e.g. "2020". */
  label: string;
  /** Publication date (ISO 8601), when known. */
  date?: string;
  /** The parsed edition. */
  document: DocumentNode;
}

/** Options of `collateSeries`. */
export interface CollateOptions extends CompareOptions {
  /** Comparisons of consecutive editions computed before (comparisons[i] relates editions i and i + 1). */
  comparisons?: readonly Comparison[];
}

/** How a unit descends from a unit of an earlier edition. */
export type LinkRelation = Exclude<Relation, 'inserted' | 'deleted'> | 'returned';

/** A unit's link to its predecessor: which unit of which edition, how, and through which comparison pair. */
export interface LineageLink {
  /** Edition index of the predecessor (the previous edition, or an earlier one for a return). */
  edition: number;
  /** Index of the predecessor in that edition's sentence (or section) table. */
  index: number;
  relation: LinkRelation;
  /** Index of the pair in `comparisons[edition-of-this-unit − 1].pairs`, or -1 for a return (no pair). */
  pair: number;
}

/** A sentence of one edition and its lineage. */
export interface SentenceLineage {
  /** Lineage id, shared by the sentence's predecessors and successors through the series. */
  id: string;
  /** The sentence's exact text. */
  text: string;
  /** Section path (labels, titles for unnumbered sections). */
  path: string[];
  /** Index of the innermost enclosing section in the edition's section table, or -1. */
  section: number;
  /** The kind of block the sentence belongs to when it is not a paragraph: a caption or a list item. */
  block?: SentenceBlock;
  /**
   * Index of the sentence's block (paragraph, list item, caption) in the edition, in document order: consecutive
   * sentences with one index are one paragraph, which is how blame keeps a section's paragraph breaks.
   */
  blockIndex: number;
  /**
   * Predecessors: none for a new sentence; one usually; several for a merge (the one that gave the id first).
   * A split piece that got a new id links to the sentence it came from.
   */
  previous: LineageLink[];
}

/** Kinds of block a sentence is marked with (a paragraph's sentences are not marked). */
export type SentenceBlock = 'caption' | 'listItem';

/** A section of one edition and its lineage. */
export interface SectionLineage {
  id: string;
  /** The heading's numbering label, or null. */
  label: string | null;
  title: string;
  path: string[];
  /** Index of the enclosing section in the same edition, or -1 at the top. */
  parent: number;
  previous: LineageLink | null;
}

/** One edition of a collated series. */
export interface LineageEdition {
  label: string;
  date?: string;
  sections: SectionLineage[];
  sentences: SentenceLineage[];
}

/** A collated series: editions with lineage ids for their units, and the comparisons they were derived from. */
export interface SeriesLineage {
  editions: LineageEdition[];
  /** comparisons[i] compares editions[i] (old) with editions[i + 1] (new). */
  comparisons: Comparison[];
  /** The comparison options used, so that later steps normalise text the same way. */
  options: { ignoreCase?: boolean; ignorePunctuation?: boolean };
}

/** A unit of a pair as blame reads it: its index in its edition and its text. */
export interface LinkedUnit {
  index: number;
  text: string;
}

/** What blame reads of the comparison pair behind a link (an `AlignedPair` is one). */
export interface LinkedPair {
  relation: Relation;
  similarity: number;
  significance: Significance;
  old: LinkedUnit | null;
  new: LinkedUnit | null;
  group?: readonly LinkedUnit[];
  changes: readonly WordChange[];
}

/**
 * What blame needs of a collated series: the editions, the options, and for each link the pair it goes through.
 * A `SeriesLineage` is one; so is the slim form a store caches (`unpackLineage`), whose comparisons hold only the
 * pairs that links go through.
 */
export interface LinkedLineage {
  editions: readonly LineageEdition[];
  /** comparisons[i].pairs[p] is pair p of the comparison of editions i and i + 1 (absent when no link uses it). */
  comparisons: ReadonlyArray<{ readonly pairs: ReadonlyArray<LinkedPair | undefined> }>;
  options: SeriesLineage['options'];
}

/** Sentences under this many words return only on exactly the same text: short ones are too easily alike. */
const FUZZY_RETURN_MIN_WORDS = 5;
/** Word Dice a reworded sentence needs with a dormant one to count as its return. */
const FUZZY_RETURN_SIMILARITY = 0.8;
/** Shingles shared by more dormant sentences than this carry no evidence and are skipped. */
const MAX_POSTINGS = 24;
/** Candidates scored per inserted sentence. */
const CANDIDATES = 4;

/** Assign lineage ids to every sentence and section of a series (oldest edition first). */
export function collateSeries(editions: readonly SeriesEdition[], options: CollateOptions = {}): SeriesLineage {
  return collateSeriesWithState(editions, options).lineage;
}

/**
 * `collateSeries`, also answering the state the collation ended in, from which `extendCollation` adds the next
 * edition without going over the earlier ones again.
 */
export function collateSeriesWithState(
  editions: readonly SeriesEdition[],
  options: CollateOptions = {},
): { lineage: SeriesLineage; state: CollationState } {
  const { comparisons: given, ...compareOptions } = options;
  if (given && given.length !== Math.max(0, editions.length - 1)) {
    throw new RangeError(`collateSeries: ${editions.length} editions need ${editions.length - 1} comparisons`);
  }
  const comparisons: Comparison[] = [];
  for (let i = 1; i < editions.length; i++) {
    const previous = editions[i - 1] as SeriesEdition;
    const current = editions[i] as SeriesEdition;
    comparisons.push(
      given?.[i - 1] ??
        compareDocuments(previous.document, current.document, {
          ...compareOptions,
          oldName: previous.label,
          newName: current.label,
        }),
    );
  }
  const collation = new Collation(usedOptions(compareOptions));
  const result = editions.map((edition, e) => collation.extend(edition, comparisons[e - 1]));
  return { lineage: { editions: result, comparisons, options: collation.options }, state: collation.state() };
}

/** The normalisation options a lineage records (only those set). */
function usedOptions(options: CompareOptions): SeriesLineage['options'] {
  const used: SeriesLineage['options'] = {};
  if (options.ignoreCase) used.ignoreCase = true;
  if (options.ignorePunctuation) used.ignorePunctuation = true;
  return used;
}

/** A dormant unit in a collation state: id, edition, index, the text it is known by, and whether it was taken (1). */
export type DormantEntry = [string, number, number, string, 0 | 1];

/**
 * Where a collation stands after its last edition, as plain JSON: everything the next step reads. The next step
 * links the new edition to the last one through their comparison and wakes dormant units, so the state is the last
 * edition's lineage and the dormant pools (every unit ever put to sleep, in order, taken or not: the pools' shingle
 * postings count taken units too, and a pool rebuilt from the same entries in the same order answers the same).
 */
export interface CollationState {
  /** Editions collated so far. */
  count: number;
  options: SeriesLineage['options'];
  /** The lineage of the last edition, or null before the first. */
  last: LineageEdition | null;
  sentences: DormantEntry[];
  sections: DormantEntry[];
}

/**
 * The next edition of a collated series from the state its collation ended in and the comparison of its last edition
 * with the new one: the same lineage `collateSeries` gives that edition over the whole series (a property test holds
 * them equal), in time proportional to the step, not to the series. Answers the edition and the new state.
 */
export function extendCollation(
  state: CollationState,
  edition: SeriesEdition,
  comparison: Comparison | undefined,
): { edition: LineageEdition; state: CollationState } {
  if (state.count > 0 && comparison === undefined) {
    throw new RangeError('extendCollation: a series with editions needs the comparison with its last one');
  }
  const collation = Collation.resume(state);
  const next = collation.extend(edition, comparison);
  return { edition: next, state: collation.state() };
}

/** A collation in progress: the editions linked one after another (steps 2 and 3 of the module outline). */
class Collation {
  private count = 0;
  private last: LineageEdition | null = null;
  private readonly sentencePool: DormantPool;
  private readonly sectionPool: DormantPool;

  constructor(readonly options: SeriesLineage['options']) {
    const keyOf = (text: string): string => normalizeKey(text, options).trim();
    this.sentencePool = new DormantPool(keyOf, true);
    this.sectionPool = new DormantPool(keyOf, false);
  }

  /** A collation continued from its state. */
  static resume(state: CollationState): Collation {
    const collation = new Collation({ ...state.options });
    collation.count = state.count;
    collation.last = state.last;
    collation.sentencePool.restore(state.sentences);
    collation.sectionPool.restore(state.sections);
    return collation;
  }

  /** The state after the editions so far (shares the last edition's lineage: do not change it). */
  state(): CollationState {
    return {
      count: this.count,
      options: { ...this.options },
      last: this.last,
      sentences: this.sentencePool.entries(),
      sections: this.sectionPool.entries(),
    };
  }

  /** Link the next edition (`comparison` relates the last edition with it) and answer its lineage. */
  extend(edition: SeriesEdition, comparison: Comparison | undefined): LineageEdition {
    const e = this.count;
    const tables = flattenDocument(edition.document);
    const lineageEdition: LineageEdition = {
      label: edition.label,
      sections: tables.sections.map((s) => ({
        id: '',
        label: s.heading.label,
        title: s.heading.title,
        path: s.path,
        parent: s.parent,
        previous: null,
      })),
      sentences: tables.sentences.map((s) => {
        const block = tables.blocks[s.block];
        const section = block ? block.section : -1;
        const sentence: SentenceLineage = {
          id: '',
          text: s.node.value,
          path: section >= 0 ? (tables.sections[section]?.path ?? []) : [],
          section,
          blockIndex: s.block,
          previous: [],
        };
        const kind = block?.node.type;
        if (kind === 'caption' || kind === 'listItem') sentence.block = kind;
        return sentence;
      }),
    };
    if (edition.date !== undefined) lineageEdition.date = edition.date;
    const before = this.last;
    if (comparison && before) {
      linkSections(comparison, before, lineageEdition, e, this.sectionPool);
      linkSentences(comparison, before, lineageEdition, e, this.sentencePool);
    }
    // Whatever is still without an id is new to the series.
    lineageEdition.sections.forEach((s, i) => {
      if (!s.id) s.id = `S${e}.${i}`;
    });
    lineageEdition.sentences.forEach((s, i) => {
      if (!s.id) s.id = `L${e}.${i}`;
    });
    this.last = lineageEdition;
    this.count++;
    return lineageEdition;
  }
}

/** How far from a ref's own index `refIndex` looks for the unit it names. */
const REF_WINDOW = 256;

/**
 * The index in `units` (one edition's lineage) of the unit a comparison's ref names, or -1. A comparison numbers
 * the units of the parse it aligned, which is not always the edition's own: a flattened edition is read again with
 * the other edition's structure (parse/transfer.ts), and that re-read numbers its sections and sentences its own
 * way. So the ref's index is taken when the unit there reads as the ref says, else the nearest unit that does
 * (within `REF_WINDOW`); a unit the re-read cut differently names nothing in this edition.
 */
export function refIndex<Unit>(units: readonly Unit[], ref: { index: number }, same: (unit: Unit) => boolean): number {
  const at = units[ref.index];
  if (at !== undefined && same(at)) return ref.index;
  for (let d = 1; d <= REF_WINDOW; d++) {
    const before = units[ref.index - d];
    if (before !== undefined && same(before)) return ref.index - d;
    const after = units[ref.index + d];
    if (after !== undefined && same(after)) return ref.index + d;
  }
  return -1;
}

/** The sentence of `edition` a comparison's sentence ref names (see `refIndex`), or -1. */
export function sentenceIndex(edition: LineageEdition, ref: { index: number; text: string }): number {
  return refIndex(edition.sentences, ref, (s) => s.text === ref.text);
}

/** The section of `edition` a comparison's heading ref names (see `refIndex`), or -1. */
function sectionIndex(edition: LineageEdition, ref: UnitRef): number {
  return refIndex(edition.sections, ref, (s) => s.label === (ref.label ?? null) && s.title === (ref.title ?? ''));
}

/** Sections: paired headings keep their id (renumbered, retitled and moved included); inserted ones may return. */
function linkSections(
  comparison: Comparison,
  before: LineageEdition,
  current: LineageEdition,
  e: number,
  pool: DormantPool,
): void {
  const inserted: number[] = [];
  comparison.pairs.forEach((pair, p) => {
    if (pair.level !== 'section' || pair.old?.kind === 'title' || pair.new?.kind === 'title') return;
    const from = pair.old ? sectionIndex(before, pair.old) : -1;
    const to = pair.new ? sectionIndex(current, pair.new) : -1;
    if (from >= 0 && to >= 0) {
      const target = current.sections[to] as SectionLineage;
      target.id = (before.sections[from] as SectionLineage).id;
      target.previous = { edition: e - 1, index: from, relation: linkRelation(pair.relation), pair: p };
    } else if (from >= 0) {
      const source = before.sections[from] as SectionLineage;
      pool.add(source.id, e - 1, from, sectionKeyText(source));
    } else if (to >= 0) inserted.push(to);
  });
  for (const index of inserted) {
    const target = current.sections[index];
    if (!target) continue;
    const found = pool.take(sectionKeyText(target));
    if (!found) continue;
    target.id = found.id;
    target.previous = {
      edition: found.edition,
      index: found.index,
      // Deleted and inserted in the same comparison: a heading the aligner could not pair (its content changed too
      // much), not a move.
      relation: found.edition === e - 1 ? 'modified' : 'returned',
      pair: -1,
    };
  }
}

/** What identifies a section that comes back: its title, or its whole heading when it has no title. */
function sectionKeyText(section: SectionLineage): string {
  return section.title.trim() ? section.title : `${section.label ?? ''}`;
}

/** Sentences: pairs keep ids, splits and merges keep the id on their largest part, inserted ones may return. */
function linkSentences(
  comparison: Comparison,
  before: LineageEdition,
  current: LineageEdition,
  e: number,
  pool: DormantPool,
): void {
  const inserted: number[] = [];
  // Refs name units of the parse the comparison aligned; `sentenceIndex` finds them in these editions.
  const link = (targetRef: UnitRef, sourceRef: UnitRef, relation: LinkRelation, p: number, takeId: boolean): void => {
    const target = sentenceIndex(current, targetRef);
    const source = sentenceIndex(before, sourceRef);
    const to = current.sentences[target];
    const from = before.sentences[source];
    if (!to || !from) return;
    if (takeId) to.id = from.id;
    to.previous.push({ edition: e - 1, index: source, relation, pair: p });
  };
  comparison.pairs.forEach((pair, p) => {
    if (pair.level !== 'sentence') return;
    if (pair.relation === 'split' && pair.old && pair.new) {
      const pieces = [pair.new, ...(pair.group ?? [])];
      const largest = largestIndex(pieces.map((u) => u.text.length));
      pieces.forEach((piece, i) => {
        link(piece, pair.old as UnitRef, 'split', p, i === largest);
      });
    } else if (pair.relation === 'merged' && pair.old && pair.new) {
      const parts = [pair.old, ...(pair.group ?? [])];
      const largest = largestIndex(parts.map((u) => u.text.length));
      // The part that gives the id comes first among the predecessors.
      const order = [largest, ...parts.map((_, i) => i).filter((i) => i !== largest)];
      for (const i of order) link(pair.new, parts[i] as UnitRef, 'merged', p, i === largest);
    } else if (pair.old && pair.new) {
      link(pair.new, pair.old, linkRelation(pair.relation), p, true);
    } else if (pair.old) {
      const index = sentenceIndex(before, pair.old);
      const source = before.sentences[index];
      if (source) pool.add(source.id, e - 1, index, source.text);
    } else if (pair.new) {
      const index = sentenceIndex(current, pair.new);
      if (index >= 0) inserted.push(index);
    }
  });
  for (const index of inserted) {
    const target = current.sentences[index];
    if (!target) continue;
    const found = pool.take(target.text);
    if (!found) continue;
    target.id = found.id;
    target.previous.push({
      edition: found.edition,
      index: found.index,
      relation: found.edition === e - 1 ? 'moved' : 'returned',
      pair: -1,
    });
  }
}

/** The relation of a link from the relation of a pair (inserted and deleted pairs make no link). */
function linkRelation(relation: Relation): LinkRelation {
  return relation === 'inserted' || relation === 'deleted' ? 'modified' : relation;
}

/** Index of the largest value (the first of equals). */
function largestIndex(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  return best;
}

/** Whether a text has a letter (of any script). */
const HAS_LETTER = /\p{L}/u;

/** A unit that left the series and may come back. */
interface Dormant {
  id: string;
  edition: number;
  index: number;
  /** The text the unit was put to sleep with (kept so that a collation state can rebuild the pool). */
  text: string;
  /** Its normalised key and fingerprint, made when the pool is first indexed (`DormantPool.indexed`). */
  key: string | undefined;
  print: Fingerprint | undefined;
  taken: boolean;
}

/**
 * Units deleted so far, indexed by exact normalised key and (for sentences) by word 3-shingles, so that an inserted
 * unit finds its earlier self in time proportional to its own size, not to the size of the pool.
 *
 * The index is made when a unit is first looked for (`take`), over the units in the order they were put to sleep, as
 * adding them one by one makes it: a pool restored from a collation state (an add of the next edition) pays for keys
 * and fingerprints of its hundreds of units only when the new edition inserts a unit — about 30 ms of the next
 * edition's add on the 116 WordPress.com editions (issue 12), nothing for an edition that only rewords and deletes.
 */
class DormantPool {
  private readonly byKey = new Map<string, Dormant[]>();
  private readonly byShingle = new Map<number, Dormant[]>();
  /** Every unit put to sleep, in order. */
  private readonly all: Dormant[] = [];
  /** Whether `byKey` and `byShingle` hold every unit of `all`. */
  private indexed = false;

  constructor(
    private readonly keyOf: (text: string) => string,
    private readonly fuzzy: boolean,
  ) {}

  /** Put a deleted unit to sleep. */
  add(id: string, edition: number, index: number, text: string): void {
    const key = this.keyOf(text);
    // Text without a letter ("4.", "—") is a marker, not a unit with a lineage of its own.
    if (!HAS_LETTER.test(key)) return;
    const dormant: Dormant = { id, edition, index, text, key, print: undefined, taken: false };
    this.all.push(dormant);
    if (this.indexed) this.index(dormant, key);
  }

  /** Index one unit by its key and, in a fuzzy pool, by its sample of shingles. */
  private index(dormant: Dormant, key: string): void {
    const list = this.byKey.get(key);
    if (list) list.push(dormant);
    else this.byKey.set(key, [dormant]);
    if (!this.fuzzy) return;
    const print = fingerprint(key);
    dormant.print = print;
    if (print.words.length < FUZZY_RETURN_MIN_WORDS) return;
    for (const shingle of print.sample) {
      const postings = this.byShingle.get(shingle);
      if (!postings) this.byShingle.set(shingle, [dormant]);
      else if (postings.length <= MAX_POSTINGS) postings.push(dormant);
    }
  }

  /** Index every unit not indexed yet, in the order they were put to sleep. */
  private indexAll(): void {
    if (this.indexed) return;
    this.indexed = true;
    for (const dormant of this.all) {
      dormant.key ??= this.keyOf(dormant.text);
      this.index(dormant, dormant.key);
    }
  }

  /** The pool as plain entries, in the order the units were put to sleep. */
  entries(): DormantEntry[] {
    return this.all.map((d) => [d.id, d.edition, d.index, d.text, d.taken ? 1 : 0]);
  }

  /**
   * Put the units of `entries` to sleep again, in order, with their taken marks: the same pool as `entries` came
   * from. Each entry passed `add`'s test when it was first put to sleep, so it is not made again here.
   */
  restore(entries: readonly DormantEntry[]): void {
    for (const [id, edition, index, text, taken] of entries) {
      const dormant: Dormant = { id, edition, index, text, key: undefined, print: undefined, taken: taken === 1 };
      this.all.push(dormant);
      if (this.indexed) {
        dormant.key = this.keyOf(text);
        this.index(dormant, dormant.key);
      }
    }
  }

  /** Wake the dormant unit an inserted text returns, if any: the latest exact twin, else the most similar one. */
  take(text: string): Dormant | null {
    const key = this.keyOf(text);
    if (!key) return null;
    this.indexAll();
    const exact = this.byKey.get(key);
    if (exact) {
      for (let i = exact.length - 1; i >= 0; i--) {
        const candidate = exact[i] as Dormant;
        if (candidate.taken) continue;
        candidate.taken = true;
        return candidate;
      }
    }
    if (!this.fuzzy) return null;
    const print = fingerprint(key);
    if (print.words.length < FUZZY_RETURN_MIN_WORDS) return null;
    const shared = new Map<Dormant, number>();
    for (const shingle of print.sample) {
      const postings = this.byShingle.get(shingle);
      if (!postings || postings.length > MAX_POSTINGS) continue;
      for (const d of postings) if (!d.taken) shared.set(d, (shared.get(d) ?? 0) + 1);
    }
    const candidates = [...shared.entries()]
      .sort((a, b) => b[1] - a[1] || b[0].edition - a[0].edition)
      .slice(0, CANDIDATES);
    let best: Dormant | null = null;
    let bestScore = FUZZY_RETURN_SIMILARITY;
    for (const [d] of candidates) {
      // Every unit in the postings was fingerprinted when it was indexed.
      const other = d.print as Fingerprint;
      if (intersectionSize(print.shingles, other.shingles) === 0) continue;
      const score = wordDice(print, other);
      if (score >= bestScore && (!best || score > bestScore || d.edition > best.edition)) {
        best = d;
        bestScore = score;
      }
    }
    if (best) best.taken = true;
    return best;
  }
}

/** The comparison pair a link goes through, or null for a return. */
export function linkPair(lineage: LinkedLineage, edition: number, link: LineageLink): LinkedPair | null {
  if (link.pair < 0) return null;
  return lineage.comparisons[edition - 1]?.pairs[link.pair] ?? null;
}
