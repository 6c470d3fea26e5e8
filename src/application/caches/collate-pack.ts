/**
 * Compact, plain-JSON forms of a collated series for a store's cache, so that blame and history need neither the
 * editions' trees nor the full comparisons between them (on a 116-edition series those weigh tens of megabytes).
 *
 * - `packLineage` keeps what blame reads: every section and sentence with its links, and only the comparison pairs
 *   blame opens — a link's pair where the wording changed, and splits and merges. Sentence texts and section paths
 *   are stored once across the series (dictionary coding: most sentences are unchanged from one edition to the
 *   next); ids are stored only where they do not follow the collation rule (a unit keeps its primary predecessor's
 *   id, a new unit is `L{edition}.{index}` or `S{edition}.{index}`); a pair's units point into the sentence tables and
 *   its word changes are lengths that slice those texts back, not the texts again (checked when packing: changes
 *   that do not spell the texts are kept whole).
 * - `packHistory` keeps the history itself, made with a generous `top`, and how many changes each step could rank, so
 *   that any smaller `top` is a slice of it.
 */

import {
  DEFAULT_TOP,
  history,
  historyEdition,
  historyStep,
  rankedChangeCount,
  type SeriesHistory,
} from '../../collate/history.js';
import type {
  LineageEdition,
  LineageLink,
  LinkedLineage,
  LinkedPair,
  LinkedUnit,
  LinkRelation,
  SectionLineage,
  SentenceBlock,
  SentenceLineage,
  SeriesLineage,
} from '../../collate/lineage.js';
import {
  type Comparison,
  type Relation,
  SIGNIFICANCES,
  type Significance,
  type WordChange,
} from '../../model/comparison.js';

/** Link relations by code (the position in this list). */
const RELATIONS: readonly LinkRelation[] = [
  'unchanged',
  'modified',
  'moved',
  'renumbered',
  'retitled',
  'split',
  'merged',
  'returned',
];

/** Numbers per link: edition, index, relation code, pair. */
const LINK_FIELDS = 4;

/** A section packed: label, title, path (into `paths`), parent, then its link's numbers when it has one. */
export type PackedSection = [string | null, string, number, number, ...number[]];

/**
 * A pair blame reads, packed. Its units are sentence indexes when their text is the sentence's (old-side units in
 * the previous edition, new-side ones in this edition), else written out. Its changes are `[op, length…]` codes that
 * slice the units' texts (joined by spaces, as splits and merges were diffed) when they spell them exactly, else
 * written out.
 */
export interface PackedPair {
  /** The pair's index in the comparison. */
  pair: number;
  relation: Relation;
  similarity: number;
  significance: Significance;
  old: number | LinkedUnit | null;
  new: number | LinkedUnit | null;
  group?: Array<number | LinkedUnit>;
  changes: number[] | WordChange[];
}

/** One edition of a packed lineage. */
export interface PackedLineageEdition {
  label: string;
  date?: string;
  sections: PackedSection[];
  /**
   * Every sentence in turn, flattened: its text (into `texts`), its section, its number of links, then the numbers
   * of each link (one array per edition rather than one per sentence: far fewer objects to parse and collect).
   */
  sentences: number[];
  /** Ids that do not follow the rule, by index. */
  sectionIds?: Record<string, string>;
  sentenceIds?: Record<string, string>;
  /** Sentence paths (into `paths`) that are not their section's path, by index. */
  sentencePaths?: Record<string, number>;
  /** The block kind of sentences in captions and list items, by index (paragraph sentences are not listed). */
  sentenceBlocks?: Record<string, SentenceBlock>;
  /**
   * Each sentence's block index (`SentenceLineage.blockIndex`) as its step from the sentence before's (the first
   * sentence's from 0): mostly 0 and 1, two characters of JSON a sentence.
   */
  blockSteps: number[];
  /** The pairs of the comparison with the previous edition that blame reads. */
  pairs: PackedPair[];
}

