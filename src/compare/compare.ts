/**
 * The comparison use case as a pure function: parse → align → diff → summarize. The CLI, the HTTP API and the
 * library all call this, so they cannot drift apart.
 */
import { type Alignment, type AlignmentPair, type AlignOptions, alignDocuments } from '../align/align.js';
import { labelShifts } from '../diff/shifts/shifts.js';
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
import { isMetadataLine } from '../parse/headings.js';
import { parseText } from '../parse/text.js';
import { transferStructure } from '../parse/transfer.js';
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
  // A flattened edition borrows the other's structure to find its own headings and paragraphs.
  const [older, newer] = transferStructure(oldDocument, newDocument);
  const alignment = alignDocuments(older, newer, options);
  return summarize({ ...alignment, pairs: labelShifts(diffPairs(alignment.pairs, options), options.locale) }, options);
}

/**
 * The aligner's pairs with word changes and significance: new pairs, in the same order; the aligner's are left as
 * they were. Word diffs run only inside aligned units — a heading, a block, a sentence — never over whole
 * documents, so their cost follows the size of what changed.
 */
export function diffPairs(
  alignmentPairs: readonly AlignmentPair[],
  options: AlignOptions & { locale?: string } = {},
): AlignedPair[] {
  const pairs = alignmentPairs.map(withoutChanges);
  // Indexed loops, not for…of: this runs once per comparison, mostly before V8 optimises it, and an unoptimised
  // for…of allocates an iterator result per pair (tens of thousands on a long code).
  const sentencesOf = new Map<string, AlignedPair[]>();
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as AlignedPair;
    if (pair.level !== 'sentence' || !pair.parent) continue;
    const list = sentencesOf.get(pair.parent);
    if (list) list.push(pair);
    else sentencesOf.set(pair.parent, [pair]);
  }
  // A sentence's context for consistency fixes is the old text of its whole block: the pair its parent names.
  const parents = new Map<string, AlignedPair>();
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as AlignedPair;
    if (sentencesOf.has(pair.id)) parents.set(pair.id, pair);
  }
  const contextOf = (pair: AlignedPair): string => {
    const parent = pair.level === 'sentence' && pair.parent ? parents.get(pair.parent) : undefined;
    return (parent?.old ?? pair.old)?.text ?? '';
  };
  // Sentences first, so that a block's changes can be composed from its sentences' instead of diffing it again;
  // sections last, so that a section whose heading stayed can take its significance from its blocks.
  const blockSignificance = new Map<string, Significance>();
  for (const level of DIFF_ORDER) {
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as AlignedPair;
      if (pair.level !== level) continue;
      diffPair(pair);
      if (pair.level === 'block' && pair.parent) {
        const parent = blockSignificance.get(pair.parent) ?? 'none';
        blockSignificance.set(pair.parent, maxSignificance(parent, pair.significance));
      }
    }
  }
  return pairs;

  function diffPair(pair: AlignedPair): void {
    if (!pair.old || !pair.new) {
      // A whole unit appeared or went: its significance is that of its content.
      pair.significance = HAS_CONTENT.test((pair.old ?? pair.new)?.text ?? '') ? 'substantive' : 'cosmetic';
      return;
    }
    const separator = pair.level === 'sentence' ? ' ' : '\n\n';
    const oldText = joinGroup(pair.old, pair.relation === 'merged' ? pair.group : undefined, separator);
    const newText = joinGroup(pair.new, pair.relation === 'split' ? pair.group : undefined, separator);
    if (oldText === newText) {
      pair.changes = [{ op: 'equal', text: oldText }];
      // Same text: a move matters a little; a section whose heading stayed matters as much as its blocks' changes.
      pair.significance =
        pair.relation === 'unchanged'
          ? 'none'
          : pair.level === 'section' && pair.relation === 'modified'
            ? (blockSignificance.get(pair.id) ?? 'none')
            : 'minor';
      return;
    }
    if (diffRenumberedItem(pair, oldText, newText)) return;
    const composed =
      pair.level === 'block' && !pair.group
        ? composeBlock(pair, sentencesOf.get(pair.id) ?? [], oldText, newText)
        : null;
    pair.changes =
      composed ?? markConsistencyFixes(diffSentencePair(oldText, newText, options).changes, contextOf(pair));
    // Text that differs only in normalised ways (quote style, spacing) is still a cosmetic change to a reader.
    const floor: Significance =
      pair.relation === 'moved' || pair.relation === 'split' || pair.relation === 'merged' ? 'minor' : 'cosmetic';
    // `unchanged` means the same after normalisation: what differs (quote style, a line break) is shown in the
    // changes but counts for nothing, so summaries and listings agree.
    pair.significance = pair.relation === 'unchanged' ? 'none' : maxSignificance(pairSignificance(pair.changes), floor);
    if (pair.significance !== 'none' && isEditionStamp(pair, oldText, newText)) {
      // Its word changes say so too, so that a report, which files a pair under its most significant change, agrees.
      pair.significance = 'cosmetic';
      pair.changes = pair.changes.map((change) =>
        change.op === 'equal' ? change : { ...change, significance: 'cosmetic' },
      );
    }
  }

  /**
   * A renumbered list item (号 item 十 now 十七): its marker is kept text written anew ("equal" with the new
   * spelling), not a word change, and only the text after it is diffed; a renumbering alone is minor, as a move is.
   */
  function diffRenumberedItem(pair: AlignedPair, oldText: string, newText: string): boolean {
    const oldMarker = pair.old?.label;
    const newMarker = pair.new?.label;
    if (pair.level !== 'block' || pair.relation !== 'renumbered' || !oldMarker || !newMarker) return false;
    if (!oldText.startsWith(oldMarker) || !newText.startsWith(newMarker)) return false;
    const rest = markConsistencyFixes(
      diffSentencePair(oldText.slice(oldMarker.length), newText.slice(newMarker.length), options).changes,
      contextOf(pair),
    );
    const first = rest[0];
    const marker: WordChange =
      first?.op === 'equal'
        ? { op: 'equal', text: oldMarker + first.text, newText: newMarker + (first.newText ?? first.text) }
        : { op: 'equal', text: oldMarker, newText: newMarker };
    pair.changes = first?.op === 'equal' ? [marker, ...rest.slice(1)] : [marker, ...rest];
    pair.significance = maxSignificance(pairSignificance(rest), 'minor');
    return true;
  }
}

