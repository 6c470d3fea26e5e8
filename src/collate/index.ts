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
} from './blame.js';
export {
  type HistoryChange,
  type HistoryOptions,
  type HistoryStep,
  history,
  type SeriesHistory,
} from './history.js';
export {
  type CollateOptions,
  collateSeries,
  type LineageEdition,
  type LineageLink,
  type LinkRelation,
  type SectionLineage,
  type SentenceLineage,
  type SeriesEdition,
  type SeriesLineage,
} from './lineage.js';
export {
  type CollateRenderOptions,
  renderBlameHtml,
  renderBlameJson,
  renderBlameTerminal,
  renderHistoryJson,
  renderHistoryTerminal,
} from './render.js';
