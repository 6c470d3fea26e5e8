/** Facts (issue 15 part 1): the quantities, dates, references, organisations and places of an edition, and their diff. */

export { diffFacts } from './diff.js';
export { extractFacts, factsOfText, type TextFact } from './extract.js';
export {
  FACT_KINDS,
  type Fact,
  type FactChange,
  type FactChangeEntry,
  type FactKind,
  type FactOptions,
  type FactsReport,
} from './model.js';
export { type FactsReportOptions, factsReport } from './report.js';
export {
  type FactThread,
  type FactTrace,
  type FactTraceCell,
  type FactTraceEdition,
  traceFacts,
} from './trace.js';
