/** Lineage, history and blame across a series of editions (issue 4); pure functions over values. */
export {
  type Blame,
  type BlameEdition,
  type BlameEvent,
  type BlameEventKind,
  type BlameOptions,
  type BlameSentence,
  type BlameWord,
  blame,
  describeEvents,
  narrowBlame,
} from './blame.js';
export {
  DEFAULT_TOP,
  type HistoryChange,
  type HistoryOptions,
  type HistoryStep,
  history,
  rankedChangeCount,
  type SeriesHistory,
} from './history.js';
export {
  type CollateOptions,
  collateSeries,
  type LineageEdition,
  type LineageLink,
  type LinkedLineage,
  type LinkedPair,
  type LinkedUnit,
  type LinkRelation,
  type SectionLineage,
  type SentenceLineage,
  type SeriesEdition,
  type SeriesLineage,
} from './lineage.js';
export {
  HISTORY_TOP_KEPT,
  type PackedHistory,
  type PackedLineage,
  type PackedLineageEdition,
  type PackedSection,
  packHistory,
  packLineage,
  unpackHistory,
  unpackLineage,
} from './pack.js';
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
} from './render.js';
