/** Tracing a phrase through a series of editions: the pure core and its table, JSON, CSV and SVG renderers. */
export { EDITION_CSV_COLUMNS, HIT_CSV_COLUMNS, renderTraceCsv, renderTraceHitsCsv } from './csv.js';
export { renderTraceJson, TRACE_JSON_SCHEMA, TRACE_SCHEMA_VERSION, type TraceJson, traceJson } from './json.js';
export { compilePhrase, type PhraseMatcher, REGEX_UNIT_LIMIT, TRACE_MODES, type TraceMode } from './match.js';
export { appendTraceUnits, type PackedTraceUnits, packTraceUnits, unpackTraceUnits } from './pack.js';
export { occurrences, trajectoryLine } from './summary.js';
export { renderTraceSvg, type TraceSvgOptions } from './svg.js';
export { kwicLine, renderTraceTable, type TraceTableOptions } from './table.js';
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
