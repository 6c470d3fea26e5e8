/**
 * `npm run audit:alignment`: the alignment fidelity audit of issue 10 (part 3). Not part of the tests.
 *
 * For every consecutive pair of editions of every document in ../shared/corpora/manifest.json (large-pairs/ only
 * with --large), it imports both editions as the CLI does (importSource + parseImported, with the manifest's
 * language), compares them with the engine (compareDocuments, the comparison use case every adapter calls), and
 * counts the self-contradictions a reader notices. Only the public Comparison is read, so the audit measures any
 * engine that keeps that shape, whatever its internals.
 *
 * Definitions (a "path" is the section ancestry of a unit: for each enclosing section, its heading label and title,
 * outermost first — the "full path"; the "shown path" is UnitRef.path, the labels a report prints, "A › B"):
 *  (A)  An old section `deleted` and a new section `inserted` whose headings read the same after normalisation
 *       (normalizeKey, trimmed) and that share a parent (same full parent path, or parent sections paired with
 *       each other, or both at the top) or content (a block of the old subtree is paired with a block of the new
 *       subtree). Counted as pairs, each section used once.
 *       A is also given outside the Code civil documents (whose 2016 reform reused article numbers for other
 *       provisions, where deleted + inserted is right), and split into "reused number?" (no shared content and word
 *       Dice of the two bodies < 0.3: plausibly a number reused for another provision) and the rest (shared content
 *       or similar bodies: the same provision, which should have paired).
 *  (A′) A section left unpaired (deleted or inserted) while a section of the other edition with the identical
 *       heading was paired with a section whose heading differs. Counted per unpaired section. Also given outside
 *       the Code civil documents, and split (round 4, for every document alike) into "A′ reused": more blocks of
 *       the twin are paired into its partner than into the unpaired section (the heading's old text is found under
 *       the partner's heading; mostly the unpaired section shares nothing with the twin) — the same heading now
 *       stands over other text, as when a number is given to another provision (特許法 第六十七条の三 → の七 and a
 *       new の三; the Code civil 2016 reform) or a source prints a heading over the wrong text. The rest should
 *       pair.
 *  (B)  A block or sentence pair `moved` whose old and new full paths are equal, or whose shown paths are equal as
 *       strings ("moved from A › B to A › B"), and that crosses no other linked pair of its level at the same
 *       old and new path (their old and new orders agree). A moved unit that crosses one was reordered inside its
 *       section, a real move: it is counted apart as "reordered", not in B. (Until round 2 "in reading order" meant
 *       "on one longest chain", which counted the lighter of two swapped units as B whenever the chain's arbitrary
 *       tie-break kept it and the engine's weighted chain did not.) Broken down by level. A block that went between
 *       two sections that read the same but are not counterparts, one of them paired with a differently headed
 *       section (a number reused for another provision, "A′ reused"), went from one provision to another: counted
 *       apart as "B reused heading" (round 4), not in B.
 *  (C)  A `deleted` block and an `inserted` block of the same comparison with word Dice ≥ 0.6 (Dice over the sets
 *       of lower-cased word-like segments of Intl.Segmenter), not counting the identical ones of D. Pairs, each
 *       block used at most once, greedy by Dice (highest first). Candidates come from an inverted index with prefix
 *       filtering (rarest words first; a pair reaching the threshold must share a word in either prefix), so the
 *       count is exact and the work stays near-linear. Only blocks of 3 distinct words or more on both sides count
 *       (since round 2): on a contents bullet such as "* § 32" a Dice of 0.67 is one shared token, not a missed
 *       modification.
 *  (D)  A `deleted` block and an `inserted` block whose normalised texts are identical. Pairs, each used once.
 *  moved-path share: of the `unchanged` block pairs, the share whose full path changed.
 *  (H)  (issue 11) A heading reported `deleted` or `inserted` whose text (white space collapsed) is still present
 *       verbatim in the other edition's text as a whole line, or, when that edition is one long line (flattened),
 *       at word edges: a heading the parser lost (glued into flattened text, read as a paragraph) or failed to pair,
 *       rather than one that went. Target 0. Headings of fewer than 4 characters are not counted; a heading over
 *       several lines ("（目的）" + "第一条") counts when each of its lines is a line of the other edition.
 *       Occurrences are counted (round 4): a line that is the heading of a paired section of the other edition is
 *       taken, so a page holding its terms twice against once has one copy's headings rightly inserted, and a
 *       number reused for another provision (its twin paired with a differently headed section, which A′ counts)
 *       is not counted again; nor is a heading whose unpaired twin has a body of word Dice < 0.3 (A's "reused?"),
 *       or stands under another parent and shares no content (round 6: what A would not count either; Code civil
 *       2016 Article 1306, lésion of minors under Titre III, now a cumulative obligation under Titre IV).
 *       A line that is a block paired with an identical block is taken as well (round 6: the same passage once as
 *       paragraphs, once more under headings, against the paragraphs alone).
 *  moved-path share outside restructurings (issue 11): the same share over the pairs that are not real
 *  restructurings, i.e. where fewer than 20 % of the section pairs are inserted, deleted, moved or renumbered.
 *  Target ≤ 1 %.
 *
 * Options: --corpora DIR (default $PALIMPSEST_CORPORA or ../shared/corpora beside the repository), --only TEXT (a
 * document whose slug equals or starts with TEXT; repeatable), --limit N (the first N pairs of each document),
 * --large (include large-pairs/), --json FILE (write totals, rows and examples), --compare FILE (a previous --json:
 * print before → after), --examples N (print N examples per kind and document, default 0), --no-cache (import every
 * edition afresh; by default imported editions are cached, keyed by the file and the importers' sources, in
 * $PALIMPSEST_AUDIT_CACHE or the system's temporary folder: the Markdown import is most of a cold run's time).
 * Exit status: 0 done; 2 corpora or manifest missing, or a bad option.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AlignedPair, Comparison, UnitRef } from '../src/model/comparison.js';
import type { BlockNode, DocumentNode, SectionNode } from '../src/model/tree.js';
import { compareDocuments, type ImportedEdition, importSource, normalizeKey, parseImported } from '../src/node.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One document of the manifest (only the fields the audit reads). */
interface ManifestEntry {
  slug: string;
  language?: string;
  versions: Array<{ file: string; date?: string }>;
}

