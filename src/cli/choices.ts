/**
 * What the argument parser needs to know about each command before it runs one: format choices and the port
 * parser. Kept apart from the commands so that run.ts can declare every command without loading any of them
 * (each command module is imported only when it runs: `--version` or comparing two text files never loads the
 * store, the server or the worker pool).
 */

/** Formats of the blame command. */
export const BLAME_FORMATS = ['terminal', 'json', 'html'] as const;

/** Formats of the facts command (the report module's FACTS_FORMATS, repeated so that run.ts loads no report code). */
export const FACTS_FORMATS = ['terminal', 'json', 'md', 'csv'] as const;

/** Formats of the trace command. */
export const TRACE_FORMATS = ['table', 'json', 'csv', 'svg'] as const;

/** Parses --port: a whole number 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || port > 65_535) return Number.NaN;
  return port;
}
