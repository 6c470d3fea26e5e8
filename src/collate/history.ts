/**
 * The history of a series: for each pair of consecutive editions, counts per relation at every level, the number of
 * sentences that came back from an earlier edition, and the most significant changes with a few examples of each
 * relation — what `palimpsest history` prints.
 */

import { factsOfText, type TextFact } from '../facts/index.js';
import {
  type AlignedPair,
  type Comparison,
  type Level,
  RELATIONS,
  type RelationCounts,
  type Shift,
  type ShiftKind,
  SIGNIFICANCES,
  type Significance,
} from '../model/comparison.js';
import { readsAsEnglish } from '../text/language.js';
import type { BlameEdition } from './blame.js';
import type { LineageEdition, SeriesLineage } from './lineage.js';

/** One change as the history lists it. */
export interface HistoryChange {
  /** The pair's id in the comparison of the two editions. */
  pair: string;
  level: Level;
  /** A relation, or `returned` for a sentence back from an earlier edition. */
  relation: string;
  significance: Significance;
  /** Section path in the newer edition (the older one for deletions). */
  path: string[];
  /** Text before and after (shortened to `TEXT_LIMIT` characters), null when absent. */
  old: string | null;
  new: string | null;
  similarity: number;
}

/** A policy-language shift of one step (docs/shifts.md), with where it is: what makes a series read as a story. */
export interface HistoryShift extends Shift {
  /** The pair's id in the comparison of the two editions (the first, when the same shift is in several). */
  pair: string;
  /** Section path in the newer edition (the older one for deletions). */
  path: string[];
  /** How many pairs of the step carry this same shift (same kind, change and words). */
  count: number;
}

/**
 * A fact of one step (src/facts, docs/facts.md): a count, date, reference, organisation or place new in the step's
 * changed text, dropped from it, or with another value in the same unit ("three nuclear tests" → "six").
 */
export interface HistoryFact {
  change: 'new' | 'dropped' | 'changed';
  kind: TextFact['kind'];
  key: string;
  /** The words before and after, as written (absent on the side without the fact). */
  old?: string;
  new?: string;
  /** The pair's id (the first, when the same fact changed in several units). */
  pair: string;
  /** Section path in the newer edition (the older one for deletions). */
  path: string[];
  /** How many units of the step hold this same change. */
  count: number;
}

/** What changed from one edition to the next. */
export interface HistoryStep {
  /** Index of the older edition; the newer is `from + 1`. */
  from: number;
  to: number;
  sections: RelationCounts;
  blocks: RelationCounts;
  sentences: RelationCounts;
  /** Counts per significance over headings and blocks. */
  significance: Record<Significance, number>;
  /** Sentences inserted in `to` that are returns of sentences deleted in an earlier edition. */
  returned: number;
  /** The most significant changes (headings and blocks), most significant first. */
  top: HistoryChange[];
  /**
   * The step's policy shifts, as many as `top`, most telling first: by kind in the order of docs/ranking.md
   * (negation, modality, intensity, scope, actor, region, reference), then by how many pairs carry it, then reading
   * order. Absent in histories cached before shifts were labelled.
   */
  shifts?: HistoryShift[];
  /**
   * The step's fact changes, as many as `top`, most telling first: changed values, then new facts, then dropped ones;
   * counts before organisations, references, dates and places. Absent in histories cached before facts were read.
   */
  facts?: HistoryFact[];
  /** A few examples per relation (and `returned`), in reading order. */
  examples: Record<string, HistoryChange[]>;
}

/** The history of a whole series. */
export interface SeriesHistory {
  editions: BlameEdition[];
  steps: HistoryStep[];
}

/** Options of `history`. */
export interface HistoryOptions {
  /** How many most significant changes per step (default 5). */
  top?: number;
  /** How many examples per relation (default 3). */
  examples?: number;
}

/** Most significant changes listed per step when `top` is not given. */
export const DEFAULT_TOP = 5;

