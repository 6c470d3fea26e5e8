/**
 * The store's environment failures (docs/design.md, third kind of failure) as coded errors from the shared catalogue
 * (src/errors/errors.ts, docs/errors.md).
 */

import { isPalimpsestError, PalimpsestError } from '../errors/errors.js';

/** Every code the store raises. */
export type StoreErrorCode =
  /** Another writer holds the store (SQLite busy_timeout or PostgreSQL lock_timeout ran out): try again. */
  | 'E_STORE_BUSY'
  /** The store cannot be opened, migrated or queried: bad path, not a database, server down, newer schema. */
  | 'E_STORE'
  /** A read names a store that does not exist (reads never create one). */
  | 'E_NO_STORE'
  /** The label is taken in the series by an edition with different bytes (and `replace` was not asked). */
  | 'E_EXISTS'
  /** Another edition of the series already holds the same bytes under another label (and `allowDuplicate` was not asked). */
  | 'E_DUPLICATE'
  /** No series by that name. */
  | 'E_NO_SERIES'
  /** No edition by that label in the series. */
  | 'E_NO_EDITION';

/** Every store code, for tests and for the error catalogue (src/errors/errors.ts). */
export const STORE_ERROR_CODES: readonly StoreErrorCode[] = [
  'E_STORE_BUSY',
  'E_STORE',
  'E_NO_STORE',
  'E_EXISTS',
  'E_DUPLICATE',
  'E_NO_SERIES',
  'E_NO_EDITION',
];

/** A store failure: a PalimpsestError whose code is one of the store's, so every edge maps it like any other. */
export class StoreError extends PalimpsestError {
  /** Stable code (see StoreErrorCode). */
  declare readonly code: StoreErrorCode;

  /** Create an error for `code`; `message` must be one line. */
  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown; duplicateOf?: string } = {}) {
    super(code, message, options);
  }
}

/** True when `value` is a StoreError, optionally with the given code (also across module copies, by shape). */
export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  if (!isPalimpsestError(value)) return false;
  const actual: unknown = value.code;
  if (typeof actual !== 'string' || !(STORE_ERROR_CODES as readonly string[]).includes(actual)) return false;
  return code === undefined || actual === code;
}

/**
 * A store location as it may be shown (messages, logs, command output): a PostgreSQL URL's password — in the user-info
 * part or a `password` query parameter — replaced by `***`, also in a URL too malformed to parse. The one redaction
 * every place that prints a location uses.
 */
export function redactLocation(location: string): string {
  if (!/^postgres(?:ql)?:/i.test(location)) return location;
  try {
    const url = new URL(location);
    if (url.password !== '') url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.href;
  } catch {
    return location.replace(/^([^:]+:\/\/[^:@/]*:)[^@/]*@/, '$1***@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
}

/** Quote a series name, label or location for a one-line message (JSON quoting escapes line breaks). */
export function quoteName(name: string): string {
  return JSON.stringify(name);
}
