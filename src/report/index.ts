/**
 * The render stage: one pure function per format for comparisons (and `renderReport` to pick one by name, the
 * CLI's `--format`), for a series' blame and history, and for a phrase's trace.
 */
import type { Comparison } from '../model/comparison.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_FORMATS, type ReportFormat, type ReportOptions } from './options.js';
import { renderTerminal, renderTerminalChunks } from './terminal.js';
import { topJson } from './top-render.js';

export { renderFactTraceJson, renderFactTraceTable } from './fact-trace.js';
export {
  FACTS_CSV_COLUMNS,
  FACTS_FORMATS,
  type FactsFormat,
  renderFacts,
  renderFactsCsv,
  renderFactsJson,
  renderFactsMarkdown,
  renderFactsTerminal,
} from './facts.js';
export { escapeHtml, renderHtml } from './html.js';
export { renderJson, renderJsonChunks } from './json.js';
export { escapeMarkdown, renderMarkdown } from './markdown.js';
export { DEFAULT_WIDTH, REPORT_FORMATS, type ReportFormat, type ReportOptions } from './options.js';
export {
  blameJson,
  COLLATE_JSON_SCHEMA_VERSION,
  type CollateRenderOptions,
  historyJson,
  renderBlameHtml,
  renderBlameJson,
  renderBlameTerminal,
  renderHistoryJson,
  renderHistoryTerminal,
} from './series.js';
export { hasChangesAtOrAbove } from './structure.js';
export { renderTerminal, renderTerminalChunks } from './terminal.js';
export {
  DEFAULT_TOP,
  type RankedFactInput,
  type RankOptions,
  rankChanges,
  TOP_RULES,
  type TopChange,
  type TopRule,
} from './top.js';
export { TOP_HEADING, TOP_SCHEMA_VERSION, topJson, topOf } from './top-render.js';
export { EDITION_CSV_COLUMNS, HIT_CSV_COLUMNS, renderTraceCsv, renderTraceHitsCsv } from './trace-csv.js';
export { renderTraceJson, TRACE_JSON_SCHEMA, TRACE_SCHEMA_VERSION, type TraceJson, traceJson } from './trace-json.js';
export { renderTraceSvg, type TraceSvgOptions } from './trace-svg.js';
export { kwicLine, renderTraceTable, type TraceTableOptions } from './trace-table.js';

/** Renders a comparison in one of the report formats; an unknown format is a programming error and throws. */
export function renderReport(comparison: Comparison, format: ReportFormat, options: ReportOptions = {}): string {
  switch (format) {
    case 'terminal':
      return renderTerminal(comparison, options);
    case 'json':
      return options.topOnly === true ? topJson(comparison, options) : renderJson(comparison);
    case 'md':
      return renderMarkdown(comparison, options);
    case 'html':
      return renderHtml(comparison, options);
    default:
      throw new TypeError(`Unknown report format ${JSON.stringify(format)}: use one of ${REPORT_FORMATS.join(', ')}.`);
  }
}

/**
 * The report of `renderReport` in pieces whose concatenation is its text: JSON as it is produced (it can be tens of
 * megabytes), the terminal report a few thousand lines at a time, the other formats in one piece.
 */
export function renderReportChunks(
  comparison: Comparison,
  format: ReportFormat,
  options: ReportOptions = {},
): Iterable<string> {
  if (format === 'json' && options.topOnly !== true) return renderJsonChunks(comparison);
  if (format === 'terminal') return renderTerminalChunks(comparison, options);
  return [renderReport(comparison, format, options)];
}
