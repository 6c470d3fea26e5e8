/**
 * Per-series caches that make blame, history and trace fast on long series. Collating a series needs every
 * edition's tree and every consecutive comparison — on the 116-edition WordPress.com terms that is tens of megabytes
 * of JSON to read and parse on every call. So the results of that work are cached as derived values, one per series
 * and purpose:
 *
 * - `series-lineage`: the collated lineage packed as blame needs it (`packLineage`), for the blame of any edition;
 * - `series-blame`: the blame of the latest edition (what `palimpsest blame SERIES` asks), with its section paths,
 *   packed (`packedBlame`: word ages as runs, no object per word);
 * - `series-history`: the history with a generous `top` (`packHistory`);
 * - `series-trace`: the trace units of every edition, with shared texts stored once (`packTraceUnits`);
 * - `series-collation`: the state a collation resumes from (`CollationState`: the last edition's units and the
 *   dormant ones a later edition may return to), so that adding the next edition extends the other four by one
 *   step (`extendSeriesCaches`: the lineage, history and trace appended to, the latest blame made from the previous
 *   one) instead of collating the whole series again.
 *
 * The lineage, history and trace only grow at the end of some arrays when an edition is appended (their tables and
 * per-edition rows), so an extension stores what it appended as a tail beside the value (`${kind}-tail`: the items
 * added to each growing array since the value was written whole, the idea of a log-structured store: append, then
 * compact) instead of writing the whole value again — 12 KB rather than 1.4 MB of JSON for a WordPress.com edition's
 * lineage. A read folds the tail into the value; the tail is folded in and written whole once it would cover more
 * than two editions and an eighth of the value's, so an add writes a tail of a few editions and, one add in so many,
 * the whole value: on average a constant times the edition, not the series.
 *
 * Each value is keyed by the series name and carries a fingerprint of the series as it was: the ordered editions'
 * SHA-256, labels, dates and languages (and the version of the packed shapes). A value whose fingerprint differs is
 * a miss, so adding, replacing or removing an edition renews the cache by itself, and a store keeps one value per
 * series and purpose rather than one per state the series went through. Values are stamped with the engine version
 * like every derived value; `palimpsest rebuild` clears and remakes them (on PostgreSQL, rebuild jobs write each
 * over the old one, which reads serve meanwhile: stale-reads.ts).
 */

import { createHash } from 'node:crypto';
import {
  type Blame,
  type CollationState,
  collateSeriesWithState,
  extendCollation,
  history,
  type LinkedLineage,
  type SeriesHistory,
  type SeriesLineage,
} from '../../collate/index.js';
import type { Comparison } from '../../model/comparison.js';
import type { DocumentNode } from '../../model/tree.js';
import type { EditionRecord, EditionStore } from '../../store/index.js';
import { type TraceUnit, traceUnits } from '../../trace/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { extendPackedBlame, type PackedBlame, packedBlame, unpackBlame } from './blame-pack.js';
import {
  appendPackedEdition,
  appendPackedHistory,
  type PackedHistory,
  type PackedLineage,
  packHistory,
  packLineage,
  unpackHistory,
  unpackLineage,
  unpackLineageLazily,
} from './collate-pack.js';
import { type ComparisonExecution, comparisonKey, editionComparison, editionLocale, editionTree } from './documents.js';
import { appendTraceUnits, type PackedTraceUnits, packTraceUnits, unpackTraceUnits } from './trace-pack.js';

/** Cache kind of packed series lineages (blame). */
export const SERIES_LINEAGE_KIND = 'series-lineage';
/** Cache kind of the blame of a series' latest edition. */
export const SERIES_BLAME_KIND = 'series-blame';
/** Cache kind of packed series histories. */
export const SERIES_HISTORY_KIND = 'series-history';
/** Cache kind of a series' packed trace units. */
export const SERIES_TRACE_KIND = 'series-trace';
/** Cache kind of the state a series' collation ended in (what extending it by one edition reads). */
export const SERIES_COLLATION_KIND = 'series-collation';

/**
 * Version of the packed shapes, part of every fingerprint: a new shape is a miss, never a misread. 5: sentences keep
 * their block index (blame's paragraph breaks); 6: history steps keep their top policy shifts; 7: and their top
 * fact changes; 8: no shifts in editions of a Latin-script language without a lexicon (their comparisons changed).
 */
