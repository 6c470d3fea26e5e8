/**
 * Alignment of two editions: every section, block and sentence of each gets exactly one relation.
 *
 * Outline:
 *  1. Flatten both trees into unit tables and fingerprint every unit (normalised key, word bag, shingles).
 *  2. Blocks are matched across the whole document (match.ts): exact anchors, rare-shingle candidates, the heaviest
 *     ordered chain, gap filling, moves, splits and merges. Blocks are the strongest evidence of what corresponds:
 *     headings get renumbered and retitled, paragraphs mostly survive.
 *  3. Sections are aligned from the blocks they share plus heading similarity, in outline order (sections.ts).
 *  4. The global pass across sections: a block kept in reading order whose section went elsewhere is `moved`.
 *  5. Sentences are matched inside every block pair (and split/merge group), then the sentences still free across
 *     the whole document are matched once more, so a sentence that moved to another paragraph is found.
 *  6. Pairs are emitted per level in reading order of the new edition, deleted units where they stood.
 * Word changes and significance are added afterwards by the diff stage, on aligned pairs only.
 */
import type { AlignedPair, Relation, UnitRef } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { type NormalizeOptions, normalizeKey } from '../normalize/normalize.js';
import { type Fingerprint, fingerprint } from './fingerprint.js';
import { BLOCK_MATCH_OPTIONS, type Matching, type MatchOptions, matchUnits } from './match.js';
import { alignSections, type HeadingPrint } from './sections.js';
import {
  type BlockUnit,
  blockRef,
  flattenDocument,
  type SectionUnit,
  sectionRef,
  sentenceRef,
  titleRef,
  type UnitTables,
} from './units.js';

/** Options of the aligner: what differences do not count when deciding that units are the same. */
export interface AlignOptions extends NormalizeOptions {}

/** Two editions' unit tables and the pairs that relate them (word changes not yet filled in). */
export interface Alignment {
  old: UnitTables;
  new: UnitTables;
  pairs: AlignedPair[];
}

/** Thresholds for sentences inside aligned blocks. */
const SENTENCE_MATCH_OPTIONS: MatchOptions = { ...BLOCK_MATCH_OPTIONS, minGapSimilarity: 0.35 };

/** Sentences free after block-local matching pair up across the document only when nearly identical. */
const GLOBAL_SENTENCE_OPTIONS: MatchOptions = {
  ...BLOCK_MATCH_OPTIONS,
  minSimilarity: 0.8,
  minGapSimilarity: 0.8,
  minMoveSimilarity: 0.8,
  minMoveWords: 5,
};

