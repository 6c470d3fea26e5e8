/** Tracing a phrase through a series of editions: the pure core (its renderers are in report/). */
export { compilePhrase, type PhraseMatcher, REGEX_UNIT_LIMIT, TRACE_MODES, type TraceMode } from './match.js';
export { occurrences, trajectoryLine } from './summary.js';
export {
  DEFAULT_CONTEXT,
  DEFAULT_MAX_HITS_PER_EDITION,
  type EditionRef,
  type EditionTrace,
  type TraceDocumentInput,
  type TraceEditionInput,
  type TraceGap,
  type TraceHit,
  type TraceOptions,
  type TraceResult,
  type TraceUnit,
  type TraceUnitKind,
  type TraceUnitsInput,
  tracePhrase,
  traceUnits,
  trajectory,
} from './trace.js';