/** The counts of one comparison, one document or a total. */
export interface Counts {
  pairs: number;
  /** A: identical heading deleted + inserted at the same parent path or with shared content. */
  A: number;
  /** A, where no content is shared and the bodies differ (word Dice < 0.3): plausibly a reused number. */
  A_reusedNumber: number;
  /** A′: an identical heading unpaired while its twin paired with a differently headed section. */
  A2: number;
  /** A′ where the heading's old text is found under the twin's partner and the two same-headed bodies differ. */
  A2_reused: number;
  /** B: moved to the same place, blocks. */
  B_block: number;
  /** B: moved to the same place, sentences. */
  B_sentence: number;
  /** Moved at the same path between two provisions under one reused heading (see B), not counted in B. */
  B_reusedHeading: number;
  /** Moved at the same path but out of reading order: real reorders inside a section, not counted in B. */
  B_reordered: number;
  /** C: deleted + inserted blocks with word Dice ≥ 0.6 (not identical). */
  C: number;
  /** D: identical blocks deleted + inserted. */
  D: number;
  unchangedBlocks: number;
  unchangedBlocksPathChanged: number;
  /** H: headings deleted or inserted whose text is still present verbatim in the other edition. */
  H: number;
  /** Headings deleted or inserted (H's denominator). */
  headingsUnpaired: number;
  /** Unchanged blocks in pairs that are not real restructurings, and those of them whose path changed. */
  unchangedBlocksSteady: number;
  unchangedBlocksSteadyPathChanged: number;
  sectionPairs: number;
  blockPairs: number;
  /** Units whose text differs from the tree at the engine's index: the audit's layout is out of step (must be 0). */
  layoutMismatch: number;
  /** Milliseconds spent in compareDocuments. */
  compareMs: number;
  /** Milliseconds spent importing and parsing. */
  importMs: number;
}

const zero = (): Counts => ({
  pairs: 0,
  A: 0,
  A_reusedNumber: 0,
  A2: 0,
  A2_reused: 0,
  B_block: 0,
  B_sentence: 0,
  B_reusedHeading: 0,
  B_reordered: 0,
  C: 0,
  D: 0,
  unchangedBlocks: 0,
  unchangedBlocksPathChanged: 0,
  H: 0,
  headingsUnpaired: 0,
  unchangedBlocksSteady: 0,
  unchangedBlocksSteadyPathChanged: 0,
  sectionPairs: 0,
  blockPairs: 0,
  layoutMismatch: 0,
  compareMs: 0,
  importMs: 0,
});

function add(into: Counts, from: Counts): void {
  for (const key of Object.keys(into) as Array<keyof Counts>) into[key] += from[key];
}

/** One example of a counted contradiction, for whoever fixes it. */
export interface Example {
  kind: 'A' | 'A2' | 'B' | 'C' | 'D' | 'H' | 'P';
  doc: string;
  old: string;
  new: string;
  detail: string;
}

/** Where each unit of one edition sits: full paths and subtree block ranges, by the engine's unit indices. */
interface Layout {
  /** Per section (pre-order): the heading's normalised key. */
  sectionKey: string[];
  /** Per section: full path of its parent ("label title" per ancestor, joined). */
  sectionParentPath: string[];
  /** Per section: index of its parent section, -1 at the top. */
  sectionParent: number[];
  /** Per section: first block index of its subtree and one past the last. */
  sectionBlocks: Array<[number, number]>;
  /** Per section: the text of its subtree's blocks, for body similarity. */
  sectionValue: string[];
  /** Per block (document order, boxes flattened): full path. */
  blockPath: string[];
  blockText: string[];
  /** Per block: its innermost section (-1 before the first heading). */
  blockSection: number[];
  /** Per sentence: its block. */
  sentenceBlock: number[];
}

const SEP = ' › ';

/** The layout of a tree, numbered the way the engine numbers units (sections pre-order, blocks in reading order). */
function layoutOf(document: DocumentNode): Layout {
  const layout: Layout = {
    sectionKey: [],
    sectionParentPath: [],
    sectionParent: [],
    sectionBlocks: [],
    sectionValue: [],
    blockPath: [],
    blockText: [],
    blockSection: [],
    sentenceBlock: [],
  };
  const addBlock = (block: BlockNode, path: string, section: number): void => {
    if (block.type === 'box') {
      for (const child of block.children) addBlock(child, path, section);
      return;
    }
    const index = layout.blockPath.length;
    layout.blockPath.push(path);
    layout.blockSection.push(section);
    layout.blockText.push(block.value);
    for (let i = 0; i < block.children.length; i++) layout.sentenceBlock.push(index);
  };
  const visit = (
    children: Array<SectionNode | BlockNode | SectionNode['children'][0]>,
    path: string[],
    parent: number,
  ): void => {
    for (const child of children) {
      if (child.type === 'heading') continue;
      if (child.type !== 'section') {
        addBlock(child, path.join(SEP), parent);
        continue;
      }
      const heading = child.children[0];
      const index = layout.sectionKey.length;
      layout.sectionKey.push(key(heading.value));
      layout.sectionParentPath.push(path.join(SEP));
      layout.sectionParent.push(parent);
      layout.sectionBlocks.push([layout.blockPath.length, -1]);
      layout.sectionValue.push('');
      const own = [...path, [heading.label, heading.title].filter((part) => part).join(' ')];
      visit(child.children, own, index);
      const range = layout.sectionBlocks[index] as [number, number];
      range[1] = layout.blockPath.length;
      layout.sectionValue[index] = layout.blockText.slice(range[0], range[1]).join('\n');
    }
  };
  visit(document.children, [], -1);
  return layout;
}

function key(text: string): string {
  return normalizeKey(text).trim();
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The set of lower-cased word-like segments of a text (segmented one block at a time, as the engine does). */
function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) out.add(segment.segment.toLowerCase());
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

const C_THRESHOLD = 0.6;
/** Below this word Dice of two bodies under the same heading, a number plausibly went to another provision. */
const REUSED_BODY_DICE = 0.3;
/** C ignores blocks with fewer distinct words than this (see the definition of C). */
const C_MIN_WORDS = 3;