/** A collated series as blame needs it. */
export interface PackedLineage {
  options: SeriesLineage['options'];
  /** Distinct sentence texts of the series. */
  texts: string[];
  /** Distinct section paths of the series. */
  paths: string[][];
  editions: PackedLineageEdition[];
}

/** Interns values in a table by a string key, answering their index. */
class Table<T> {
  private readonly index = new Map<string, number>();

  /** A table holding `values` already (the array is added to), each known by `keyOf`. */
  static of<T>(values: T[], keyOf: (value: T) => string): Table<T> {
    const table = new Table<T>(values);
    values.forEach((value, at) => {
      table.index.set(keyOf(value), at);
    });
    return table;
  }

  constructor(readonly values: T[] = []) {}

  /** The index of `value` (known by `key`), adding it when new. */
  intern(key: string, value: T): number {
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.values.length;
      this.values.push(value);
      this.index.set(key, at);
    }
    return at;
  }
}

/** The numbers of a link. */
function linkNumbers(link: LineageLink): number[] {
  const code = RELATIONS.indexOf(link.relation);
  if (code < 0) throw new RangeError(`packLineage: unknown link relation '${link.relation}'`);
  return [link.edition, link.index, code, link.pair];
}

/** The link at `at` of a packed row. */
function readLink(row: readonly number[], at: number): LineageLink {
  const relation = RELATIONS[row[at + 2] as number];
  if (relation === undefined) throw new RangeError(`unpackLineage: unknown link relation code ${row[at + 2]}`);
  return { edition: row[at] as number, index: row[at + 1] as number, relation, pair: row[at + 3] as number };
}

/** Codes of word changes: equal, equal spelt differently in the new text, insert, delete. */
const EQUAL = 0;
const EQUAL_RESPELT = 1;
const INSERT = 2;
const DELETE = 3;

/** Which side of a pair its group is on: the new side for a split, the old side for a merge, else none. */
function groupSide(relation: Relation): 'old' | 'new' | null {
  return relation === 'split' ? 'new' : relation === 'merged' ? 'old' : null;
}

/** The texts a pair's changes were computed over: each side's units joined by a space. */
function joinedTexts(pair: LinkedPair): [string, string] {
  const side = groupSide(pair.relation);
  const group = pair.group ?? [];
  const join = (unit: LinkedUnit | null, withGroup: boolean): string =>
    [unit, ...(withGroup ? group : [])].map((u) => u?.text ?? '').join(' ');
  return [join(pair.old, side === 'old'), join(pair.new, side === 'new')];
}

/** Word changes as codes over the texts they turn into each other. */
function encodeChanges(changes: readonly WordChange[]): number[] {
  const codes: number[] = [];
  for (const change of changes) {
    if (change.op === 'equal') {
      if (change.newText === undefined) codes.push(EQUAL, change.text.length);
      else codes.push(EQUAL_RESPELT, change.text.length, change.newText.length);
    } else
      codes.push(
        change.op === 'insert' ? INSERT : DELETE,
        change.text.length,
        SIGNIFICANCES.indexOf(change.significance),
      );
  }
  return codes;
}

