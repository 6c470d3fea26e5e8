/**
 * The shape every report walks: section pairs in reading order, each with its block pairs, each with its sentence
 * pairs. Pairs arrive as one flat list (sections, then blocks, then sentences) linked through `parent`; this module
 * groups them once, in O(n log n), so the renderers stay linear.
 */

import { maxSignificance } from '../diff/significance.js';
import type {
  AlignedPair,
  Comparison,
  Relation,
  RelationCounts,
  Significance,
  UnitRef,
  WordChange,
} from '../model/comparison.js';
import { RELATIONS, SIGNIFICANCES } from '../model/comparison.js';

export { maxSignificance };

/** A section pair with the block pairs shown under it, in reading order. */
export interface SectionGroup {
  /** The section pair, or null for the blocks that sit before the first heading (or lost their parent). */
  section: AlignedPair | null;
  /** Block pairs whose parent is this section, in reading order. */
  blocks: AlignedPair[];
  /** Moved block pairs whose OLD location was in this section (their pair may sit here too, for moves within it). */
  movedAway: AlignedPair[];
}

/** A comparison regrouped for reporting. */
export interface ReportStructure {
  /** Section groups in reading order of the new edition (deleted sections where they stood in the old one). */
  groups: SectionGroup[];
  /** Sentence pairs per block pair id, in reading order. */
  sentencesByBlock: Map<string, AlignedPair[]>;
  /** The section pair each old-edition section path leads to (key: `pathKey`). */
  sectionByOldPath: Map<string, AlignedPair>;
  /** The section pair each new-edition section path leads to (key: `pathKey`). */
  sectionByNewPath: Map<string, AlignedPair>;
}

/** Rank of a significance in SIGNIFICANCES (0 for none … 3 for substantive). */
export function significanceRank(significance: Significance): number {
  return SIGNIFICANCES.indexOf(significance);
}

/** The least significance a relation has on its own, whatever its word changes say. */
const RELATION_FLOOR: Record<Relation, Significance> = {
  unchanged: 'none',
  modified: 'none',
  moved: 'minor',
  renumbered: 'cosmetic',
  retitled: 'minor',
  split: 'minor',
  merged: 'minor',
  inserted: 'substantive',
  deleted: 'substantive',
};

/** The relations with a floor. */
const FLOORED = new Set<string>(Object.keys(RELATION_FLOOR));

/**
 * The significance a report files a pair under. The engine sets `significance` from word changes; a structural change
 * with no word changes (a deleted section, a moved paragraph) would otherwise read as `none` and vanish behind a
 * significance filter, so each relation has a floor: whole insertions and deletions are substantive, moves, splits,
 * merges and retitles at least minor, renumbering at least cosmetic.
 */
export function effectiveSignificance(pair: AlignedPair): Significance {
  // A document's title has no place in the structure to lose: its change counts for what its words say (an edition
  // year in the banner, "Diplomatic Bluebook 2020" → "… 2022", is cosmetic), not for a retitled section's floor.
  const title = pair.old?.kind === 'title' || pair.new?.kind === 'title';
  const floor = title && pair.relation === 'retitled' ? 'none' : RELATION_FLOOR[pair.relation];
  let significance = maxSignificance(pair.significance, floor);
  if (pair.relation !== 'unchanged') {
    // Indexed: reports call this for every pair, cold, where for…of allocates an iterator result per change.
    const { changes } = pair;
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i] as WordChange;
      if (change.op !== 'equal') significance = maxSignificance(significance, change.significance);
    }
  }
  return significance;
}

/** True when a pair is a change at or above `minimum` (unchanged pairs never are). */
export function isShownChange(pair: AlignedPair, minimum: Significance): boolean {
  if (pair.relation === 'unchanged') return false;
  // At `none`, a change whose relation has a floor is shown without weighing its words: its significance is at least
  // that floor, a rank of 0 or more (reports ask this of every pair, often twice, cold).
  if (minimum === 'none' && FLOORED.has(pair.relation)) return true;
  return significanceRank(effectiveSignificance(pair)) >= significanceRank(minimum);
}