/**
 * Pairs of deleted and inserted blocks with Dice ≥ threshold, greedy by Dice, each block once. Prefix filtering:
 * Dice ≥ t means Jaccard ≥ t/(2−t) = j, and two sets with Jaccard ≥ j share a token among the first
 * |x| − ⌈j·|x|⌉ + 1 tokens of each in one global order (rarest first), so indexing only those prefixes loses no pair.
 */
function similarPairs(
  deleted: string[],
  inserted: string[],
  threshold: number,
): Array<{ old: number; new: number; dice: number }> {
  if (deleted.length === 0 || inserted.length === 0) return [];
  const oldSets = deleted.map(words);
  const newSets = inserted.map(words);
  const frequency = new Map<string, number>();
  for (const set of [...oldSets, ...newSets]) for (const w of set) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const order = (set: Set<string>): string[] =>
    [...set].sort((a, b) => (frequency.get(a) as number) - (frequency.get(b) as number) || (a < b ? -1 : 1));
  const j = threshold / (2 - threshold);
  const prefix = (tokens: string[]): string[] => tokens.slice(0, tokens.length - Math.ceil(j * tokens.length) + 1);
  const index = new Map<string, number[]>();
  newSets.forEach((set, n) => {
    for (const w of prefix(order(set))) {
      const list = index.get(w);
      if (list) list.push(n);
      else index.set(w, [n]);
    }
  });
  const candidates: Array<{ old: number; new: number; dice: number }> = [];
  oldSets.forEach((set, o) => {
    const seen = new Set<number>();
    for (const w of prefix(order(set))) {
      for (const n of index.get(w) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        const other = newSets[n] as Set<string>;
        // Size filter: Dice ≥ t needs min/max size ≥ t/(2−t).
        if (Math.min(set.size, other.size) < j * Math.max(set.size, other.size)) continue;
        const d = dice(set, other);
        if (d >= threshold) candidates.push({ old: o, new: n, dice: d });
      }
    }
  });
  candidates.sort((a, b) => b.dice - a.dice || a.old - b.old || a.new - b.new);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const chosen: Array<{ old: number; new: number; dice: number }> = [];
  for (const c of candidates) {
    if (usedOld.has(c.old) || usedNew.has(c.new)) continue;
    usedOld.add(c.old);
    usedNew.add(c.new);
    chosen.push(c);
  }
  return chosen;
}

/**
 * The linked pairs that cross another linked pair of the same place (same old and new path): their old and new
 * orders disagree, so each of them was reordered inside its section. Which of two swapped units a reader calls
 * "the one that moved" is a matter of weighting (the engine keeps the heavier one in place), so any unit that
 * crosses another at its place counts as a real reorder, not only those off one arbitrary longest chain.
 */
function crossingAtPlace(pairs: AlignedPair[], placeOf: (p: AlignedPair) => string): Set<AlignedPair> {
  const groups = new Map<string, AlignedPair[]>();
  for (const p of pairs) {
    if (!p.old || !p.new) continue;
    const k = placeOf(p);
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  const crossing = new Set<AlignedPair>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.old as UnitRef).index - (b.old as UnitRef).index);
    // p crosses some q iff a pair before it in old order comes after it in new order, or the reverse.
    let maxBefore = -1;
    for (const p of group) {
      const n = (p.new as UnitRef).index;
      if (maxBefore > n) crossing.add(p);
      maxBefore = Math.max(maxBefore, n);
    }
    let minAfter = Number.POSITIVE_INFINITY;
    for (let i = group.length - 1; i >= 0; i--) {
      const p = group[i] as AlignedPair;
      const n = (p.new as UnitRef).index;
      if (minAfter < n) crossing.add(p);
      minAfter = Math.min(minAfter, n);
    }
  }
  return crossing;
}

/** Every unit index a pair covers on one side (the unit and, for split/merged, its group on that side). */
function indicesOn(pair: AlignedPair, side: 'old' | 'new'): number[] {
  const ref = pair[side];
  if (!ref) return [];
  const out = [ref.index];
  const groupSide = pair.relation === 'split' ? 'new' : pair.relation === 'merged' ? 'old' : null;
  if (groupSide === side) for (const member of pair.group ?? []) out.push(member.index);
  return out;
}

const shown = (ref: UnitRef): string => ref.path.join(SEP);
const clip = (text: string, n = 90): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