/** Word changes back from their codes and the texts they turn into each other. */
function decodeChanges(codes: readonly number[], [oldText, newText]: [string, string]): WordChange[] {
  const changes: WordChange[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (let i = 0; i < codes.length; ) {
    const op = codes[i] as number;
    const length = codes[i + 1] as number;
    if (op === EQUAL || op === EQUAL_RESPELT) {
      const text = oldText.slice(oldAt, oldAt + length);
      const newLength = op === EQUAL ? length : (codes[i + 2] as number);
      const change: WordChange = { op: 'equal', text };
      if (op === EQUAL_RESPELT) change.newText = newText.slice(newAt, newAt + newLength);
      changes.push(change);
      oldAt += length;
      newAt += newLength;
      i += op === EQUAL ? 2 : 3;
      continue;
    }
    const significance = SIGNIFICANCES[codes[i + 2] as number] ?? 'none';
    if (op === INSERT) {
      changes.push({ op: 'insert', text: newText.slice(newAt, newAt + length), significance });
      newAt += length;
    } else {
      changes.push({ op: 'delete', text: oldText.slice(oldAt, oldAt + length), significance });
      oldAt += length;
    }
    i += 3;
  }
  return changes;
}

/** A pair unit packed: its index when its text is the sentence's, else written out. */
function packUnit(unit: LinkedUnit, sentences: readonly SentenceLineage[] | undefined): number | LinkedUnit {
  return sentences?.[unit.index]?.text === unit.text ? unit.index : { index: unit.index, text: unit.text };
}

/** A pair unit back from its packed form. */
function unpackUnit(unit: number | LinkedUnit, sentences: readonly SentenceLineage[]): LinkedUnit {
  if (typeof unit !== 'number') return unit;
  const sentence = sentences[unit];
  if (!sentence) throw new RangeError(`unpackLineage: no sentence ${unit} for a pair`);
  return { index: unit, text: sentence.text };
}

/** A pair with only what blame reads, packed against the sentences of its two editions. */
function packPair(
  index: number,
  pair: LinkedPair,
  before: readonly SentenceLineage[] | undefined,
  after: readonly SentenceLineage[],
): PackedPair {
  const side = groupSide(pair.relation);
  const packed: PackedPair = {
    pair: index,
    relation: pair.relation,
    similarity: pair.similarity,
    significance: pair.significance,
    old: pair.old ? packUnit(pair.old, before) : null,
    new: pair.new ? packUnit(pair.new, after) : null,
    changes: [...pair.changes],
  };
  if (pair.group) {
    packed.group = pair.group.map((unit) =>
      side === null ? { index: unit.index, text: unit.text } : packUnit(unit, side === 'old' ? before : after),
    );
  }
  // Codes only when they give the very same changes back.
  const codes = encodeChanges(pair.changes);
  const texts = joinedTexts(pair);
  if (JSON.stringify(decodeChanges(codes, texts)) === JSON.stringify(pair.changes)) packed.changes = codes;
  return packed;
}

/** A pair back from its packed form. */
function unpackPair(
  packed: PackedPair,
  before: readonly SentenceLineage[],
  after: readonly SentenceLineage[],
): LinkedPair {
  const side = groupSide(packed.relation);
  const pair: LinkedPair = {
    relation: packed.relation,
    similarity: packed.similarity,
    significance: packed.significance,
    old: packed.old === null ? null : unpackUnit(packed.old, before),
    new: packed.new === null ? null : unpackUnit(packed.new, after),
    changes: [],
  };
  if (packed.group) pair.group = packed.group.map((unit) => unpackUnit(unit, side === 'old' ? before : after));
  const changes = packed.changes;
  pair.changes =
    changes.length > 0 && typeof changes[0] === 'number'
      ? decodeChanges(changes as number[], joinedTexts(pair))
      : (changes as WordChange[]);
  return pair;
}

/** Whether blame reads the pair of a sentence's primary link: where the wording changed, and for splits and merges. */
function blameReadsPair(link: LineageLink, previous: SentenceLineage | undefined, current: SentenceLineage): boolean {
  if (link.pair < 0) return false;
  if (link.relation === 'split' || link.relation === 'merged') return true;
  return previous?.text !== current.text;
}

/** The packed form of a collated series (see the module comment). */
export function packLineage(lineage: SeriesLineage): PackedLineage {
  const texts = new Table<string>();
  const paths = new Table<string[]>();
  const idOf = (table: 'sections' | 'sentences', link: LineageLink): string | undefined =>
    lineage.editions[link.edition]?.[table][link.index]?.id;
  const editions = lineage.editions.map((edition, e) =>
    packEdition(edition, e, lineage.editions[e - 1], lineage.comparisons[e - 1], idOf, texts, paths),
  );
  return { options: { ...lineage.options }, texts: texts.values, paths: paths.values, editions };
}

/**
 * A packed lineage with one more edition, the one `extendCollation` made: `before` is the lineage of the packed
 * series' last edition, `comparison` relates it with the new one, and `earlierIds` gives the id of a unit of an
 * earlier edition that a link of the new edition returns to (the collation state's dormant units know them). Equal
 * to packing the whole lineage with the new edition (a property test holds them equal); the packed value is not
 * changed, its tables are shared.
 */
export function appendPackedEdition(
  packed: PackedLineage,
  edition: LineageEdition,
  before: LineageEdition,
  comparison: { readonly pairs: ReadonlyArray<LinkedPair | undefined> },
  earlierIds: (table: 'sections' | 'sentences', edition: number, index: number) => string | undefined,
): PackedLineage {
  const e = packed.editions.length;
  const texts = Table.of([...packed.texts], (text) => text);
  const paths = Table.of([...packed.paths], (path) => JSON.stringify(path));
  const idOf = (table: 'sections' | 'sentences', link: LineageLink): string | undefined =>
    link.edition === e - 1 ? before[table][link.index]?.id : earlierIds(table, link.edition, link.index);
  const next = packEdition(edition, e, before, comparison, idOf, texts, paths);
  return { options: packed.options, texts: texts.values, paths: paths.values, editions: [...packed.editions, next] };
}

/** The id a unit gets by the collation rule: its primary predecessor's, else a new one. */
function ruleId(
  link: LineageLink | null | undefined,
  table: 'sections' | 'sentences',
  fresh: string,
  idOf: (table: 'sections' | 'sentences', link: LineageLink) => string | undefined,
): string {
  if (!link) return fresh;
  return idOf(table, link) ?? fresh;
}

/** One edition packed against the tables of the series (which it adds to) and the edition before it. */
function packEdition(
  edition: LineageEdition,
  e: number,
  before: LineageEdition | undefined,
  comparison: { readonly pairs: ReadonlyArray<LinkedPair | undefined> } | undefined,
  idOf: (table: 'sections' | 'sentences', link: LineageLink) => string | undefined,
  texts: Table<string>,
  paths: Table<string[]>,
): PackedLineageEdition {
  const packed: PackedLineageEdition = {
    label: edition.label,
    sections: [],
    sentences: [],
    blockSteps: [],
    pairs: [],
  };
  if (edition.date !== undefined) packed.date = edition.date;
  const sectionIds: Record<string, string> = {};
  const sentenceIds: Record<string, string> = {};
  const sentencePaths: Record<string, number> = {};
  const sentenceBlocks: Record<string, SentenceBlock> = {};
  edition.sections.forEach((section, i) => {
    const row: PackedSection = [
      section.label,
      section.title,
      paths.intern(JSON.stringify(section.path), section.path),
      section.parent,
    ];
    if (section.previous) row.push(...linkNumbers(section.previous));
    packed.sections.push(row);
    if (section.id !== ruleId(section.previous, 'sections', `S${e}.${i}`, idOf)) sectionIds[i] = section.id;
  });
  const keptPairs = new Set<number>();
  let blockIndex = 0;
  edition.sentences.forEach((sentence, i) => {
    packed.sentences.push(texts.intern(sentence.text, sentence.text), sentence.section, sentence.previous.length);
    packed.blockSteps.push(sentence.blockIndex - blockIndex);
    blockIndex = sentence.blockIndex;
    if (sentence.block) sentenceBlocks[i] = sentence.block;
    for (const link of sentence.previous) packed.sentences.push(...linkNumbers(link));
    const primary = sentence.previous[0];
    if (sentence.id !== ruleId(primary, 'sentences', `L${e}.${i}`, idOf)) sentenceIds[i] = sentence.id;
    const sectionPath = edition.sections[sentence.section]?.path ?? [];
    if (JSON.stringify(sentence.path) !== JSON.stringify(sectionPath)) {
      sentencePaths[i] = paths.intern(JSON.stringify(sentence.path), sentence.path);
    }
    // Pairs are only read through links to the previous edition (a return has no pair).
    const previous = primary?.edition === e - 1 ? before?.sentences[primary.index] : undefined;
    if (!primary || !blameReadsPair(primary, previous, sentence)) return;
    const pair = comparison?.pairs[primary.pair];
    if (pair && !keptPairs.has(primary.pair)) {
      keptPairs.add(primary.pair);
      packed.pairs.push(packPair(primary.pair, pair, before?.sentences, edition.sentences));
    }
  });
  if (Object.keys(sectionIds).length > 0) packed.sectionIds = sectionIds;
  if (Object.keys(sentenceIds).length > 0) packed.sentenceIds = sentenceIds;
  if (Object.keys(sentencePaths).length > 0) packed.sentencePaths = sentencePaths;
  if (Object.keys(sentenceBlocks).length > 0) packed.sentenceBlocks = sentenceBlocks;
  return packed;
}

/**
 * A packed series back as a lineage blame accepts: the editions equal the collated ones; each comparison holds only
 * the pairs blame reads (see `packLineage`), the others are absent. With `through`, editions after that one keep
 * their label and date but no units, which is all blame needs to blame edition `through` or an earlier one (links
 * only point back in time): a blame of an early edition decodes little of a long series.
 */
export function unpackLineage(packed: PackedLineage, options: { through?: number } = {}): LinkedLineage {
  const through = options.through ?? packed.editions.length - 1;
  const editions: LineageEdition[] = [];
  const comparisons: Array<{ pairs: Array<LinkedPair | undefined> }> = [];
  const unpackedId = (table: 'sections' | 'sentences', link: LineageLink): string | undefined =>
    editions[link.edition]?.[table][link.index]?.id;
  packed.editions.forEach((edition, e) => {
    if (e > through) {
      editions.push(labelled(edition, [], []));
      comparisons.push({ pairs: [] });
      return;
    }
    const sections = unpackSections(packed, edition, e, unpackedId);
    const sentences: SentenceLineage[] = [];
    const row = edition.sentences;
    // A value packed before block indexes were kept has none: a RangeError, which the cache treats as a miss.
    if (!Array.isArray(edition.blockSteps)) throw new RangeError('unpackLineage: no block indexes');
    let blockIndex = 0;
    for (let at = 0, i = 0; at < row.length; i++) {
      const step = edition.blockSteps[i];
      if (step === undefined) throw new RangeError(`unpackLineage: no block index for sentence ${i}`);
      blockIndex += step;
      const sentence = unpackSentence(packed, edition, sections, at, i, blockIndex, (first) => {
        return edition.sentenceIds?.[i] ?? ruleId(first, 'sentences', `L${e}.${i}`, unpackedId);
      });
      at += 3 + (row[at + 2] as number) * LINK_FIELDS;
      sentences.push(sentence);
    }
    editions.push(labelled(edition, sections, sentences));
    if (e > 0) comparisons.push({ pairs: unpackPairs(edition, editions[e - 1]?.sentences ?? [], sentences) });
  });
  return { editions, comparisons, options: { ...packed.options } };
}

/**
 * `unpackLineage(packed)` that makes a sentence, and a step's pairs, only when they are first read. Extending the
 * latest blame by one edition reads the new edition, the one before it and the chains of the sentences that changed:
 * some hundreds of the 36,000 sentences of the 117 WordPress.com editions, whose whole unpacking (objects that all
 * lived through the young generation) was about 100 ms of the add of the next edition (issue 12: ≤ 0.3 s beyond its
 * comparison). Sections are unpacked whole, since headings are walked back in full. A sentence's id is found by
 * following its primary links back, in the packed rows, to a written id or the start of its chain (the collation
 * rule, as `unpackLineage` applies it edition by edition). Each edition's `sentences` is a proxy of its array that
 * makes an element when it is read, so the value reads as the array `unpackLineage` gives (collate-pack.test.ts
 * holds the two equal); a damaged value throws the same RangeErrors, when the damaged part is read.
 */
export function unpackLineageLazily(packed: PackedLineage): LinkedLineage {
  const editions: LineageEdition[] = [];
  const sectionId = (_table: 'sections' | 'sentences', link: LineageLink): string | undefined =>
    editions[link.edition]?.sections[link.index]?.id;
  const rows = new PackedRows(packed);
  packed.editions.forEach((edition, e) => {
    if (!Array.isArray(edition.blockSteps)) throw new RangeError('unpackLineage: no block indexes');
    const sections = unpackSections(packed, edition, e, sectionId);
    const made: SentenceLineage[] = new Array(rows.count(e));
    const make = (i: number): SentenceLineage =>
      unpackSentence(packed, edition, sections, rows.offset(e, i), i, rows.blockIndex(e, i), () => rows.id(e, i));
    editions.push(labelled(edition, sections, lazyArray(made, make)));
  });
  const comparisons = editions.slice(1).map((after, k) => {
    const step = {} as { pairs: Array<LinkedPair | undefined> };
    Object.defineProperty(step, 'pairs', {
      enumerable: true,
      configurable: true,
      get: () => {
        const edition = packed.editions[k + 1] as PackedLineageEdition;
        const pairs = unpackPairs(edition, (editions[k] as LineageEdition).sentences, after.sentences);
        Object.defineProperty(step, 'pairs', { value: pairs, enumerable: true, writable: false, configurable: false });
        return pairs;
      },
    });
    return step;
  });
  return { editions, comparisons, options: { ...packed.options } };
}

/**
 * The sentence rows of a packed lineage read in place, an edition at a time when first asked: where each sentence's
 * numbers start, its block index, and its id by the collation rule.
 */
class PackedRows {
  private readonly offsets: Array<Int32Array | undefined> = [];
  private readonly blockIndexes: Array<Int32Array | undefined> = [];
  private readonly ids: Array<Array<string | undefined> | undefined> = [];

  constructor(private readonly packed: PackedLineage) {}

  /** How many sentences edition `e` has. */
  count(e: number): number {
    return this.offsetsOf(e).length;
  }

  /** Where sentence `i` of edition `e` starts in its row. */
  offset(e: number, i: number): number {
    return this.offsetsOf(e)[i] as number;
  }

  /** The block index of sentence `i` of edition `e`. */
  blockIndex(e: number, i: number): number {
    let indexes = this.blockIndexes[e];
    if (indexes === undefined) {
      const steps = (this.packed.editions[e] as PackedLineageEdition).blockSteps;
      indexes = new Int32Array(this.count(e));
      let blockIndex = 0;
      for (let s = 0; s < indexes.length; s++) {
        const step = steps[s];
        if (step === undefined) throw new RangeError(`unpackLineage: no block index for sentence ${s}`);
        blockIndex += step;
        indexes[s] = blockIndex;
      }
      this.blockIndexes[e] = indexes;
    }
    return indexes[i] as number;
  }

  /**
   * The id of sentence `i` of edition `e`: written, else its primary predecessor's (an earlier edition's sentence),
   * else new. The chain is followed back without recursion (a series may have thousands of editions), and every id
   * found on the way is kept.
   */
  id(e: number, i: number): string {
    const chain: number[] = [];
    let edition = e;
    let index = i;
    let found: string | undefined;
    for (;;) {
      const known = this.ids[edition]?.[index];
      if (known !== undefined) {
        found = known;
        break;
      }
      const written = (this.packed.editions[edition] as PackedLineageEdition).sentenceIds?.[index];
      if (written !== undefined) {
        found = written;
        break;
      }
      chain.push(edition, index);
      const at = this.offset(edition, index);
      const row = (this.packed.editions[edition] as PackedLineageEdition).sentences;
      // As `unpackLineage` reads it: a first link to an earlier edition's sentence gives its id, any other a new one.
      if ((row[at + 2] as number) === 0) break;
      const linked = row[at + 3] as number;
      const linkedIndex = row[at + 4] as number;
      if (!(linked >= 0 && linked < edition && linkedIndex >= 0 && linkedIndex < this.count(linked))) break;
      edition = linked;
      index = linkedIndex;
    }
    // Unresolved, the chain's last sentence starts it: its id is new, and so is every id after it on the chain.
    for (let k = chain.length - 2; k >= 0; k -= 2) {
      const at = chain[k] as number;
      const atIndex = chain[k + 1] as number;
      found ??= `L${at}.${atIndex}`;
      let ids = this.ids[at];
      if (ids === undefined) {
        ids = [];
        this.ids[at] = ids;
      }
      ids[atIndex] = found;
    }
    return found as string;
  }

  private offsetsOf(e: number): Int32Array {
    let offsets = this.offsets[e];
    if (offsets === undefined) {
      const row = (this.packed.editions[e] as PackedLineageEdition).sentences;
      const starts: number[] = [];
      for (let at = 0; at < row.length; ) {
        starts.push(at);
        const links = row[at + 2] as number;
        // A damaged count would step back or nowhere: a RangeError, as unpacking it whole gives.
        if (!Number.isInteger(links) || links < 0) throw new RangeError(`unpackLineage: bad link count ${links}`);
        at += 3 + links * LINK_FIELDS;
      }
      offsets = Int32Array.from(starts);
      this.offsets[e] = offsets;
    }
    return offsets;
  }
}

/**
 * `made` (as long as the array it stands for, with holes) read as that array: an element is made by `make` when it
 * is first read, and kept.
 */
function lazyArray<T>(made: T[], make: (index: number) => T): T[] {
  const count = made.length;
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const first = key.charCodeAt(0);
    if (first < 48 || first > 57) return -1;
    const index = Number(key);
    return Number.isInteger(index) && index < count && String(index) === key ? index : -1;
  };
  return new Proxy(made, {
    get(target, key, receiver) {
      const index = indexOf(key);
      if (index < 0) return Reflect.get(target, key, receiver);
      let value = target[index];
      if (value === undefined) {
        value = make(index);
        target[index] = value;
      }
      return value;
    },
    has(target, key) {
      return indexOf(key) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const index = indexOf(key);
      if (index < 0) return Reflect.getOwnPropertyDescriptor(target, key);
      if (target[index] === undefined) target[index] = make(index);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      for (let index = 0; index < count; index++) if (target[index] === undefined) target[index] = make(index);
      return Reflect.ownKeys(target);
    },
  });
}