/**
 * Whether a comparison holds a change at or above `minimum` — the reports' own test (`isShownChange`) over every
 * pair, so that `compare --exit-code` answers "different" exactly when the report with `--significance` shows a change.
 */
export function hasChangesAtOrAbove(comparison: Comparison, minimum: Significance): boolean {
  return comparison.pairs.some((pair) => isShownChange(pair, minimum));
}

/** A map key for a section path. */
export function pathKey(path: readonly string[]): string {
  return path.join('\u0000');
}

/** A heading's text as a reader names it: "(2) Territorial integrity", or the label or title alone. */
export function headingText(unit: UnitRef): string {
  const label = unit.label ?? '';
  const title = unit.title ?? '';
  if (label && title) return `${label} ${title}`;
  if (label || title) return label || title;
  return unit.text;
}

/** The name a section goes by in paths: its label, or its title when it has none (as UnitRef.path records it). */
function pathName(unit: UnitRef): string {
  return unit.label || unit.title || unit.text;
}

/**
 * The full path of a section heading, itself included. `path` holds the enclosing sections; tolerate an engine that
 * already lists the section itself at the end.
 */
export function sectionPath(unit: UnitRef): string[] {
  const own = pathName(unit);
  const path = unit.path.slice();
  if (path.length === 0 || path[path.length - 1] !== own) path.push(own);
  return path;
}

/** `pathKey(sectionPath(unit))`, without building the path: every section pair is keyed by it. */
function sectionPathKey(unit: UnitRef): string {
  const own = pathName(unit);
  const { path } = unit;
  if (path.length === 0) return own;
  const enclosing = pathKey(path);
  return path[path.length - 1] === own ? enclosing : `${enclosing}\u0000${own}`;
}

/** The path a reader sees for a section: the enclosing labels, then this section's label and title. */
export function sectionTrail(unit: UnitRef): string[] {
  const path = sectionPath(unit);
  path[path.length - 1] = headingText(unit);
  return path;
}

/** Where a unit stands, as a path a reader recognises ("Chapter 3 › … › (2) Territorial integrity"). */
export function placeOf(unit: UnitRef, sections: Map<string, AlignedPair>, side: 'old' | 'new'): string[] {
  if (unit.kind === 'heading' || unit.kind === 'title') return sectionTrail(unit);
  const section = sections.get(pathKey(unit.path))?.[side];
  if (section) return sectionTrail(section);
  return unit.path.length > 0 ? unit.path.slice() : ['(document start)'];
}

/** Readable names of unit kinds. */
const KIND_NAMES: Record<string, string> = {
  heading: 'section',
  title: 'title',
  paragraph: 'paragraph',
  caption: 'caption',
  listItem: 'list item',
  box: 'box',
  sentence: 'sentence',
};

/** The readable name of a pair's unit kind ("paragraph", "list item", "section"). */
export function kindName(pair: AlignedPair): string {
  const kind = (pair.new ?? pair.old)?.kind ?? pair.level;
  return KIND_NAMES[kind] ?? kind;
}

/**
 * Reading order of pairs: units of the new edition by their index there; a unit only in the old edition (deleted)
 * stays right after the pair that preceded it in the engine's list, which places it where it stood in the old text.
 * Stable and O(n log n).
 */
export function readingOrder(pairs: readonly AlignedPair[]): AlignedPair[] {
  return inReadingOrder(pairs) ? pairs.slice() : reordered(pairs);
}

/**
 * Whether pairs are in reading order already, as the engine usually lists them: those in the new edition by index,
 * never decreasing. Then the stable sort of `reordered` moves none of them, and each pair only in the old edition
 * stays after the one before it: the order is the list's own (one pass before building anything; indexed, since it
 * runs cold over every pair).
 */