/** Longest text kept in a history change; readers follow the pair id to the full comparison. */
export const TEXT_LIMIT = 240;

/** The history of a collated series, one step per consecutive pair of editions. */
export function history(lineage: SeriesLineage, options: HistoryOptions = {}): SeriesHistory {
  const sentenceText = (edition: number, index: number) => lineage.editions[edition]?.sentences[index]?.text;
  const steps = lineage.comparisons.map((comparison, i) =>
    historyStep(comparison, i, lineage.editions[i + 1], sentenceText, options),
  );
  return { editions: lineage.editions.map(historyEdition), steps };
}

/** An edition as a history (and a blame) lists it. */
export function historyEdition(edition: { label: string; date?: string }, index: number): BlameEdition {
  const entry: BlameEdition = { index, label: edition.label };
  if (edition.date !== undefined) entry.date = edition.date;
  return entry;
}

/**
 * One step of a history: what changed from edition `from` to the next (`newer`, its lineage), by their comparison.
 * `sentenceText` gives the text of a sentence of an earlier edition that one of `newer` returns to. A step reads
 * nothing else of the series, so the history of a series grown by one edition is its history and one more step.
 */
export function historyStep(
  comparison: Comparison,
  from: number,
  newer: LineageEdition | undefined,
  sentenceText: (edition: number, index: number) => string | undefined,
  options: HistoryOptions = {},
): HistoryStep {
  const topCount = options.top ?? DEFAULT_TOP;
  const exampleCount = options.examples ?? 3;
  const returnedPairs: HistoryChange[] = [];
  let returned = 0;
  newer?.sentences.forEach((sentence) => {
    const link = sentence.previous[0];
    if (link?.relation !== 'returned') return;
    returned++;
    if (returnedPairs.length >= exampleCount) return;
    const before = sentenceText(link.edition, link.index);
    returnedPairs.push({
      pair: '',
      level: 'sentence',
      relation: 'returned',
      significance: 'substantive',
      path: sentence.path,
      old: before !== undefined ? shorten(before) : null,
      new: shorten(sentence.text),
      similarity: before === sentence.text ? 1 : 0,
    });
  });
  const step: HistoryStep = {
    from,
    to: from + 1,
    sections: comparison.summary.sections,
    blocks: comparison.summary.blocks,
    sentences: comparison.summary.sentences,
    significance: comparison.summary.significance,
    returned,
    top: mostSignificant(comparison, topCount),
    shifts: topShifts(comparison, topCount),
    facts: topFacts(comparison, topCount),
    examples: examplesOf(comparison, exampleCount),
  };
  if (returnedPairs.length > 0) step.examples.returned = returnedPairs;
  return step;
}

/** Kinds of shift in the order a step lists them (the order of docs/ranking.md's shift tier). */
const SHIFT_ORDER: readonly ShiftKind[] = [
  'negation',
  'modality',
  'intensity',
  'scope',
  'actor',
  'region',
  'reference',
];

/** The `count` most telling policy shifts of a comparison, the same shift in several pairs listed once. */
export function topShifts(comparison: Comparison, count: number): HistoryShift[] {
  const tally = new PairTally<Shift>();
  for (const pair of comparison.pairs) {
    if (pair.level === 'sentence') continue;
    for (const shift of pair.shifts ?? []) {
      tally.note(JSON.stringify([shift.kind, shift.change, shift.direction ?? '', shift.old, shift.new]), shift, pair);
    }
  }
  return tally.top(count, (a, b) => SHIFT_ORDER.indexOf(a.kind) - SHIFT_ORDER.indexOf(b.kind));
}

/**
 * What a step lists once however many pairs hold it (a shift, a fact change): the first pair that does, its place,
 * and how many do.
 */
class PairTally<T extends object> {
  readonly #byKey = new Map<string, T & { pair: string; path: string[]; count: number; order: number }>();

