/**
 * Errors at the HTTP edge as RFC 9457 "Problem Details" (`application/problem+json`): the catalogue's code, its HTTP
 * status, a title in HTTP words, and a one-line detail. The status of every code comes from the single catalogue in
 * src/errors/errors.ts, so the CLI's exit statuses and the API's statuses cannot drift apart. Anything that is not a
 * PalimpsestError is a bug: it becomes 500 E_INTERNAL whose body says nothing of the error (no message, no stack);
 * the server log gets the details instead.
 */
import { ERROR_CATALOGUE, type ErrorCode, isPalimpsestError, PalimpsestError } from '../errors/errors.js';

/** Media type of problem details (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Base of the `type` URIs: a reserved domain (RFC 2606), so the URI identifies the code without pointing anywhere. */
export const PROBLEM_TYPE_BASE = 'https://palimpsest.invalid/errors/';

/** The problem+json body the API sends for every error. */
export interface Problem {
  /** `https://palimpsest.invalid/errors/<code>`. */
  type: string;
  /** The code's title in HTTP words (`HTTP_TITLES`). */
  title: string;
  /** The HTTP status, repeated in the body. */
  status: number;
  /** One line on this occurrence. */
  detail: string;
  /** The stable code, as the CLI prints it. */
  code: ErrorCode;
  /** E_DUPLICATE: the label of the edition that holds the same bytes (an RFC 9457 extension member). */
  duplicateOf?: string;
}

/** Codes whose messages may describe the server's insides (paths, SQL, library errors): their detail is generic. */
const OPAQUE_CODES: ReadonlySet<ErrorCode> = new Set(['E_INTERNAL', 'E_STORE', 'E_READ', 'E_WRITE']);

/** The HTTP status of a code, from the catalogue. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].httpStatus;
}

/**
 * The title of each code in HTTP words. The catalogue's descriptions speak to the CLI ("unknown command or option …
 * `--format`"), which misleads an API client; the code itself stays the same in the body, so scripts match either.
 */
export const HTTP_TITLES: Readonly<Record<ErrorCode, string>> = {
  E_NOT_FOUND: 'Not found: no such API path or resource.',
  E_IS_DIRECTORY: 'The input is a directory, not a file.',
  E_ENCODING: 'Unknown text encoding.',
  E_EMPTY: 'The uploaded file is empty or holds only whitespace.',
  E_TOO_LARGE: 'The upload is larger than the size limit.',
  E_READ: 'The input could not be read.',
  E_WRITE: 'The server could not write its output.',
  E_USAGE: 'Invalid request: a bad path parameter, query parameter, form field or body.',
  E_UNSUPPORTED_FORMAT: 'Unsupported media type: the body or the file is not in a format the API accepts.',
  E_CORRUPT: 'The uploaded file claims a format but is damaged.',
  E_PDF_NO_TEXT: 'The PDF has no text layer (a scan that needs OCR).',
  E_PDF_ENCRYPTED: 'The PDF is encrypted or password-protected.',
  E_LIMIT: 'An import limit was exceeded.',
  E_TIMEOUT: 'The request or its work took longer than its time budget.',
  E_URL: 'The URL is malformed or not http(s).',
  E_FETCH: 'The URL could not be fetched.',
  E_HTTP_STATUS: 'The URL answered with a non-success HTTP status.',
  E_STORE: 'The store cannot be reached or queried.',
  E_NO_STORE: 'The store this server reads does not exist.',
  E_STORE_BUSY: 'The store is busy with another writer; try again.',
  E_BUSY: 'The server has too much heavy work queued; try again shortly.',
  E_EXISTS: 'The edition label is taken by different bytes; send replace=true to replace it.',
  E_DUPLICATE:
    'Another edition of the series holds the same bytes (the detail names it); send allowDuplicate=true to add it all the same.',
  E_NO_SERIES: 'No series by that name in the store.',
  E_NO_EDITION: 'No edition by that label in the series.',
  E_JOB: 'A queued job failed after its retries; GET /api/jobs shows its error.',
  E_UNAUTHORIZED: 'This write needs the bearer token the server requires, or the one sent is wrong.',
  E_FORBIDDEN: 'Refused whatever the token (host name, origin, or writes disabled on this address).',
  E_METHOD: 'Method not allowed: the Allow header lists the methods of this path.',
  E_INTERNAL: 'Internal server error.',
};

/** The title of a code in a problem: its HTTP wording. */
export function problemTitle(code: ErrorCode): string {
  return HTTP_TITLES[code];
}

/** Options of `toProblem`. */
export interface ProblemOptions {
  /** Text to hide from details (the store's location, a server path): replaced by `replacement`. */
  redact?: readonly { text: string; replacement: string }[];
}

/** The error as a PalimpsestError: itself if it is one, else E_INTERNAL wrapping it (the original as `cause`). */
export function asPalimpsestError(error: unknown): PalimpsestError {
  if (isPalimpsestError(error)) return error;
  return new PalimpsestError('E_INTERNAL', 'internal error', { cause: error });
}

/** The problem details of an error; never includes a stack trace or the message of an unexpected error. */
export function toProblem(error: unknown, options: ProblemOptions = {}): Problem {
  const known = asPalimpsestError(error);
  const code = known.code;
  let detail: string;
  if (code === 'E_INTERNAL') detail = 'an internal error occurred; the server log has the details';
  else if (OPAQUE_CODES.has(code)) detail = `${problemTitle(code)} The server log has the details.`;
  else detail = known.message.replace(/\s*[\r\n]+\s*/g, ' ');
  for (const { text, replacement } of options.redact ?? []) {
    if (text !== '') detail = detail.split(text).join(replacement);
  }
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: problemTitle(code),
    status: httpStatusOf(code),
    detail,
    code,
    ...(known.duplicateOf === undefined ? {} : { duplicateOf: known.duplicateOf }),
  };
}

/** A problem+json Response for an error. */
export function problemResponse(error: unknown, options: ProblemOptions = {}): Response {
  const problem = toProblem(error, options);
  const headers = new Headers({ 'content-type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8` });
  if (problem.code === 'E_UNAUTHORIZED') headers.set('www-authenticate', 'Bearer realm="palimpsest"');
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
