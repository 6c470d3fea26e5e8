/**
 * Environment failures (missing file, bad encoding, size limit, unwritable output…) as typed errors with a stable
 * code, the third kind of failure in docs/design.md. Adapters raise them; the edge (CLI, HTTP) maps them to one line
 * and an exit status, or to a problem+json body. Every code lives in ERROR_CATALOGUE and is documented in
 * docs/errors.md; diagnostics, the first kind, have their catalogue in src/model/diagnostics.ts.
 */

/** Every stable error code; scripts and tests match on these, so never rename one. */
export type ErrorCode =
  | 'E_NOT_FOUND'
  | 'E_IS_DIRECTORY'
  | 'E_ENCODING'
  | 'E_EMPTY'
  | 'E_TOO_LARGE'
  | 'E_READ'
  | 'E_WRITE'
  | 'E_USAGE'
  | 'E_UNSUPPORTED_FORMAT'
  | 'E_CORRUPT'
  | 'E_PDF_NO_TEXT'
  | 'E_PDF_ENCRYPTED'
  | 'E_LIMIT'
  | 'E_TIMEOUT'
  | 'E_URL'
  | 'E_FETCH'
  | 'E_HTTP_STATUS'
  | 'E_STORE'
  | 'E_STORE_BUSY'
  | 'E_NO_STORE'
  | 'E_BUSY'
  | 'E_EXISTS'
  | 'E_DUPLICATE'
  | 'E_NO_SERIES'
  | 'E_NO_EDITION'
  | 'E_JOB'
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_METHOD'
  | 'E_INTERNAL';

/** What the catalogue records for one code. */
export interface ErrorCatalogueEntry {
  /** Process exit status the CLI returns for this code. */
  exitCode: number;
  /** HTTP status an HTTP adapter should answer with. */
  httpStatus: number;
  /** One-line description, as in docs/errors.md. */
  description: string;
}

/** Exit status for problems with an input file. */
export const EXIT_INPUT = 1;
/** Exit status for bad command-line arguments. */
export const EXIT_USAGE = 2;
/** Exit status when the output cannot be written. */
export const EXIT_WRITE = 3;
/** Exit status for bugs: EX_SOFTWARE from sysexits.h, so scripts can tell a bug from bad input. */
export const EXIT_INTERNAL = 70;