/** Align two parsed editions. Pure: the same trees and options always give the same pairs. */
export function alignDocuments(
  oldDocument: DocumentNode,
  newDocument: DocumentNode,
  options: AlignOptions = {},
): Alignment {
  const oldTables = flattenDocument(oldDocument);
  const newTables = flattenDocument(newDocument);
  // The whitespace pass collapses runs; trimming makes leading and trailing space irrelevant too.
  const keyOf = (text: string): string => normalizeKey(text, options).trim();
  const printAll = (texts: string[]): Fingerprint[] => texts.map((text) => fingerprint(keyOf(text)));

  // 1–2. Blocks.
  const oldBlockPrints = printAll(oldTables.blocks.map((b) => b.node.value));
  const newBlockPrints = printAll(newTables.blocks.map((b) => b.node.value));
  const blocks = matchUnits(oldBlockPrints, newBlockPrints, BLOCK_MATCH_OPTIONS);

  // 3. Sections.
  const headingPrints = (tables: UnitTables): HeadingPrint[] =>
    tables.sections.map((s) => ({
      label: s.heading.label === null ? '' : keyOf(s.heading.label),
      scheme: s.heading.scheme,
      title: fingerprint(keyOf(s.heading.title)),
    }));
  const oldHeadings = headingPrints(oldTables);
  const newHeadings = headingPrints(newTables);
  const sections = alignSections(
    oldTables,
    newTables,
    oldBlockPrints,
    newBlockPrints,
    blocks,
    oldHeadings,
    newHeadings,
  );

  const builder = new PairBuilder();

  // The document title, outside every section.
  const oldTitle = oldDocument.title;
  const newTitle = newDocument.title;
  if (oldTitle || newTitle) {
    const same = oldTitle && newTitle && keyOf(oldTitle.value) === keyOf(newTitle.value);
    const relation: Relation = !newTitle ? 'deleted' : !oldTitle ? 'inserted' : same ? 'unchanged' : 'retitled';
    builder.add(
      'section',
      relation,
      same ? 1 : 0,
      oldTitle ? titleRef(oldTitle) : null,
      newTitle ? titleRef(newTitle) : null,
      -1,
      {
        heading: oldTitle && newTitle ? { labelChanged: false, titleChanged: !same } : undefined,
      },
    );
  }

  // Section pairs.
  const sectionPairId = {
    old: new Array<string>(oldTables.sections.length),
    new: new Array<string>(newTables.sections.length),
  };
  const oldSectionOrder = orderKeys(sections.oldPartner, newTables.sections.length);
  for (const section of newTables.sections) {
    const o = sections.newPartner[section.index] as number;
    const oldSection = o >= 0 ? (oldTables.sections[o] as SectionUnit) : null;
    const relation = oldSection
      ? sectionRelation(
          oldSection,
          section,
          oldHeadings,
          newHeadings,
          sections.moved[o] === 1,
          oldBlockPrints,
          newBlockPrints,
          blocks,
        )
      : 'inserted';
    const labelChanged = oldSection ? oldHeadings[o]?.label !== newHeadings[section.index]?.label : false;
    const titleChanged = oldSection ? oldHeadings[o]?.title.key !== newHeadings[section.index]?.title.key : false;
    const id = builder.add(
      'section',
      relation,
      oldSection ? (sections.similarity[o] as number) : 0,
      oldSection ? sectionRef(oldSection) : null,
      sectionRef(section),
      section.index,
      { heading: oldSection ? { labelChanged, titleChanged } : undefined },
    );
    sectionPairId.new[section.index] = id;
    if (oldSection) sectionPairId.old[o] = id;
  }
  for (const section of oldTables.sections) {
    if (sections.oldPartner[section.index] !== -1) continue;
    sectionPairId.old[section.index] = builder.add(
      'section',
      'deleted',
      0,
      sectionRef(section),
      null,
      oldSectionOrder[section.index] as number,
    );
  }

  // 4. Block pairs, with the move check across sections.
  const blockPairId = {
    old: new Array<string>(oldTables.blocks.length),
    new: new Array<string>(newTables.blocks.length),
  };
  const parentOf = (oldBlock: BlockUnit | null, newBlock: BlockUnit | null): string | undefined =>
    newBlock ? sectionPairId.new[newBlock.section] : oldBlock ? sectionPairId.old[oldBlock.section] : undefined;
  const oldBlockOrder = orderKeys(blocks.oldPartner, newTables.blocks.length);
  for (const m of blocks.matches) {
    const ob = oldTables.blocks[m.old] as BlockUnit;
    const nb = newTables.blocks[m.new] as BlockUnit;
    const sameSection = ob.section < 0 ? nb.section < 0 : sections.oldPartner[ob.section] === nb.section;
    const identical = (oldBlockPrints[m.old] as Fingerprint).key === (newBlockPrints[m.new] as Fingerprint).key;
    const relation: Relation = m.kind === 'moved' || !sameSection ? 'moved' : identical ? 'unchanged' : 'modified';
    const id = builder.add(
      'block',
      relation,
      identical ? 1 : m.similarity,
      blockRef(oldTables, ob),
      blockRef(newTables, nb),
      m.new,
      {
        parent: parentOf(ob, nb),
      },
    );
    blockPairId.old[m.old] = id;
    blockPairId.new[m.new] = id;
  }
  for (const g of blocks.groups) {
    const olds = g.old.map((i) => oldTables.blocks[i] as BlockUnit);
    const news = g.new.map((i) => newTables.blocks[i] as BlockUnit);
    const [firstOld, ...restOld] = olds;
    const [firstNew, ...restNew] = news;
    if (!firstOld || !firstNew) continue;
    const group =
      g.kind === 'split' ? restNew.map((b) => blockRef(newTables, b)) : restOld.map((b) => blockRef(oldTables, b));
    const id = builder.add(
      'block',
      g.kind,
      g.similarity,
      blockRef(oldTables, firstOld),
      blockRef(newTables, firstNew),
      firstNew.index,
      {
        parent: parentOf(firstOld, firstNew),
        group,
      },
    );
    for (const b of olds) blockPairId.old[b.index] = id;
    for (const b of news) blockPairId.new[b.index] = id;
  }
  for (const block of newTables.blocks) {
    if (blockPairId.new[block.index]) continue;
    blockPairId.new[block.index] = builder.add('block', 'inserted', 0, null, blockRef(newTables, block), block.index, {
      parent: parentOf(null, block),
    });
  }
  for (const block of oldTables.blocks) {
    if (blockPairId.old[block.index]) continue;
    blockPairId.old[block.index] = builder.add(
      'block',
      'deleted',
      0,
      blockRef(oldTables, block),
      null,
      oldBlockOrder[block.index] as number,
      {
        parent: parentOf(block, null),
      },
    );
  }

  // 5. Sentences inside block pairs, then across the document.
  // Sentence fingerprints are made on first use: the sentences of identical blocks (most of a long edition) never
  // need one.
  const lazyPrints = (tables: UnitTables): ((i: number) => Fingerprint) => {
    const cache: Array<Fingerprint | undefined> = new Array(tables.sentences.length);
    return (i) => {
      let print = cache[i];
      if (!print) {
        print = fingerprint(keyOf((tables.sentences[i] as { node: { value: string } }).node.value));
        cache[i] = print;
      }
      return print;
    };
  };
  const oldSentencePrint = lazyPrints(oldTables);
  const newSentencePrint = lazyPrints(newTables);
  const sentenceOldPartner = new Int32Array(oldTables.sentences.length).fill(-1);
  const sentenceNewPartner = new Int32Array(newTables.sentences.length).fill(-1);
  const sentencePairs: Array<{
    old: number[];
    new: number[];
    similarity: number;
    relation: Relation;
    parent?: string;
  }> = [];
  const matchSentences = (
    oldIndices: number[],
    newIndices: number[],
    parent: string | undefined,
    moved: boolean,
  ): void => {
    const matching = matchUnits(
      oldIndices.map(oldSentencePrint),
      newIndices.map(newSentencePrint),
      SENTENCE_MATCH_OPTIONS,
    );
    recordSentences(matching, oldIndices, newIndices, parent, moved);
  };
  const recordSentences = (
    matching: Matching,
    oldIndices: number[],
    newIndices: number[],
    parent: string | undefined,
    moved: boolean,
  ): void => {
    for (const m of matching.matches) {
      const o = oldIndices[m.old] as number;
      const n = newIndices[m.new] as number;
      sentenceOldPartner[o] = n;
      sentenceNewPartner[n] = o;
      const identical = oldSentencePrint(o).key === newSentencePrint(n).key;
      const relation: Relation = moved || m.kind === 'moved' ? 'moved' : identical ? 'unchanged' : 'modified';
      sentencePairs.push({ old: [o], new: [n], similarity: identical ? 1 : m.similarity, relation, parent });
    }
    for (const g of matching.groups) {
      const olds = g.old.map((i) => oldIndices[i] as number);
      const news = g.new.map((i) => newIndices[i] as number);
      for (const o of olds) sentenceOldPartner[o] = news[0] as number;
      for (const n of news) sentenceNewPartner[n] = olds[0] as number;
      sentencePairs.push({ old: olds, new: news, similarity: g.similarity, relation: g.kind, parent });
    }
  };
  for (const m of blocks.matches) {
    const ob = oldTables.blocks[m.old] as BlockUnit;
    const nb = newTables.blocks[m.new] as BlockUnit;
    const parent = blockPairId.new[m.new];
    const sameKeys =
      ob.sentences.length === nb.sentences.length &&
      ob.sentences.every((o, i) => {
        const n = nb.sentences[i] as number;
        const a = (oldTables.sentences[o] as { node: { value: string } }).node.value;
        const b = (newTables.sentences[n] as { node: { value: string } }).node.value;
        return a === b || keyOf(a) === keyOf(b);
      });
    if (!sameKeys) {
      matchSentences(ob.sentences, nb.sentences, parent, false);
      continue;
    }
    // Fast path for the common case, identical blocks: sentences pair one to one. A sentence's relation is relative
    // to its block pair, so the sentences of a moved block are unchanged; the block pair carries the move.
    const relation: Relation = 'unchanged';
    ob.sentences.forEach((o, i) => {
      const n = nb.sentences[i] as number;
      sentenceOldPartner[o] = n;
      sentenceNewPartner[n] = o;
      sentencePairs.push({ old: [o], new: [n], similarity: 1, relation, parent });
    });
  }
  for (const g of blocks.groups) {
    const olds = g.old.flatMap((i) => (oldTables.blocks[i] as BlockUnit).sentences);
    const news = g.new.flatMap((i) => (newTables.blocks[i] as BlockUnit).sentences);
    matchSentences(olds, news, blockPairId.new[g.new[0] as number], false);
  }
  const freeOld = oldTables.sentences.filter((s) => sentenceOldPartner[s.index] === -1).map((s) => s.index);
  const freeNew = newTables.sentences.filter((s) => sentenceNewPartner[s.index] === -1).map((s) => s.index);
  if (freeOld.length > 0 && freeNew.length > 0) {
    const matching = matchUnits(freeOld.map(oldSentencePrint), freeNew.map(newSentencePrint), GLOBAL_SENTENCE_OPTIONS);
    // Across blocks every pairing is a move: the sentence left the paragraph it was in.
    for (const m of matching.matches) {
      const n = freeNew[m.new] as number;
      const parent = blockPairId.new[(newTables.sentences[n] as { block: number }).block];
      recordSentences({ ...matching, matches: [m], groups: [] }, freeOld, freeNew, parent, true);
    }
  }
  const oldSentenceOrder = orderKeys(sentenceOldPartner, newTables.sentences.length);
  for (const p of sentencePairs) {
    const [o, ...restOld] = p.old;
    const [n, ...restNew] = p.new;
    const oldRef = o === undefined ? null : sentenceRef(oldTables, oldTables.sentences[o] as never);
    const newRef = n === undefined ? null : sentenceRef(newTables, newTables.sentences[n] as never);
    const group: UnitRef[] = [
      ...restOld.map((i) => sentenceRef(oldTables, oldTables.sentences[i] as never)),
      ...restNew.map((i) => sentenceRef(newTables, newTables.sentences[i] as never)),
    ];
    builder.add('sentence', p.relation, p.similarity, oldRef, newRef, n ?? 0, {
      parent: p.parent,
      group: group.length > 0 ? group : undefined,
    });
  }
  for (const s of newTables.sentences) {
    if (sentenceNewPartner[s.index] !== -1) continue;
    builder.add('sentence', 'inserted', 0, null, sentenceRef(newTables, s), s.index, {
      parent: blockPairId.new[s.block],
    });
  }
  for (const s of oldTables.sentences) {
    if (sentenceOldPartner[s.index] !== -1) continue;
    builder.add('sentence', 'deleted', 0, sentenceRef(oldTables, s), null, oldSentenceOrder[s.index] as number, {
      parent: blockPairId.old[s.block],
    });
  }

  return { old: oldTables, new: newTables, pairs: builder.finish() };
}