/** The order in which `diffPairs` visits the levels (see there). */
const DIFF_ORDER: readonly Level[] = ['sentence', 'block', 'section'];
const HAS_CONTENT = /[\p{L}\p{N}]/u;
const DIGITS = /[0-9０-９]+/g;

/**
 * Whether a pair only restamps the edition: metadata lines on both sides ("Last Updated: …", "Fundstelle …"), or
 * a title (a page banner) whose words are the same but for its numbers ("Diplomatic Bluebook 2020" → "… 2022").
 * Such a change tells which edition this is, not what it says: at most cosmetic.
 */
function isEditionStamp(pair: AlignedPair, oldText: string, newText: string): boolean {
  if (pair.level === 'sentence' || (pair.relation !== 'modified' && pair.relation !== 'retitled')) return false;
  if (pair.old?.kind === 'title' || pair.new?.kind === 'title')
    return oldText.replace(DIGITS, '#') === newText.replace(DIGITS, '#');
  return pair.level === 'block' && isMetadataLine(oldText.trim()) && isMetadataLine(newText.trim());
}

/** A fresh reported pair for an aligner pair, fields in the order reports and goldens show them. */
function withoutChanges(pair: AlignmentPair): AlignedPair {
  const { id, level, relation, similarity, old, new: newRef, parent, group, heading } = pair;
  const out: AlignedPair = { id, level, relation, similarity, significance: 'none', old, new: newRef, changes: [] };
  if (parent !== undefined) out.parent = parent;
  if (group !== undefined) out.group = group;
  if (heading !== undefined) out.heading = heading;
  return out;
}

/**
 * A block's word changes composed from its sentence pairs and the text between sentences, when the sentences are
 * in order on both sides; null otherwise (moved or regrouped sentences), and the caller diffs the block directly.
 * The result is checked to rebuild both texts exactly, so composition can never change what a reader sees.
 */