function inReadingOrder(pairs: readonly AlignedPair[]): boolean {
  let last = -1;
  for (let i = 0; i < pairs.length; i++) {
    const index = (pairs[i] as AlignedPair).new?.index;
    if (index === undefined) continue;
    if (index < last) return false;
    last = index;
  }
  return true;
}

/** `readingOrder` of a list of the caller's own: the list itself when it is in reading order already, not a copy. */
export function ownInReadingOrder(pairs: AlignedPair[]): AlignedPair[] {
  return inReadingOrder(pairs) ? pairs : reordered(pairs);
}

/** `readingOrder` of pairs that are not in reading order. */
function reordered(pairs: readonly AlignedPair[]): AlignedPair[] {
  const leading: AlignedPair[] = [];
  const anchored: Anchored[] = [];
  let previous: Anchored | null = null;
  // Indexed, with a trailing list only for a pair that has one: this runs cold over thousands of pairs.
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as AlignedPair;
    if (pair.new) {
      const entry: Anchored = { pair, index: pair.new?.index ?? 0, trailing: null, order: anchored.length };
      anchored.push(entry);
      previous = entry;
    } else if (previous) {
      if (previous.trailing === null) previous.trailing = [pair];
      else previous.trailing.push(pair);
    } else leading.push(pair);
  }
  anchored.sort(byIndexThenOrder);
  const ordered = leading;
  for (let i = 0; i < anchored.length; i++) {
    const entry = anchored[i] as Anchored;
    ordered.push(entry.pair);
    const trailing = entry.trailing;
    if (trailing !== null) for (let j = 0; j < trailing.length; j++) ordered.push(trailing[j] as AlignedPair);
  }
  return ordered;
}

/** A pair in the new edition, with the old-only pairs listed after it, as `reordered` sorts them. */
interface Anchored {
  pair: AlignedPair;
  /** Its index in the new edition. */
  index: number;
  trailing: AlignedPair[] | null;
  /** Its place in the list: ties keep it. */
  order: number;
}

/** By new-edition index, then by place in the list. */
function byIndexThenOrder(a: Anchored, b: Anchored): number {
  return a.index - b.index || a.order - b.order;
}

/** The section pair each old and each new section path leads to: what placing a unit (`placeOf`) needs. */
export type SectionPaths = Pick<ReportStructure, 'sectionByOldPath' | 'sectionByNewPath'>;

/** The section paths of section pairs in reading order (a later pair with the same path wins, as in a report). */
function sectionPathsOf(orderedSections: readonly AlignedPair[]): SectionPaths {
  const sectionByOldPath = new Map<string, AlignedPair>();
  const sectionByNewPath = new Map<string, AlignedPair>();
  for (let i = 0; i < orderedSections.length; i++) {
    const section = orderedSections[i] as AlignedPair;
    if (section.old) sectionByOldPath.set(sectionPathKey(section.old), section);
    if (section.new) sectionByNewPath.set(sectionPathKey(section.new), section);
  }
  return { sectionByOldPath, sectionByNewPath };
}

/**
 * `buildStructure(comparison)`'s section paths alone, for a caller that only places a few units (the ranked summary
 * without a report around it): the block and sentence tables are not built.
 */
export function sectionPaths(comparison: Comparison): SectionPaths {
  return sectionPathsOf(readingOrder(comparison.pairs.filter((pair) => pair.level === 'section')));
}

