/**
 * The OpenAPI 3.1 document served at /api/openapi.json, generated from the same zod schemas the routes validate
 * with (`z.toJSONSchema`), plus the JSON Schemas the engine already publishes for its reports
 * (schema/comparison.schema.json, the trace schema). OpenAPI 3.1's schema dialect is JSON Schema 2020-12, the
 * dialect of those files, so they are embedded as components unchanged. A test checks that every route of the app is
 * described here and nothing else is.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ERROR_CATALOGUE, ERROR_CODES } from '../errors/errors.js';
import { TRACE_JSON_SCHEMA } from '../report/index.js';
import { ENGINE_VERSION } from '../version.js';
import {
  BlameQuerySchema,
  CompareQuerySchema,
  EditionParamsSchema,
  FactsQuerySchema,
  HistoryQuerySchema,
  JobParamsSchema,
  JobsQuerySchema,
  responseRegistry,
  SearchQuerySchema,
  SeriesParamsSchema,
  TraceQuerySchema,
  UploadFieldsSchema,
  UploadParamsSchema,
} from './schemas.js';

/** A JSON Schema or OpenAPI object, as plain JSON. */
type Json = Record<string, unknown>;

/** One documented operation. */
export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** The OpenAPI path (`/api/series/{series}`). */
  path: string;
  operationId: string;
  summary: string;
  tag: 'meta' | 'series' | 'editions' | 'analysis';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Whether it changes the store (bearer token rules apply). */
  write?: boolean;
  /** Whether it answers with an ETag and honours If-None-Match (304). */
  conditional?: boolean;
  /** Extra problem statuses beyond 400 and 500 (404, 409, 413…). */
  problems?: number[];
  requestBody?: Json;
  /** The success status and its content. */
  success: { status: number; description: string; content?: Record<string, Json> };
  /** Other success answers (an upload enqueued on a store with a job queue: 202), with their headers. */
  alsoSuccess?: { status: number; description: string; content?: Record<string, Json>; headers?: Json }[];
}

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: Json): Record<string, Json> => ({ 'application/json': { schema } });