  /** Count `item` under `key`, kept with `pair` when it is the first. */
  note(key: string, item: T, pair: AlignedPair): void {
    const seen = this.#byKey.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    const unit = pair.new ?? pair.old;
    this.#byKey.set(key, { ...item, pair: pair.id, path: unit?.path ?? [], count: 1, order: this.#byKey.size });
  }

  /** The first `count` by `compare`, then by how many pairs hold them, then reading order. */
  top(count: number, compare: (a: T, b: T) => number): Array<T & { pair: string; path: string[]; count: number }> {
    return [...this.#byKey.values()]
      .sort((a, b) => compare(a, b) || b.count - a.count || a.order - b.order)
      .slice(0, count)
      .map(({ order: _order, ...item }) => item as T & { pair: string; path: string[]; count: number });
  }
}

/** Changes before additions before removals; among them counts, names, references, dates, places. */
const FACT_CHANGE_ORDER: readonly HistoryFact['change'][] = ['changed', 'new', 'dropped'];
const FACT_KIND_ORDER: readonly HistoryFact['kind'][] = ['quantity', 'organisation', 'reference', 'date', 'place'];

/**
 * The `count` most telling fact changes of a comparison. The text of each changed sentence pair is read on its own
 * (`factsOfText`: the edition's tree is not part of a history) and its facts compared by key within the pair, so a
 * step says "2022: count of escorts 57 new" without reading the whole editions again.
 */
export function topFacts(comparison: Comparison, count: number): HistoryFact[] {
  if (count <= 0) return [];
  const tally = new PairTally<Omit<HistoryFact, 'count' | 'pair' | 'path'>>();
  const note = (fact: Omit<HistoryFact, 'count' | 'pair' | 'path'>, pair: AlignedPair) =>
    tally.note(JSON.stringify([fact.change, fact.kind, fact.key, fact.old ?? '', fact.new ?? '']), fact, pair);
  const changed = comparison.pairs.filter((pair) => pair.level === 'sentence' && pair.old?.text !== pair.new?.text);
  // Whether English counts are read is decided over the step's changed text, as extraction decides it per edition.
  const texts = changed.flatMap((pair) => [pair.old?.text, pair.new?.text].filter((t) => t !== undefined));
  const options = readsAsEnglish(texts) ? { locale: 'en' } : {};
  for (const pair of changed) {
    const before = pair.old ? factsOfText(pair.old.text, options) : [];
    const after = pair.new ? factsOfText(pair.new.text, options) : [];
    const oldByKey = new Map(before.map((fact) => [fact.key, fact]));
    const newKeys = new Set(after.map((fact) => fact.key));
    for (const fact of after) {
      const was = oldByKey.get(fact.key);
      if (was === undefined) note({ change: 'new', kind: fact.kind, key: fact.key, new: fact.text }, pair);
      else if ((was.value ?? was.text) !== (fact.value ?? fact.text) && was.text !== fact.text) {
        note({ change: 'changed', kind: fact.kind, key: fact.key, old: was.text, new: fact.text }, pair);
      }
    }
    for (const fact of before) {
      if (!newKeys.has(fact.key)) note({ change: 'dropped', kind: fact.kind, key: fact.key, old: fact.text }, pair);
    }
  }
  return tally.top(
    count,
    (a, b) =>
      FACT_CHANGE_ORDER.indexOf(a.change) - FACT_CHANGE_ORDER.indexOf(b.change) ||
      FACT_KIND_ORDER.indexOf(a.kind) - FACT_KIND_ORDER.indexOf(b.kind),
  );
}

/** Whether a pair may be a change `top` ranks: a heading or block that changed in a way that matters. */
function isRankable(pair: AlignedPair): boolean {
  return pair.level !== 'sentence' && pair.relation !== 'unchanged' && pair.significance !== 'none';
}

/**
 * The changes `top` ranks, each with its weight (characters changed). A section inserted or deleted whole is one
 * change weighing all the text under it: listing its paragraphs one by one would crowd out the edits elsewhere, and
 * a reader of a history wants "a section on X was added" beside "this paragraph was reworded".
 */
function rankedChanges(comparison: Comparison): { pair: AlignedPair; weight: number }[] {
  const byId = new Map(comparison.pairs.map((pair) => [pair.id, pair]));
  const isWhole = (pair: AlignedPair) =>
    pair.level === 'section' && (pair.relation === 'inserted' || pair.relation === 'deleted');
  const wholeAncestor = (pair: AlignedPair): AlignedPair | undefined => {
    let outer: AlignedPair | undefined;
    for (let id = pair.parent; id !== undefined; ) {
      const parent = byId.get(id);
      if (parent === undefined) break;
      if (isWhole(parent)) outer = parent;
      id = parent.parent;
    }
    return outer;
  };
  const weights = new Map<AlignedPair, number>();
  const ranked: AlignedPair[] = [];
  for (const pair of comparison.pairs) {
    if (!isRankable(pair)) continue;
    const outer = wholeAncestor(pair);
    const counted = outer ?? pair;
    if (outer === undefined) ranked.push(pair);
    weights.set(counted, (weights.get(counted) ?? 0) + changedCharacters(pair));
  }
  return ranked.map((pair) => ({ pair, weight: weights.get(pair) ?? 0 }));
}

/** How many changes of a comparison `top` ranks (a step's `top` lists at most this many). */
export function rankedChangeCount(comparison: Comparison): number {
  return rankedChanges(comparison).length;
}

/** Heading and block changes ranked by significance, then by how much text changed. */
function mostSignificant(comparison: Comparison, count: number): HistoryChange[] {
  const rank = (s: Significance): number => SIGNIFICANCES.indexOf(s);
  return rankedChanges(comparison)
    .map((change, order) => ({ ...change, order }))
    .sort((a, b) => rank(b.pair.significance) - rank(a.pair.significance) || b.weight - a.weight || a.order - b.order)
    .slice(0, count)
    .map((x) => toChange(x.pair));
}

/** The first few pairs of each relation other than `unchanged`, preferring headings and blocks over sentences. */
function examplesOf(comparison: Comparison, count: number): Record<string, HistoryChange[]> {
  const examples: Record<string, HistoryChange[]> = {};
  for (const level of ['section', 'block', 'sentence'] as const) {
    for (const pair of comparison.pairs) {
      if (pair.level !== level || pair.relation === 'unchanged') continue;
      let list = examples[pair.relation];
      if (!list) {
        list = [];
        examples[pair.relation] = list;
      }
      // Sentence examples only for relations that no heading or block showed.
      if (level === 'sentence' && list.some((c) => c.level !== 'sentence')) continue;
      if (list.length < count) list.push(toChange(pair));
    }
  }
  const ordered: Record<string, HistoryChange[]> = {};
  for (const relation of RELATIONS) if (examples[relation]) ordered[relation] = examples[relation];
  return ordered;
}

/** Characters inserted or deleted by a pair (its whole text for an inserted or deleted unit). */
function changedCharacters(pair: AlignedPair): number {
  if (!pair.old || !pair.new) return (pair.old ?? pair.new)?.text.length ?? 0;
  let total = 0;
  for (const change of pair.changes) if (change.op !== 'equal') total += change.text.length;
  return total;
}

/** A pair as a history change. */
function toChange(pair: AlignedPair): HistoryChange {
  return {
    pair: pair.id,
    level: pair.level,
    relation: pair.relation,
    significance: pair.significance,
    path: (pair.new ?? pair.old)?.path ?? [],
    old: pair.old ? shorten(pair.old.text) : null,
    new: pair.new ? shorten(pair.new.text) : null,
    similarity: Math.round(pair.similarity * 100) / 100,
  };
}

/** Text cut at `TEXT_LIMIT` characters (at a code point boundary) with an ellipsis. */
function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  if (single.length <= TEXT_LIMIT) return single;
  let cut = TEXT_LIMIT;
  const code = single.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff) cut--;
  return `${single.slice(0, cut)}…`;
}
