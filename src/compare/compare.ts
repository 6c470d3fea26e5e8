/**
 * The comparison use case as a pure function: parse → align → diff → summarise. The CLI, the HTTP API and the
 * library all call this, so they cannot drift apart.
 */
import { type Alignment, type AlignOptions, alignDocuments } from '../align/align.js';
import { maxSignificance, pairSignificance } from '../diff/significance.js';
import { diffSentencePair } from '../diff/words.js';
import {
  type AlignedPair,
  type Comparison,
  type EditionSummary,
  type Level,
  RELATIONS,
  type RelationCounts,
  SIGNIFICANCES,
  type Significance,
  type UnitRef,
  type WordChange,
} from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { parseText } from '../parse/text.js';
import { ENGINE_VERSION } from '../version.js';
import { markConsistencyFixes } from './consistency.js';

/** Options of a comparison: names shown in reports, and what differences to ignore. */
export interface CompareOptions extends AlignOptions {
  /** Name of the old edition in reports (a file name, an edition label). */
  oldName?: string;
  /** Name of the new edition in reports. */
  newName?: string;
  /** BCP 47 language of both editions, for word segmentation; detected per sentence when absent. */
  locale?: string;
}

/** Compare two editions given as plain text. */
export function compareTexts(oldText: string, newText: string, options: CompareOptions = {}): Comparison {
  const parseOptions = options.locale ? { locale: options.locale } : {};
  return compareDocuments(parseText(oldText, parseOptions), parseText(newText, parseOptions), options);
}

/** Compare two parsed editions. */
export function compareDocuments(
  oldDocument: DocumentNode,
  newDocument: DocumentNode,
  options: CompareOptions = {},
): Comparison {
  const alignment = alignDocuments(oldDocument, newDocument, options);
  diffPairs(alignment.pairs, options);
  return summarise(alignment, options);
}

/**
 * Fill in word changes and significance on aligned pairs, in place. Word diffs run only inside aligned units —
 * a heading, a block, a sentence — never over whole documents, so their cost follows the size of what changed.
 */
export function diffPairs(pairs: AlignedPair[], options: AlignOptions & { locale?: string } = {}): AlignedPair[] {
  // A sentence's context for consistency fixes is the old text of its whole block.
  const byId = new Map(pairs.map((p) => [p.id, p]));
  const contextOf = (pair: AlignedPair): string => {
    const parent = pair.level === 'sentence' && pair.parent ? byId.get(pair.parent) : undefined;
    return (parent?.old ?? pair.old)?.text ?? '';
  };
  for (const pair of pairs) {
    if (!pair.old || !pair.new) {
      // A whole unit appeared or went: its significance is that of its content.
      pair.significance = /[\p{L}\p{N}]/u.test((pair.old ?? pair.new)?.text ?? '') ? 'substantive' : 'cosmetic';
      continue;
    }
    const separator = pair.level === 'sentence' ? ' ' : '\n\n';
    const oldText = joinGroup(pair.old, pair.relation === 'merged' ? pair.group : undefined, separator);
    const newText = joinGroup(pair.new, pair.relation === 'split' ? pair.group : undefined, separator);
    if (oldText === newText) {
      pair.changes = [{ op: 'equal', text: oldText }];
      pair.significance = pair.relation === 'unchanged' ? 'none' : 'minor';
      continue;
    }
    const diff = diffSentencePair(oldText, newText, options);
    pair.changes = markConsistencyFixes(diff.changes, contextOf(pair));
    // Text that differs only in normalised ways (quote style, spacing) is still a cosmetic change to a reader.
    const floor: Significance =
      pair.relation === 'moved' || pair.relation === 'split' || pair.relation === 'merged' ? 'minor' : 'cosmetic';
    pair.significance = maxSignificance(pairSignificance(pair.changes), floor);
  }
  return pairs;
}

/** The text of a unit together with the rest of its split/merge group. */
function joinGroup(unit: UnitRef, group: UnitRef[] | undefined, separator: string): string {
  if (!group || group.length === 0) return unit.text;
  return [unit, ...group].map((u) => u.text).join(separator);
}

/** Build the Comparison value: edition summaries, counts per relation and significance, pairs. */
function summarise(alignment: Alignment, options: CompareOptions): Comparison {
  const counts = (level: Level): RelationCounts => {
    const result = Object.fromEntries(RELATIONS.map((r) => [r, 0])) as RelationCounts;
    for (const pair of alignment.pairs) if (pair.level === level) result[pair.relation]++;
    return result;
  };
  const significance = Object.fromEntries(SIGNIFICANCES.map((s) => [s, 0])) as Record<Significance, number>;
  // Significance is counted over the units a reader scans: headings and blocks.
  for (const pair of alignment.pairs) if (pair.level !== 'sentence') significance[pair.significance]++;
  const edition = (tables: Alignment['old'], name: string): EditionSummary => {
    const summary: EditionSummary = {
      name,
      characters: tables.document.position?.end.offset ?? 0,
      sections: tables.sections.length,
      blocks: tables.blocks.length,
      sentences: tables.sentences.length,
      diagnostics: tables.document.data?.diagnostics ?? [],
    };
    if (tables.document.title) summary.title = tables.document.title.value;
    return summary;
  };
  return {
    schemaVersion: 1,
    engine: { name: 'palimpsest', version: ENGINE_VERSION },
    old: edition(alignment.old, options.oldName ?? 'old'),
    new: edition(alignment.new, options.newName ?? 'new'),
    summary: { sections: counts('section'), blocks: counts('block'), sentences: counts('sentence'), significance },
    pairs: alignment.pairs,
  };
}

/** Rebuild the old and the new text of a pair from its word changes (the inverse of the diff). */
export function rebuild(changes: readonly WordChange[]): { old: string; new: string } {
  let oldText = '';
  let newText = '';
  for (const change of changes) {
    if (change.op === 'equal') {
      oldText += change.text;
      newText += change.newText ?? change.text;
    } else if (change.op === 'delete') oldText += change.text;
    else newText += change.text;
  }
  return { old: oldText, new: newText };
}