/** An edition's label and date with its units. */
function labelled(
  edition: PackedLineageEdition,
  sections: SectionLineage[],
  sentences: SentenceLineage[],
): LineageEdition {
  const unpacked: LineageEdition = { label: edition.label, sections, sentences };
  if (edition.date !== undefined) unpacked.date = edition.date;
  return unpacked;
}

/** The sections of packed edition `e`, their ids by the rule from the editions before (`idOf`). */
function unpackSections(
  packed: PackedLineage,
  edition: PackedLineageEdition,
  e: number,
  idOf: (table: 'sections' | 'sentences', link: LineageLink) => string | undefined,
): SectionLineage[] {
  return edition.sections.map((row, i): SectionLineage => {
    const previous = row.length > 4 ? readLink(row as unknown as number[], 4) : null;
    return {
      id: edition.sectionIds?.[i] ?? ruleId(previous, 'sections', `S${e}.${i}`, idOf),
      label: row[0],
      title: row[1],
      path: pathAt(packed, row[2]),
      parent: row[3],
      previous,
    };
  });
}

/** Sentence `i` of a packed edition, its numbers at `at` of the row; `idOf` answers its id from its first link. */
function unpackSentence(
  packed: PackedLineage,
  edition: PackedLineageEdition,
  sections: readonly SectionLineage[],
  at: number,
  i: number,
  blockIndex: number,
  idOf: (first: LineageLink | undefined) => string,
): SentenceLineage {
  const row = edition.sentences;
  const text = packed.texts[row[at] as number];
  if (text === undefined) throw new RangeError(`unpackLineage: no text ${row[at]}`);
  const section = row[at + 1] as number;
  const links = row[at + 2] as number;
  const previous: LineageLink[] = new Array(links);
  for (let l = 0; l < links; l++) previous[l] = readLink(row, at + 3 + l * LINK_FIELDS);
  const own = edition.sentencePaths?.[i];
  const sentence: SentenceLineage = {
    id: idOf(previous[0]),
    text,
    path: own === undefined ? (sections[section]?.path ?? []) : pathAt(packed, own),
    section,
    blockIndex,
    previous,
  };
  const block = edition.sentenceBlocks?.[i];
  if (block !== undefined) sentence.block = block;
  return sentence;
}