/** Audit one comparison: its counts and examples. */
export function auditComparison(
  comparison: Comparison,
  oldLayout: Layout,
  newLayout: Layout,
  names: { doc: string; old: string; new: string },
  examples: Example[],
  texts?: { old: string; new: string },
): Counts {
  const counts = zero();
  counts.pairs = 1;
  const example = (kind: Example['kind'], detail: string) =>
    examples.push({ kind, doc: names.doc, old: names.old, new: names.new, detail });

  const sections = comparison.pairs.filter((p) => p.level === 'section' && (p.old ?? p.new)?.kind !== 'title');
  const blocks = comparison.pairs.filter((p) => p.level === 'block');
  const sentences = comparison.pairs.filter((p) => p.level === 'sentence');
  counts.sectionPairs = sections.length;
  // The layout must number units as the engine does; check every reference against it.
  for (const p of sections) {
    if (p.old && key(p.old.text) !== oldLayout.sectionKey[p.old.index]) counts.layoutMismatch++;
    if (p.new && key(p.new.text) !== newLayout.sectionKey[p.new.index]) counts.layoutMismatch++;
  }
  for (const p of blocks) {
    if (p.old && p.old.text !== oldLayout.blockText[p.old.index]) counts.layoutMismatch++;
    if (p.new && p.new.text !== newLayout.blockText[p.new.index]) counts.layoutMismatch++;
  }
  counts.blockPairs = blocks.length;

  // Section partners, and block partners for shared content.
  const oldSectionPartner = new Map<number, number>();
  const newSectionPartner = new Map<number, number>();
  const deletedSections: number[] = [];
  const insertedSections: number[] = [];
  for (const p of sections) {
    if (p.old && p.new) {
      oldSectionPartner.set(p.old.index, p.new.index);
      newSectionPartner.set(p.new.index, p.old.index);
    } else if (p.old) deletedSections.push(p.old.index);
    else if (p.new) insertedSections.push(p.new.index);
  }
  const oldBlockPartners = new Map<number, number[]>();
  const deletedBlocks: number[] = [];
  const insertedBlocks: number[] = [];
  for (const p of blocks) {
    if (p.old && p.new) {
      const news = indicesOn(p, 'new');
      for (const o of indicesOn(p, 'old')) oldBlockPartners.set(o, news);
    } else if (p.old) deletedBlocks.push(p.old.index);
    else if (p.new) insertedBlocks.push(p.new.index);
  }

  // A: identical headings deleted + inserted, same parent path or shared content.
  const insertedByKey = new Map<string, number[]>();
  for (const n of insertedSections) {
    const k = newLayout.sectionKey[n] ?? '';
    const list = insertedByKey.get(k);
    if (list) list.push(n);
    else insertedByKey.set(k, [n]);
  }
  const usedInserted = new Set<number>();
  const sharesContent = (o: number, n: number): boolean => {
    const [os, oe] = oldLayout.sectionBlocks[o] as [number, number];
    const [ns, ne] = newLayout.sectionBlocks[n] as [number, number];
    for (let b = os; b < oe; b++)
      for (const partner of oldBlockPartners.get(b) ?? []) if (partner >= ns && partner < ne) return true;
    return false;
  };
  for (const o of deletedSections) {
    const k = oldLayout.sectionKey[o] ?? '';
    for (const n of insertedByKey.get(k) ?? []) {
      if (usedInserted.has(n)) continue;
      const oldParent = oldLayout.sectionParent[o] ?? -1;
      const newParent = newLayout.sectionParent[n] ?? -1;
      const samePath =
        oldLayout.sectionParentPath[o] === newLayout.sectionParentPath[n] ||
        (oldParent === -1 ? newParent === -1 : oldSectionPartner.get(oldParent) === newParent);
      const shared = !samePath && sharesContent(o, n);
      if (!samePath && !shared) continue;
      usedInserted.add(n);
      counts.A++;
      const body = dice(words(oldLayout.sectionValue[o] ?? ''), words(newLayout.sectionValue[n] ?? ''));
      const reused = !(samePath ? sharesContent(o, n) : true) && body < REUSED_BODY_DICE;
      if (reused) counts.A_reusedNumber++;
      example(
        'A',
        `"${clip(k, 60)}" deleted + inserted (${samePath ? 'same parent path' : 'shared content'}; body Dice ${body.toFixed(2)}${reused ? ', reused number?' : ''}) under "${clip(oldLayout.sectionParentPath[o] ?? '', 80)}"`,
      );
      break;
    }
  }

  // A′: an unpaired heading whose twin (same heading on the other side) paired with a differently headed section.
  const byKey = (layout: Layout): Map<string, number[]> => {
    const map = new Map<string, number[]>();
    layout.sectionKey.forEach((k, i) => {
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    });
    return map;
  };
  const oldByKey = byKey(oldLayout);
  const newByKey = byKey(newLayout);
  // A twin paired elsewhere marks a reused heading (a number given to another provision) when the evidence says so:
  // more of the twin's blocks went to its partner than to the unpaired section (the heading's old provision is found
  // under the partner's heading; in the plainest case the unpaired section shares nothing with the twin).
  const sharedBlocks = (o: number, n: number): number => {
    const [os, oe] = oldLayout.sectionBlocks[o] as [number, number];
    const [ns, ne] = newLayout.sectionBlocks[n] as [number, number];
    let shared = 0;
    for (let b = os; b < oe; b++)
      if ((oldBlockPartners.get(b) ?? []).some((partner) => partner >= ns && partner < ne)) shared++;
    return shared;
  };
  const reusedHeading = (twinOld: number, twinNew: number, unpairedOld: number, unpairedNew: number): boolean =>
    sharedBlocks(twinOld, twinNew) > sharedBlocks(unpairedOld, unpairedNew);
  const checkTwin = (
    k: string,
    self: number,
    twins: number[] | undefined,
    partnerOf: Map<number, number>,
    partnerKeys: string[],
    side: 'deleted' | 'inserted',
  ) => {
    for (const t of twins ?? []) {
      const partner = partnerOf.get(t);
      if (partner === undefined || partnerKeys[partner] === k) continue;
      counts.A2++;
      // Deleted: the twin is new, its partner old; inserted: the twin is old, its partner new.
      const reused = side === 'deleted' ? reusedHeading(partner, t, self, t) : reusedHeading(t, partner, t, self);
      if (reused) counts.A2_reused++;
      example(
        'A2',
        `"${clip(k, 60)}" ${side} while its twin paired with "${clip(partnerKeys[partner] ?? '', 60)}"${reused ? ' (reused: its text is there, the same heading now stands over other text)' : ''}`,
      );
      return;
    }
  };
  for (const o of deletedSections) {
    const k = oldLayout.sectionKey[o] ?? '';
    checkTwin(k, o, newByKey.get(k), newSectionPartner, oldLayout.sectionKey, 'deleted');
  }
  for (const n of insertedSections) {
    const k = newLayout.sectionKey[n] ?? '';
    checkTwin(k, n, oldByKey.get(k), oldSectionPartner, newLayout.sectionKey, 'inserted');
  }

  // B: moved to the same place — same path, and not out of reading order (a unit reordered inside its section is
  // a real move: it is counted apart, as B_reordered).
  const blockPlace = (p: AlignedPair): string =>
    `${oldLayout.blockPath[(p.old as UnitRef).index] ?? ''}\u0001${newLayout.blockPath[(p.new as UnitRef).index] ?? ''}`;
  const sentencePlace = (p: AlignedPair): string =>
    `${oldLayout.blockPath[oldLayout.sentenceBlock[(p.old as UnitRef).index] ?? -1] ?? ''}\u0001${newLayout.blockPath[newLayout.sentenceBlock[(p.new as UnitRef).index] ?? -1] ?? ''}`;
  const blockCrossing = crossingAtPlace(blocks, blockPlace);
  const sentenceCrossing = crossingAtPlace(sentences, sentencePlace);
  const movedSamePlace = (p: AlignedPair, oldPath: string, newPath: string): boolean =>
    p.relation === 'moved' &&
    p.old !== null &&
    p.new !== null &&
    (oldPath === newPath || shown(p.old) === shown(p.new));
  // A block between two sections that read the same but are not counterparts, one of which the engine paired with a
  // differently headed section (its heading went elsewhere: a number reused for another provision), moved from one
  // provision to another; the path reads the same only because the number was reused (特許法 2018: a paragraph of
  // old 第百二十五条の二, now 第百二十五条の三, went to the new 第百二十五条の二).
  const reusedAway = (section: number, partnerOf: Map<number, number>, own: Layout, other: Layout): boolean => {
    const partner = section < 0 ? undefined : partnerOf.get(section);
    return partner !== undefined && other.sectionKey[partner] !== own.sectionKey[section];
  };
  const betweenProvisions = (o: number, n: number): boolean =>
    o >= 0 &&
    n >= 0 &&
    oldSectionPartner.get(o) !== n &&
    (reusedAway(o, oldSectionPartner, oldLayout, newLayout) || reusedAway(n, newSectionPartner, newLayout, oldLayout));
  for (const p of blocks) {
    if (!p.old || !p.new) continue;
    const oldPath = oldLayout.blockPath[p.old.index] ?? '';
    const newPath = newLayout.blockPath[p.new.index] ?? '';
    if (movedSamePlace(p, oldPath, newPath)) {
      if (blockCrossing.has(p)) {
        counts.B_reordered++;
        continue;
      }
      if (betweenProvisions(oldLayout.blockSection[p.old.index] ?? -1, newLayout.blockSection[p.new.index] ?? -1)) {
        counts.B_reusedHeading++;
        continue;
      }
      counts.B_block++;
      example('B', `block moved from "${clip(oldPath, 70)}" to "${clip(newPath, 70)}": "${clip(p.new.text, 60)}"`);
    }
    if (p.relation === 'unchanged') {
      counts.unchangedBlocks++;
      if (oldPath !== newPath) counts.unchangedBlocksPathChanged++;
    }
  }
  for (const p of sentences) {
    if (!p.old || !p.new) continue;
    const oldPath = oldLayout.blockPath[oldLayout.sentenceBlock[p.old.index] ?? -1] ?? '';
    const newPath = newLayout.blockPath[newLayout.sentenceBlock[p.new.index] ?? -1] ?? '';
    if (movedSamePlace(p, oldPath, newPath)) {
      if (sentenceCrossing.has(p)) {
        counts.B_reordered++;
        continue;
      }
      counts.B_sentence++;
      example('B', `sentence moved from "${clip(oldPath, 70)}" to "${clip(newPath, 70)}": "${clip(p.new.text, 60)}"`);
    }
  }

  // D, then C on what D left.
  const insertedByText = new Map<string, number[]>();
  for (const n of insertedBlocks) {
    const k = key(newLayout.blockText[n] ?? '');
    if (k === '') continue;
    const list = insertedByText.get(k);
    if (list) list.push(n);
    else insertedByText.set(k, [n]);
  }
  const restDeleted: number[] = [];
  const identicalUsed = new Set<number>();
  for (const o of deletedBlocks) {
    const k = key(oldLayout.blockText[o] ?? '');
    const n = insertedByText.get(k)?.find((i) => !identicalUsed.has(i));
    if (n === undefined) {
      restDeleted.push(o);
      continue;
    }
    identicalUsed.add(n);
    counts.D++;
    example(
      'D',
      `"${clip(k, 60)}" deleted from "${clip(oldLayout.blockPath[o] ?? '', 60)}", inserted in "${clip(newLayout.blockPath[n] ?? '', 60)}"`,
    );
  }
  // C looks only at blocks of C_MIN_WORDS distinct words or more on both sides: on shorter ones (a contents bullet
  // "* § 32") word Dice ≥ 0.6 is one shared token, not evidence of a missed modification.
  const longEnough = (text: string): boolean => words(text).size >= C_MIN_WORDS;
  const restInserted = insertedBlocks.filter((n) => !identicalUsed.has(n) && longEnough(newLayout.blockText[n] ?? ''));
  const restDeletedLong = restDeleted.filter((o) => longEnough(oldLayout.blockText[o] ?? ''));
  restDeleted.length = 0;
  restDeleted.push(...restDeletedLong);
  const similar = similarPairs(
    restDeleted.map((o) => oldLayout.blockText[o] ?? ''),
    restInserted.map((n) => newLayout.blockText[n] ?? ''),
    C_THRESHOLD,
  );
  counts.C = similar.length;
  for (const s of similar) {
    const o = restDeleted[s.old] as number;
    const n = restInserted[s.new] as number;
    example(
      'C',
      `Dice ${s.dice.toFixed(2)}: "${clip(oldLayout.blockText[o] ?? '', 50)}" in "${clip(oldLayout.blockPath[o] ?? '', 50)}" → "${clip(newLayout.blockPath[n] ?? '', 50)}"`,
    );
  }
  if (texts) {
    const titles = comparison.pairs.filter((p) => p.level === 'section' && (p.old ?? p.new)?.kind === 'title');
    // Where A would not count an identical heading (another parent, no shared content), neither does H (round 6).
    const samePlace = (o: number, n: number): boolean => {
      const oldParent = oldLayout.sectionParent[o] ?? -1;
      const newParent = newLayout.sectionParent[n] ?? -1;
      return (
        oldLayout.sectionParentPath[o] === newLayout.sectionParentPath[n] ||
        (oldParent === -1 ? newParent === -1 : oldSectionPartner.get(oldParent) === newParent) ||
        sharesContent(o, n)
      );
    };
    countLostHeadings(counts, sections, titles, blocks, texts, { old: oldLayout, new: newLayout }, samePlace, example);
  }
  countSteadyPaths(counts, sections, blocks, oldLayout, newLayout, example);
  return counts;
}

