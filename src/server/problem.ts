/**
 * Errors at the HTTP edge as RFC 9457 "Problem Details" (`application/problem+json`): the catalogue's code, its HTTP
 * status and title, and a one-line detail. The status of every code comes from the single catalogue in
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
  /** The catalogue's title of the code (the first sentence of its description). */
  title: string;
  /** The HTTP status, repeated in the body. */
  status: number;
  /** One line on this occurrence. */
  detail: string;
  /** The stable code, as the CLI prints it. */
  code: ErrorCode;
}

/** Codes whose messages may describe the server's insides (paths, SQL, library errors): their detail is generic. */
const OPAQUE_CODES: ReadonlySet<ErrorCode> = new Set(['E_INTERNAL', 'E_STORE', 'E_READ', 'E_WRITE']);

/** The HTTP status of a code, from the catalogue. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].httpStatus;
}

/** The title of a code: the first sentence of its catalogue description. */
export function problemTitle(code: ErrorCode): string {
  const description = ERROR_CATALOGUE[code].description;
  const end = description.search(/\.(?=\s+[A-Z(]|$)/);
  return end < 0 ? description : description.slice(0, end + 1);
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
  };
}

/** A problem+json Response for an error. */
export function problemResponse(error: unknown, options: ProblemOptions = {}): Response {
  const problem = toProblem(error, options);
  const headers = new Headers({ 'content-type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8` });
  if (problem.code === 'E_UNAUTHORIZED') headers.set('www-authenticate', 'Bearer realm="palimpsest"');
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