/** Every operation of the API, in the order of the contract. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    operationId: 'health',
    summary:
      'Whether the server and its store are up (one round trip to the store within 2 s), with the engine version and the kind of store.',
    tag: 'meta',
    problems: [503],
    success: { status: 200, description: 'The server and its store are up.', content: json(ref('Health')) },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'This document.',
    tag: 'meta',
    success: { status: 200, description: 'The OpenAPI 3.1 document.', content: json({ type: 'object' }) },
  },
  {
    method: 'get',
    path: '/api/series',
    operationId: 'listSeries',
    summary: 'Every series with the store counts.',
    tag: 'series',
    success: { status: 200, description: 'The series.', content: json(ref('SeriesList')) },
  },
  {
    method: 'get',
    path: '/api/series/{series}',
    operationId: 'showSeries',
    summary: 'A series and its editions, oldest first.',
    tag: 'series',
    params: SeriesParamsSchema,
    problems: [404],
    success: { status: 200, description: 'The series.', content: json(ref('SeriesDetail')) },
  },
  {
    method: 'delete',
    path: '/api/series/{series}',
    operationId: 'removeSeries',
    summary: 'Remove a series with all its editions.',
    tag: 'series',
    params: SeriesParamsSchema,
    write: true,
    problems: [401, 404],
    success: { status: 200, description: 'How many editions were removed.', content: json(ref('Removed')) },
  },
  {
    method: 'post',
    path: '/api/series/{series}/editions',
    operationId: 'uploadEdition',
    summary:
      'Upload an edition (text, Markdown, HTML, PDF or DOCX, detected from the content); the series is created on its first edition and aligned after.',
    tag: 'editions',
    params: UploadParamsSchema,
    write: true,
    problems: [401, 408, 409, 413, 415, 422],
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file', 'label'],
            properties: {
              file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The edition.' },
              ...((z.toJSONSchema(UploadFieldsSchema, { io: 'input' }) as Json).properties as Json),
            },
          },
        },
      },
    },
    success: {
      status: 201,
      description: 'The edition as stored (a store without a job queue: SQLite).',
      content: json(ref('UploadResult')),
    },
    alsoSuccess: [
      {
        status: 202,
        description:
          'A store with a job queue (PostgreSQL): the bytes are staged and their import enqueued for a `palimpsest worker`; follow the job at its URL. A label taken by different bytes (E_EXISTS) or bytes the series holds under another label (E_DUPLICATE) are still refused at once with 409, having enqueued nothing.',
        content: json(ref('UploadAccepted')),
        headers: {
          Location: { description: 'The job: /api/jobs/{id}.', schema: { type: 'string' } },
        },
      },
    ],
  },
  {
    method: 'get',
    path: '/api/series/{series}/editions/{edition}',
    operationId: 'showEdition',
    summary: 'One edition with its provenance.',
    tag: 'editions',
    params: EditionParamsSchema,
    problems: [404],
    success: { status: 200, description: 'The edition.', content: json(ref('EditionRecord')) },
  },
  {
    method: 'delete',
    path: '/api/series/{series}/editions/{edition}',
    operationId: 'removeEdition',
    summary: 'Remove one edition.',
    tag: 'editions',
    params: EditionParamsSchema,
    write: true,
    problems: [401, 404],
    success: { status: 204, description: 'Removed.' },
  },
  {
    method: 'get',
    path: '/api/series/{series}/compare',
    operationId: 'compareEditions',
    conditional: true,
    summary: 'Compare two editions of a series (any two, not only neighbours).',
    tag: 'analysis',
    params: SeriesParamsSchema,
    query: CompareQuerySchema,
    problems: [404],
    success: {
      status: 200,
      description: 'The comparison: JSON (schema/comparison.schema.json), Markdown, or a self-contained HTML redline.',
      content: {
        'application/json': { schema: ref('Comparison') },
        'text/markdown': { schema: { type: 'string' } },
        'text/html': { schema: { type: 'string' } },
      },
    },
  },
  {
    method: 'get',
    path: '/api/series/{series}/facts',
    operationId: 'factsOfEditions',
    conditional: true,
    summary: 'The facts (counts, dates, laws, organisations, places) new, dropped or changed between two editions.',
    tag: 'analysis',
    params: SeriesParamsSchema,
    query: FactsQuerySchema,
    problems: [404],
    success: {
      status: 200,
      description: 'The facts diff: JSON (schema/facts.schema.json), Markdown or CSV.',
      content: {
        'application/json': { schema: ref('Facts') },
        'text/markdown': { schema: { type: 'string' } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
  {
    method: 'get',
    path: '/api/series/{series}/history',
    operationId: 'seriesHistory',
    conditional: true,
    summary: 'Per consecutive pair of editions: counts and the most significant changes.',
    tag: 'analysis',
    params: SeriesParamsSchema,
    query: HistoryQuerySchema,
    problems: [404],
    success: { status: 200, description: 'The history.', content: json(ref('SeriesHistory')) },
  },
  {
    method: 'get',
    path: '/api/series/{series}/blame',
    operationId: 'blameEdition',
    conditional: true,
    summary: 'For every sentence and word of an edition, the edition that introduced it.',
    tag: 'analysis',
    params: SeriesParamsSchema,
    query: BlameQuerySchema,
    problems: [404],
    success: { status: 200, description: 'The blame.', content: json(ref('Blame')) },
  },
  {
    method: 'get',
    path: '/api/series/{series}/trace',
    operationId: 'tracePhrase',
    conditional: true,
    summary: 'Occurrences of a phrase in every edition, with keyword-in-context snippets, gaps and returns.',
    tag: 'analysis',
    params: SeriesParamsSchema,
    query: TraceQuerySchema,
    problems: [404],
    success: {
      status: 200,
      description: 'The trace as JSON, CSV or an SVG chart.',
      content: {
        'application/json': { schema: ref('Trace') },
        'text/csv': { schema: { type: 'string' } },
        'image/svg+xml': { schema: { type: 'string' } },
      },
    },
  },
  {
    method: 'get',
    path: '/api/search',
    operationId: 'search',
    summary: 'Full-text search over every stored edition (Japanese included).',
    tag: 'analysis',
    query: SearchQuerySchema,
    problems: [404],
    success: { status: 200, description: 'Hits, best first.', content: json(ref('SearchResult')) },
  },
  {
    method: 'get',
    path: '/api/jobs',
    operationId: 'listJobs',
    summary: 'The queued jobs of a shared PostgreSQL store (imports, series collations), newest first.',
    tag: 'analysis',
    query: JobsQuerySchema,
    problems: [],
    success: {
      status: 200,
      description: 'The jobs, failed ones with their coded error.',
      content: json(ref('JobList')),
    },
  },
  {
    method: 'get',
    path: '/api/jobs/{id}',
    operationId: 'showJob',
    summary:
      'One job (an upload answered 202 names it): its state, kind, series, edition, retries, the coded error of a failed one, what a done import did.',
    tag: 'analysis',
    params: JobParamsSchema,
    problems: [404],
    success: { status: 200, description: 'The job (never cached).', content: json(ref('Job')) },
  },
];

/**
 * A JSON Schema made fit to live at `#/components/schemas/<id>`: without the keys that only make sense at a
 * document's top level (`$schema`, `$id`), and with its local references (`#/$defs/X`) rewritten to point inside
 * the component, so that tools which ignore embedded `$id`s still resolve them.
 */