/** White space collapsed to single spaces, trimmed: how H compares a heading with an edition's text. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The lines of an edition's text, white space collapsed, counted (a line may occur several times: a page that
 * repeats its terms for two regions), and the text itself collapsed when it is one long line.
 */
interface LineSet {
  lines: Map<string, number>;
  flat: string | null;
}

function lineSet(text: string): LineSet {
  const lines = new Map<string, number>();
  let longest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const collapsed = collapse(line);
    if (collapsed) lines.set(collapsed, (lines.get(collapsed) ?? 0) + 1);
    longest = Math.max(longest, collapsed.length);
  }
  const flat = longest >= 0.8 * text.length && longest >= 200 ? ` ${collapse(text)} ` : null;
  return { lines, flat };
}

/** The collapsed lines of a heading ("（目的）" + "第一条" are two). */
function headingLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map(collapse)
    .filter(Boolean);
}

/** How many times `heading` occurs in an edition: as whole lines (each of its lines), or at word edges when flat. */
function occurrences(other: LineSet, heading: string, parts: string[]): number {
  if (other.flat !== null) {
    let count = 0;
    for (let i = other.flat.indexOf(` ${heading} `); i >= 0; i = other.flat.indexOf(` ${heading} `, i + 1)) count++;
    return count;
  }
  return Math.min(...parts.map((part) => other.lines.get(part) ?? 0));
}

