/**
 * The typed client of the HTTP API: one `fetch` per call, JSON in and out, and every failure turned into an
 * `ApiError` carrying the problem+json fields (RFC 9457) so pages can show a readable message with the stable code.
 */
import type {
  Blame,
  Comparison,
  FactsReport,
  JobList,
  JobRecord,
  Problem,
  SearchGroup,
  SearchHit,
  SeriesDetail,
  SeriesHistory,
  SeriesList,
  TopSummary,
  TraceResult,
  UploadAccepted,
  UploadResult,
} from './api-types.js';

/** What an upload answered: stored at once (201, SQLite), or enqueued for a worker (202, a store with a job queue). */
export type UploadOutcome = { kind: 'stored'; value: UploadResult } | { kind: 'queued'; value: UploadAccepted };

/** A failed API call: the HTTP status and the problem document's code, title and detail. */
export class ApiError extends Error {
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** The stable error code (E_…), when the server sent one. */
  readonly code: string | undefined;
  /** The catalogue title of the code. */
  readonly title: string | undefined;
  /** E_DUPLICATE: the edition that already holds the uploaded bytes. */
  readonly duplicateOf: string | undefined;

  constructor(status: number, problem: Problem, fallback: string) {
    super(problem.detail ?? problem.title ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.title = problem.title;
    this.duplicateOf = typeof problem.duplicateOf === 'string' ? problem.duplicateOf : undefined;
  }
}

/** The one-line message shown for an error: "E_CODE: detail" for API errors, the message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const prefix = error.code ? `${error.code}: ` : error.status ? `HTTP ${error.status}: ` : '';
    return `${prefix}${error.message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Encodes one path segment (a series name or an edition label). */
const segment = (value: string): string => encodeURIComponent(value);

/** Builds a query string from defined values only. */
function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Reads a response: JSON on success, an ApiError from problem+json (or plain text) on failure. */
async function readResponse<T>(response: Response): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    if (!type.includes('json')) throw new ApiError(response.status, {}, `unexpected ${type || 'untyped'} answer`);
    return (await response.json()) as T;
  }
  let problem: Problem = {};
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = {};
    }
  }
  throw new ApiError(response.status, problem, `${response.status} ${response.statusText || 'error'}`);
}

/** GET a JSON resource of the API. */
async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      {},
      `the server did not answer (${error instanceof Error ? error.message : 'network error'})`,
    );
  }
  return readResponse<T>(response);
}

/** Every call of the API the web app makes. */
export const api = {
  /** GET /api/series */
  listSeries: (signal?: AbortSignal) => getJson<SeriesList>('/api/series', signal),
  /** GET /api/series/:series */
  series: (series: string, signal?: AbortSignal) => getJson<SeriesDetail>(`/api/series/${segment(series)}`, signal),
  /** GET /api/series/:series/history */
  history: (series: string, top = 3, signal?: AbortSignal) =>
    getJson<SeriesHistory>(`/api/series/${segment(series)}/history${query({ top })}`, signal),
  /** GET /api/series/:series/compare */
  compare: (series: string, older: string, newer: string, signal?: AbortSignal) =>
    getJson<Comparison>(`/api/series/${segment(series)}/compare${query({ old: older, new: newer })}`, signal),
  /** GET /api/series/:series/facts */
  facts: (series: string, older: string, newer: string, signal?: AbortSignal) =>
    getJson<FactsReport>(`/api/series/${segment(series)}/facts${query({ from: older, to: newer })}`, signal),
  /** GET /api/series/:series/compare?top=N: the changes that matter most (docs/ranking.md). */
  compareTop: (series: string, older: string, newer: string, top: number, signal?: AbortSignal) =>
    getJson<TopSummary>(`/api/series/${segment(series)}/compare${query({ old: older, new: newer, top })}`, signal),
  /** GET /api/series/:series/blame */
  blame: (series: string, edition: string | undefined, signal?: AbortSignal) =>
    getJson<Blame>(`/api/series/${segment(series)}/blame${query({ edition })}`, signal),
  /** GET /api/series/:series/trace */
  trace: (series: string, phrase: string, mode: string, signal?: AbortSignal, limit?: number) =>
    getJson<TraceResult>(`/api/series/${segment(series)}/trace${query({ phrase, mode, limit })}`, signal),
  /** GET /api/search */
  search: (q: string, limit: number, signal?: AbortSignal) =>
    getJson<{ groups: SearchGroup[]; hits: SearchHit[]; truncated: boolean }>(
      `/api/search${query({ q, limit })}`,
      signal,
    ),
  /** GET /api/jobs: the newest jobs of the queue (an empty list, queue false, without one). */
  jobs: (limit = 100, signal?: AbortSignal) => getJson<JobList>(`/api/jobs${query({ limit })}`, signal),
  /** GET /api/jobs/:id: one job. */
  job: (id: string, signal?: AbortSignal) => getJson<JobRecord>(`/api/jobs/${segment(id)}`, signal),
  /** POST /api/series/:series/editions (multipart), with a bearer token when one is given. */
  async upload(series: string, form: FormData, token?: string): Promise<UploadOutcome> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(`/api/series/${segment(series)}/editions`, { method: 'POST', body: form, headers });
    } catch (error) {
      throw new ApiError(
        0,
        {},
        `the upload did not reach the server (${error instanceof Error ? error.message : 'network error'})`,
      );
    }
    if (response.status === 202) return { kind: 'queued', value: await readResponse<UploadAccepted>(response) };
    return { kind: 'stored', value: await readResponse<UploadResult>(response) };
  },
};