/** The single catalogue of error codes: exit status, HTTP status and a one-line description for each. */
export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, ErrorCatalogueEntry>> = {
  E_NOT_FOUND: {
    exitCode: EXIT_INPUT,
    httpStatus: 404,
    description: 'The input file, or the resource asked for (an unknown API path), does not exist.',
  },
  E_IS_DIRECTORY: {
    exitCode: EXIT_INPUT,
    httpStatus: 400,
    description: 'The input path is a directory, not a file.',
  },
  E_ENCODING: {
    exitCode: EXIT_INPUT,
    httpStatus: 400,
    description:
      'The `--encoding` label names no encoding Palimpsest can decode. (Bytes that do not decode in the chosen encoding are a diagnostic with their byte offset, not an error.)',
  },
  E_EMPTY: {
    exitCode: EXIT_INPUT,
    httpStatus: 422,
    description: 'The input is empty or holds only whitespace.',
  },
  E_TOO_LARGE: {
    exitCode: EXIT_INPUT,
    httpStatus: 413,
    description:
      'The input is larger than the size limit: 64 MiB unless `--max-size` says otherwise (`10MB`, `500k`, `1.5GiB`, `1048576`; every unit is a power of 1024).',
  },
  E_READ: {
    exitCode: EXIT_INPUT,
    httpStatus: 500,
    description: 'The input could not be read for another reason (e.g. permission denied).',
  },
  E_WRITE: {
    exitCode: EXIT_WRITE,
    httpStatus: 500,
    description:
      'The output could not be written (missing directory, permission denied, disk full, the path is a directory).',
  },
  E_USAGE: {
    exitCode: EXIT_USAGE,
    httpStatus: 400,
    description:
      'Bad arguments: unknown command or option, missing argument, invalid option value (e.g. an unknown `--format`).',
  },
  E_UNSUPPORTED_FORMAT: {
    exitCode: EXIT_INPUT,
    httpStatus: 415,
    description:
      "The input's format is not one Palimpsest imports (text, Markdown, HTML, PDF, DOCX) — an image, a binary, a readable ZIP with no Word parts (.xlsx, .odt, .epub) — or `--from` names an unknown format.",
  },
  E_CORRUPT: {
    exitCode: EXIT_INPUT,
    httpStatus: 422,
    description:
      'The input claims a format but is damaged: a truncated or malformed PDF (one that starts with `%PDF-`), a ZIP too damaged to read, a Word package (it has word/ parts) that lacks word/document.xml.',
  },
  E_PDF_NO_TEXT: {
    exitCode: EXIT_INPUT,
    httpStatus: 422,
    description: 'The PDF has no text layer (a scan): it needs OCR before Palimpsest can read it.',
  },
  E_PDF_ENCRYPTED: {
    exitCode: EXIT_INPUT,
    httpStatus: 422,
    description: 'The PDF is encrypted or password-protected.',
  },
  E_LIMIT: {
    exitCode: EXIT_INPUT,
    httpStatus: 413,
    description:
      'An input is over what the engine can process, refused before anything is stored: too many PDF pages, a DOCX part that decompresses beyond its limit (a zip bomb), too many redirects, HTML elements nested over 2000 deep, Markdown lists and block quotes nested over 100 deep or emphasis nested too deep for the parser, or extracted text over 4 Mi characters or 50,000 non-blank lines, or that parses into more than 16,000 blocks and headings plus one per 256 characters (raise them with the environment variables `PALIMPSEST_MAX_CHARACTERS`, `PALIMPSEST_MAX_LINES`, `PALIMPSEST_MAX_BLOCKS`; a text, Markdown or HTML source whose bytes show more than twice the characters is refused before it is parsed); or a stored edition over those limits (added by an older version) that a read would have to process: remove it, or add it again split into parts.',
  },
  E_TIMEOUT: {
    exitCode: EXIT_INPUT,
    httpStatus: 504,
    description: 'An import or download took longer than its time budget.',
  },
  E_URL: {
    exitCode: EXIT_USAGE,
    httpStatus: 400,
    description: 'The URL is malformed or not http(s).',
  },
  E_FETCH: {
    exitCode: EXIT_INPUT,
    httpStatus: 502,
    description: 'The URL could not be fetched: connection refused, DNS failure, TLS error, connection reset.',
  },
  E_HTTP_STATUS: {
    exitCode: EXIT_INPUT,
    httpStatus: 502,
    description: 'The server answered the URL with a non-success HTTP status (the message gives it).',
  },
  E_STORE: {
    exitCode: EXIT_INPUT,
    httpStatus: 500,
    description:
      'The store cannot be opened, migrated or queried: a bad path, a file that is not a database, the database server down, or a store made by a newer Palimpsest.',
  },
  E_STORE_BUSY: {
    exitCode: EXIT_INPUT,
    httpStatus: 503,
    description: 'Another process is writing to the store and did not finish in time; try again.',
  },
  E_NO_STORE: {
    exitCode: EXIT_INPUT,
    httpStatus: 500,
    description:
      'A command that only reads (`list`, `show`, `search`, `compare SERIES A B`, `history`, `blame`, `trace`) names a store that does not exist; reads never create one. Add an edition first, or point `--store` or `PALIMPSEST_STORE` at an existing store.',
  },
  E_BUSY: {
    exitCode: EXIT_INPUT,
    httpStatus: 503,
    description: 'The server has too much heavy work queued (comparisons, imports); try again shortly.',
  },
  E_EXISTS: {
    exitCode: EXIT_INPUT,
    httpStatus: 409,
    description: 'The edition label is already taken in the series by different bytes; pass `--replace` to replace it.',
  },
  E_DUPLICATE: {
    exitCode: EXIT_INPUT,
    httpStatus: 409,
    description:
      'Another edition of the series already holds the same bytes under another label (the message names it; the HTTP problem also as `duplicateOf`), so nothing was stored; pass `--allow-duplicate` (upload field `allowDuplicate=true`) to keep a text that went back to an earlier wording as an edition of its own.',
  },
  E_NO_SERIES: {
    exitCode: EXIT_INPUT,
    httpStatus: 404,
    description: 'No series by that name in the store.',
  },
  E_NO_EDITION: {
    exitCode: EXIT_INPUT,
    httpStatus: 404,
    description: 'No edition by that label in the series.',
  },
  E_JOB: {
    exitCode: EXIT_INPUT,
    httpStatus: 500,
    description:
      'A queued job (PostgreSQL stores with workers) failed after its retries and is kept in the dead-letter state with its error (`palimpsest jobs --failed`), or the bytes it was to import are no longer staged.',
  },
  E_UNAUTHORIZED: {
    exitCode: EXIT_USAGE,
    httpStatus: 401,
    description:
      'An HTTP write (upload, delete) without the bearer token the server requires (`palimpsest serve --token` or `PALIMPSEST_TOKEN`), or with a wrong one.',
  },
  E_FORBIDDEN: {
    exitCode: EXIT_USAGE,
    httpStatus: 403,
    description:
      'An HTTP request the server refuses whatever the token: a foreign host name sent to a loopback server (DNS rebinding), a write from another site, or a write to a server bound off loopback without a token.',
  },
  E_METHOD: {
    exitCode: EXIT_USAGE,
    httpStatus: 405,
    description:
      'An HTTP method the API path does not have (`PUT` or `PATCH` anywhere, `DELETE` on a read); the `Allow` header lists those it has.',
  },
  E_INTERNAL: {
    exitCode: EXIT_INTERNAL,
    httpStatus: 500,
    description:
      'A bug in Palimpsest (any error that is not one of the above). Please report it with the output of `PALIMPSEST_DEBUG=1`.',
  },
};

