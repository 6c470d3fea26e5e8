/**
 * Palimpsest as a library: parse editions, align them, diff the aligned units and render reports.
 * Everything exported here is pure (no files, network or clock), so it runs in Node and in a browser.
 */
export { type Alignment, type AlignmentPair, type AlignOptions, alignDocuments } from './align/align.js';
export { blame, collateSeries, history } from './collate/index.js';
export { type CompareOptions, compareDocuments, compareTexts, diffPairs, rebuild } from './compare/compare.js';
export { formatChanges, formatPair } from './diff/format.js';
export { diffWords } from './diff/words.js';
export {
  diffFacts,
  extractFacts,
  FACT_KINDS,
  type Fact,
  type FactChange,
  type FactChangeEntry,
  type FactKind,
  type FactOptions,
  type FactsReport,
  type FactsReportOptions,
  type FactThread,
  type FactTrace,
  factsReport,
  traceFacts,
} from './facts/index.js';
export * from './model/comparison.js';
export type { DiagnosticCode, DiagnosticStage } from './model/diagnostics.js';
export { LineIndex } from './model/position.js';
export * from './model/tree.js';
export { normalize, normalizeKey } from './normalize/normalize.js';
export { parseText } from './parse/text.js';
export {
  type RankedFactInput,
  type RankOptions,
  type ReportFormat,
  type ReportOptions,
  rankChanges,
  renderReport,
  renderTraceCsv,
  renderTraceJson,
  renderTraceSvg,
  renderTraceTable,
  type TopChange,
  type TopRule,
} from './report/index.js';
export { tracePhrase } from './trace/index.js';
export { ENGINE_VERSION } from './version.js';
