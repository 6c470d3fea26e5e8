/** The search use case (`palimpsest search`): full-text search over every stored edition. */
import { PalimpsestError } from '../../errors/errors.js';
import type { EditionStore, SearchGroup, SearchHit, SearchOptions } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import type { StaleCaches } from '../caches/stale-reads.js';

/** Full-text search over every stored edition (`palimpsest search`); E_NO_SERIES for an unknown --series. */
export async function searchCorpus(
  store: EditionStore,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  if (query.trim() === '') throw new PalimpsestError('E_USAGE', 'the search query is empty');
  if (options.series !== undefined && (await store.getSeries(options.series)) === undefined) {
    throw new PalimpsestError('E_NO_SERIES', `no series '${options.series}' in ${store.location}`);
  }
  if (options.edition !== undefined && options.series === undefined) {
    throw new PalimpsestError('E_USAGE', '--edition needs --series');
  }
  if (options.edition !== undefined && options.series !== undefined) {
    if ((await store.getEdition(options.series, options.edition)) === undefined) {
      throw new PalimpsestError('E_NO_EDITION', `series '${options.series}' has no edition '${options.edition}'`);
    }
  }
  return store.search(query, options);
}

/** What `searchGrouped` answers. */
export interface GroupedSearch {
  /** Texts found, by relevance, then newest edition first. */
  groups: SearchGroup[];
  /** Every hit of those groups, group by group, in series order within a group. */
  hits: SearchHit[];
  /** Whether the store had more hits than were read, so later groups (or editions of a group) may be missing. */
  truncated: boolean;
  /**
   * Present when some edition of the hits is indexed by another engine than this one (an upgrade whose rebuild has
   * not reached it: the index is replaced edition by edition, the old one searched until then): that engine.
   */
  stale?: StaleCaches;
}

/** Hits read from the store to group: enough for a long series' unchanged sentence to come back whole. */
const GROUPING_READ = 1000;

/**
 * Search, one result per text: the same sentence standing unchanged in fourteen editions is one result listing
 * those editions (first–last and gaps), with one snippet, instead of fourteen results. Texts are grouped by their
 * exact text within a series (`SearchHit.unit`), which is what a reader sees as "the same sentence"; reworded
 * versions are separate results. Ordered by relevance, then by the newest edition holding the text.
 * `options.limit` (default 20) counts groups.
 */
export async function searchGrouped(
  store: EditionStore,
  query: string,
  options: SearchOptions = {},
): Promise<GroupedSearch> {
  const limit = Math.max(1, Math.floor(options.limit ?? 20));
  const all = await searchCorpus(store, query, { ...options, limit: GROUPING_READ });
  const order = new Map<string, Map<string, number>>();
  const labels = new Map<string, string[]>();
  const dates = new Map<string, string>();
  const hitEditions = new Set(all.map((hit) => `${hit.series}\u0000${hit.edition}`));
  let stale: StaleCaches | undefined;
  // The editions of every series hit, in one read: a common word's hits span dozens of series (issue 16 item 5).
  const held = await store.listEditionsOf([...new Set(all.map((hit) => hit.series))]);
  for (const [series, editions] of held) {
    const older = editions.find(
      (edition) =>
        edition.indexedWith !== null &&
        edition.indexedWith !== ENGINE_VERSION &&
        hitEditions.has(`${series}\u0000${edition.label}`),
    );
    if (older?.indexedWith) stale ??= { engineVersion: older.indexedWith };
    labels.set(
      series,
      editions.map((edition) => edition.label),
    );
    order.set(series, new Map(editions.map((edition, index) => [edition.label, index])));
    for (const edition of editions) dates.set(`${series}\u0000${edition.label}`, edition.date ?? '');
  }
  const dateOf = (hit: SearchHit): string => dates.get(`${hit.series}\u0000${hit.edition}`) ?? '';
  const place = (hit: SearchHit): number => order.get(hit.series)?.get(hit.edition) ?? -1;
  const byKey = new Map<string, SearchHit[]>();
  for (const hit of all) {
    const key = `${hit.series}\u0000${hit.unit}`;
    const list = byKey.get(key);
    if (list) list.push(hit);
    else byKey.set(key, [hit]);
  }
  const groups: SearchGroup[] = [];
  for (const hits of byKey.values()) {
    hits.sort((a, b) => place(a) - place(b) || a.start - b.start);
    const latest = hits.at(-1) as SearchHit;
    const held = new Set(hits.map((hit) => hit.edition));
    const from = place(hits[0] as SearchHit);
    const to = place(latest);
    groups.push({
      series: latest.series,
      unit: latest.unit,
      editions: [...held],
      gaps: from < 0 ? [] : (labels.get(latest.series) ?? []).slice(from, to + 1).filter((label) => !held.has(label)),
      hit: latest,
      rank: Math.max(...hits.map((hit) => hit.rank)),
    });
  }
  groups.sort(
    (a, b) =>
      b.rank - a.rank ||
      dateOf(b.hit).localeCompare(dateOf(a.hit)) ||
      a.series.localeCompare(b.series) ||
      place(b.hit) - place(a.hit),
  );
  const shown = groups.slice(0, limit);
  const hits = shown.flatMap((group) => byKey.get(`${group.series}\u0000${group.unit}`) ?? []);
  return { groups: shown, hits, truncated: all.length >= GROUPING_READ, ...(stale ? { stale } : {}) };
}
