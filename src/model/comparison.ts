import type { Diagnostic, Position } from './tree.js';

/** How a unit of one edition relates to the other edition. See docs/spec/model.md#relations. */
export type Relation =
  | 'unchanged'
  | 'modified'
  | 'moved'
  | 'renumbered'
  | 'retitled'
  | 'split'
  | 'merged'
  | 'inserted'
  | 'deleted';

/** The relation a pair has when the two editions are swapped: a split read backwards is a merge, an insertion a deletion. */
export const MIRRORED_RELATION: Readonly<Record<Relation, Relation>> = {
  unchanged: 'unchanged',
  modified: 'modified',
  moved: 'moved',
  renumbered: 'renumbered',
  retitled: 'retitled',
  split: 'merged',
  merged: 'split',
  inserted: 'deleted',
  deleted: 'inserted',
};

/** Every relation, in the order reports list them. */
export const RELATIONS: readonly Relation[] = [
  'unchanged',
  'modified',
  'moved',
  'renumbered',
  'retitled',
  'split',
  'merged',
  'inserted',
  'deleted',
];

/** The granularity of an aligned pair. */
export type Level = 'section' | 'block' | 'sentence';

/** How much a change matters to a reader; ordered from least to most. */
export type Significance = 'none' | 'cosmetic' | 'minor' | 'substantive';

/** Significance levels from least to most, for comparisons and filters. */
export const SIGNIFICANCES: readonly Significance[] = ['none', 'cosmetic', 'minor', 'substantive'];

/** One step of a word diff: text kept, inserted or deleted, as written in the original editions. */
export type WordChange =
  | { op: 'equal'; text: string; newText?: string }
  | { op: 'insert'; text: string; significance: Significance }
  | { op: 'delete'; text: string; significance: Significance };

/** A unit (section, block or sentence) of one edition, as reported in a pair. */
export interface UnitRef {
  /** `heading` for a section's heading, `title` for the document title, else the block kind or `sentence`. */
  kind: string;
  /** Index among the units of this level in document order (stable within one parse). */
  index: number;
  /** The unit's exact text in its edition. */
  text: string;
  /** Section path: labels of the enclosing sections (titles for unnumbered ones), e.g. ["Chapter 3", "(2)"]. */
  path: string[];
  position?: Position;
  /** For headings: the label and title separately; for the list items of a `renumbered` block pair, their markers. */
  label?: string | null;
  title?: string;
}

/** One aligned pair: a unit of the old edition, of the new edition, or both, and how they relate. */
export interface AlignedPair {
  /** Stable id within this comparison, e.g. `b12`; a moved unit is one pair, its `old` and `new` in different places. */
  id: string;
  level: Level;
  relation: Relation;
  /** Similarity of old and new text in [0, 1]; 1 for unchanged, 0 for inserted/deleted. */
  similarity: number;
  significance: Significance;
  old: UnitRef | null;
  new: UnitRef | null;
  /** For `split` (several new) and `merged` (several old): the other units of the group, besides `old`/`new`. */
  group?: UnitRef[];
  /** Word changes turning old text into new text (empty for inserted/deleted units, which are whole). */
  changes: WordChange[];
  /** The id of the enclosing pair one level up (a sentence's block pair, a block's section pair). */
  parent?: string;
  /** For headings: which parts changed. */
  heading?: { labelChanged: boolean; titleChanged: boolean };
  /** Policy-language shifts its wording changes carry (docs/shifts.md); absent when none were found. */
  shifts?: Shift[];
}

/** The kinds of policy-language shift, in the order reports list them; see docs/shifts.md. */
export const SHIFT_KINDS = ['intensity', 'modality', 'actor', 'region', 'reference', 'negation', 'scope'] as const;

/** A kind of policy-language shift: how strongly, how bindingly, by or about whom, where, under what, how widely. */
export type ShiftKind = (typeof SHIFT_KINDS)[number];

/**
 * A wording change of one kind a reader of official policy looks for, with the words that carry it: "more testing
 * and uncertain" → "increasingly severe" is an `intensity` shift, "will" → "may" a `modality` shift.
 */
export interface Shift {
  kind: ShiftKind;
  /** Words of this kind appeared (`added`), went (`removed`), or some went and others came (`replaced`). */
  change: 'added' | 'removed' | 'replaced';
  /**
   * Which way it moves, where the lexicon grades its words: `stronger`/`weaker` for intensity, modality and scope,
   * `named`/`unnamed` for actors ("a country" → "China" is `named`). Absent when ungraded.
   */
  direction?: 'stronger' | 'weaker' | 'named' | 'unnamed';
  /** The old words that carry it, as written, joined by " … " ("" when added). */
  old: string;
  /** The new words that carry it, as written, joined by " … " ("" when removed). */
  new: string;
  /** The edit the words sit in (the changed run of words), for context. */
  edit: { old: string; new: string };
}

/** What a comparison knows of each edition. */
export interface EditionSummary {
  name: string;
  title?: string;
  characters: number;
  sections: number;
  blocks: number;
  sentences: number;
  /** Present when the text had no line breaks: how its structure was found (see DocumentNode.data.structure). */
  structure?: 'inferred' | 'transferred';
  diagnostics: Diagnostic[];
}

/** Counts of pairs per relation at one level. */
export type RelationCounts = Record<Relation, number>;

/** The full result of comparing two editions. */
export interface Comparison {
  /** Version of the JSON shape, bumped on incompatible change. */
  schemaVersion: 1;
  engine: { name: 'palimpsest'; version: string };
  old: EditionSummary;
  new: EditionSummary;
  summary: {
    sections: RelationCounts;
    blocks: RelationCounts;
    sentences: RelationCounts;
    significance: Record<Significance, number>;
  };
  /** Section pairs, then block pairs, then sentence pairs, each in reading order. */
  pairs: AlignedPair[];
}
