/**
 * The zod schemas of the HTTP API: what path parameters, query strings and upload fields may hold, and the shapes of
 * the JSON bodies. Routes validate with them (a failure is E_USAGE, 400) and the OpenAPI document is generated from
 * the same schemas with `z.toJSONSchema`, so the documentation cannot drift from what the server checks.
 */

import { z } from 'zod';
import { HISTORY_TOP_KEPT } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';

/** Characters never allowed in names: C0 and C1 controls and DEL (they break logs, headers and one-line messages). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Longest series name, edition label or section path accepted. */
export const MAX_NAME_LENGTH = 200;

/** A series name or edition label in a path or query: a database key (never a file path), 1–200 characters. */
export const NameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');

/**
 * The name of a new series or edition (uploads): as NameSchema, and also no `/` or `\` and not `.` or `..`, so
 * that a name can never be mistaken for a path by anything downstream and stays one segment of the web app's URLs.
 */
export const NewNameSchema = NameSchema.refine((value) => !/[/\\]/.test(value), 'must not contain / or \\').refine(
  (value) => value.trim() !== '.' && value.trim() !== '..' && value.trim() !== '',
  'must not be blank, . or ..',
);

/** `true` or `false` in a query string or form field. */
const FlagSchema = z.enum(['true', 'false']);

/** Path parameters of series routes. */
export const SeriesParamsSchema = z.object({ series: NameSchema.describe('The series name (URL-encoded).') });

/** Path parameters of edition routes. */
export const EditionParamsSchema = z.object({
  series: NameSchema.describe('The series name (URL-encoded).'),
  edition: NameSchema.describe('The edition label (URL-encoded).'),
});

/** Path parameters of the upload route: the series is created on its first edition, so it must be a new name. */
export const UploadParamsSchema = z.object({
  series: NewNameSchema.describe('The series name (URL-encoded); created on its first edition.'),
});

/** Most changes the compare route's `top` lists. */
export const MAX_COMPARE_TOP = 200;

/** Report formats of the compare route. */
export const COMPARE_FORMATS = ['json', 'md', 'html'] as const;

/** Query of GET /api/series/{series}/compare. */
export const CompareQuerySchema = z.object({
  old: NameSchema.describe('Label of the older edition.'),
  new: NameSchema.describe('Label of the newer edition.'),
  format: z.enum(COMPARE_FORMATS).default('json').describe('json (a Comparison), md (Markdown) or html (a redline).'),
  ignoreCase: FlagSchema.optional().describe('Treat letters differing only in case as equal (never cached).'),
  ignorePunctuation: FlagSchema.optional().describe('Treat differences in punctuation as equal (never cached).'),
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_COMPARE_TOP)
    .optional()
    .describe(
      'Answer only the N changes that matter most (docs/ranking.md) as JSON: { schemaVersion, old, new, total, changes }; format is then ignored.',
    ),
});

/** Formats of GET /api/series/{series}/facts. */
export const FACTS_FORMAT_VALUES = ['json', 'md', 'csv'] as const;

/** Fact kinds, as the facts query's `kind` list names them (FACT_KINDS of src/facts). */
const FACT_KIND_VALUES = ['quantity', 'date', 'reference', 'organisation', 'place'] as const;

/** Query of GET /api/series/{series}/facts. */
export const FactsQuerySchema = z.object({
  from: NameSchema.describe('Label of the older edition.'),
  to: NameSchema.describe('Label of the newer edition.'),
  kind: z
    .string()
    .max(200)
    .optional()
    .refine(
      (value) =>
        value === undefined ||
        value.split(',').every((kind) => (FACT_KIND_VALUES as readonly string[]).includes(kind.trim())),
      `must be a comma-separated list of ${FACT_KIND_VALUES.join(', ')}`,
    )
    .describe(`Only these fact kinds, comma-separated (${FACT_KIND_VALUES.join(', ')}); all by default.`),
  format: z.enum(FACTS_FORMAT_VALUES).default('json').describe('json (a FactsReport), md (Markdown) or csv.'),
});

/** Query of GET /api/series/{series}/history. */
export const HistoryQuerySchema = z.object({
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(HISTORY_TOP_KEPT)
    .default(5)
    .describe(
      `Most significant changes listed per step (at most ${HISTORY_TOP_KEPT}: the number the history cache keeps, so every answer comes from the cache).`,
    ),
});