/**
 * H: unpaired headings whose text the other edition still holds verbatim, in an occurrence no paired heading of
 * that edition accounts for. A heading line of the other edition whose section is paired is taken: a page that
 * holds its terms twice where the other edition holds them once has one copy's headings really inserted, and a
 * number reused for another provision (Code civil 1382, now paired with old 1353) really lost its old provision
 * (such a pairing with a differently headed section is A′'s count, not H's). An unpaired twin under the same
 * heading whose body shares nothing and differs (word Dice < 0.3, A's "reused number?") is not counted either.
 */
function countLostHeadings(
  counts: Counts,
  sections: AlignedPair[],
  titles: AlignedPair[],
  blocks: AlignedPair[],
  texts: { old: string; new: string },
  layouts: { old: Layout; new: Layout },
  samePlace: (oldSection: number, newSection: number) => boolean,
  example: (kind: Example['kind'], detail: string) => void,
): void {
  const sets: { old: LineSet | null; new: LineSet | null } = { old: null, new: null };
  // Occurrences taken, per side and collapsed heading: by paired headings first, then by counted ones.
  const taken = { old: new Map<string, number>(), new: new Map<string, number>() };
  const take = (side: 'old' | 'new', heading: string): void => {
    taken[side].set(heading, (taken[side].get(heading) ?? 0) + 1);
  };
  // Unpaired headings per side by key, for the reused-number test.
  const unpaired = { old: new Map<string, number[]>(), new: new Map<string, number[]>() };
  // The documents' titles take their lines too, paired or not (they are never counted themselves).
  for (const p of titles) {
    if (p.old) take('old', collapse(p.old.text));
    if (p.new) take('new', collapse(p.new.text));
  }
  // A line that is a block paired with the same text in the other edition is taken too (round 6): a page that
  // holds a passage once as paragraphs and once more under headings ("**What is a username reset …?**" and
  // "### What is a username reset …?") against the paragraphs alone has the second copy's headings inserted.
  for (const p of blocks) {
    if (!p.old || !p.new) continue;
    const text = collapse(p.old.text);
    if (text === collapse(p.new.text)) {
      take('old', text);
      take('new', text);
    }
    // So is a line of a hard-broken block that its paired block still holds as a line (round 7): the lines of an
    // address kept in place ("Reddit, Inc." over a street that changed) are not the occurrence a new heading with
    // the same text was taken from.
    if (!p.old.text.includes('\n') || !p.new.text.includes('\n')) continue;
    const newLines = new Map<string, number>();
    for (const line of p.new.text.split('\n')) {
      const k = collapse(line);
      if (k !== '') newLines.set(k, (newLines.get(k) ?? 0) + 1);
    }
    for (const line of p.old.text.split('\n')) {
      const k = collapse(line);
      const left = newLines.get(k) ?? 0;
      if (k === '' || left === 0) continue;
      newLines.set(k, left - 1);
      take('old', k);
      take('new', k);
    }
  }
  for (const p of sections) {
    if (p.old && p.new) {
      take('old', collapse(p.old.text));
      take('new', collapse(p.new.text));
    } else {
      const side = p.old ? 'old' : 'new';
      const unit = (p.old ?? p.new) as UnitRef;
      const k = layouts[side].sectionKey[unit.index] ?? '';
      const list = unpaired[side].get(k);
      if (list) list.push(unit.index);
      else unpaired[side].set(k, [unit.index]);
    }
  }
  // Block partners by side, for the promoted-line test below.
  const blockPartner = { old: new Map<number, string>(), new: new Map<number, string>() };
  for (const p of blocks) {
    if (!p.old || !p.new) continue;
    blockPartner.old.set(p.old.index, p.new.text);
    blockPartner.new.set(p.new.index, p.old.text);
  }
  for (const p of sections) {
    if (p.old && p.new) continue;
    const unit = (p.old ?? p.new) as UnitRef;
    const side = p.old ? 'old' : 'new';
    const otherSide = p.old ? 'new' : 'old';
    counts.headingsUnpaired++;
    const heading = collapse(unit.text);
    if (heading.length < 4) continue;
    // A line promoted to a heading (round 7), or a heading demoted to a line: the section's first block is paired
    // with a block that holds the heading's text as one of its lines, so the report shows that line leave the block
    // right under the heading that took it (an address "If you are outside of North America: / GitHub Data
    // Protection Officer / c/o …" whose second line became a bold heading line over the rest). The other edition
    // has no heading there to lose.
    const [first, end] = layouts[side].sectionBlocks[unit.index] ?? [0, 0];
    const partnerText =
      first < end && layouts[side].blockSection[first] === unit.index ? blockPartner[side].get(first) : undefined;
    if (partnerText?.split('\n').some((line) => collapse(line) === heading)) continue;
    // The other edition's lines, read once per comparison and only when needed.
    sets[otherSide] ??= lineSet(texts[otherSide]);
    const other = sets[otherSide] as LineSet;
    const free = occurrences(other, heading, headingLines(unit.text)) - (taken[otherSide].get(heading) ?? 0);
    if (free <= 0) continue;
    // A twin left unpaired with a different body: a number reused for another provision.
    const k = layouts[side].sectionKey[unit.index] ?? '';
    const body = words(layouts[side].sectionValue[unit.index] ?? '');
    const twins = unpaired[otherSide].get(k) ?? [];
    if (
      twins.length > 0 &&
      twins.every(
        (t) =>
          dice(body, words(layouts[otherSide].sectionValue[t] ?? '')) < REUSED_BODY_DICE ||
          !(side === 'old' ? samePlace(unit.index, t) : samePlace(t, unit.index)),
      )
    )
      continue;
    take(otherSide, heading);
    counts.H++;
    example('H', `"${clip(heading, 60)}" ${p.old ? 'deleted but in the new' : 'inserted but in the old'} text`);
  }
}

