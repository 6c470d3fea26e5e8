/**
 * The HTTP API and web app as a plain function: `createApp(options)` returns a Hono app over an EditionStore, which a
 * test drives with `app.request()` and serve.ts (the server's composition root) hands to a listener. Layers, outer
 * first: security headers on every response; the access rules (loopback host names, the bearer token for writes);
 * compression by Accept-Encoding (compress.ts); the API routes, which validate with zod and call only the
 * application's use cases; the built web app for every other GET. Every failure becomes application/problem+json with the catalogue's code and status (problem.ts).
 */
import { Hono } from 'hono';
import type { AlignPool } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import { DEFAULT_LIMITS } from '../importers/types.js';
import type { EditionStore } from '../store/index.js';
import { ENGINE_VERSION } from '../version.js';
import { registerAnalysisRoutes } from './analysis-routes.js';
import { compression } from './compress.js';
import { StoreHealthCheck } from './health.js';
import { registerJobRoutes } from './jobs-routes.js';
import { OPERATIONS, openApiDocument } from './openapi.js';
import { asPalimpsestError, PROBLEM_MEDIA_TYPE, problemResponse, toProblem } from './problem.js';
import { checkAccess, SECURITY_HEADERS } from './security.js';
import { registerSeriesRoutes } from './series-routes.js';
import type { ServerJobQueue, ServerServices } from './services.js';
import { NOT_BUILT_PAGE, staticFile } from './static.js';

/** Default largest upload: the importers' default size limit (64 MiB), which is also the CLI's default --max-size. */
export const DEFAULT_MAX_UPLOAD_BYTES = DEFAULT_LIMITS.maxBytes;

/** Default address: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** Options of `createApp`. */
export interface AppOptions {
  /** The store every route reads and writes. */
  store: EditionStore;
  /** The bearer token writes need; without one, writes are open on loopback and refused elsewhere. */
  token?: string;
  /** The address the server binds to (default 127.0.0.1): decides whether writes need the token. */
  host?: string;
  /** Largest uploaded file in bytes (default 64 MiB). */
  maxUploadBytes?: number;
  /** Folder of the built web app (dist/web); without it, `/` explains how to build it. */
  webRoot?: string;
  /** The clock stamped on uploads (default the real one). */
  now?: () => Date;
  /** Where server-side details of failures go (stack traces never reach responses). */
  log?: (line: string) => void;
  /**
   * The worker pool (offloading) that uncached comparisons and uploads run on, so the event loop stays free; the
   * caller owns and closes it. Without one (app.request() tests) that work runs in process.
   */
  pool?: AlignPool;
  /**
   * The job queue of a shared PostgreSQL store (the caller opens and stops it): listed by GET /api/jobs and
   * GET /api/jobs/{id}, read for a series' readiness, and where uploads go as import jobs (202 with the job's URL).
   */
  jobs?: ServerJobQueue;
  /**
   * Where `store` was opened from (its full location: a SQLite path, or a PostgreSQL URL with its password). With it
   * and an offloading pool, an upload or a removal runs whole on the pool's writer thread over a connection of its
   * own — import, store statements, re-collation and caches — so the event loop only awaits it (issue 9: one large
   * upload held it 34 s); without it (or with an in-memory SQLite store, which a second connection cannot see), the
   * store work runs on the event loop.
   */
  storeLocation?: string;
  /** How long `/api/health` waits for the store's round trip before answering 503 (default 2 s). */
  storeCheckMilliseconds?: number;
}

/** Each documented API path as a pattern (`{series}` matches one segment) with its methods. */
const ROUTE_METHODS: readonly { pattern: RegExp; methods: string[] }[] = (() => {
  const byPath = new Map<string, string[]>();
  for (const operation of OPERATIONS) {
    const methods = byPath.get(operation.path) ?? [];
    methods.push(operation.method.toUpperCase());
    byPath.set(operation.path, methods);
  }
  return [...byPath].map(([path, methods]) => {
    const source = path
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const all = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
    const order = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];
    return { pattern: new RegExp(`^${source}$`), methods: all.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
  });
})();

/** The methods the API has at `path` (with HEAD for GET, and OPTIONS), or none when it has no such path. */
export function allowedMethods(path: string): string[] {
  return ROUTE_METHODS.find((route) => route.pattern.test(path))?.methods ?? [];
}