/** Query of GET /api/series/{series}/blame. */
export const BlameQuerySchema = z.object({
  edition: NameSchema.optional().describe('The edition to blame (default the latest).'),
  section: z
    .string()
    .min(1)
    .max(1000)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .optional()
    .describe(`Only sentences under this section: labels joined by "${SECTION_PATH_SEPARATOR}", or the last label(s).`),
});

/** Trace match modes. */
export const TRACE_MODE_VALUES = ['normalized', 'exact', 'regex'] as const;
/** Trace output formats. */
export const TRACE_FORMAT_VALUES = ['json', 'csv', 'svg'] as const;

/** Hits a trace answer lists per edition unless asked for more (a common word can occur thousands of times). */
export const DEFAULT_TRACE_HITS_PER_EDITION = 50;
/** Most hits a trace answer lists per edition (the engine's own budget). */
export const MAX_TRACE_HITS_PER_EDITION = 1000;

/** Query of GET /api/series/{series}/trace. */
export const TraceQuerySchema = z.object({
  phrase: z
    .string()
    .min(1, 'must not be empty')
    .max(500)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .describe(
      'The phrase, or with mode=regex a regular expression in RE2 syntax (/pattern/ims for flags; linear time, no backreferences or lookahead).',
    ),
  mode: z.enum(TRACE_MODE_VALUES).default('normalized').describe('How the phrase is matched.'),
  format: z.enum(TRACE_FORMAT_VALUES).default('json').describe('json (a TraceResult), csv or svg.'),
  context: z.coerce.number().int().min(0).max(400).optional().describe('Characters of context each side.'),
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_TRACE_HITS_PER_EDITION)
    .default(DEFAULT_TRACE_HITS_PER_EDITION)
    .describe(
      'Hits listed per edition (0 lists none). Counts stay exact beyond it; an edition with more hits is marked truncated.',
    ),
});

/** Query of GET /api/jobs. */
export const JobsQuerySchema = z.object({
  series: NameSchema.optional().describe('Only the jobs of this series.'),
  state: z
    .enum(['waiting', 'running', 'done', 'failed', 'cancelled'])
    .optional()
    .describe('Only jobs in this state (failed: the dead-letter state, with each job’s coded error).'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Most jobs listed, newest first.'),
});

/** Path parameters of GET /api/jobs/{id}: a job id is a UUID (pg-boss's). */
export const JobParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a job id (a UUID)')
    .describe('The job id, as an upload answered 202 names it (its Location header).'),
});

/** Query of GET /api/search. */
export const SearchQuerySchema = z.object({
  q: z
    .string()
    .min(1, 'must not be empty')
    .max(500)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .describe('Words that must all occur (Japanese works too).'),
  series: NameSchema.optional().describe('Only this series.'),
  edition: NameSchema.optional().describe('Only this edition (with series).'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Most texts (groups) returned.'),
});

/** ISO dates the store accepts. */
const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** Text fields of the upload form (the file part is checked separately). */
export const UploadFieldsSchema = z.object({
  label: NewNameSchema.describe('The edition label, unique within the series.'),
  date: z.string().regex(ISO_DATE, 'must be YYYY, YYYY-MM or YYYY-MM-DD').optional().describe('The edition date.'),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$/, 'must be a language tag such as en or ja')
    .optional()
    .describe('The language of the edition (en, ja…).'),
  replace: FlagSchema.optional().describe('"true" replaces an edition whose label is taken by different bytes.'),
  allowDuplicate: FlagSchema.optional().describe(
    '"true" stores bytes another edition of the series already holds under another label (else 409 E_DUPLICATE).',
  ),
});

/** Parses `value` with `schema`, or throws E_USAGE naming the first bad field and what is wrong with it. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '';
  const what = field === '' ? where : `${where} '${field}'`;
  const message =
    issue === undefined
      ? 'is invalid'
      : issue.code === 'invalid_type' && issue.input === undefined
        ? 'is required'
        : issue.message.replace(/^Invalid input: /, '');
  throw new PalimpsestError('E_USAGE', `${what} ${message}`);
}

// ---- Response bodies (documentation: the OpenAPI components) ----

/** The response schemas, each under its component name (a registry of this module, not zod's global one). */
export const responseRegistry = z.registry<{ id: string }>();