/** The one relation of a section pair: moves first, then heading changes, then content. */
function sectionRelation(
  oldSection: SectionUnit,
  newSection: SectionUnit,
  oldHeadings: readonly HeadingPrint[],
  newHeadings: readonly HeadingPrint[],
  moved: boolean,
  oldBlockPrints: readonly Fingerprint[],
  newBlockPrints: readonly Fingerprint[],
  blocks: Matching,
): Relation {
  if (moved) return 'moved';
  const a = oldHeadings[oldSection.index] as HeadingPrint;
  const b = newHeadings[newSection.index] as HeadingPrint;
  if (a.label !== b.label) return 'renumbered';
  if (a.title.key !== b.title.key) return 'retitled';
  // Same heading: unchanged when its own blocks are the same blocks in the same order and read the same after
  // normalisation (as their own pairs say), else modified.
  if (oldSection.blocks.length !== newSection.blocks.length) return 'modified';
  for (let i = 0; i < oldSection.blocks.length; i++) {
    const o = oldSection.blocks[i] as number;
    const n = newSection.blocks[i] as number;
    if (blocks.oldPartner[o] !== n) return 'modified';
    if ((oldBlockPrints[o] as Fingerprint).key !== (newBlockPrints[n] as Fingerprint).key) return 'modified';
  }
  return 'unchanged';
}

