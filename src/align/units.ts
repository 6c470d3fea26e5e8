import type { UnitRef } from '../model/comparison.js';
import type { BlockNode, DocumentNode, HeadingNode, SectionNode, SentenceNode } from '../model/tree.js';

/** A section flattened out of the tree, in pre-order. */
export interface SectionUnit {
  index: number;
  node: SectionNode;
  heading: HeadingNode;
  /** Index of the enclosing section, or -1 at the top. */
  parent: number;
  depth: number;
  /** Labels (titles for unnumbered headings) from the outermost section down to this one. */
  path: string[];
  /** Indices of the blocks directly inside this section (not in subsections). */
  blocks: number[];
  /** Indices of the direct subsections. */
  children: number[];
}

/** A block (paragraph, caption, list item) flattened out of the tree, in document order. */
export interface BlockUnit {
  index: number;
  node: Exclude<BlockNode, { type: 'box' }>;
  /** The innermost enclosing section, or -1 for blocks before the first heading. */
  section: number;
  /** Indices of this block's sentences in the document-wide sentence table. */
  sentences: number[];
}

/** A sentence flattened out of the tree, in document order. */
export interface SentenceUnit {
  index: number;
  node: SentenceNode;
  block: number;
}

/** The units of one edition as flat tables, so the aligner works on indices rather than walking trees. */
export interface UnitTables {
  document: DocumentNode;
  sections: SectionUnit[];
  blocks: BlockUnit[];
  sentences: SentenceUnit[];
}

/** The label a heading contributes to a section path: its number, or its title when it has none. */
export function pathLabel(heading: HeadingNode): string {
  return heading.label ?? heading.title;
}

/**
 * The path labels of the sections among `children`, in order: each heading's `pathLabel`, except where siblings
 * share one (the 附則 of every amending law at the end of a Japanese statute, two "Annex" sections), which take their
 * whole heading, so that a path names one place and a report never says a unit moved from "附則 › 第一条" to
 * "附則 › 第一条" when it went from one law's supplementary provisions to another's.
 */
export function sectionPathLabels(children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>): string[] {
  const labels: string[] = [];
  const counts = new Map<string, number>();
  for (const child of children) {
    if (child.type !== 'section') continue;
    const label = pathLabel(child.children[0]);
    labels.push(label);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let at = 0;
  for (const child of children) {
    if (child.type !== 'section') continue;
    const label = labels[at] as string;
    const heading = child.children[0];
    if ((counts.get(label) ?? 0) > 1 && heading.label !== undefined && heading.title !== '') {
      labels[at] = heading.value.replace(/[ \t\r\n]+/g, ' ').trim();
    }
    at++;
  }
  return labels;
}

/** Flatten a document tree into section, block and sentence tables (one pass, document order). */
export function flattenDocument(document: DocumentNode): UnitTables {
  const tables: UnitTables = { document, sections: [], blocks: [], sentences: [] };

  const addBlock = (block: BlockNode, section: number): void => {
    if (block.type === 'box') {
      // A box is a frame, not a unit of text: its blocks align on their own, wherever the box went.
      for (const child of block.children) addBlock(child, section);
      return;
    }
    const unit: BlockUnit = { index: tables.blocks.length, node: block, section, sentences: [] };
    tables.blocks.push(unit);
    for (const sentence of block.children) {
      unit.sentences.push(tables.sentences.length);
      tables.sentences.push({ index: tables.sentences.length, node: sentence, block: unit.index });
    }
    if (section >= 0) (tables.sections[section] as SectionUnit).blocks.push(unit.index);
  };

  const visit = (children: Array<SectionNode | BlockNode | HeadingNode>, parent: number, path: string[]): void => {
    const labels = sectionPathLabels(children);
    let at = 0;
    for (const child of children) {
      if (child.type === 'heading') continue;
      if (child.type !== 'section') {
        addBlock(child, parent);
        continue;
      }
      const heading = child.children[0];
      const unit: SectionUnit = {
        index: tables.sections.length,
        node: child,
        heading,
        parent,
        depth: child.depth,
        path: [...path, labels[at++] as string],
        blocks: [],
        children: [],
      };
      tables.sections.push(unit);
      if (parent >= 0) (tables.sections[parent] as SectionUnit).children.push(unit.index);
      visit(child.children, unit.index, unit.path);
    }
  };
  visit(document.children, -1, []);
  return tables;
}

/** The section path of a block (empty before the first heading). */
export function blockPath(tables: UnitTables, block: BlockUnit): string[] {
  return block.section >= 0 ? (tables.sections[block.section] as SectionUnit).path : [];
}

/** A reference to a section's heading, as reports show it. */
export function sectionRef(section: SectionUnit): UnitRef {
  const ref: UnitRef = {
    kind: 'heading',
    index: section.index,
    text: section.heading.value,
    path: section.path,
    label: section.heading.label,
    title: section.heading.title,
  };
  if (section.heading.position) ref.position = section.heading.position;
  return ref;
}

/** A reference to a block. */
export function blockRef(tables: UnitTables, block: BlockUnit): UnitRef {
  const ref: UnitRef = {
    kind: block.node.type,
    index: block.index,
    text: block.node.value,
    path: blockPath(tables, block),
  };
  if (block.node.position) ref.position = block.node.position;
  return ref;
}

/** A reference to a sentence. */
export function sentenceRef(tables: UnitTables, sentence: SentenceUnit): UnitRef {
  const block = tables.blocks[sentence.block] as BlockUnit;
  const ref: UnitRef = {
    kind: 'sentence',
    index: sentence.index,
    text: sentence.node.value,
    path: blockPath(tables, block),
  };
  if (sentence.node.position) ref.position = sentence.node.position;
  return ref;
}

/** A reference to the document's title line. */
export function titleRef(title: HeadingNode): UnitRef {
  const ref: UnitRef = { kind: 'title', index: 0, text: title.value, path: [], label: title.label, title: title.title };
  if (title.position) ref.position = title.position;
  return ref;
}