/** A series as listed. */
export const SeriesSummarySchema = z
  .object({
    name: z.string(),
    editionCount: z.number().int(),
    firstDate: z.string().nullable(),
    lastDate: z.string().nullable(),
  })
  .describe('One series: its name, edition count and date range.')
  .register(responseRegistry, { id: 'SeriesSummary' });

/** The store's counts. */
export const StoreStatsSchema = z
  .object({
    series: z.number().int(),
    editions: z.number().int(),
    blobs: z.number().int(),
    blobBytes: z.number().int(),
    derived: z.number().int(),
    searchUnits: z.number().int(),
  })
  .describe('Counts of what the store holds.')
  .register(responseRegistry, { id: 'StoreStats' });

/** One stored edition with its provenance. */
export const EditionRecordSchema = z
  .object({
    series: z.string(),
    label: z.string(),
    date: z.string().nullable(),
    lang: z.string().nullable(),
    sha256: z.string(),
    size: z.number().int(),
    source: z.object({
      name: z.string().describe('The source URL, or only the base name of a local file (never its folders).'),
      finalUrl: z.string().optional(),
      contentType: z.string().optional(),
    }),
    format: z.string(),
    encoding: z.string().nullable(),
    importedAt: z.string(),
    engineVersion: z.string(),
    indexedWith: z.string().nullable(),
  })
  .describe('One stored edition with its provenance.')
  .register(responseRegistry, { id: 'EditionRecord' });

/** GET /api/health. */
export const HealthSchema = z
  .object({
    ok: z.literal(true),
    engine: z.string(),
    store: z.enum(['sqlite', 'postgres']),
    storeMilliseconds: z.number().nonnegative().describe("The store's round trip (`select 1`), in ms."),
  })
  .describe('The server and its store are up; the engine version, the kind of store and its round trip.')
  .register(responseRegistry, { id: 'Health' });

/** GET /api/series. */
export const SeriesListSchema = z
  .object({ series: z.array(SeriesSummarySchema), stats: StoreStatsSchema })
  .describe('Every series with the store counts.')
  .register(responseRegistry, { id: 'SeriesList' });