/**
 * Where deleted units stand in the new edition's reading order: just after the new partner of the nearest
 * preceding old unit that has one (or before everything).
 */
function orderKeys(oldPartner: Int32Array, newCount: number): Float64Array {
  const keys = new Float64Array(oldPartner.length);
  let anchor = -0.5;
  for (let i = 0; i < oldPartner.length; i++) {
    const partner = oldPartner[i] as number;
    if (partner >= 0) anchor = partner + 0.5;
    keys[i] = Math.min(anchor, newCount);
  }
  return keys;
}

/** Collects pairs per level, then sorts each level into reading order and numbers them. */
class PairBuilder {
  private readonly levels: Array<Array<{ pair: AlignedPair; order: number; sequence: number }>> = [[], [], []];
  private sequence = 0;
  private readonly prefixes = ['s', 'b', 't'];

  /** Add a pair at `level` (section, block, sentence); `order` is its place in the new edition's reading order. */
  add(
    level: AlignedPair['level'],
    relation: Relation,
    similarity: number,
    oldRef: UnitRef | null,
    newRef: UnitRef | null,
    order: number,
    extra: {
      parent?: string | undefined;
      group?: UnitRef[] | undefined;
      heading?: AlignedPair['heading'] | undefined;
    } = {},
  ): string {
    const levelIndex = level === 'section' ? 0 : level === 'block' ? 1 : 2;
    const id = `${this.prefixes[levelIndex]}${this.sequence++}`;
    const pair: AlignedPair = {
      id,
      level,
      relation,
      similarity: round(relation === 'unchanged' ? 1 : similarity),
      significance: 'none',
      old: oldRef,
      new: newRef,
      changes: [],
    };
    if (extra.parent !== undefined) pair.parent = extra.parent;
    if (extra.group !== undefined) pair.group = extra.group;
    if (extra.heading !== undefined) pair.heading = extra.heading;
    (this.levels[levelIndex] as Array<{ pair: AlignedPair; order: number; sequence: number }>).push({
      pair,
      order,
      sequence: this.sequence,
    });
    return id;
  }

  /** All pairs: sections, then blocks, then sentences, each in reading order. */
  finish(): AlignedPair[] {
    const out: AlignedPair[] = [];
    for (const level of this.levels) {
      level.sort((a, b) => a.order - b.order || a.sequence - b.sequence);
      for (const entry of level) out.push(entry.pair);
    }
    return out;
  }
}

/** Round a similarity for stable, readable output. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