function embedded(schema: Json, id?: string): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  if (id === undefined) return rest;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
          ? `#/components/schemas/${id}/${inner.slice(2)}`
          : rewrite(inner);
    }
    return out;
  };
  return rewrite(rest) as Json;
}

/** The parameters of an operation: path parameters, then query parameters, from their zod objects. */
function parameters(operation: Operation): Json[] {
  const result: Json[] = [];
  const add = (object: z.ZodObject | undefined, where: 'path' | 'query') => {
    if (object === undefined) return;
    const schema = z.toJSONSchema(object, { io: 'input' }) as Json;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((schema.properties as Record<string, Json>) ?? {})) {
      const { description, ...rest } = property;
      result.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  };
  add(operation.params, 'path');
  add(operation.query, 'query');
  return result;
}

/** Descriptions of problem statuses. */
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input (E_USAGE).',
  401: 'A write without the bearer token the server has, or with a wrong one (E_UNAUTHORIZED).',
  403: 'Refused whatever the token: a foreign host name sent to a loopback server, a write from another site, or a write to a server bound off loopback without a token (E_FORBIDDEN).',
  404: 'No such series, edition or job (E_NO_SERIES, E_NO_EDITION, E_NOT_FOUND).',
  409: 'The label is taken by different bytes; send replace=true (E_EXISTS). Or another edition of the series holds the same bytes; send allowDuplicate=true (E_DUPLICATE).',
  413: 'The upload is over the size limit (E_TOO_LARGE, E_LIMIT).',
  408: 'The request body stopped progressing (fewer than 16 KiB in 10 s) and the connection was closed (E_TIMEOUT).',
  415: 'The body is not multipart/form-data, or the file is not text, Markdown, HTML, PDF or DOCX (E_UNSUPPORTED_FORMAT).',
  422: 'The file is empty, damaged, a scan without text or encrypted (E_EMPTY, E_CORRUPT, E_PDF_NO_TEXT…).',
  500: 'An internal error (E_INTERNAL, E_STORE); the body never holds a stack trace.',
  503: 'Busy: the store has another writer or the server too much heavy work queued; try again (E_STORE_BUSY, E_BUSY). From /api/health: the store does not answer (E_STORE).',
};

/** Reads one of the JSON Schemas the package ships in schema/ (two levels up from src/server or dist/server). */
function shippedSchema(file: string): Json {
  return JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8')) as Json;
}

