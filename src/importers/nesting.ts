/**
 * The one rule the HTML and Markdown importers share against deep nesting: their parsers (parse5, micromark) slow
 * down with depth faster than the input grows, so each importer estimates the depth in a linear pre-scan and refuses
 * input past its limit with E_LIMIT before parsing, rather than holding a worker for a minute or overflowing the
 * stack. The limits differ because the engines do (HTML 2000 in html.ts, Markdown 100 in markdown-limits.ts).
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';

/** The E_LIMIT error for input nested too deeply for its parser; `problem` says where, `advice` how to read it anyway. */
export function nestingLimitError(name: string, problem: string, advice?: string): PalimpsestError {
  return new PalimpsestError(
    'E_LIMIT',
    `cannot import ${quoteFileName(name)}: ${problem}${advice ? `; ${advice}` : ''}`,
    { file: name },
  );
}
