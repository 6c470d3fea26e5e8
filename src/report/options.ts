import type { Significance } from '../model/comparison.js';
import type { RankedFactInput } from './top.js';

/** The output formats `renderReport` knows. */
export type ReportFormat = 'terminal' | 'json' | 'md' | 'html';

/** Every report format, in the order the CLI lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['terminal', 'json', 'md', 'html'];

/** How a report is rendered; every field is optional and has a sensible default. */
export interface ReportOptions {
  /** ANSI colours in the terminal report (the CLI decides from isTTY / NO_COLOR / FORCE_COLOR). Default false. */
  color?: boolean;
  /** Show unchanged units and the whole text of changed ones instead of eliding it. Default false. */
  context?: boolean;
  /** The least significant change shown; lower ones are hidden (in HTML: the filter's initial value). */
  significance?: Significance;
  /** Terminal width in columns for wrapping the terminal report. Default 100. */
  width?: number;
  /** How many changes the "What matters most" summary at the top lists (docs/ranking.md). Default 10; 0 for none. */
  top?: number;
  /** Print only that summary (`compare --top N`), in every format. */
  topOnly?: boolean;
  /** Fact changes between the editions (src/facts), ranked in the summary with the rest. */
  facts?: readonly RankedFactInput[];
}

/** The number of changes a summary shows unless asked for another. */
export const DEFAULT_TOP = 10;

/** The terminal width used when none is given. */
export const DEFAULT_WIDTH = 100;

/** Words of unchanged text kept on each side of an edit when context is off. */
export const CONTEXT_WORDS = 8;