const PACK_VERSION = 8;

/** A cached series value with the fingerprint of the series it was made from. */
interface Fingerprinted<T> {
  fingerprint: string;
  value: T;
}

/** The fingerprint of a series' editions as they are: what a cached series value must match to be used. */
export function seriesFingerprint(records: readonly EditionRecord[]): string {
  const editions = records.map((r) => [r.sha256, r.label, r.date ?? null, r.lang ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([PACK_VERSION, editions]))
    .digest('hex');
}

/** The arrays (as property paths) of the values that only grow at their end when the series gains an edition. */
const GROWING: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  [SERIES_LINEAGE_KIND]: [['texts'], ['paths'], ['editions']],
  [SERIES_HISTORY_KIND]: [['ranked'], ['history', 'editions'], ['history', 'steps']],
  [SERIES_TRACE_KIND]: [['bodies'], ['paths'], ['editions']],
};

/** The cache kind of the tail of a growing kind. */
function tailKind(kind: string): string {
  return `${kind}-tail`;
}

/** The cache kind of the tail of a growing series kind (what stale-reads.ts pairs with its base). */
export const seriesTailKind = tailKind;

/** What extensions appended to a value written whole (the base), for the series with the tail's fingerprint. */
interface Tail {
  fingerprint: string;
  /** The fingerprint of the base the tail extends. */
  base: string;
  /** Editions appended since the base. */
  appended: number;
  /** The items appended to each growing array (in the order of GROWING's paths). */
  grown: unknown[][];
}

/** The array at `path` in a value; a TypeError when there is none (a damaged value). */
function arrayAt(value: unknown, path: readonly string[]): unknown[] {
  let at: unknown = value;
  for (const key of path) at = (at as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(at)) throw new TypeError(`no array at ${path.join('.')}`);
  return at;
}

/** A growing value read as the series now is: its base, and the tail folded into it when there is one. */
interface GrowingRead<T> {
  value: T;
  base: { fingerprint: string; lengths: number[] };
  appended: number;
}

/**
 * A cached value of a growing kind made from the series as it is now: the base when fresh, else the base with its
 * tail folded in when the tail extends that base to the series as it is. Undefined on a miss or a damaged value.
 */