function composeBlock(
  block: AlignedPair,
  sentences: AlignedPair[],
  oldText: string,
  newText: string,
): WordChange[] | null {
  const oldStart = block.old?.position?.start.offset;
  const newStart = block.new?.position?.start.offset;
  if (oldStart === undefined || newStart === undefined || sentences.length === 0) return null;
  const changes: WordChange[] = [];
  const push = (change: WordChange): void => {
    if (change.text === '' && (change.op !== 'equal' || !change.newText)) return;
    const last = changes[changes.length - 1];
    if (!last || last.op !== change.op) changes.push(change);
    else if (last.op === 'equal' && change.op === 'equal') {
      // Merge runs of kept text so reports can elide them as one; keep the new side's spelling when it differs.
      if (last.newText !== undefined || change.newText !== undefined) {
        last.newText = (last.newText ?? last.text) + (change.newText ?? change.text);
      }
      last.text += change.text;
    } else if (last.op !== 'equal' && change.op !== 'equal') {
      last.text += change.text;
      last.significance = maxSignificance(last.significance, change.significance);
    }
  };
  const gap = (oldGap: string, newGap: string): void => {
    if (oldGap === newGap) push({ op: 'equal', text: oldGap });
    else {
      push({ op: 'delete', text: oldGap, significance: 'cosmetic' });
      push({ op: 'insert', text: newGap, significance: 'cosmetic' });
    }
  };
  let oldCursor = 0;
  let newCursor = 0;
  for (const sentence of sentences) {
    if (sentence.group) return null;
    const o = sentence.old?.position;
    const n = sentence.new?.position;
    if ((sentence.old && !o) || (sentence.new && !n)) return null;
    const oldAt = o ? o.start.offset - oldStart : oldCursor;
    const newAt = n ? n.start.offset - newStart : newCursor;
    if (oldAt < oldCursor || newAt < newCursor) return null;
    gap(oldText.slice(oldCursor, oldAt), newText.slice(newCursor, newAt));
    if (sentence.old && sentence.new) for (const change of sentence.changes) push({ ...change });
    else if (sentence.old) push({ op: 'delete', text: sentence.old.text, significance: sentence.significance });
    else if (sentence.new) push({ op: 'insert', text: sentence.new.text, significance: sentence.significance });
    if (o) oldCursor = o.end.offset - oldStart;
    if (n) newCursor = n.end.offset - newStart;
  }
  gap(oldText.slice(oldCursor), newText.slice(newCursor));
  return rebuildsExactly(changes, oldText, newText) ? changes : null;
}

/** Whether `rebuild(changes)` gives `oldText` and `newText`, checked piece by piece without building either text. */
function rebuildsExactly(changes: readonly WordChange[], oldText: string, newText: string): boolean {
  let oldAt = 0;
  let newAt = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i] as WordChange;
    if (change.op !== 'insert') {
      if (!oldText.startsWith(change.text, oldAt)) return false;
      oldAt += change.text.length;
    }
    if (change.op !== 'delete') {
      const text = change.op === 'equal' ? (change.newText ?? change.text) : change.text;
      if (!newText.startsWith(text, newAt)) return false;
      newAt += text.length;
    }
  }
  return oldAt === oldText.length && newAt === newText.length;
}

/** The text of a unit together with the rest of its split/merge group. */
function joinGroup(unit: UnitRef, group: UnitRef[] | undefined, separator: string): string {
  if (!group || group.length === 0) return unit.text;
  return [unit, ...group].map((u) => u.text).join(separator);
}

/** An alignment whose pairs carry their word changes (the output of `diffPairs`). */
export interface DiffedAlignment extends Omit<Alignment, 'pairs'> {
  pairs: AlignedPair[];
}

/** Build the Comparison value: edition summaries, counts per relation and significance, pairs. */
export function summarize(alignment: DiffedAlignment, options: CompareOptions): Comparison {
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
    const structure = tables.document.data?.structure;
    if (structure === 'inferred' || structure === 'transferred') summary.structure = structure;
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
