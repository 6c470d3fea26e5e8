/**
 * What a reader asks of a series: compare two editions (JSON, Markdown or an HTML redline), its history, the blame of
 * an edition and the trace of a phrase; and full-text search over every series. Each route validates its query,
 * calls one use case and renders with the report or trace renderers. Rendered documents (HTML, Markdown, SVG, CSV)
 * get a sandboxing Content-Security-Policy of their own (security.ts).
 *
 * Compare, history, blame and trace answers depend only on the series' editions (bytes and metadata), the engine
 * version and the query, so each carries an entity tag computed from those before any work is done; a client that
 * sends it back in If-None-Match gets 304 Not Modified in a few milliseconds instead of a large body (a browser does
 * this by itself under `Cache-Control: no-cache`). Nothing is cached on the server for it.
 */

import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import {
  blameEdition,
  comparePair,
  comparePairJson,
  factsOfPair,
  pairOf,
  type ReadView,
  readView,
  type StaleCaches,
  searchGrouped,
  seriesFingerprint,
  seriesHistory,
  showSeries,
  storeReopenable,
  traceSeries,
} from '../application/index.js';
import type { FactKind } from '../facts/index.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import {
  blameJson,
  historyJson,
  renderFacts,
  renderReport,
  renderTraceCsv,
  renderTraceSvg,
  topJson,
  traceJson,
} from '../report/index.js';
import type { EditionStore } from '../store/index.js';
import { ENGINE_VERSION } from '../version.js';
import { InFlight } from './in-flight.js';
import {
  BlameQuerySchema,
  CompareQuerySchema,
  FactsQuerySchema,
  HistoryQuerySchema,
  parseInput,
  SearchQuerySchema,
  SeriesParamsSchema,
  TraceQuerySchema,
} from './schemas.js';
import { DOCUMENT_CONTENT_SECURITY_POLICY, reportContentSecurityPolicy, trailingScriptHashes } from './security.js';
import type { ServerServices } from './services.js';

/** A rendered document with its media type and a sandboxing policy. */
function documentResponse(
  c: Context,
  body: string | Uint8Array,
  mediaType: string,
  policy = DOCUMENT_CONTENT_SECURITY_POLICY,
) {
  c.header('content-security-policy', policy);
  c.header('content-type', mediaType);
  return c.body(body as string | Uint8Array<ArrayBuffer>, 200);
}

/** The fingerprint of a series' editions as they are now (E_NO_SERIES when there is no such series). */
async function fingerprintOf(store: EditionStore, series: string): Promise<string> {
  const { editions } = await showSeries(store, series);
  return seriesFingerprint(editions);
}

/**
 * Source bytes of a pair from which a comparison is answered whole on a worker thread, cached or not. A comparison's
 * JSON is about seven times its sources (15 MB for the 2.1 MB Code civil pair), and reading, parsing or serialising
 * it holds the event loop about 1 ms per 100 KB; below this a pair's answer costs the loop a few milliseconds, less
 * than a round trip to a thread that may be busy with a large one.
 */
export const OFFLOADED_PAIR_BYTES = 256 * 1024;

/** How much of an HTML report's end is decoded to find its closing script (the renderer's script is a few KiB). */
const REPORT_TAIL_BYTES = 256 * 1024;

/** The CSP hashes of an HTML report given as bytes: only its tail is decoded (see trailingScriptHashes). */
function trailingScriptHashesOfBytes(html: Uint8Array): string[] {
  const tail = html.subarray(Math.max(0, html.byteLength - REPORT_TAIL_BYTES));
  return trailingScriptHashes(new TextDecoder().decode(tail));
}

/** The entity tag of a series-derived answer: a digest of the engine version, the route, the query and the editions. */
function seriesTag(fingerprint: string, route: string, query: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify([ENGINE_VERSION, route, query, fingerprint]));
  return `"${digest.digest('base64url').slice(0, 32)}"`;
}

/**
 * The header that marks an answer served from caches an older engine made (issue 16: an engine upgrade's rebuild of
 * the series is pending), naming that engine's version. JSON bodies whose schema allows it also carry `stale`.
 */
export const STALE_HEADER = 'palimpsest-stale';

/** Marks the response as served from older caches, when it was; answers the `stale` field for a JSON body. */
function markStale(c: Context, stale: StaleCaches | undefined): { stale?: StaleCaches } {
  if (stale === undefined) return {};
  c.header(STALE_HEADER, stale.engineVersion);
  return { stale };
}