async function readGrowing<T>(
  store: EditionStore,
  kind: string,
  series: string,
  fingerprint: string,
): Promise<GrowingRead<T> | undefined> {
  const paths = GROWING[kind] ?? [];
  const cached = await store.getDerived<Fingerprinted<T>>(kind, series, ENGINE_VERSION);
  if (cached === undefined) return undefined;
  try {
    const lengths = paths.map((path) => arrayAt(cached.value, path).length);
    const base = { fingerprint: cached.fingerprint, lengths };
    if (cached.fingerprint === fingerprint) return { value: cached.value, base, appended: 0 };
    const tail = await store.getDerived<Tail>(tailKind(kind), series, ENGINE_VERSION);
    if (tail?.fingerprint !== fingerprint || tail.base !== cached.fingerprint) return undefined;
    if (!Array.isArray(tail.grown) || tail.grown.length !== paths.length) return undefined;
    paths.forEach((path, i) => {
      const items = tail.grown[i];
      if (!Array.isArray(items)) throw new TypeError('a damaged tail');
      const array = arrayAt(cached.value, path);
      // In place: the base was parsed for this read alone. Item by item, as a spread of thousands would overflow.
      for (const item of items) array.push(item);
    });
    return { value: cached.value, base, appended: tail.appended };
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * Stores a grown value of a growing kind: as a tail of the base it was read from (the items appended to each growing
 * array since), or — the tail covering more than two editions and an eighth of the base's — whole, as a new base.
 */
async function putGrown<T>(
  store: EditionStore,
  kind: string,
  series: string,
  fingerprint: string,
  read: GrowingRead<unknown>,
  grown: T,
): Promise<void> {
  const paths = GROWING[kind] ?? [];
  const appended = read.appended + 1;
  const baseEditions = read.base.lengths[paths.findIndex((path) => path[path.length - 1] === 'editions')] ?? 0;
  if (appended * 8 > baseEditions + 16) {
    await putValue(store, kind, series, fingerprint, grown);
    return;
  }
  const tail: Tail = {
    fingerprint,
    base: read.base.fingerprint,
    appended,
    grown: paths.map((path, i) => arrayAt(grown, path).slice(read.base.lengths[i])),
  };
  await store.putDerived(tailKind(kind), series, ENGINE_VERSION, tail);
}

/** A cached series value if it was made from the series as it is now (a growing one with its tail), else undefined. */
async function freshValue<T>(
  store: EditionStore,
  kind: string,
  series: string,
  fingerprint: string,
): Promise<T | undefined> {
  if (GROWING[kind] !== undefined) return (await readGrowing<T>(store, kind, series, fingerprint))?.value;
  const cached = await store.getDerived<Fingerprinted<T>>(kind, series, ENGINE_VERSION);
  return cached?.fingerprint === fingerprint ? cached.value : undefined;
}

/** A cached value unpacked, or undefined when it is absent or damaged (a damaged value is a miss: made again). */
function unpacked<P, T>(packed: P | undefined, unpack: (value: P) => T): T | undefined {
  if (packed === undefined) return undefined;
  try {
    return unpack(packed);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Stores a series value under its fingerprint. */
async function putValue<T>(
  store: EditionStore,
  kind: string,
  series: string,
  fingerprint: string,
  value: T,
): Promise<void> {
  const entry: Fingerprinted<T> = { fingerprint, value };
  await store.putDerived(kind, series, ENGINE_VERSION, entry);
  // A tail of the value this one replaces is of no more use (nor harm: it names the base it extends).
  if (GROWING[kind] !== undefined) await store.deleteDerived(tailKind(kind), series);
}

/**
 * Trees and comparisons a caller holds as values already (an add has just parsed and compared the last pair): by
 * the bytes' SHA-256 and by comparison key. Used instead of reading their JSON back from the store.
 */
export interface HeldValues {
  documents: Map<string, DocumentNode>;
  comparisons: Map<string, Comparison>;
}

/**
 * The trees of a series' editions, in order (held, from the tree cache, or parsed from the stored bytes: on
 * `execution.pool` when there is one, see `editionTree`).
 */
async function seriesDocuments(
  store: EditionStore,
  records: readonly EditionRecord[],
  held?: HeldValues,
  execution: ComparisonExecution = {},
): Promise<DocumentNode[]> {
  const documents: DocumentNode[] = [];
  for (const record of records)
    documents.push(held?.documents.get(record.sha256) ?? (await editionTree(store, record, execution)).document);
  return documents;
}

/**
 * Collates a series from its trees and cached consecutive comparisons (the full, slow path), and caches the packed
 * lineage and history it yields. Missing trees and comparisons are made on `execution.pool` when there is one.
 */
async function collateStored(
  store: EditionStore,
  series: string,
  records: readonly EditionRecord[],
  fingerprint: string,
  documents?: readonly DocumentNode[],
  held?: HeldValues,
  execution: ComparisonExecution = {},
): Promise<SeriesLineage> {
  const trees = documents ?? (await seriesDocuments(store, records, held, execution));
  const comparisons = [];
  for (let i = 1; i < records.length; i++) {
    const older = { record: records[i - 1] as EditionRecord, document: trees[i - 1] as DocumentNode };
    const newer = { record: records[i] as EditionRecord, document: trees[i] as DocumentNode };
    comparisons.push(
      held?.comparisons.get(comparisonKey(older.record, newer.record)) ??
        (await editionComparison(store, older, newer, editionLocale(newer.record), execution)),
    );
  }
  const { lineage, state } = collateSeriesWithState(
    records.map((record, i) => ({
      label: record.label,
      ...(record.date ? { date: record.date } : {}),
      document: trees[i] as DocumentNode,
    })),
    { comparisons },
  );
  await putValue<PackedLineage>(store, SERIES_LINEAGE_KIND, series, fingerprint, packLineage(lineage));
  await putValue<PackedHistory>(store, SERIES_HISTORY_KIND, series, fingerprint, packHistory(lineage));
  await putValue<CollationState>(store, SERIES_COLLATION_KIND, series, fingerprint, state);
  return lineage;
}

/** The editions of a series, in order, and their fingerprint. */
export interface SeriesState {
  records: EditionRecord[];
  fingerprint: string;
}

/** The editions of a series and its fingerprint; E_NO_SERIES when there is no such series. */
export async function seriesState(store: EditionStore, series: string): Promise<SeriesState> {
  const records = await store.listEditions(series);
  return { records, fingerprint: seriesFingerprint(records) };
}

/**
 * The lineage of a series for blame: from the cache (no trees, no comparisons), else collated and cached (missing
 * trees and comparisons made on `execution.pool` when there is one). With `through`, a lineage from the cache has
 * the units of the editions up to that one only (see `unpackLineage`).
 */
export async function seriesLineage(
  store: EditionStore,
  series: string,
  state: SeriesState,
  through?: number,
  execution: ComparisonExecution = {},
): Promise<LinkedLineage> {
  const packed = await freshValue<PackedLineage>(store, SERIES_LINEAGE_KIND, series, state.fingerprint);
  const lineage = unpacked(packed, (value) => unpackLineage(value, through === undefined ? {} : { through }));
  if (lineage !== undefined) return lineage;
  return collateStored(store, series, state.records, state.fingerprint, undefined, undefined, execution);
}

/** The blame of a series' latest edition and the section paths of that edition (what `--section` resolves against). */
export interface LatestBlame {
  blame: Blame;
  sections: string[][];
}

/** The latest edition's blame as cached: packed (see `PackedBlame`), with the edition's section paths. */
interface PackedLatestBlame {
  blame: PackedBlame;
  sections: string[][];
}

/**
 * The packed blame of the latest edition from a lineage, in the latest edition's language; from `previous`, the
 * blame of the edition before, when the lineage was extended by that one edition.
 */
function latestOf(
  lineage: LinkedLineage,
  records: readonly EditionRecord[],
  previous?: PackedLatestBlame,
): PackedLatestBlame {
  const lang = records[records.length - 1]?.lang;
  const options = lang ? { locale: lang } : {};
  return {
    blame: previous
      ? extendPackedBlame(previous.blame, lineage, undefined, options)
      : packedBlame(lineage, undefined, options),
    sections: lineage.editions[lineage.editions.length - 1]?.sections.map((s) => s.path) ?? [],
  };
}

/** A cached latest blame unpacked. */
function unpackLatest(packed: PackedLatestBlame): LatestBlame {
  return { blame: unpackBlame(packed.blame), sections: packed.sections };
}

/**
 * The blame of a series' latest edition (a series with editions): from the cache (one value), else made from the
 * series' lineage and cached (`execution` as for `seriesLineage`).
 */
export async function latestBlame(
  store: EditionStore,
  series: string,
  state: SeriesState,
  execution: ComparisonExecution = {},
): Promise<LatestBlame> {
  const cached = await freshValue<PackedLatestBlame>(store, SERIES_BLAME_KIND, series, state.fingerprint);
  const served = unpacked(cached, unpackLatest);
  if (served !== undefined) return served;
  const latest = latestOf(await seriesLineage(store, series, state, undefined, execution), state.records);
  await putValue(store, SERIES_BLAME_KIND, series, state.fingerprint, latest);
  return unpackLatest(latest);
}

/**
 * The history of a series with `top` changes per step: from the cache (no trees, no comparisons), else — the cache
 * being stale, or `top` beyond what it kept — from the series collated (and the cache renewed; `execution` as for
 * `seriesLineage`).
 */
export async function cachedSeriesHistory(
  store: EditionStore,
  series: string,
  options: { top?: number } = {},
  execution: ComparisonExecution = {},
): Promise<SeriesHistory> {
  const { records, fingerprint } = await seriesState(store, series);
  const packed = await freshValue<PackedHistory>(store, SERIES_HISTORY_KIND, series, fingerprint);
  const served = unpacked(packed, (value) => unpackHistory(value, options)) ?? null;
  if (served !== null) return served;
  return history(await collateStored(store, series, records, fingerprint, undefined, undefined, execution), options);
}

/**
 * The trace units of every edition of a series: from the cache (no trees), else extracted from trees and cached
 * (missing trees parsed on `execution.pool` when there is one).
 */
export async function seriesTraceUnits(
  store: EditionStore,
  series: string,
  execution: ComparisonExecution = {},
): Promise<{ records: EditionRecord[]; units: TraceUnit[][] }> {
  const { records, fingerprint } = await seriesState(store, series);
  const packed = await freshValue<PackedTraceUnits>(store, SERIES_TRACE_KIND, series, fingerprint);
  const cached = unpacked(packed, unpackTraceUnits);
  if (cached !== undefined) return { records, units: cached };
  const units = (await seriesDocuments(store, records, undefined, execution)).map(traceUnits);
  await putValue(store, SERIES_TRACE_KIND, series, fingerprint, packTraceUnits(units));
  return { records, units };
}

/** Every kind of per-series cache value (each stored under the series name). */
export const SERIES_CACHE_KINDS = [
  SERIES_LINEAGE_KIND,
  SERIES_BLAME_KIND,
  SERIES_HISTORY_KIND,
  SERIES_TRACE_KIND,
  SERIES_COLLATION_KIND,
  ...Object.keys(GROWING).map(tailKind),
];

/**
 * The series values of each kind as a read sees them — with the fingerprint of the series they were made from, a
 * growing one with its tail folded in (see `GROWING`) — or undefined where there is none: what tests compare with a
 * full recollation, whatever mix of bases and tails holds them.
 */
export async function seriesCacheValues(
  store: EditionStore,
  series: string,
): Promise<Record<string, { fingerprint: string; value: unknown } | undefined>> {
  const { fingerprint } = await seriesState(store, series);
  const values: Record<string, { fingerprint: string; value: unknown } | undefined> = {};
  for (const kind of [SERIES_LINEAGE_KIND, SERIES_BLAME_KIND, SERIES_HISTORY_KIND, SERIES_TRACE_KIND]) {
    const cached = await store.getDerived<Fingerprinted<unknown>>(kind, series, ENGINE_VERSION);
    const fresh = await freshValue(store, kind, series, fingerprint);
    values[kind] = fresh !== undefined ? { fingerprint, value: fresh } : cached;
  }
  values[SERIES_COLLATION_KIND] = await store.getDerived(SERIES_COLLATION_KIND, series, ENGINE_VERSION);
  return values;
}

/** Forgets a series' cached values (when the series goes: they would otherwise stay until `rebuild`). */
export async function forgetSeriesCaches(store: EditionStore, series: string): Promise<void> {
  for (const kind of SERIES_CACHE_KINDS) await store.deleteDerived(kind, series);
}

/**
 * Makes sure the lineage, blame, history and trace caches of a series match its editions, so that the first blame,
 * history or trace after `add` or `rebuild` is fast. Cheap when they already do. `held`: trees and comparisons the
 * caller has as values (an add's last pair), used instead of their stored JSON and emptied once used. With
 * `replace`, every value is made again from the trees and comparisons and written over the old one (each in its
 * own transaction: a reader finds the old value or the new, never neither).
 */
export async function warmSeriesCaches(
  store: EditionStore,
  series: string,
  held?: HeldValues,
  options: { replace?: boolean } = {},
): Promise<void> {
  const state = await seriesState(store, series);
  const { records, fingerprint } = state;
  // `replace` (a rebuild asked for): every value made again and stored over the old one, none read first.
  const fresh = async (kind: string) =>
    !options.replace && (await freshValue(store, kind, series, fingerprint)) !== undefined;
  // No read of the lineage to see whether it is fresh first (1.4 MB of JSON on the 116 WordPress.com editions, read
  // again by the extension): the extension starts only from caches of the series without its last edition, and
  // should they be fresh already (a crash between two of their writes), extending again stores the same values.
  if (held !== undefined && !options.replace && (await extendSeriesCaches(store, series, state, held))) return;
  const needsLineage =
    !(await fresh(SERIES_LINEAGE_KIND)) || !(await fresh(SERIES_HISTORY_KIND)) || !(await fresh(SERIES_COLLATION_KIND));
  const needsBlame = records.length > 0 && (needsLineage || !(await fresh(SERIES_BLAME_KIND)));
  const needsTrace = !(await fresh(SERIES_TRACE_KIND));
  if (!needsLineage && !needsBlame && !needsTrace) return;
  // Each value is stored as soon as it is made, and what it needed is let go before the next: the comparisons after
  // the lineage, the trees after the trace units, the lineage after blame. An add holds the trees, the comparisons
  // and the lineage together at most, never those and the trace units and blame as well.
  let documents = needsLineage || needsTrace ? await seriesDocuments(store, records, held) : [];
  held?.documents.clear();
  let lineage = needsLineage ? await collateStored(store, series, records, fingerprint, documents, held) : undefined;
  held?.comparisons.clear();
  if (needsTrace)
    await putValue(store, SERIES_TRACE_KIND, series, fingerprint, packTraceUnits(documents.map(traceUnits)));
  documents = [];
  if (needsBlame) {
    const latest = latestOf(lineage ?? (await seriesLineage(store, series, state)), records);
    lineage = undefined;
    await putValue(store, SERIES_BLAME_KIND, series, fingerprint, latest);
  }
}

/**
 * Extends the caches of a series by its last edition when they match the series without it and the caller holds the
 * new edition's tree and its comparison with the one before (an add of the next edition): one collation step from
 * the cached collation state, the new edition appended to the packed lineage, history and trace units, and the
 * latest blame made from the lineage — no earlier tree or comparison is read. Answers false, storing nothing, when
 * it cannot (the series changed otherwise: an edition inserted or removed in the middle, a replaced one), and the
 * caller collates the whole series. The values equal those of a full collation (series-cache.test.ts holds them so).
 */
async function extendSeriesCaches(
  store: EditionStore,
  series: string,
  state: SeriesState,
  held: HeldValues,
): Promise<boolean> {
  const { records, fingerprint } = state;
  const newest = records[records.length - 1];
  const older = records[records.length - 2];
  if (newest === undefined || older === undefined) return false;
  const document = held.documents.get(newest.sha256);
  const comparison = held.comparisons.get(comparisonKey(older, newest));
  if (document === undefined || comparison === undefined) return false;
  const before = seriesFingerprint(records.slice(0, -1));
  const collation = await freshValue<CollationState>(store, SERIES_COLLATION_KIND, series, before);
  if (collation === undefined || collation.count !== records.length - 1 || collation.last === null) return false;
  const lineageRead = await readGrowing<PackedLineage>(store, SERIES_LINEAGE_KIND, series, before);
  const historyRead = await readGrowing<PackedHistory>(store, SERIES_HISTORY_KIND, series, before);
  const traceRead = await readGrowing<PackedTraceUnits>(store, SERIES_TRACE_KIND, series, before);
  if (lineageRead === undefined || historyRead === undefined || traceRead === undefined) return false;
  const [lineage, packedHistory, trace] = [lineageRead.value, historyRead.value, traceRead.value];
  if (lineage.editions.length !== records.length - 1) return false;

  const last = collation.last;
  const step = extendCollation(
    collation,
    { label: newest.label, ...(newest.date ? { date: newest.date } : {}), document },
    comparison,
  );
  // The units of earlier editions the new one returns to are dormant units of the collation: their ids and texts.
  const dormant = {
    sentences: new Map(collation.sentences.map(([id, e, i, text]) => [`${e}:${i}`, { id, text }])),
    sections: new Map(collation.sections.map(([id, e, i, text]) => [`${e}:${i}`, { id, text }])),
  };
  const earlierIds = (table: 'sections' | 'sentences', edition: number, index: number) =>
    edition === records.length - 2 ? last[table][index]?.id : dormant[table].get(`${edition}:${index}`)?.id;
  const sentenceText = (edition: number, index: number) =>
    edition === records.length - 2 ? last.sentences[index]?.text : dormant.sentences.get(`${edition}:${index}`)?.text;
  const grown = appendPackedEdition(lineage, step.edition, last, comparison, earlierIds);
  await putGrown(store, SERIES_LINEAGE_KIND, series, fingerprint, lineageRead, grown);
  await putGrown(
    store,
    SERIES_HISTORY_KIND,
    series,
    fingerprint,
    historyRead,
    appendPackedHistory(packedHistory, comparison, step.edition, sentenceText),
  );
  await putGrown(
    store,
    SERIES_TRACE_KIND,
    series,
    fingerprint,
    traceRead,
    appendTraceUnits(trace, traceUnits(document)),
  );
  held.documents.clear();
  held.comparisons.clear();
  // The latest blame from the previous one: only sentences the step changed are walked back through the lineage,
  // so only what the walk reads of it is unpacked.
  const previousBlame = await freshValue<PackedLatestBlame>(store, SERIES_BLAME_KIND, series, before);
  const walked = unpackLineageLazily(grown);
  await putValue(store, SERIES_BLAME_KIND, series, fingerprint, latestOf(walked, records, previousBlame));
  // The state last: a value the next add finds fresh only when everything before it was stored.
  await putValue<CollationState>(store, SERIES_COLLATION_KIND, series, fingerprint, step.state);
  return true;
}