/** Every code in catalogue order (the order of docs/errors.md). */
export const ERROR_CODES: readonly ErrorCode[] = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** Options for a PalimpsestError: the file concerned and the underlying error. */
export interface PalimpsestErrorOptions {
  file?: string;
  cause?: unknown;
  /** E_DUPLICATE: the label of the edition that holds the same bytes. */
  duplicateOf?: string;
}

/** An environment failure with a stable code; its message is one line that names the file and the problem. */
export class PalimpsestError extends Error {
  /** Stable code from ERROR_CATALOGUE. */
  readonly code: ErrorCode;
  /** Exit status the CLI returns, from the catalogue. */
  readonly exitCode: number;
  /** The file the failure concerns, as the user named it. */
  readonly file?: string;
  /**
   * E_DUPLICATE: the label of the edition that already holds the same bytes, as data (the HTTP API sends it as the
   * problem's `duplicateOf`, so a client names it without reading the message).
   */
  readonly duplicateOf?: string;

  /** Create an error for `code`; `message` must be one line (the CLI prefixes it with the code). */
  constructor(code: ErrorCode, message: string, options: PalimpsestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PalimpsestError';
    this.code = code;
    this.exitCode = ERROR_CATALOGUE[code].exitCode;
    if (options.file !== undefined) this.file = options.file;
    if (options.duplicateOf !== undefined) this.duplicateOf = options.duplicateOf;
  }
}

/** True when `value` is a PalimpsestError (also across module copies, by shape). */
export function isPalimpsestError(value: unknown): value is PalimpsestError {
  if (value instanceof PalimpsestError) return true;
  if (!(value instanceof Error) || value.name !== 'PalimpsestError') return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);
}

/**
 * Quote a file name for a one-line message: single quotes, with control characters (a newline in a file name
 * would otherwise break the one-line promise) written as \n, \t or \u{…} escapes.
 */
export function quoteFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
  const escaped = name.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u{${c.charCodeAt(0).toString(16)}}`;
  });
  return `'${escaped}'`;
}

/** A byte count for messages: `812 B`, `500 KiB`, `1.3 MiB`, `64 MiB` (one decimal below 10 units). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** The one-line form of an error for stderr: `prefix: CODE: message`, with line breaks folded to spaces. */
export function formatErrorLine(error: PalimpsestError, prefix = 'palimpsest'): string {
  return `${prefix}: ${error.code}: ${error.message.replace(/\s*[\r\n]+\s*/g, ' ')}`;
}