/** Regroup a comparison's flat pair list into sections, blocks and sentences. */
export function buildStructure(comparison: Comparison): ReportStructure {
  const sections: AlignedPair[] = [];
  const blocks: AlignedPair[] = [];
  const sentences: AlignedPair[] = [];
  // Indexed loops and lists of its own throughout: it runs once per report, cold, over every pair, where for…of and
  // iterating maps allocate an iterator result (and an entry) per step.
  const { pairs } = comparison;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as AlignedPair;
    if (pair.level === 'section') sections.push(pair);
    else if (pair.level === 'block') blocks.push(pair);
    else sentences.push(pair);
  }

  const orderedSections = ownInReadingOrder(sections);
  const { sectionByOldPath, sectionByNewPath } = sectionPathsOf(orderedSections);
  const groupById = new Map<string, SectionGroup>();
  const groups: SectionGroup[] = [];
  const orphans: SectionGroup = { section: null, blocks: [], movedAway: [] };
  for (let i = 0; i < orderedSections.length; i++) {
    const section = orderedSections[i] as AlignedPair;
    const group: SectionGroup = { section, blocks: [], movedAway: [] };
    groupById.set(section.id, group);
    groups.push(group);
  }

  // Each group gathers its blocks in its own list, put in reading order once all are in.
  // Consecutive pairs mostly share their parent: the last one's list is reused without a lookup.
  let lastParent: string | undefined;
  let lastGroup = orphans;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as AlignedPair;
    if (block.parent === undefined || block.parent !== lastParent) {
      lastParent = block.parent;
      lastGroup = (block.parent !== undefined && groupById.get(block.parent)) || orphans;
    }
    const group = lastGroup;
    group.blocks.push(block);
    if (block.relation === 'moved' && block.old) {
      const from = sectionByOldPath.get(pathKey(block.old.path));
      const fromGroup = from ? groupById.get(from.id) : orphans;
      if (fromGroup) fromGroup.movedAway.push(block);
    }
  }
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as SectionGroup;
    if (group.blocks.length > 0) group.blocks = ownInReadingOrder(group.blocks);
  }
  if (orphans.blocks.length > 0) orphans.blocks = ownInReadingOrder(orphans.blocks);
  if (orphans.blocks.length > 0 || orphans.movedAway.length > 0) groups.unshift(orphans);

  const sentencesByBlock = new Map<string, AlignedPair[]>();
  const lists: AlignedPair[][] = [];
  let lastBlock: string | undefined;
  let lastList: AlignedPair[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i] as AlignedPair;
    if (sentence.parent === undefined) continue;
    if (sentence.parent === lastBlock) {
      lastList.push(sentence);
      continue;
    }
    let list = sentencesByBlock.get(sentence.parent);
    if (list) list.push(sentence);
    else {
      list = [sentence];
      sentencesByBlock.set(sentence.parent, list);
      lists.push(list);
    }
    lastBlock = sentence.parent;
    lastList = list;
  }
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as AlignedPair[];
    if (!inReadingOrder(list)) {
      const first = list[0] as AlignedPair;
      sentencesByBlock.set(first.parent as string, reordered(list));
    }
  }

  return { groups, sentencesByBlock, sectionByOldPath, sectionByNewPath };
}

/** True when a sentence ends in a way that needs no space before the next one (Japanese 。, closing brackets). */
function joinsWithoutSpace(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0x3000 && last <= 0x30ff ? true : last >= 0xff00 && last <= 0xffef;
}

/**
 * The word diff of a whole block: its own `changes` when the engine filled them, else the concatenation of its
 * sentence pairs (inserted and deleted sentences as whole insertions and deletions), else old text out, new text in.
 */
export function blockChanges(block: AlignedPair, sentences: readonly AlignedPair[] | undefined): WordChange[] {
  if (block.changes.length > 0) return block.changes;
  if (sentences && sentences.length > 0) {
    const changes: WordChange[] = [];
    let previous = '';
    for (const sentence of sentences) {
      const text = (sentence.new ?? sentence.old)?.text ?? '';
      if (changes.length > 0 && !joinsWithoutSpace(previous)) changes.push({ op: 'equal', text: ' ' });
      previous = text;
      if (sentence.relation === 'inserted' && sentence.new) {
        changes.push({ op: 'insert', text: sentence.new.text, significance: effectiveSignificance(sentence) });
      } else if (sentence.relation === 'deleted' && sentence.old) {
        changes.push({ op: 'delete', text: sentence.old.text, significance: effectiveSignificance(sentence) });
      } else if (sentence.changes.length > 0) {
        changes.push(...sentence.changes);
      } else {
        changes.push({ op: 'equal', text });
      }
    }
    return changes;
  }
  const changes: WordChange[] = [];
  const significance = effectiveSignificance(block);
  if (block.old && block.new && block.old.text === block.new.text) return [{ op: 'equal', text: block.new.text }];
  if (block.old) changes.push({ op: 'delete', text: block.old.text, significance });
  if (block.new) changes.push({ op: 'insert', text: block.new.text, significance });
  return changes;
}