/** The moved-path share over pairs that are not real restructurings (see the header, issue 11). */
function countSteadyPaths(
  counts: Counts,
  sections: AlignedPair[],
  blocks: AlignedPair[],
  oldLayout: Layout,
  newLayout: Layout,
  example: (kind: Example['kind'], detail: string) => void,
): void {
  const restructured = sections.filter((p) =>
    ['inserted', 'deleted', 'moved', 'renumbered'].includes(p.relation),
  ).length;
  if (sections.length > 0 && restructured >= 0.2 * sections.length) return;
  for (const p of blocks) {
    if (p.relation !== 'unchanged' || !p.old || !p.new) continue;
    counts.unchangedBlocksSteady++;
    const oldPath = oldLayout.blockPath[p.old.index] ?? '';
    const newPath = newLayout.blockPath[p.new.index] ?? '';
    if (oldPath === newPath) continue;
    counts.unchangedBlocksSteadyPathChanged++;
    example('P', `unchanged block's path "${clip(oldPath, 70)}" → "${clip(newPath, 70)}": "${clip(p.new.text, 50)}"`);
  }
}

/**
 * The importers' fingerprint: their sources and the locked dependency versions. An imported edition cached under
 * it is what importSource would return now, so a rerun skips the Markdown import (most of a cold run's time).
 */
const importerFingerprint = ((): string => {
  const hash = createHash('sha256');
  const folder = join(repoRoot, 'src', 'importers');
  for (const name of readdirSync(folder).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(name).update(readFileSync(join(folder, name)));
  }
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex').slice(0, 16);
})();

/** importSource, through a cache in $PALIMPSEST_AUDIT_CACHE (default: the system's temporary folder). */
async function importCached(file: string, name: string, cache: boolean): Promise<ImportedEdition> {
  if (!cache) return importSource(file, { name });
  const bytes = readFileSync(file);
  const digest = createHash('sha256').update(importerFingerprint).update(name).update(bytes).digest('hex');
  const folder = resolve(process.env.PALIMPSEST_AUDIT_CACHE ?? join(tmpdir(), 'palimpsest-audit-cache'));
  const path = join(folder, `${digest}.json`);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as ImportedEdition;
  const edition = await importSource(file, { name });
  mkdirSync(folder, { recursive: true });
  // Written whole then renamed, so a run stopped half-way never leaves a truncated entry.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(edition));
  renameSync(partial, path);
  return edition;
}

/** Parsed command line. */
interface Options {
  corpora: string;
  only: string[];
  limit: number;
  large: boolean;
  json?: string;
  compare?: string;
  examples: number;
  cache: boolean;
}

/**
 * $PALIMPSEST_CORPORA, else ../shared/corpora beside the repository — beside the main checkout when this is a git
 * worktree elsewhere (git's common directory is the main checkout's .git).
 */
function defaultCorpora(): string {
  if (process.env.PALIMPSEST_CORPORA) return resolve(process.env.PALIMPSEST_CORPORA);
  const beside = join(repoRoot, '..', 'shared', 'corpora');
  if (existsSync(beside)) return beside;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const main = join(dirname(common), '..', 'shared', 'corpora');
    if (existsSync(main)) return main;
  } catch {
    // Not a git checkout: keep the plain default, which main() reports as missing.
  }
  return beside;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    corpora: defaultCorpora(),
    only: [],
    limit: Number.POSITIVE_INFINITY,
    large: false,
    examples: 0,
    cache: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--corpora') options.corpora = resolve(value());
    else if (arg === '--only') options.only.push(value());
    else if (arg === '--limit') options.limit = positive(arg, value());
    else if (arg === '--large') options.large = true;
    else if (arg === '--no-cache') options.cache = false;
    else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--compare') options.compare = resolve(value());
    else if (arg === '--examples') options.examples = positive(arg, value(), true);
    else fail(`unknown option ${arg}`);
  }
  return options;
}

function positive(name: string, text: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    fail(`${name} takes a ${allowZero ? 'non-negative' : 'positive'} integer, not '${text}'`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`alignment-audit: ${message}\n`);
  process.exit(2);
}

/** Code civil documents: their 2016 reform reused article numbers for other provisions. */
const isCodeCivil = (slug: string): boolean => slug.includes('code-civil');

const COLUMNS: Array<[string, (c: Counts) => string]> = [
  ['pairs', (c) => String(c.pairs)],
  ['A', (c) => String(c.A)],
  ['A reused?', (c) => String(c.A_reusedNumber)],
  ["A'", (c) => String(c.A2)],
  ["A' reused", (c) => String(c.A2_reused ?? '–')],
  ['B block', (c) => String(c.B_block)],
  ['B sent.', (c) => String(c.B_sentence)],
  ['B reused heading', (c) => String(c.B_reusedHeading ?? '–')],
  ['reordered', (c) => String(c.B_reordered)],
  ['C', (c) => String(c.C)],
  ['D', (c) => String(c.D)],
  [
    'unchanged, path changed',
    (c) =>
      `${c.unchangedBlocksPathChanged}/${c.unchangedBlocks} (${((100 * c.unchangedBlocksPathChanged) / Math.max(1, c.unchangedBlocks)).toFixed(1)}%)`,
  ],
  ['H lost headings', (c) => `${c.H}/${c.headingsUnpaired}`],
  [
    'path changed, steady pairs',
    (c) =>
      `${c.unchangedBlocksSteadyPathChanged}/${c.unchangedBlocksSteady} (${((100 * c.unchangedBlocksSteadyPathChanged) / Math.max(1, c.unchangedBlocksSteady)).toFixed(1)}%)`,
  ],
  ['compare s', (c) => (c.compareMs / 1000).toFixed(1)],
];