/** Builds the OpenAPI 3.1 document of the API. */
export function openApiDocument(): Json {
  const generated = z.toJSONSchema(responseRegistry, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Json>;
  };
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) schemas[id] = embedded(schema);
  schemas.Comparison = embedded(shippedSchema('comparison.schema.json'), 'Comparison');
  schemas.Facts = embedded(shippedSchema('facts.schema.json'), 'Facts');
  schemas.Trace = embedded(TRACE_JSON_SCHEMA as unknown as Json, 'Trace');
  schemas.SeriesHistory = {
    type: 'object',
    required: ['schemaVersion'],
    description: 'The SeriesHistory type of src/collate/history.ts, with schemaVersion 1.',
  };
  schemas.Blame = {
    type: 'object',
    required: ['schemaVersion', 'edition', 'editions', 'headings', 'sentences'],
    description:
      'The Blame type of src/collate/blame.ts, with schemaVersion 1: per heading (headings) and per sentence ' +
      '(sentences) the lineage id, the edition of the present label and title or wording (since), the edition the ' +
      'unit first appeared in (origin) and its events; per sentence its block index (blockIndex: sentences sharing ' +
      'one are one paragraph, list item or caption); per word the edition that introduced it.',
    properties: {
      schemaVersion: { type: 'integer' },
      edition: { type: 'integer' },
      editions: { type: 'array', items: { type: 'object' } },
      section: { type: 'array', items: { type: 'string' } },
      headings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'index', 'path', 'label', 'title', 'since', 'origin', 'events', 'history'],
          properties: {
            id: { type: 'string' },
            index: { type: 'integer' },
            path: { type: 'array', items: { type: 'string' } },
            label: { type: ['string', 'null'] },
            title: { type: 'string' },
            since: { type: 'integer', description: 'Edition in which the present label and title first appeared.' },
            origin: { type: 'integer', description: 'Edition in which the section first appeared.' },
            events: {
              type: 'array',
              description: 'added, renumbered and retitled (with before/after), moved (from/to), deleted, returned.',
              items: { type: 'object' },
            },
            history: { type: 'string' },
          },
        },
      },
      sentences: { type: 'array', items: { type: 'object' } },
    },
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of OPERATIONS) {
    const responses: Record<string, Json> = {
      [String(operation.success.status)]: {
        description: operation.success.description,
        ...(operation.success.content ? { content: operation.success.content } : {}),
      },
    };
    for (const also of operation.alsoSuccess ?? []) {
      responses[String(also.status)] = {
        description: also.description,
        ...(also.headers ? { headers: also.headers } : {}),
        ...(also.content ? { content: also.content } : {}),
      };
    }
    if (operation.conditional) {
      responses['304'] = {
        description: 'Not modified: If-None-Match holds the ETag of this answer (same editions, engine and query).',
      };
    }
    // 403 can answer any operation: a loopback server refuses every request naming a foreign host (DNS rebinding).
    const statuses = [...new Set([400, ...(operation.problems ?? []), 403, 500])].sort((a, b) => a - b);
    for (const status of statuses) {
      responses[String(status)] = {
        description: STATUS_DESCRIPTIONS[status] ?? 'An error.',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      };
    }
    const entry: Json = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [operation.tag],
      parameters: parameters(operation),
      ...(operation.requestBody ? { requestBody: operation.requestBody } : {}),
      responses,
      ...(operation.write ? { security: [{}, { bearer: [] }] } : {}),
    };
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, Json>)[operation.method] = entry;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Palimpsest API',
      version: ENGINE_VERSION,
      description:
        'Series of editions of official texts: upload, compare, history, blame, trace and search. Errors are ' +
        'application/problem+json with a stable `code`: ' +
        ERROR_CODES.map((code) => `${code} (${ERROR_CATALOGUE[code].httpStatus})`).join(', ') +
        '. Writes need `Authorization: Bearer <token>` when the server has a token (401 without it); a server bound ' +
        'off loopback without a token refuses writes (403). A method a path does not have is answered 405 (E_METHOD) ' +
        'with an `Allow` header listing those it has; `OPTIONS` on any path below is answered 204 with `Allow`. ' +
        'After an engine upgrade on a PostgreSQL store, compare, history, blame, trace and search answer from the ' +
        "older engine's caches until the rebuild of the series replaces them, and say so: a `Palimpsest-Stale` " +
        'header naming that engine version, and a `stale` field in history, blame and search JSON (a comparison ' +
        'names the engine that made it in its own `engine` field).',
    },
    tags: [
      { name: 'meta', description: 'The server itself.' },
      { name: 'series', description: 'Series of editions.' },
      { name: 'editions', description: 'Editions of a series.' },
      { name: 'analysis', description: 'Compare, history, blame, trace and search.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The server token.' } },
    },
  };
}
