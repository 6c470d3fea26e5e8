/**
 * "Notes on the input": the diagnostics of both editions (an unbalanced quote, a skipped number, bytes that did not
 * decode) as the terminal, Markdown and HTML reports list them after the changes, so that what JSON always carried
 * reaches a reader too. Each report shows a few per edition, the most severe first, and says how many more JSON has.
 */
import type { Comparison, EditionSummary } from '../model/comparison.js';
import type { Diagnostic, Severity } from '../model/tree.js';

/** Diagnostics listed per edition in a report; the rest are counted (JSON has them all). */
export const NOTES_PER_EDITION = 5;

/** The heading of the section, the same in every report. */
export const NOTES_HEADING = 'Notes on the input';

/** The notes of one edition: its name, the diagnostics shown and how many were left out. */
export interface EditionNotes {
  /** The edition's name (its file name or URL, as compared). */
  edition: string;
  shown: Diagnostic[];
  omitted: number;
}

/** Most severe first; a stable sort keeps document order within a severity. */
const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The notes of both editions that have diagnostics, old first. */
export function inputNotes(comparison: Comparison, perEdition = NOTES_PER_EDITION): EditionNotes[] {
  return [comparison.old, comparison.new]
    .filter((edition: EditionSummary) => edition.diagnostics.length > 0)
    .map((edition) => {
      const sorted = [...edition.diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      return {
        edition: edition.name,
        shown: sorted.slice(0, perEdition),
        omitted: Math.max(0, sorted.length - perEdition),
      };
    });
}

/** Where a diagnostic is, in the compiler's `line:column` form, or '' when it has no position. */
export function notePlace(diagnostic: Diagnostic): string {
  const start = diagnostic.position?.start;
  return start ? `${start.line}:${start.column}` : '';
}

/** The line that says how many notes of an edition were left out. */
export function omittedPhrase(omitted: number): string {
  return `… and ${omitted} more (--format json lists them all)`;
}