/**
 * The entity tag of a read through `view`: a series awaiting its rebuild answers from other caches than once it is
 * rebuilt, under the same editions and engine, so the two states have tags of their own.
 */
function viewTag(fingerprint: string, route: string, query: unknown, view: ReadView): string {
  return seriesTag(view.pending ? `${fingerprint} awaiting rebuild` : fingerprint, route, query);
}

/** Answers 304 when the request's If-None-Match holds `tag`; else marks the coming response with it. */
function notModified(c: Context, tag: string): Response | null {
  c.header('etag', tag);
  c.header('cache-control', 'no-cache');
  const header = c.req.header('if-none-match');
  if (header === undefined) return null;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes(tag) || tags.includes('*') ? c.body(null, 304) : null;
}

/** Registers compare, facts, history, blame, trace and search. */
export function registerAnalysisRoutes(app: Hono, services: ServerServices): void {
  const { store } = services;
  // An uncached comparison (other options, or a pair never aligned) and a tree missing from the cache (after a
  // rebuild, or an engine upgrade) are made on the server's pool when it has one.
  const execution = services.pool ? { pool: services.pool } : {};
  // Concurrent identical compares share one computation, keyed by the series as it is, the pair and the options.
  const comparisons = new InFlight();
  const { pool, storeLocation } = services;
  // A large pair's answer is made whole on a compare thread, which opens the store itself (issue 12).
  const offThread = (pairBytes: number) =>
    pool !== undefined &&
    pairBytes >= OFFLOADED_PAIR_BYTES &&
    pool.writesOffThread &&
    storeReopenable(store, storeLocation);

  app.get('/api/series/:series/compare', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const query = parseInput(CompareQuerySchema, c.req.query(), 'query parameter');
    const { editions } = await showSeries(store, series);
    const fingerprint = seriesFingerprint(editions);
    const view = await readView(store, series);
    const unchanged = notModified(c, viewTag(fingerprint, 'compare', query, view));
    if (unchanged) return unchanged;
    const reader = view.store;
    const options = { ignoreCase: query.ignoreCase === 'true', ignorePunctuation: query.ignorePunctuation === 'true' };
    const key = (shape: string) =>
      JSON.stringify([shape, series, fingerprint, view.pending, query.old, query.new, options]);
    // A computation shared with a concurrent identical request carries out what its own read view served.
    let servedStale: StaleCaches | undefined;
    const shared = async <T>(shape: string, make: () => Promise<T>): Promise<T> => {
      const { value, stale } = await comparisons.run(key(shape), async () => ({
        value: await make(),
        stale: view.stale(),
      }));
      servedStale ??= stale;
      markStale(c, stale);
      return value;
    };
    // The editions read for the tag are the pair's records: the compare asks the store for neither again.
    const pair = pairOf(editions, series, query.old, query.new);
    const pairBytes = pair[0].size + pair[1].size;
    if (query.top !== undefined) {
      // What matters most: the same ranking as `compare --top N`, over the cached comparison.
      const comparison = await shared('comparison', () => comparePair(reader, pair, options, execution));
      // Fact changes rank with the rest, read against this comparison and the cached trees (with ignore options the
      // facts are left out: they are read against the default comparison, whose pairs differ; and for a comparison
      // an older engine made, as this engine's trees may not match it).
      const plain = !options.ignoreCase && !options.ignorePunctuation && servedStale === undefined;
      const facts = plain ? (await factsOfPair(store, pair, { comparison }, execution)).changes : [];
      return c.body(topJson(comparison, { top: query.top, facts }), 200, { 'content-type': 'application/json' });
    }
    // Off the thread only when the series is not awaiting its rebuild: the thread reads the store strictly, and would
    // remake what the rebuild is to replace instead of answering from the older caches.
    if (pool !== undefined && storeLocation !== undefined && !view.pending && offThread(pairBytes)) {
      const { format } = query;
      const { body } = await comparisons.run(key(`report ${format}`), () =>
        pool.report({
          kind: 'compare',
          store: { location: storeLocation },
          pair,
          options,
          format,
        }),
      );
      if (format === 'json')
        return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json' });
      if (format === 'md') return documentResponse(c, body, 'text/markdown; charset=utf-8');
      const policy = reportContentSecurityPolicy(trailingScriptHashesOfBytes(body));
      return documentResponse(c, body, 'text/html; charset=utf-8', policy);
    }
    if (query.format === 'json') {
      // The cached comparison goes out as stored: parsing and re-serialising it is most of a large pair's answer time.
      // A comparison an older engine made says so in its own `engine` field (its schema has no room for more).
      const json = await shared('json', () => comparePairJson(reader, pair, options, execution));
      return c.body(json, 200, { 'content-type': 'application/json' });
    }
    // Shared read-only by the renderers below.
    const comparison = await shared('comparison', () => comparePair(reader, pair, options, execution));
    if (query.format === 'md') {
      return documentResponse(c, renderReport(comparison, 'md'), 'text/markdown; charset=utf-8');
    }
    const html = renderReport(comparison, 'html');
    return documentResponse(
      c,
      html,
      'text/html; charset=utf-8',
      reportContentSecurityPolicy(trailingScriptHashes(html)),
    );
  });

  // The facts of two editions: their trees and comparison come from the caches compare fills; extraction and the
  // facts diff are cheap beside them (a few milliseconds on the sample), so the answer itself is not stored.
  app.get('/api/series/:series/facts', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const query = parseInput(FactsQuerySchema, c.req.query(), 'query parameter');
    const { editions } = await showSeries(store, series);
    const fingerprint = seriesFingerprint(editions);
    const unchanged = notModified(c, seriesTag(fingerprint, 'facts', query));
    if (unchanged) return unchanged;
    const pair = pairOf(editions, series, query.from, query.to);
    const kinds = query.kind
      ?.split(',')
      .map((kind) => kind.trim())
      .filter((kind) => kind !== '') as FactKind[] | undefined;
    const key = JSON.stringify(['facts', series, fingerprint, query.from, query.to, kinds ?? null]);
    const report = await comparisons.run(key, () =>
      factsOfPair(store, pair, kinds && kinds.length > 0 ? { kinds } : {}, execution),
    );
    if (query.format === 'md') return documentResponse(c, renderFacts(report, 'md'), 'text/markdown; charset=utf-8');
    if (query.format === 'csv') return documentResponse(c, renderFacts(report, 'csv'), 'text/csv; charset=utf-8');
    return c.json(report);
  });

  app.get('/api/series/:series/history', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const { top } = parseInput(HistoryQuerySchema, c.req.query(), 'query parameter');
    const view = await readView(store, series);
    const unchanged = notModified(c, viewTag(await fingerprintOf(store, series), 'history', { top }, view));
    if (unchanged) return unchanged;
    const history = historyJson(await seriesHistory(view.store, series, { top }, execution));
    return c.json({ ...history, ...markStale(c, view.stale()) });
  });

  app.get('/api/series/:series/blame', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const query = parseInput(BlameQuerySchema, c.req.query(), 'query parameter');
    const view = await readView(store, series);
    const unchanged = notModified(c, viewTag(await fingerprintOf(store, series), 'blame', query, view));
    if (unchanged) return unchanged;
    const section = query.section
      ?.split(SECTION_PATH_SEPARATOR.trim())
      .map((label) => label.trim())
      .filter((label) => label !== '');
    const blame = await blameEdition(
      view.store,
      series,
      {
        ...(query.edition === undefined ? {} : { edition: query.edition }),
        ...(section && section.length > 0 ? { section } : {}),
      },
      execution,
    );
    return c.json({ ...blameJson(blame), ...markStale(c, view.stale()) });
  });

  app.get('/api/series/:series/trace', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const query = parseInput(TraceQuerySchema, c.req.query(), 'query parameter');
    const view = await readView(store, series);
    const unchanged = notModified(c, viewTag(await fingerprintOf(store, series), 'trace', query, view));
    if (unchanged) return unchanged;
    const result = await traceSeries(
      view.store,
      series,
      query.phrase,
      {
        mode: query.mode,
        maxHitsPerEdition: query.limit,
        ...(query.context === undefined ? {} : { context: query.context }),
      },
      execution,
    );
    // The trace's JSON schema is closed: the header alone says it was made from older caches.
    markStale(c, view.stale());
    if (query.format === 'csv') return documentResponse(c, renderTraceCsv(result), 'text/csv; charset=utf-8');
    if (query.format === 'svg') return documentResponse(c, renderTraceSvg(result), 'image/svg+xml; charset=utf-8');
    return c.json(traceJson(result));
  });

  app.get('/api/search', async (c) => {
    const query = parseInput(SearchQuerySchema, c.req.query(), 'query parameter');
    const { groups, hits, truncated, stale } = await searchGrouped(store, query.q, {
      limit: query.limit,
      ...(query.series === undefined ? {} : { series: query.series }),
      ...(query.edition === undefined ? {} : { edition: query.edition }),
    });
    return c.json({ groups, hits, truncated, ...markStale(c, stale) });
  });
}
