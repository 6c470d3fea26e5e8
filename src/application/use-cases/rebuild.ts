/**
 * The rebuild use cases. `rebuildCorpus` (`palimpsest rebuild` on SQLite): every derived cache forgotten and derived
 * again with this engine, in process. `rebuildSeries` (a queued rebuild job on PostgreSQL, issue 16): one series'
 * derived data made current with this engine without forgetting anything first — each value is written over the old
 * one in its own transaction, so until it is replaced a reader finds the old one (and serves it as stale, see
 * caches/stale-reads.ts), never neither.
 */

import { randomUUID } from 'node:crypto';
import type { ClearDerivedResult, EditionRecord, EditionStore } from '../../store/index.js';
import { ENGINE_VERSION, isNewerEngine } from '../../version.js';
import {
  COMPARISON_KIND,
  comparisonKey,
  editionComparison,
  editionDocument,
  editionLocale,
  editionTree,
  makeComparison,
  searchUnits,
  TREE_KIND,
} from '../caches/documents.js';
import { warmSeriesCaches } from '../caches/series-cache.js';
import type { LoadedEdition } from './load-series.js';

/** What `rebuild` did. */
export interface RebuildResult {
  cleared: ClearDerivedResult;
  editions: number;
  series: number;
  aligned: number;
}

/**
 * Forget every derived cache and re-derive trees, the search index, consecutive alignments and the series caches of
 * blame, history and trace with this engine.
 */
export async function rebuildCorpus(
  store: EditionStore,
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<RebuildResult> {
  const cleared = await store.clearDerived();
  const allSeries = await store.listSeries();
  const total = allSeries.reduce((sum, s) => sum + s.editionCount, 0);
  let editions = 0;
  let aligned = 0;
  for (const series of allSeries) {
    let previous: LoadedEdition | null = null;
    for (const record of await store.listEditions(series.name)) {
      const current = { record, document: await editionDocument(store, record) };
      await store.indexEdition(record.series, record.label, searchUnits(current.document), ENGINE_VERSION);
      if (previous) {
        await editionComparison(store, previous, current, record.lang ? { locale: record.lang } : {});
        aligned++;
      }
      previous = current;
      editions++;
      onProgress?.(editions, total, `${series.name} ${record.label}`);
    }
    await warmSeriesCaches(store, series.name);
  }
  return { cleared, editions, series: allSeries.length, aligned };
}

/**
 * The prefix of the marker of a series whose rebuild was asked for (`palimpsest rebuild` on PostgreSQL): kept in the
 * store (`EditionStore.setSeriesEngine`) rather than in the job, so that a request folded into a collation already
 * waiting for that series is carried out by it.
 */
export const REBUILD_REQUESTED = 'rebuild';

/**
 * A new rebuild request's marker, unique per request: the job that finishes a rebuild records the series as current
 * only if the marker is still the one it started from, so a second `palimpsest rebuild` made while the first one's
 * job runs is carried out by the next job instead of being taken for done.
 */
export function rebuildRequest(): string {
  return `${REBUILD_REQUESTED}:${randomUUID()}`;
}

/** What the derived data of a series recorded as made by `engine` needs from this engine. */
export type SeriesRebuildNeed = 'none' | 'missing' | 'replace';

/**
 * What a series whose derived data is recorded as made by `engine` needs: nothing when this engine made it (or a
 * newer one: a worker left running through an upgrade never replaces what the new engine made); every value made
 * again when a rebuild was asked for; else (another engine, or not known) the values this engine has not made.
 */
export function seriesRebuildNeed(engine: string | null): SeriesRebuildNeed {
  if (engine !== null && (engine === REBUILD_REQUESTED || engine.startsWith(`${REBUILD_REQUESTED}:`))) return 'replace';
  if (engine === ENGINE_VERSION) return 'none';
  if (engine !== null && isNewerEngine(engine, ENGINE_VERSION)) return 'none';
  return 'missing';
}

/** What `rebuildSeries` did. */
export interface SeriesRebuildResult {
  /** Trees parsed and stored. */
  parsed: number;
  /** Editions indexed. */
  indexed: number;
  /** Consecutive pairs compared. */
  aligned: number;
}

/**
 * Make one series' derived data current with this engine: each edition's tree and search index, each consecutive
 * comparison, then the series caches of blame, history and trace. With `replace` every value is made again (a
 * rebuild asked for); without, only those this engine has not made (an upgrade: values a new worker already made
 * stay). Nothing is deleted first: every value is written over the old one in one transaction (trees and
 * comparisons by `putDerived`, an index by `indexEdition`), so a process killed halfway leaves each value old or new,
 * and running it again finishes the work. Records the series as current only when it started from `from` (a
 * compare-and-set: a rebuild asked for meanwhile is left for the next job).
 */
export async function rebuildSeries(
  store: EditionStore,
  series: string,
  options: { replace?: boolean; from?: string | null } = {},
): Promise<SeriesRebuildResult> {
  const replace = options.replace === true;
  const records = await store.listEditions(series);
  const keys = records.slice(1).map((newer, i) => comparisonKey(records[i] as EditionRecord, newer));
  const none = new Set<string>();
  // Which trees and comparisons this engine made already: one question each, without reading them.
  const trees = replace
    ? none
    : await store.derivedKeys(TREE_KIND, [...new Set(records.map((r) => r.sha256))], ENGINE_VERSION);
  const pairs = replace ? none : await store.derivedKeys(COMPARISON_KIND, keys, ENGINE_VERSION);
  const result: SeriesRebuildResult = { parsed: 0, indexed: 0, aligned: 0 };
  const made = new Set<string>();
  let previous: LoadedEdition | undefined;
  for (const [index, record] of records.entries()) {
    const stale = !trees.has(record.sha256) && !made.has(record.sha256);
    const reindex = replace || record.indexedWith !== ENGINE_VERSION;
    const pairBefore = index > 0 && !pairs.has(keys[index - 1] as string);
    const pairAfter = index < keys.length && !pairs.has(keys[index] as string);
    let current: LoadedEdition | undefined;
    if (stale || reindex || pairBefore || pairAfter) {
      const document = stale
        ? (await editionTree(store, record, {}, { replace: true })).document
        : await editionDocument(store, record);
      if (stale) {
        made.add(record.sha256);
        result.parsed++;
      }
      current = { record, document };
      // Only while the edition holds the bytes the tree was made from (a replace may have raced this job).
      if (reindex && (await store.indexEdition(series, record.label, searchUnits(document), ENGINE_VERSION, record))) {
        result.indexed++;
      }
    }
    if (pairBefore && previous !== undefined && current !== undefined) {
      await makeComparison(store, previous, current, editionLocale(record));
      result.aligned++;
    }
    previous = current;
  }
  await warmSeriesCaches(store, series, undefined, { replace });
  if (options.from !== undefined) await store.setSeriesEngine(series, ENGINE_VERSION, { from: options.from });
  return result;
}