/** Builds the app: middleware, API routes, OpenAPI document, web assets, not-found and error handling. */
export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const host = options.host ?? DEFAULT_HOST;
  if (options.token !== undefined && options.token.trim() === '') {
    throw new PalimpsestError('E_USAGE', 'the token is empty');
  }
  const services: ServerServices = {
    store,
    now: options.now ?? (() => new Date()),
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    problemOptions: { redact: [{ text: store.location, replacement: 'the store' }] },
    ...(options.pool ? { pool: options.pool } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.storeLocation === undefined ? {} : { storeLocation: options.storeLocation }),
  };
  const app = new Hono();

  app.onError((error, c) => {
    const known = asPalimpsestError(error);
    if (known.code === 'E_INTERNAL' || known.code === 'E_STORE') {
      const original = known.code === 'E_INTERNAL' ? known.cause : known;
      const stack = original instanceof Error ? (original.stack ?? original.message) : String(original);
      options.log?.(`${c.req.method} ${c.req.path}: ${known.code}: ${stack}`);
    }
    return problemResponse(known, services.problemOptions);
  });

  // A path the API has with a method it lacks is 405 with Allow (RFC 9110 §15.5.6), OPTIONS 204 with Allow; only a
  // path it does not have at all is 404.
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      const allow = allowed.join(', ');
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { allow });
      if (!allowed.includes(c.req.method)) {
        const response = problemResponse(
          new PalimpsestError('E_METHOD', `${c.req.method.slice(0, 20)} is not allowed here; allowed: ${allow}`),
          services.problemOptions,
        );
        response.headers.set('allow', allow);
        return response;
      }
    }
    return problemResponse(
      new PalimpsestError('E_NOT_FOUND', `no route ${c.req.method.slice(0, 20)} ${c.req.path.slice(0, 200)}`),
      services.problemOptions,
    );
  });

  // Security headers on every response, errors and web assets included; a route may set a stricter CSP itself.
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) {
      c.res.headers.set('cache-control', 'no-store');
    }
  });

  app.use('*', async (c, next) => {
    const authorization = c.req.header('authorization');
    const origin = c.req.header('origin');
    checkAccess(
      { host, ...(options.token === undefined ? {} : { token: options.token }) },
      {
        method: c.req.method,
        host: c.req.header('host') ?? new URL(c.req.url).host,
        ...(origin === undefined ? {} : { origin }),
        ...(authorization === undefined ? {} : { authorization }),
      },
    );
    await next();
  });

  // Inside the access rules, so what it compresses is every route's answer, problem+json failures included.
  app.use('*', compression());

  // Healthy only when the store answers a round trip: a server whose database is down cannot serve a read.
  const storeHealth = new StoreHealthCheck(store, options.storeCheckMilliseconds);
  app.get('/api/health', async (c) => {
    const health = await storeHealth.check();
    if (health.ok) {
      return c.json({
        ok: true,
        engine: ENGINE_VERSION,
        store: store.kind,
        storeMilliseconds: Math.round(health.milliseconds * 10) / 10,
      });
    }
    const { error } = health;
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    options.log?.(`GET /api/health: E_STORE: ${error.message}${cause}`);
    // 503, not E_STORE's 500: the server works and says so; what it depends on does not. The code stays E_STORE.
    const problem = { ...toProblem(error, services.problemOptions), status: 503, detail: error.message };
    return c.body(JSON.stringify({ ...problem, ok: false, engine: ENGINE_VERSION, store: store.kind }), 503, {
      'content-type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8`,
    });
  });

  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', (c) => {
    document ??= openApiDocument();
    return c.json(document);
  });

  registerSeriesRoutes(app, services);
  registerAnalysisRoutes(app, services);
  registerJobRoutes(app, services);

  // The web app: any other GET outside /api.
  app.get('*', async (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
    const file = options.webRoot === undefined ? null : await staticFile(options.webRoot, c.req.path);
    if (file === null) return c.html(NOT_BUILT_PAGE, 200, { 'cache-control': 'no-cache' });
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.mediaType,
      'cache-control': file.cacheControl,
    });
  });

  return app;
}