/**
 * A small word diff of two short texts (heading titles): common leading and trailing words kept, the middle deleted
 * and inserted. Headings are a few words long, so this reads as well as a full Myers diff at none of its cost.
 */
export function shortTextDiff(before: string, after: string, significance: Significance): WordChange[] {
  if (before === after) return before ? [{ op: 'equal', text: before }] : [];
  const a = before.split(/(\s+)/);
  const b = after.split(/(\s+)/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const changes: WordChange[] = [];
  const prefix = a.slice(0, head).join('');
  const removed = a.slice(head, a.length - tail).join('');
  const added = b.slice(head, b.length - tail).join('');
  const suffix = a.slice(a.length - tail).join('');
  if (prefix) changes.push({ op: 'equal', text: prefix });
  if (removed) changes.push({ op: 'delete', text: removed, significance });
  if (added) changes.push({ op: 'insert', text: added, significance });
  if (suffix) changes.push({ op: 'equal', text: suffix });
  return changes;
}

/** True when a diff has at least one insertion or deletion. */
export function hasEdits(changes: readonly WordChange[]): boolean {
  for (const change of changes) if (change.op !== 'equal') return true;
  return false;
}

/** "3 unchanged, 2 retitled, 1 deleted": the non-zero counts in RELATIONS order, or "none". */
export function relationCountsPhrase(counts: RelationCounts, separator = ', '): string {
  const parts: string[] = [];
  for (const relation of RELATIONS) {
    const count = counts[relation] ?? 0;
    if (count > 0) parts.push(`${count} ${relation}`);
  }
  return parts.length > 0 ? parts.join(separator) : 'none';
}

/** "4 substantive, 2 minor, 3 cosmetic": non-zero significance counts from most to least, or "none". */
export function significanceCountsPhrase(counts: Record<Significance, number>, separator = ', '): string {
  const parts: string[] = [];
  for (let i = SIGNIFICANCES.length - 1; i >= 1; i--) {
    const significance = SIGNIFICANCES[i] as Significance;
    const count = counts[significance] ?? 0;
    if (count > 0) parts.push(`${count} ${significance}`);
  }
  return parts.length > 0 ? parts.join(separator) : 'none';
}

/** The name an edition goes by in titles: its title line with the file name, or the name alone. */
export function editionLabel(edition: { name: string; title?: string }): string {
  if (edition.title && edition.title !== edition.name) return `${edition.title} (${edition.name})`;
  return edition.name;
}

/** Moved blocks that left this section for another one (moves within the section show once, where they landed). */
export function movedElsewhere(group: SectionGroup): AlignedPair[] {
  const own = group.section?.id;
  return group.movedAway.length === 0 ? [] : group.movedAway.filter((block) => block.parent !== own);
}

/** Whether a section group has anything to show at `minimum` significance (its heading or any block). */
export function groupHasChanges(group: SectionGroup, minimum: Significance): boolean {
  if (group.section && isShownChange(group.section, minimum)) return true;
  const { blocks } = group;
  for (let i = 0; i < blocks.length; i++) if (isShownChange(blocks[i] as AlignedPair, minimum)) return true;
  if (group.movedAway.length === 0) return false;
  for (const block of movedElsewhere(group)) if (isShownChange(block, minimum)) return true;
  return false;
}
