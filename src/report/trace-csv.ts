/**
 * CSV forms of a trace, following RFC 4180: a header row, CRLF line ends, and fields quoted with double quotes
 * (inner quotes doubled) when they hold a comma, a quote, CR or LF. Two tables: one row per edition (for a
 * spreadsheet chart of the trajectory) and one row per occurrence (for reading or filtering the snippets).
 * Text is written as it stands in the editions, so a field may hold line breaks (quoted). A text field that a
 * spreadsheet would read as a formula (starting with =, +, -, @, tab or CR: CSV injection) is neutralised as OWASP
 * recommends: prefixed with a single quote and quoted, so it shows as text and never runs.
 */
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import type { TraceResult } from '../trace/trace.js';

/** RFC 4180 line end. */
const CRLF = '\r\n';

/** First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: quoted when it holds a comma, a double quote, CR or LF; a text that starts like a formula is
 * prefixed with `'` and quoted. Numbers are written as numbers.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record from its fields. */
function csvRecord(fields: ReadonlyArray<string | number | null | undefined>): string {
  return fields.map(csvField).join(',') + CRLF;
}

/** Columns of the per-edition CSV. */
export const EDITION_CSV_COLUMNS = ['edition', 'date', 'count'] as const;

/** Columns of the per-occurrence CSV. */
export const HIT_CSV_COLUMNS = [
  'edition',
  'date',
  'path',
  'unit',
  'block',
  'sentence',
  'line',
  'column',
  'offset',
  'before',
  'match',
  'after',
] as const;

/** One row per edition: label, date (empty when unknown) and the number of occurrences. */
export function renderTraceCsv(result: TraceResult): string {
  let out = csvRecord(EDITION_CSV_COLUMNS);
  for (const edition of result.editions) out += csvRecord([edition.label, edition.date, edition.count]);
  return out;
}

/**
 * One row per listed occurrence: edition, date, section path (labels joined with " › "), unit kind, block and
 * sentence index (0-based as in the JSON, empty for headings), line, column and offset of the match in the edition's
 * text (empty when the edition has no positions), and the snippet's before, match and after.
 */
export function renderTraceHitsCsv(result: TraceResult): string {
  let out = csvRecord(HIT_CSV_COLUMNS);
  for (const edition of result.editions) {
    for (const hit of edition.hits) {
      const start = hit.position?.start;
      out += csvRecord([
        edition.label,
        edition.date,
        hit.path.join(SECTION_PATH_SEPARATOR),
        hit.unit,
        hit.block,
        hit.sentence,
        start?.line,
        start?.column,
        start?.offset,
        hit.before,
        hit.match,
        hit.after,
      ]);
    }
  }
  return out;
}
