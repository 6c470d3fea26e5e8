/** The shapes of issue 15's facts: what a reader tracks in one edition, and how the facts of two editions differ. */

/** What a fact is about. */
export type FactKind = 'quantity' | 'date' | 'reference' | 'organisation' | 'place';

/** Every fact kind, in the order reports list them. */
export const FACT_KINDS: readonly FactKind[] = ['quantity', 'date', 'reference', 'organisation', 'place'];

/** One fact of an edition: a count, a date or period, a law or agreement, an organisation, a country or region. */
export interface Fact {
  /** Stable within one extraction: `f<sentence>.<n>`, the n-th fact (from 0) of that sentence. */
  id: string;
  kind: FactKind;
  /** The exact slice of the edition text the fact was read from. */
  text: string;
  /**
   * The fact's identity, normalised: what a quantity counts ('nuclear test' for "three nuclear tests"), an
   * acronym for an organisation or agreement whose expansion the text spells out ('UNMISS', 'ACSA'), an article
   * with its law ('Article 95-2 Self-Defense Forces Law'), a date's own value, a place's English name.
   */
  key: string;
  /** The normalised value: a count ('3'), an ISO 8601 date ('2017-11') or interval ('2012-01/2017-05', '1982/..'). */
  value?: string;
  /** What a reader reads: "three nuclear tests", "Multinational Force and Observers (MFO)". */
  label?: string;
  /** Index of the sentence in the edition: the index UnitRef.index has at level 'sentence'. */
  sentence: number;
  /** UTF-16 offsets of `text` in the edition's text; `end` is exclusive. */
  span: { start: number; end: number };
}

/** How one fact differs between two editions. */
export interface FactChange {
  change: 'new' | 'dropped' | 'changed';
  kind: FactKind;
  key: string;
  /** The fact in the old edition (dropped, changed). */
  old?: Fact;
  /** The fact in the new edition (new, changed). */
  new?: Fact;
  /** Id of the aligned pair holding the fact's sentence(s), a sentence pair when there is one. */
  pair?: string;
}

/** Options of fact extraction. */
export interface FactOptions {
  /** BCP 47 language of the edition ('en', 'ja'); detected per sentence when absent. */
  locale?: string;
}

/** A fact change as reports list it: the change, and the section path of its pair (the new side's, else the old's). */
export interface FactChangeEntry extends FactChange {
  path: string[];
}

/** The facts diff of two editions as `palimpsest facts` and the HTTP API give it (schema/facts.schema.json). */
export interface FactsReport {
  /** Version of the JSON shape, bumped on incompatible change. */
  schemaVersion: 1;
  kind: 'facts';
  engine: { name: 'palimpsest'; version: string };
  old: { name: string; facts: number };
  new: { name: string; facts: number };
  /** The kinds reported (all, unless a filter asked for fewer). */
  kinds: FactKind[];
  summary: { new: number; dropped: number; changed: number };
  changes: FactChangeEntry[];
}
