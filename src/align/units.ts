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

/** Sibling sections up to which shared labels are looked for pairwise rather than counted in a map. */
const SHORT_RUN = 16;

/**
 * The path labels of the sections among `children`, in order: each heading's `pathLabel`, except where siblings
 * share one (the 附則 of every amending law at the end of a Japanese statute, two "Annex" sections), which take their
 * whole heading, so that a path names one place and a report never says a unit moved from "附則 › 第一条" to
 * "附則 › 第一条" when it went from one law's supplementary provisions to another's.
 */
export function sectionPathLabels(children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>): string[] {
  // Indexed loops, and no map until two siblings share a label: this runs once per section of both editions, cold
  // (most sections are articles with no subsections at all), where an unoptimised for…of allocates an iterator
  // result per step.
  const labels: string[] = [];
  let shared = false;
  for (let c = 0; c < children.length; c++) {
    const child = children[c] as SectionNode | BlockNode | HeadingNode;
    if (child.type !== 'section') continue;
    const label = pathLabel(child.children[0]);
    // A few siblings are compared pairwise; a long run of them (a flat statute's articles) is counted in the map.
    if (!shared && labels.length < SHORT_RUN)
      for (let k = 0; k < labels.length && !shared; k++) shared = labels[k] === label;
    labels.push(label);
  }
  if (!shared && labels.length <= SHORT_RUN) return labels;
  const counts = new Map<string, number>();
  for (let k = 0; k < labels.length; k++) counts.set(labels[k] as string, (counts.get(labels[k] as string) ?? 0) + 1);
  let at = 0;
  for (let c = 0; c < children.length; c++) {
    const child = children[c] as SectionNode | BlockNode | HeadingNode;
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

  // Indexed loops throughout: flattening runs once per edition, cold, over every unit.
  const addBlock = (block: BlockNode, section: number): void => {
    if (block.type === 'box') {
      // A box is a frame, not a unit of text: its blocks align on their own, wherever the box went.
      for (let c = 0; c < block.children.length; c++) addBlock(block.children[c] as BlockNode, section);
      return;
    }
    const children = block.children;
    // The sentence indices are known in advance: one exact-size list instead of one grown by pushes.
    const sentences = new Array<number>(children.length);
    const unit: BlockUnit = { index: tables.blocks.length, node: block, section, sentences };
    tables.blocks.push(unit);
    for (let c = 0; c < children.length; c++) {
      sentences[c] = tables.sentences.length;
      tables.sentences.push({ index: tables.sentences.length, node: children[c] as SentenceNode, block: unit.index });
    }
    if (section >= 0) (tables.sections[section] as SectionUnit).blocks.push(unit.index);
  };

  const visit = (children: Array<SectionNode | BlockNode | HeadingNode>, parent: number, path: string[]): void => {
    const labels = sectionPathLabels(children);
    let at = 0;
    for (let c = 0; c < children.length; c++) {
      const child = children[c] as SectionNode | BlockNode | HeadingNode;
      if (child.type === 'heading') continue;
      if (child.type !== 'section') {
        addBlock(child, parent);
        continue;
      }
      const heading = child.children[0];
      // One exact copy with the label appended (a copy then a push grows it a second time).
      const own = path.concat(labels[at++] as string);
      const unit: SectionUnit = {
        index: tables.sections.length,
        node: child,
        heading,
        parent,
        depth: child.depth,
        path: own,
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
