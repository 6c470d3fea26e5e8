/**
 * Section alignment from the evidence of their content.
 *
 * Outline:
 *  1. Content evidence: every matched block pair adds its shared weight (similarity × the smaller block's letter
 *     count) to each pair of enclosing sections (ancestors included, so containers with no text of their own
 *     align through their descendants). A section pair's content score is the Dice coefficient of shared weight
 *     against both subtrees' weights.
 *  2. Heading evidence: label and numbering scheme equal, title similarity. It breaks ties between a section and its
 *     ancestors (which share the same content) and aligns empty sections, but never alone pairs two sections that
 *     both hold text: "(2) Enforcement of the Legislation…" and a new special feature on the same legislation share
 *     title words, not content, and a reader expects a deletion and an insertion there.
 *  3. Order: the heaviest chain (chain.ts) over pre-order indices keeps the outline in order; strong pairs left out
 *     of it are moved sections.
 */
import { type Candidate, heaviestChain } from './chain.js';
import { type Fingerprint, wordDice } from './fingerprint.js';
import { type Matching, tieBreak } from './match.js';
import type { SectionUnit, UnitTables } from './units.js';

/** The result of section alignment: partners both ways and how each pair was found. */
export interface SectionMatching {
  oldPartner: Int32Array;
  newPartner: Int32Array;
  /** For each old section with a partner: true when the pair lies outside the ordered chain. */
  moved: Uint8Array;
  /** Content similarity of each old section with its partner (subtree Dice), or heading similarity for empty ones. */
  similarity: Float64Array;
}

/** Fingerprints of a section heading's label and title, for heading similarity. */
export interface HeadingPrint {
  label: string;
  scheme: string;
  title: Fingerprint;
}

const MIN_CONTENT = 0.25;
const MIN_MOVED_CONTENT = 0.5;
const MIN_EMPTY_HEADING = 0.6;

/** Similarity of two headings in [0, 1]: label, scheme and title words. */
export function headingSimilarity(a: HeadingPrint, b: HeadingPrint): number {
  const label = a.label !== '' && a.label === b.label ? 0.4 : 0;
  const scheme = a.scheme === b.scheme ? 0.2 : 0;
  return label + scheme + 0.4 * wordDice(a.title, b.title);
}

/** Align the sections of two editions given the block matching. */
export function alignSections(
  oldTables: UnitTables,
  newTables: UnitTables,
  oldBlockPrints: readonly Fingerprint[],
  newBlockPrints: readonly Fingerprint[],
  blocks: Matching,
  oldHeadings: readonly HeadingPrint[],
  newHeadings: readonly HeadingPrint[],
): SectionMatching {
  const oldCount = oldTables.sections.length;
  const newCount = newTables.sections.length;
  const oldWeight = subtreeWeights(oldTables, oldBlockPrints);
  const newWeight = subtreeWeights(newTables, newBlockPrints);

  // 1. Content evidence, accumulated over ancestor pairs.
  const shared = new Map<number, number>();
  const credit = (oldBlock: number, newBlock: number, similarity: number): void => {
    const ob = oldTables.blocks[oldBlock];
    const nb = newTables.blocks[newBlock];
    if (!ob || !nb || ob.section < 0 || nb.section < 0) return;
    const weight =
      similarity *
      Math.min((oldBlockPrints[oldBlock] as Fingerprint).weight, (newBlockPrints[newBlock] as Fingerprint).weight);
    if (weight <= 0) return;
    for (let a = ob.section; a >= 0; a = (oldTables.sections[a] as SectionUnit).parent) {
      for (let b = nb.section; b >= 0; b = (newTables.sections[b] as SectionUnit).parent) {
        const key = a * newCount + b;
        shared.set(key, (shared.get(key) ?? 0) + weight);
      }
    }
  };
  for (const m of blocks.matches) credit(m.old, m.new, m.similarity);
  for (const g of blocks.groups) {
    for (const o of g.old) for (const n of g.new) credit(o, n, g.similarity / Math.max(g.old.length, g.new.length));
  }

  const headingTie = (a: number, b: number): number =>
    tieBreak((oldHeadings[a] as HeadingPrint).title, (newHeadings[b] as HeadingPrint).title, a, b);
  const candidates: Array<Candidate & { similarity: number }> = [];
  for (const [key, weight] of shared) {
    const a = Math.floor(key / newCount);
    const b = key - a * newCount;
    const content = (2 * weight) / ((oldWeight[a] as number) + (newWeight[b] as number));
    if (content < MIN_CONTENT) continue;
    const heading = headingSimilarity(oldHeadings[a] as HeadingPrint, newHeadings[b] as HeadingPrint);
    candidates.push({ old: a, new: b, weight: 0.7 * content + 0.3 * heading + headingTie(a, b), similarity: content });
  }

  // 2. Headings alone, for sections without text on either side (containers, empty articles).
  const emptyNew = new Map<string, number[]>();
  for (let b = 0; b < newCount; b++) {
    if (newWeight[b] !== 0) continue;
    const key = headingKey(newHeadings[b] as HeadingPrint);
    const list = emptyNew.get(key);
    if (list) list.push(b);
    else emptyNew.set(key, [b]);
  }
  for (let a = 0; a < oldCount; a++) {
    if (oldWeight[a] !== 0) continue;
    for (const b of emptyNew.get(headingKey(oldHeadings[a] as HeadingPrint)) ?? []) {
      const heading = headingSimilarity(oldHeadings[a] as HeadingPrint, newHeadings[b] as HeadingPrint);
      if (heading >= MIN_EMPTY_HEADING) {
        candidates.push({ old: a, new: b, weight: 0.7 * heading + headingTie(a, b), similarity: heading });
      }
    }
  }

  // 3. Order, then moves.
  const oldPartner = new Int32Array(oldCount).fill(-1);
  const newPartner = new Int32Array(newCount).fill(-1);
  const moved = new Uint8Array(oldCount);
  const similarity = new Float64Array(oldCount);
  for (const id of heaviestChain(candidates, newCount)) {
    const c = candidates[id] as Candidate & { similarity: number };
    oldPartner[c.old] = c.new;
    newPartner[c.new] = c.old;
    similarity[c.old] = c.similarity;
  }
  const rest = candidates.filter((c) => c.similarity >= MIN_MOVED_CONTENT).sort((x, y) => y.weight - x.weight);
  for (const c of rest) {
    if (oldPartner[c.old] !== -1 || newPartner[c.new] !== -1) continue;
    oldPartner[c.old] = c.new;
    newPartner[c.new] = c.old;
    moved[c.old] = 1;
    similarity[c.old] = c.similarity;
  }
  return { oldPartner, newPartner, moved, similarity };
}

/** Letters in each section's subtree. */
function subtreeWeights(tables: UnitTables, prints: readonly Fingerprint[]): Float64Array {
  const weight = new Float64Array(tables.sections.length);
  for (const block of tables.blocks) {
    const w = (prints[block.index] as Fingerprint).weight;
    for (let s = block.section; s >= 0; s = (tables.sections[s] as SectionUnit).parent)
      weight[s] = (weight[s] as number) + w;
  }
  return weight;
}

/** Key under which empty sections may pair: the label if numbered, else the title. */
function headingKey(heading: HeadingPrint): string {
  return heading.label !== '' ? `${heading.scheme}\u0000${heading.label}` : `\u0001${heading.title.key}`;
}