/** Path `index` of a packed lineage. */
function pathAt(packed: PackedLineage, index: number): string[] {
  const found = packed.paths[index];
  if (!found) throw new RangeError(`unpackLineage: no path ${index}`);
  return found;
}

/** The pairs of a packed edition's step from the one before, at their indices (the others absent). */
function unpackPairs(
  edition: PackedLineageEdition,
  before: readonly SentenceLineage[],
  after: readonly SentenceLineage[],
): Array<LinkedPair | undefined> {
  const pairs: Array<LinkedPair | undefined> = [];
  for (const pair of edition.pairs) pairs[pair.pair] = unpackPair(pair, before, after);
  return pairs;
}

/** Ranked changes a packed history keeps per step: any `top` up to this is a slice of it. */
export const HISTORY_TOP_KEPT = 50;

/** A series history kept with a generous `top`. */
export interface PackedHistory {
  /** The `top` the history was made with. */
  kept: number;
  /** Per step, how many changes could be ranked. */
  ranked: number[];
  history: SeriesHistory;
}

/** The history of a collated series, packed: any `top` up to `kept` (or beyond, where no step ranks more) is a slice. */
export function packHistory(lineage: SeriesLineage, kept = HISTORY_TOP_KEPT): PackedHistory {
  return {
    kept,
    ranked: lineage.comparisons.map(rankedChangeCount),
    history: history(lineage, { top: kept }),
  };
}

