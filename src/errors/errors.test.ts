import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CATALOGUE,
  ERROR_CODES,
  formatErrorLine,
  isPalimpsestError,
  PalimpsestError,
  quoteFileName,
} from './errors.js';

describe('error catalogue', () => {
  it('holds every required code with the documented exit statuses', () => {
    expect(ERROR_CODES).toEqual([
      'E_NOT_FOUND',
      'E_IS_DIRECTORY',
      'E_ENCODING',
      'E_EMPTY',
      'E_TOO_LARGE',
      'E_READ',
      'E_WRITE',
      'E_USAGE',
      'E_UNSUPPORTED_FORMAT',
      'E_CORRUPT',
      'E_PDF_NO_TEXT',
      'E_PDF_ENCRYPTED',
      'E_LIMIT',
      'E_TIMEOUT',
      'E_URL',
      'E_FETCH',
      'E_HTTP_STATUS',
      'E_STORE',
      'E_STORE_BUSY',
      'E_NO_STORE',
      'E_BUSY',
      'E_EXISTS',
      'E_DUPLICATE',
      'E_NO_SERIES',
      'E_NO_EDITION',
      'E_JOB',
      'E_UNAUTHORIZED',
      'E_FORBIDDEN',
      'E_METHOD',
      'E_INTERNAL',
    ]);
    const statuses = Object.fromEntries(ERROR_CODES.map((code) => [code, ERROR_CATALOGUE[code].exitCode]));
    expect(statuses).toEqual({
      E_NOT_FOUND: 1,
      E_IS_DIRECTORY: 1,
      E_ENCODING: 1,
      E_EMPTY: 1,
      E_TOO_LARGE: 1,
      E_READ: 1,
      E_WRITE: 3,
      E_USAGE: 2,
      E_UNSUPPORTED_FORMAT: 1,
      E_CORRUPT: 1,
      E_PDF_NO_TEXT: 1,
      E_PDF_ENCRYPTED: 1,
      E_LIMIT: 1,
      E_TIMEOUT: 1,
      E_URL: 2,
      E_FETCH: 1,
      E_HTTP_STATUS: 1,
      E_STORE: 1,
      E_STORE_BUSY: 1,
      E_NO_STORE: 1,
      E_BUSY: 1,
      E_EXISTS: 1,
      E_DUPLICATE: 1,
      E_NO_SERIES: 1,
      E_NO_EDITION: 1,
      E_JOB: 1,
      E_UNAUTHORIZED: 2,
      E_FORBIDDEN: 2,
      E_METHOD: 2,
      E_INTERNAL: 70,
    });
  });

  it('is documented row by row in docs/errors.md with the same statuses and description', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = new Map<string, [number, number, string]>();
    for (const match of doc.matchAll(/^\| `(E_[A-Z_]+)` \| (\d+) \| (\d+) \| (.*) \|$/gm)) {
      rows.set(match[1] as string, [Number(match[2]), Number(match[3]), match[4] as string]);
    }
    expect([...rows.keys()]).toEqual(ERROR_CODES);
    for (const code of ERROR_CODES) {
      const { exitCode, httpStatus, description } = ERROR_CATALOGUE[code];
      expect(rows.get(code), code).toEqual([exitCode, httpStatus, description]);
    }
  });
});

describe('PalimpsestError', () => {
  it('carries code, exit status, file and cause', () => {
    const cause = new Error('ENOENT');
    const error = new PalimpsestError('E_NOT_FOUND', "cannot read 'a.txt': no such file", { file: 'a.txt', cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('E_NOT_FOUND');
    expect(error.exitCode).toBe(1);
    expect(error.file).toBe('a.txt');
    expect(error.cause).toBe(cause);
    expect(isPalimpsestError(error)).toBe(true);
    expect(isPalimpsestError(new Error('x'))).toBe(false);
    expect(isPalimpsestError('E_NOT_FOUND')).toBe(false);
  });

  it('recognises a copy from another module instance by shape, but only with a catalogued code', () => {
    const lookalike = Object.assign(new Error('m'), { name: 'PalimpsestError', code: 'E_WRITE' });
    expect(isPalimpsestError(lookalike)).toBe(true);
    const impostor = Object.assign(new Error('m'), { name: 'PalimpsestError', code: 'E_NOPE' });
    expect(isPalimpsestError(impostor)).toBe(false);
  });

  it('formats as a single line prefixed with the program name and code', () => {
    const error = new PalimpsestError('E_USAGE', "unknown option '--x'\n(Did you mean --context?)");
    expect(formatErrorLine(error)).toBe("palimpsest: E_USAGE: unknown option '--x' (Did you mean --context?)");
  });
});

describe('quoteFileName', () => {
  it('escapes control characters so a file name cannot break the one-line message', () => {
    expect(quoteFileName('plain name.txt')).toBe("'plain name.txt'");
    expect(quoteFileName('a\nb\tc\u0007')).toBe("'a\\nb\\tc\\u{7}'");
  });
});