/** Counts of a series' jobs by state. */
const ReadinessCountsSchema = z.object({
  waiting: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

/** Whether a series has work pending (issue 16). */
export const ReadinessSchema = ReadinessCountsSchema.extend({
  state: z
    .enum(['ready', 'pending', 'failed'])
    .describe(
      'ready: no job of the series waits or runs (always, on a store without a job queue); pending: imports or a collation wait or run, so editions or caches are still to come; failed: none pending, but a job of the last day failed (GET /api/jobs?series=…&state=failed says why).',
    ),
  imports: ReadinessCountsSchema.describe('The counts of import jobs (one per edition).'),
  collations: ReadinessCountsSchema.describe("The counts of collation jobs (the series' alignment and caches)."),
})
  .describe(
    "A series' queued work: jobs waiting, running, and failed in the last day (a failed import no longer counts once its label is imported again).",
  )
  .register(responseRegistry, { id: 'Readiness' });

/** GET /api/series/{series}. */
export const SeriesDetailSchema = z
  .object({ series: SeriesSummarySchema, editions: z.array(EditionRecordSchema), readiness: ReadinessSchema })
  .describe('A series, its editions oldest first, and whether work on it is pending.')
  .register(responseRegistry, { id: 'SeriesDetail' });

/** DELETE /api/series/{series}. */
export const RemovedSchema = z
  .object({ removed: z.number().int() })
  .describe('How many editions were removed.')
  .register(responseRegistry, { id: 'Removed' });

/** POST /api/series/{series}/editions. */
export const UploadResultSchema = z
  .object({
    status: z.enum(['added', 'unchanged', 'replaced']),
    edition: EditionRecordSchema,
    aligned: z.number().int(),
    cachesIncomplete: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .describe(
        'Present when the comparisons and series caches could not all be built after the edition was stored (the worker pool busy, the store failing): the edition is stored and searchable all the same, and the first read builds them.',
      ),
  })
  .describe('What the store did with the upload, and how many pairs are aligned.')
  .register(responseRegistry, { id: 'UploadResult' });

/** One search hit. */
export const SearchHitSchema = z
  .object({
    series: z.string(),
    edition: z.string(),
    path: z.string(),
    unit: z.string().describe("A key of the unit's text: hits with the same key are the same text."),
    start: z.number().int(),
    end: z.number().int(),
    matchStart: z.number().int(),
    matchEnd: z.number().int(),
    snippet: z.string().describe('Up to about 160 characters around the first match; matches marked [[…]].'),
    parts: z
      .array(z.object({ text: z.string(), match: z.boolean() }))
      .describe('The snippet as parts with matches flagged; highlight from these, not from the [[…]] marks.'),
    rank: z.number(),
  })
  .describe('One search hit and where it is.')
  .register(responseRegistry, { id: 'SearchHit' });

/** One text found by a search, with the editions it stands in. */
export const SearchGroupSchema = z
  .object({
    series: z.string(),
    unit: z.string().describe('The key of the text.'),
    editions: z.array(z.string()).describe("The editions holding this text, in the series' order."),
    gaps: z.array(z.string()).describe('Editions between the first and the last that do not hold it.'),
    hit: SearchHitSchema.describe('The hit in the latest of those editions: its path, snippet and place.'),
    rank: z.number(),
  })
  .describe('One text found, once, with every edition it stands in.')
  .register(responseRegistry, { id: 'SearchGroup' });

/** The `stale` field of an answer served from caches an older engine made (issue 16), beside the Palimpsest-Stale header. */
export const StaleSchema = z
  .object({ engineVersion: z.string().describe('The engine version that made the caches served.') })
  .describe(
    'Present when the answer was served from caches an older engine made: the rebuild of the series (or the ' +
      'reindexing of an edition searched) after an engine upgrade has not replaced them yet.',
  );

/** GET /api/search. */
export const SearchResultSchema = z
  .object({
    groups: z
      .array(SearchGroupSchema)
      .describe('Texts found, by relevance, then newest edition first; `limit` counts these.'),
    hits: z.array(SearchHitSchema).describe('Every hit of those texts, text by text, in series order.'),
    truncated: z.boolean().describe('More hits than the server reads for grouping: later texts may be missing.'),
    stale: StaleSchema.optional(),
  })
  .describe('Search results, one per text.')
  .register(responseRegistry, { id: 'SearchResult' });

/** One queued job (src/queue/job-queue.ts, JobRecord). */
export const JobSchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(['import', 'collate', 'rebuild'])
      .describe('import: store one edition; collate: align a series; rebuild: re-derive a series with this engine.'),
    state: z.enum(['waiting', 'running', 'done', 'failed', 'cancelled']),
    series: z.string(),
    label: z.string().optional().describe('The edition of an import.'),
    retries: z.number().int().describe('Runs beyond the first.'),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe('The coded error of a failed run.'),
    status: z.string().optional().describe('What a finished import did: added, unchanged or replaced.'),
  })
  .describe('A job of the queue that `palimpsest worker` processes run.')
  .register(responseRegistry, { id: 'Job' });

/** GET /api/jobs. */
export const JobListSchema = z
  .object({
    schemaVersion: z.literal(1),
    queue: z.boolean().describe('False for a store without a job queue (SQLite): its commands do their own work.'),
    jobs: z.array(JobSchema).describe('Newest first.'),
  })
  .describe('The jobs of the queue.')
  .register(responseRegistry, { id: 'JobList' });

/** POST /api/series/{series}/editions on a store with a job queue. */
export const UploadAcceptedSchema = z
  .object({
    job: JobSchema.describe('The import job, as GET /api/jobs/{id} shows it.'),
    url: z.string().describe('Where to follow the job (also the Location header): /api/jobs/{id}.'),
  })
  .describe(
    'The upload is staged and its import enqueued for a worker (a store with a job queue): follow the job until it is done (its status says added, unchanged or replaced) or failed (its error has the code).',
  )
  .register(responseRegistry, { id: 'UploadAccepted' });

/** Every error body. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string().describe("The code's title in HTTP words."),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('A stable code from docs/errors.md.'),
    duplicateOf: z
      .string()
      .optional()
      .describe('E_DUPLICATE: the label of the edition of the series that already holds the same bytes.'),
  })
  .describe('RFC 9457 problem details with the stable error code.')
  .register(responseRegistry, { id: 'Problem' });
