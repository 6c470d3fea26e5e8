/**
 * Reads during an engine upgrade (issue 16). On a shared PostgreSQL store, an upgrade does not clear the derived
 * caches: each series gets a rebuild job, and until it has replaced the series' values, reads answer from the values
 * the older engine made rather than recomputing them synchronously (a long series' collation takes minutes) — and say
 * so. A series is in that state while the engine version recorded for it (`EditionStore.seriesEngine`) is not this
 * engine's; once its rebuild records it, reads are strict again (docs/decisions/0010).
 *
 * The view this module makes is the store with four differences, for one read:
 * - A miss of this engine's value of a kind a reader is answered from (a comparison, a series' lineage, blame,
 *   history or trace units) is answered with the value another engine made, and the view remembers that engine.
 * - Trees are never served from another engine, nor comparisons once a tree has been read: a comparison from another
 *   engine is an answer, never the input of a computation over this engine's trees (a collation, facts) — every use
 *   case that computes from comparisons reads the trees first.
 * - The tail of a growing series value is served from another engine only with a base from that engine.
 * - Once an old value was served, nothing more is stored: what the read makes from it is not this engine's value.
 *
 * SQLite stores have no workers to rebuild them: they keep today's behaviour (a miss is made again with this engine,
 * or `palimpsest rebuild` remakes everything), so the view there is the store itself.
 */
import type { EditionStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { COMPARISON_KIND, TREE_KIND } from './documents.js';
import {
  SERIES_BLAME_KIND,
  SERIES_HISTORY_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_TRACE_KIND,
  seriesTailKind,
} from './series-cache.js';

/** What a read served from caches an older engine made. */
export interface StaleCaches {
  /** The engine version that made the values served. */
  engineVersion: string;
}

/** A view of the store for one read, and what it served. */
export interface ReadView {
  store: EditionStore;
  /** Whether the series awaits its rebuild, so that the view may serve older caches (see `readView`). */
  pending: boolean;
  /** The older caches the read was answered from, or undefined when it was answered from this engine's alone. */
  stale(): StaleCaches | undefined;
}

/** Kinds a read answers from, served from another engine while a series waits for its rebuild. */
const ANSWER_KINDS = new Set([
  COMPARISON_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_BLAME_KIND,
  SERIES_HISTORY_KIND,
  SERIES_TRACE_KIND,
]);

/** The base kind of each tail kind. */
const TAIL_BASES = new Map(
  [SERIES_LINEAGE_KIND, SERIES_HISTORY_KIND, SERIES_TRACE_KIND].map((kind) => [seriesTailKind(kind), kind]),
);

/**
 * The view a read of `series` goes through: the store itself unless the store is PostgreSQL and the series' derived
 * data is not recorded as this engine's (a rebuild pending), then one serving older values (see the module comment).
 */
export async function readView(store: EditionStore, series: string): Promise<ReadView> {
  if (store.kind !== 'postgres') return { store, pending: false, stale: () => undefined };
  const engine = await store.seriesEngine(series);
  if (engine === undefined || engine === ENGINE_VERSION) return { store, pending: false, stale: () => undefined };
  return staleTolerantView(store);
}

/** The store, serving older values on misses of this engine's (see the module comment). */
function staleTolerantView(store: EditionStore): ReadView {
  let served: string | undefined;
  let treeRead = false;
  const staleBases = new Set<string>();
  const getDerivedJson = async (kind: string, key: string, engineVersion: string): Promise<string | undefined> => {
    const json = await store.getDerivedJson(kind, key, engineVersion);
    if (kind === TREE_KIND) treeRead = true;
    if (json !== undefined || engineVersion !== ENGINE_VERSION) return json;
    const base = TAIL_BASES.get(kind);
    const servable =
      base !== undefined ? staleBases.has(base) : ANSWER_KINDS.has(kind) && !(kind === COMPARISON_KIND && treeRead);
    if (!servable) return undefined;
    const old = await store.getDerivedStamped(kind, key);
    if (old === undefined) return undefined;
    // Written by this engine between the two reads: fresh after all.
    if (old.engineVersion === ENGINE_VERSION) return old.json;
    served ??= old.engineVersion;
    staleBases.add(kind);
    return old.json;
  };
  const view = new Proxy(store, {
    get(target, property) {
      switch (property) {
        case 'getDerivedJson':
          return getDerivedJson;
        case 'getDerived':
          return async (kind: string, key: string, engineVersion: string) => {
            const json = await getDerivedJson(kind, key, engineVersion);
            return json === undefined ? undefined : JSON.parse(json);
          };
        case 'putDerived':
          return async (kind: string, key: string, engineVersion: string, value: unknown) => {
            if (served === undefined) await target.putDerived(kind, key, engineVersion, value);
          };
        case 'deleteDerived':
          return async (kind: string, key: string) => (served === undefined ? target.deleteDerived(kind, key) : false);
        default: {
          // Everything else is the store's own (bound: its methods use private fields).
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
  return { store: view, pending: true, stale: () => (served === undefined ? undefined : { engineVersion: served }) };
}