function table(rows: Array<[string, Counts]>): string {
  const header = ['', ...COLUMNS.map(([name]) => name)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const [name, counts] of rows) lines.push(`| ${[name, ...COLUMNS.map(([, f]) => f(counts))].join(' | ')} |`);
  return lines.join('\n');
}

/** The JSON a run writes with --json, and reads back with --compare. */
interface AuditResult {
  date: string;
  engine: string;
  options: { large: boolean; limit: number | null; only: string[] };
  seconds: number;
  total: Counts;
  outsideCodeCivil: Counts;
  corpora: Record<string, Counts>;
  documents: Record<string, Counts>;
  examples: Example[];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const manifestPath = join(options.corpora, 'manifest.json');
  if (!existsSync(manifestPath)) {
    fail(
      `no corpus manifest at ${manifestPath}: the audit needs ../shared/corpora (set PALIMPSEST_CORPORA or --corpora to its folder)`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
  const documents = manifest.filter(
    (d) =>
      (options.large || !d.slug.startsWith('large-pairs/')) &&
      (options.only.length === 0 || options.only.some((o) => d.slug === o || d.slug.startsWith(o))),
  );
  if (documents.length === 0) fail(`no document matches ${options.only.join(', ')}`);

  const started = performance.now();
  const perDocument = new Map<string, Counts>();
  const examples: Example[] = [];
  let engine = '';
  for (const doc of documents) {
    const counts = zero();
    perDocument.set(doc.slug, counts);
    const versions = doc.versions.slice(0, Math.min(doc.versions.length, options.limit + 1));
    let previous: { name: string; tree: DocumentNode; layout: Layout; text: string } | null = null;
    for (const version of versions) {
      let t = performance.now();
      const edition = await importCached(join(options.corpora, version.file), version.file, options.cache);
      const tree = parseImported(edition, doc.language ? { locale: doc.language } : {});
      const current = { name: version.file, tree, layout: layoutOf(tree), text: edition.text };
      counts.importMs += performance.now() - t;
      if (previous) {
        t = performance.now();
        const comparison = compareDocuments(previous.tree, current.tree, {
          oldName: previous.name,
          newName: current.name,
          ...(doc.language ? { locale: doc.language } : {}),
        });
        counts.compareMs += performance.now() - t;
        engine = comparison.engine.version;
        add(
          counts,
          auditComparison(
            comparison,
            previous.layout,
            current.layout,
            { doc: doc.slug, old: previous.name, new: current.name },
            examples,
            { old: previous.text, new: current.text },
          ),
        );
      }
      previous = current;
    }
    process.stderr.write(
      `${doc.slug}: ${counts.pairs} pairs, A ${counts.A}, A' ${counts.A2}, B ${counts.B_block}+${counts.B_sentence}, C ${counts.C}, D ${counts.D} (${((counts.compareMs + counts.importMs) / 1000).toFixed(1)} s)\n`,
    );
  }
  const seconds = (performance.now() - started) / 1000;

  const total = zero();
  const outside = zero();
  const byCorpus = new Map<string, Counts>();
  for (const [slug, counts] of perDocument) {
    add(total, counts);
    if (!isCodeCivil(slug)) add(outside, counts);
    const corpus = slug.split('/')[0] as string;
    const c = byCorpus.get(corpus) ?? zero();
    add(c, counts);
    byCorpus.set(corpus, c);
  }

  const out: string[] = [];
  out.push(`Alignment audit, engine ${engine}, ${total.pairs} consecutive pairs, ${seconds.toFixed(1)} s`);
  out.push('');
  out.push('Per document:');
  out.push(table([...perDocument]));
  out.push('');
  out.push('Per corpus and in total:');
  out.push(
    table([...byCorpus, ['**total**', total], ['total outside Code civil', outside]] as Array<[string, Counts]>),
  );
  out.push('');
  out.push(
    `A outside Code civil: ${outside.A}; A outside reused numbers (all documents, "reused?" removed): ${total.A - total.A_reusedNumber}; A′ outside Code civil: ${outside.A2}; A′ outside reused headings (all documents, "A′ reused" removed): ${total.A2 - total.A2_reused}.`,
  );
  if (total.layoutMismatch > 0) {
    out.push(`WARNING: ${total.layoutMismatch} units did not match the audit's layout: paths and C/D may be wrong.`);
  }
  out.push(
    `Time: ${seconds.toFixed(1)} s in all; import + parse ${(total.importMs / 1000).toFixed(1)} s, compare ${(total.compareMs / 1000).toFixed(1)} s.`,
  );
  if (options.examples > 0) {
    out.push('');
    out.push('Examples:');
    const shownPer = new Map<string, number>();
    for (const e of examples) {
      const k = `${e.doc} ${e.kind}`;
      const n = shownPer.get(k) ?? 0;
      if (n >= options.examples) continue;
      shownPer.set(k, n + 1);
      out.push(`- ${e.kind} ${e.old} → ${e.new.split('/').pop()}: ${e.detail}`);
    }
  }
  const result: AuditResult = {
    date: new Date().toISOString(),
    engine,
    options: { large: options.large, limit: Number.isFinite(options.limit) ? options.limit : null, only: options.only },
    seconds,
    total,
    outsideCodeCivil: outside,
    corpora: Object.fromEntries(byCorpus),
    documents: Object.fromEntries(perDocument),
    examples: examples.slice(0, 20_000),
  };
  if (options.compare) {
    const before = JSON.parse(readFileSync(options.compare, 'utf8')) as AuditResult;
    out.push('');
    out.push(`Before (${options.compare}, engine ${before.engine}) → now:`);
    out.push('| measure | before | now |');
    out.push('|---|---:|---:|');
    for (const [name, f] of COLUMNS) out.push(`| ${name} | ${f(before.total)} | ${f(total)} |`);
    out.push(`| A outside Code civil | ${before.outsideCodeCivil.A} | ${outside.A} |`);
    out.push(`| A′ outside Code civil | ${before.outsideCodeCivil.A2} | ${outside.A2} |`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(result, null, 1)}\n`);
}

await main();