/**
 * A packed history with one more step: the comparison of the series' last edition with a new one, and the new
 * edition's lineage (`sentenceText` gives the text of an earlier sentence it returns to). What `packHistory` gives the
 * grown series, since a step reads only its own comparison and editions (see `historyStep`).
 */
export function appendPackedHistory(
  packed: PackedHistory,
  comparison: Comparison,
  newer: LineageEdition,
  sentenceText: (edition: number, index: number) => string | undefined,
): PackedHistory {
  const from = packed.history.editions.length - 1;
  return {
    kept: packed.kept,
    ranked: [...packed.ranked, rankedChangeCount(comparison)],
    history: {
      editions: [...packed.history.editions, historyEdition(newer, from + 1)],
      steps: [...packed.history.steps, historyStep(comparison, from, newer, sentenceText, { top: packed.kept })],
    },
  };
}

/**
 * The history `history(lineage, { top })` gives, from its packed form; null when the packed form cannot tell (a
 * `top` beyond what was kept for a step that ranked more, or not a whole number ≥ 0): make it from the lineage then.
 */
export function unpackHistory(packed: PackedHistory, options: { top?: number } = {}): SeriesHistory | null {
  const top = options.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 0) return null;
  if (top > packed.kept && packed.ranked.some((count) => count > packed.kept)) return null;
  return {
    editions: packed.history.editions,
    steps: packed.history.steps.map((step) => {
      const sliced = { ...step, top: step.top.slice(0, top) };
      if (step.shifts) sliced.shifts = step.shifts.slice(0, top);
      if (step.facts) sliced.facts = step.facts.slice(0, top);
      return sliced;
    }),
  };
}
