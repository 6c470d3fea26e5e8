/**
 * Section alignment from all the evidence at once: shared content, heading identity, place in the outline and order.
 *
 * Outline:
 *  1. Content evidence (`contentEvidence`): every matched block pair adds its shared weight (similarity × the smaller
 *     block's letter count) to each pair of enclosing sections, ancestors included, so containers with no text of
 *     their own align through their descendants. A pair's content score is the larger of two Dice coefficients:
 *     over whole subtrees, and over the sections' own blocks (so a section that gained a nested subsection, a box
 *     one level deeper, still scores on the text it kept).
 *  2. Identity evidence (`identityCandidates`): the same heading (label and title), or the same provision number
 *     (a named label such as "Article 5", "§ 5", "第五条", not a list ordinal such as "(2)") under parents that are
 *     already paired. Identity pairs a section whose body was rewritten, which content alone never would.
 *     Identity yields to strong content evidence: when the old section's text went to another new section, or the
 *     new section's text came from another old one (outside its own ancestors and descendants), the number was
 *     reused and the two stay apart (docs/decisions/0008-same-number-same-provision.md).
 *  3. Choice (`choosePairs`): the heaviest chain of candidates over pre-order indices (chain.ts: the weighted longest
 *     increasing subsequence) keeps the outline in order, as in ordered tree alignment where a pre-order embedding
 *     preserves ancestry and order (Zhang and Shasha 1989; Selkow's top-down distance 1977 restricts the same idea
 *     to parents-first). Strong pairs left out of the chain are then taken greedily by score: moved sections.
 *  4. Steps 2–3 are repeated with "parents paired" taken from the previous round, so identity propagates down the
 *     outline (a chapter paired by content lets its rewritten articles pair by number), to a fixpoint or 3 rounds.
 *  5. Place (`placeSections`): a pair is `moved` only when its nearest paired ancestors are not counterparts, or it
 *     is out of reading order among the pairs under the same parent pair (heaviest chain again). A pair in its
 *     counterpart and in order is never moved, so "moved to the same place" cannot be produced.
 */
import { type Candidate, heaviestChain } from './chain.js';
import { type Fingerprint, intersectionSize, wordDice } from './fingerprint.js';
import { type Matching, tieBreak } from './match.js';
import type { SectionUnit, UnitTables } from './units.js';

/** The result of section alignment: partners both ways and how each pair was found. */
export interface SectionMatching {
  oldPartner: Int32Array;
  newPartner: Int32Array;
  /** For each old section with a partner: 1 when the pair is out of place (see `placeSections`). */
  moved: Uint8Array;
  /** Similarity of each old section with its partner: content score, or heading similarity for empty ones. */
  similarity: Float64Array;
}

/** Fingerprints of a section heading's label and title, for heading similarity. */
export interface HeadingPrint {
  label: string;
  scheme: string;
  title: Fingerprint;
}

/** One edition's side of section alignment. */
export interface SectionSide {
  tables: UnitTables;
  blockPrints: readonly Fingerprint[];
  headings: readonly HeadingPrint[];
}

/** What section alignment needs: both editions and the block matching. */
export interface SectionInput {
  old: SectionSide;
  new: SectionSide;
  blocks: Matching;
}

/** Least content score for a pair on content alone. */
const MIN_CONTENT = 0.25;
/** Least content score for a content pair out of order (a moved section). */
const MIN_MOVED_CONTENT = 0.5;
/** Least heading similarity for two sections without text to pair on their headings. */
const MIN_EMPTY_HEADING = 0.6;
/** Least word Dice of two sections' own texts for a number to pair across one inserted or removed level. */
const MIN_BODY_SIMILARITY = 0.3;
/** Content evidence elsewhere that overrides identity: at least this score … */
const STRONG_ELSEWHERE = 0.5;
/** … and this much above the identity pair's own content score. */
const ELSEWHERE_MARGIN = 0.25;
/** Rounds of steps 2–3. */
const MAX_ROUNDS = 3;

/** Schemes whose labels are list ordinals ("(2)", "1.", "a)"): positions, not names of provisions. */
const ORDINAL_SCHEME = /^(?:decimal-|arabic|letter-|circled|fullwidth-arabic|kanji|roman|bullet|paren-|.*katakana)/;

/** Similarity of two headings in [0, 1]: label, scheme and title words. */
export function headingSimilarity(a: HeadingPrint, b: HeadingPrint): number {
  const label = a.label !== '' && a.label === b.label ? 0.4 : 0;
  const scheme = a.scheme === b.scheme ? 0.2 : 0;
  return label + scheme + 0.4 * wordDice(a.title, b.title);
}

/** Whether two headings read the same: label and title. */
function sameHeading(a: HeadingPrint, b: HeadingPrint): boolean {
  return a.label === b.label && a.title.key === b.title.key && (a.label !== '' || a.title.key !== '');
}

/** Whether a heading's label names a provision (Article 5, § 5, 第五条, Chapter 3) rather than a list position. */
function namedLabel(heading: HeadingPrint): boolean {
  return heading.label !== '' && heading.scheme !== 'unnumbered' && !ORDINAL_SCHEME.test(heading.scheme);
}

/** Shared block weight per section pair, over subtrees and over own blocks, and each section's weights. */
interface ContentEvidence {
  /** Key old × newCount + new → shared weight of the two subtrees. */
  subtree: Map<number, number>;
  /** Same key → shared weight of the two sections' own blocks. */
  own: Map<number, number>;
  oldWeight: { subtree: Float64Array; own: Float64Array };
  newWeight: { subtree: Float64Array; own: Float64Array };
}

/** Step 1: the weight of matched text each pair of sections shares. */
function contentEvidence(input: SectionInput): ContentEvidence {
  const { old, blocks } = input;
  const neu = input.new;
  const newCount = neu.tables.sections.length;
  const subtree = new Map<number, number>();
  const own = new Map<number, number>();
  const credit = (oldBlock: number, newBlock: number, similarity: number): void => {
    const ob = old.tables.blocks[oldBlock];
    const nb = neu.tables.blocks[newBlock];
    if (!ob || !nb || ob.section < 0 || nb.section < 0) return;
    const weight =
      similarity *
      Math.min((old.blockPrints[oldBlock] as Fingerprint).weight, (neu.blockPrints[newBlock] as Fingerprint).weight);
    if (weight <= 0) return;
    const ownKey = ob.section * newCount + nb.section;
    own.set(ownKey, (own.get(ownKey) ?? 0) + weight);
    for (let a = ob.section; a >= 0; a = (old.tables.sections[a] as SectionUnit).parent) {
      for (let b = nb.section; b >= 0; b = (neu.tables.sections[b] as SectionUnit).parent) {
        const key = a * newCount + b;
        subtree.set(key, (subtree.get(key) ?? 0) + weight);
      }
    }
  };
  // Indexed loops: cold, for…of allocates an iterator result per step.
  for (let k = 0; k < blocks.matches.length; k++) {
    const m = blocks.matches[k] as Matching['matches'][number];
    credit(m.old, m.new, m.similarity);
  }
  // Each piece of a split or merge is credited whole: `credit` already weighs it by the smaller of the two units,
  // the piece, so the pieces together weigh what the one unit shares (dividing by their number as well made a
  // paragraph split in three count a third of its text, and its section lose its renumbered partner).
  for (let k = 0; k < blocks.groups.length; k++) {
    const g = blocks.groups[k] as Matching['groups'][number];
    for (let i = 0; i < g.old.length; i++)
      for (let j = 0; j < g.new.length; j++) credit(g.old[i] as number, g.new[j] as number, g.similarity);
  }
  return { subtree, own, oldWeight: sectionWeights(old), newWeight: sectionWeights(neu) };
}

/** Letters in each section's subtree and in its own blocks. */
function sectionWeights(side: SectionSide): { subtree: Float64Array; own: Float64Array } {
  const subtree = new Float64Array(side.tables.sections.length);
  const own = new Float64Array(side.tables.sections.length);
  // Indexed: cold, for…of allocates an iterator result per block.
  for (let k = 0; k < side.tables.blocks.length; k++) {
    const block = side.tables.blocks[k] as (typeof side.tables.blocks)[number];
    const w = (side.blockPrints[block.index] as Fingerprint).weight;
    if (block.section >= 0) own[block.section] = (own[block.section] as number) + w;
    for (let s = block.section; s >= 0; s = (side.tables.sections[s] as SectionUnit).parent)
      subtree[s] = (subtree[s] as number) + w;
  }
  return { subtree, own };
}

/** The content score of sections a (old) and b (new) in [0, 1]: the better of subtree Dice and own-blocks Dice. */
function contentScore(evidence: ContentEvidence, a: number, b: number, newCount: number): number {
  const key = a * newCount + b;
  const shared = evidence.subtree.get(key) ?? 0;
  if (shared === 0) return 0;
  const total = (evidence.oldWeight.subtree[a] as number) + (evidence.newWeight.subtree[b] as number);
  const whole = (2 * shared) / total;
  const ownShared = evidence.own.get(key) ?? 0;
  const ownTotal = (evidence.oldWeight.own[a] as number) + (evidence.newWeight.own[b] as number);
  return ownShared > 0 ? Math.max(whole, (2 * ownShared) / ownTotal) : whole;
}

/** A scored candidate section pair. */
interface SectionCandidate extends Candidate {
  content: number;
  /** 2 for the same heading, 1 for the same provision number, 0 for content alone. */
  identity: number;
  /** Similarity reported for the pair. */
  similarity: number;
  /**
   * Heading similarity and tie-break, which do not change between rounds: computed once per candidate, as are its
   * weights under paired parents and elsewhere (choosePairs).
   */
  fixed?: FixedEvidence;
}

/** What does not change between rounds for a candidate (see SectionCandidate). */
interface FixedEvidence {
  heading: number;
  tieBreak: number;
  /** The candidate's weight when its parents are paired, and when not. */
  placed?: number;
  unplaced?: number;
}

/** Pre-order extent of every section's subtree: section s spans indices [s, end[s]). */
function subtreeEnds(tables: UnitTables): Int32Array {
  const end = new Int32Array(tables.sections.length);
  for (let s = tables.sections.length - 1; s >= 0; s--) {
    const section = tables.sections[s] as SectionUnit;
    const last = section.children.at(-1);
    end[s] = last === undefined ? s + 1 : (end[last] as number);
  }
  return end;
}

/** Everything the rounds share: candidates on content, the best content elsewhere, lineage tests. */
interface SectionContext {
  input: SectionInput;
  oldCount: number;
  newCount: number;
  evidence: ContentEvidence;
  content: SectionCandidate[];
  /** Per old section, its content candidates' (new, score), best first; the same per new section. */
  oldBest: Array<Array<[number, number]>>;
  newBest: Array<Array<[number, number]>>;
  oldEnd: Int32Array;
  newEnd: Int32Array;
  /** Identity keys of every heading on each side, and the new sections under each key: built once, used every round. */
  oldKeys: string[][];
  newKeys: string[][];
  newByKey: Map<string, number[]>;
  /** The pairs sharing an identity key, built on the first round (identityPairs). */
  identityPairs?: IdentityPair[];
}

/** Two sections that share an identity key, and what every round needs of them. */
interface IdentityPair {
  old: number;
  new: number;
  /** 2 for the same heading, 1 for the same provision number. */
  identity: number;
  content: number;
  fixed: FixedEvidence;
  /** The pair as a candidate, made when a round first takes it. */
  candidate?: SectionCandidate;
  /** Whether content says the two went elsewhere (see wentElsewhere), computed when a round first needs it. */
  excluded?: boolean;
}

/** Step 1 as candidates: content pairs, and heading pairs for sections without text. */
function contentCandidates(input: SectionInput): SectionContext {
  const oldCount = input.old.tables.sections.length;
  const newCount = input.new.tables.sections.length;
  const evidence = contentEvidence(input);
  const oldHeadings = input.old.headings;
  const newHeadings = input.new.headings;
  const content: SectionCandidate[] = [];
  const oldBest: Array<Array<[number, number]>> = Array.from({ length: oldCount }, () => []);
  const newBest: Array<Array<[number, number]>> = Array.from({ length: newCount }, () => []);
  // forEach, not for…of over keys(): cold, each step of the latter allocates an iterator result.
  evidence.subtree.forEach((_, key) => {
    const a = Math.floor(key / newCount);
    const b = key - a * newCount;
    const score = contentScore(evidence, a, b, newCount);
    if (score < MIN_CONTENT) return;
    (oldBest[a] as Array<[number, number]>).push([b, score]);
    (newBest[b] as Array<[number, number]>).push([a, score]);
    content.push({ old: a, new: b, weight: 0, content: score, identity: 0, similarity: score });
  });
  // Comparisons, not a difference: cold, a difference of two scores is a fresh heap number per comparison.
  for (let a = 0; a < oldCount; a++) (oldBest[a] as Array<[number, number]>).sort(byScoreDescending);
  for (let b = 0; b < newCount; b++) (newBest[b] as Array<[number, number]>).sort(byScoreDescending);

  // Sections without text on either side (containers, empty articles) pair on their headings alone.
  const emptyNew = new Map<string, number[]>();
  for (let b = 0; b < newCount; b++) {
    if (evidence.newWeight.subtree[b] !== 0) continue;
    const key = headingKey(newHeadings[b] as HeadingPrint);
    const list = emptyNew.get(key);
    if (list) list.push(b);
    else emptyNew.set(key, [b]);
  }
  for (let a = 0; a < oldCount; a++) {
    if (evidence.oldWeight.subtree[a] !== 0) continue;
    for (const b of emptyNew.get(headingKey(oldHeadings[a] as HeadingPrint)) ?? []) {
      const heading = headingSimilarity(oldHeadings[a] as HeadingPrint, newHeadings[b] as HeadingPrint);
      if (heading >= MIN_EMPTY_HEADING) {
        content.push({ old: a, new: b, weight: 0, content: 0, identity: 0, similarity: heading });
      }
    }
  }
  const newKeys = newHeadings.map(identityKeys);
  return {
    input,
    oldCount,
    newCount,
    evidence,
    content,
    oldBest,
    newBest,
    oldEnd: subtreeEnds(input.old.tables),
    newEnd: subtreeEnds(input.new.tables),
    oldKeys: oldHeadings.map(identityKeys),
    newKeys,
    newByKey: sectionsByKey(newKeys),
  };
}

/** Sorts (section, score) entries best first: the sign of `y[1] - x[1]`, without computing the difference. */
function byScoreDescending(x: [number, number], y: [number, number]): number {
  const a = x[1];
  const b = y[1];
  return a < b ? 1 : a > b ? -1 : 0;
}

/** The sections under each identity key, from every section's keys. */
function sectionsByKey(keysOf: readonly string[][]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  // Indexed loops: cold, for…of allocates an iterator result per step.
  for (let b = 0; b < keysOf.length; b++) {
    const keys = keysOf[b] as string[];
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const list = byKey.get(key);
      if (list) list.push(b);
      else byKey.set(key, [b]);
    }
  }
  return byKey;
}

/** Whether x and y lie on one root-to-leaf line (one is the other's ancestor, or they are the same). */
function related(end: Int32Array, x: number, y: number): boolean {
  return (x <= y && y < (end[x] as number)) || (y <= x && x < (end[y] as number));
}

/**
 * Step 2: identity candidates under paired parents, minus those that content says went elsewhere. `parentsPaired`
 * tells whether old section a's parent and new section b's parent are partners (or both at the top).
 */
function identityCandidates(
  context: SectionContext,
  parentsPaired: (a: number, b: number) => boolean,
): SectionCandidate[] {
  context.identityPairs ??= identityPairs(context);
  const out: SectionCandidate[] = [];
  for (let k = 0; k < context.identityPairs.length; k++) {
    const pair = context.identityPairs[k] as IdentityPair;
    const { old: a, new: b, identity, content } = pair;
    // Under paired parents any identity counts; elsewhere only the same heading over shared text (a section
    // whose container was restructured or renamed around it is still itself).
    if (!parentsPaired(a, b) && (identity < 2 || content === 0)) continue;
    // wentElsewhere first: it is the cheap test and mostly false, and both are pure.
    pair.excluded ??= wentElsewhere(context, a, b, content) && !sameChildren(context, a, b);
    if (pair.excluded) continue;
    // One candidate per pair for all rounds: choosePairs sets its weight afresh each round.
    pair.candidate ??= { old: a, new: b, weight: 0, content, identity, similarity: content, fixed: pair.fixed };
    out.push(pair.candidate);
  }
  return out;
}

/**
 * Every (old, new) pair of sections sharing an identity key, once, in the order the rounds consider them, with what
 * does not change between rounds: identity, content score, heading similarity and tie-break. Only whether the
 * parents are paired changes, so each round filters this list instead of looking the keys up again.
 */
function identityPairs(context: SectionContext): IdentityPair[] {
  const { input, evidence, newCount } = context;
  const pairs: IdentityPair[] = [];
  // The old section each new section was last paired with: a pair met under both of a's keys is taken once.
  const seenWith = new Int32Array(newCount).fill(-1);
  for (let a = 0; a < context.oldCount; a++) {
    const oldHeading = input.old.headings[a] as HeadingPrint;
    const keys = context.oldKeys[a] as string[];
    for (let k = 0; k < keys.length; k++) {
      const news = context.newByKey.get(keys[k] as string);
      if (news === undefined) continue;
      for (let l = 0; l < news.length; l++) {
        const b = news[l] as number;
        if (seenWith[b] === a) continue;
        seenWith[b] = a;
        const newHeading = input.new.headings[b] as HeadingPrint;
        pairs.push({
          old: a,
          new: b,
          identity: sameHeading(oldHeading, newHeading) ? 2 : 1,
          content: contentScore(evidence, a, b, newCount),
          fixed: {
            heading: headingSimilarity(oldHeading, newHeading),
            tieBreak: tieBreak(oldHeading.title, newHeading.title, a, b),
          },
        });
      }
    }
  }
  return pairs;
}

/**
 * Whether two sections' own child headings say they are one container: at least two children each, and most
 * children of both carry an identity key the other has among its children (a 附則 whose articles 第一条 and
 * 第百二十五条 stayed, though the appendix nested under its last article now sits elsewhere). Such a pair is kept
 * against content elsewhere, which then comes from a misplaced descendant, not from the container's own provisions.
 * Articles have no child headings, so a reused article number still yields to its text (decision 0008).
 */
function sameChildren(context: SectionContext, a: number, b: number): boolean {
  const oldChildren = (context.input.old.tables.sections[a] as SectionUnit).children;
  const newChildren = (context.input.new.tables.sections[b] as SectionUnit).children;
  if (oldChildren.length < 2 || newChildren.length < 2) return false;
  const newKeys = new Set(newChildren.flatMap((c) => context.newKeys[c] as string[]));
  const oldKeys = new Set(oldChildren.flatMap((c) => context.oldKeys[c] as string[]));
  const oldShared = oldChildren.filter((c) => (context.oldKeys[c] as string[]).some((k) => newKeys.has(k))).length;
  const newShared = newChildren.filter((c) => (context.newKeys[c] as string[]).some((k) => oldKeys.has(k))).length;
  return 2 * oldShared > oldChildren.length && 2 * newShared > newChildren.length;
}

/** The keys under which a heading claims identity: its whole heading, and its provision number if named. */
function identityKeys(heading: HeadingPrint): string[] {
  const keys: string[] = [];
  if (heading.label !== '' || heading.title.key !== '') keys.push(`h\u0000${heading.label}\u0000${heading.title.key}`);
  if (namedLabel(heading)) keys.push(`n\u0000${heading.scheme}\u0000${heading.label}`);
  return keys;
}

/**
 * Whether strong content evidence ties a or b to another section outside the other's lineage, while the two share
 * little themselves (a pair that shares real content is left to the chain to weigh: a section that kept its text
 * and received a paragraph from elsewhere is still itself).
 */
function wentElsewhere(context: SectionContext, a: number, b: number, content: number): boolean {
  if (content >= MIN_CONTENT) return false;
  const bar = Math.max(STRONG_ELSEWHERE, content + ELSEWHERE_MARGIN);
  const { evidence, newCount } = context;
  // Where both sections hold text of their own, it is their own text that must have gone elsewhere: evidence that
  // comes only from subsections (a section that took in another's subsections, which pair on their own headings)
  // says where those went, not where this section's text went (GitHub 2022: "How GitHub secures your information"
  // took in the subsections of the removed "GitHub's global privacy practices" while its own text was reworded).
  const ownText = (evidence.oldWeight.own[a] as number) > 0 && (evidence.newWeight.own[b] as number) > 0;
  const ownScore = (o: number, n: number): number => {
    const shared = evidence.own.get(o * newCount + n) ?? 0;
    return shared === 0
      ? 0
      : (2 * shared) / ((evidence.oldWeight.own[o] as number) + (evidence.newWeight.own[n] as number));
  };
  const oldBest = context.oldBest[a] as Array<[number, number]>;
  for (let k = 0; k < oldBest.length; k++) {
    // Read by index: cold, array destructuring runs the iterator protocol.
    const entry = oldBest[k] as [number, number];
    const other = entry[0];
    const score = entry[1];
    if (score < bar) break;
    if (ownText && ownScore(a, other) < bar) continue;
    if (!related(context.newEnd, other, b)) return true;
  }
  const newBest = context.newBest[b] as Array<[number, number]>;
  for (let k = 0; k < newBest.length; k++) {
    // Read by index: cold, array destructuring runs the iterator protocol.
    const entry = newBest[k] as [number, number];
    const other = entry[0];
    const score = entry[1];
    if (score < bar) break;
    if (ownText && ownScore(other, b) < bar) continue;
    if (!related(context.oldEnd, other, a)) return true;
  }
  return false;
}

/** Sorts candidates heaviest first: the sign of `y.weight - x.weight`, without computing the difference. */
function byWeightDescending(x: SectionCandidate, y: SectionCandidate): number {
  // Each weight read once: a read of a number field boxes a fresh heap number, cold.
  const a = x.weight;
  const b = y.weight;
  return a < b ? 1 : a > b ? -1 : 0;
}

/** Step 3: the heaviest ordered chain of candidates, then strong pairs out of order, best first. */
function choosePairs(
  context: SectionContext,
  candidates: SectionCandidate[],
  parentsPaired: (a: number, b: number) => boolean,
): { oldPartner: Int32Array; newPartner: Int32Array; similarity: Float64Array } {
  const { input } = context;
  // Indexed: this runs a few times over thousands of candidates, cold, where for…of allocates an iterator result per
  // step.
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as SectionCandidate;
    let fixed = c.fixed;
    if (!fixed) {
      const oldHeading = input.old.headings[c.old] as HeadingPrint;
      const newHeading = input.new.headings[c.new] as HeadingPrint;
      fixed = {
        heading: headingSimilarity(oldHeading, newHeading),
        tieBreak: tieBreak(oldHeading.title, newHeading.title, c.old, c.new),
      };
      c.fixed = fixed;
    }
    // Content first, then heading, then place; identity adds enough that a rewritten section under its own heading
    // outweighs a weak content pairing elsewhere (strong evidence elsewhere has already removed the candidate).
    // Only the place changes between rounds: both weights are summed once, in the same order of terms, and kept.
    if (fixed.placed === undefined || fixed.unplaced === undefined) {
      const { heading, tieBreak } = fixed;
      fixed.unplaced = 0.6 * c.content + 0.25 * heading + 0.15 * 0 + 0.15 * c.identity + tieBreak;
      fixed.placed = 0.6 * c.content + 0.25 * heading + 0.15 * 1 + 0.15 * c.identity + tieBreak;
    }
    c.weight = parentsPaired(c.old, c.new) ? fixed.placed : fixed.unplaced;
  }
  const oldPartner = new Int32Array(context.oldCount).fill(-1);
  const newPartner = new Int32Array(context.newCount).fill(-1);
  const similarity = new Float64Array(context.oldCount);
  const take = (c: SectionCandidate): void => {
    oldPartner[c.old] = c.new;
    newPartner[c.new] = c.old;
    similarity[c.old] = c.similarity;
  };
  const chain = heaviestChain(candidates, context.newCount);
  for (let k = 0; k < chain.length; k++) take(candidates[chain[k] as number] as SectionCandidate);
  // Only candidates whose sections the chain left both free can be taken: the others are left out before sorting
  // (the sort is stable, so the rest keep their order), which spares most comparisons.
  const rest = candidates
    .filter(
      (c) =>
        (c.content >= MIN_MOVED_CONTENT || c.identity === 2) && oldPartner[c.old] === -1 && newPartner[c.new] === -1,
    )
    .sort(byWeightDescending);
  for (let k = 0; k < rest.length; k++) {
    const c = rest[k] as SectionCandidate;
    if (oldPartner[c.old] === -1 && newPartner[c.new] === -1) take(c);
  }
  return { oldPartner, newPartner, similarity };
}

/** Step 5: which pairs are out of place (see the outline). */
function placeSections(
  input: SectionInput,
  oldPartner: Int32Array,
  newPartner: Int32Array,
  evidence: ContentEvidence,
): Uint8Array {
  const oldSections = input.old.tables.sections;
  const newSections = input.new.tables.sections;
  const moved = new Uint8Array(oldSections.length);
  const newEnd = subtreeEnds(input.new.tables);
  const groups = new Map<number, Candidate[]>();
  for (let a = 0; a < oldSections.length; a++) {
    const b = oldPartner[a] as number;
    if (b < 0) continue;
    const oldAnchor = pairedAncestor(oldSections, (oldSections[a] as SectionUnit).parent, oldPartner);
    const newAnchor = pairedAncestor(newSections, (newSections[b] as SectionUnit).parent, newPartner);
    const counterpart = oldAnchor < 0 ? -1 : (oldPartner[oldAnchor] as number);
    // A heading one level deeper or shallower (a box nested under the section before it, a wrapper added) keeps its
    // place when the two anchors lie on one line of the outline; the shallower one names the place.
    const sameLine = counterpart < 0 || newAnchor < 0 || related(newEnd, counterpart, newAnchor);
    if (!sameLine) {
      moved[a] = 1;
      continue;
    }
    const place = Math.min(counterpart, newAnchor);
    const oldTitle = (input.old.headings[a] as HeadingPrint).title;
    const newTitle = (input.new.headings[b] as HeadingPrint).title;
    // The smaller of the two subtrees' weights, as for blocks: the old side's alone would keep a different crossing
    // pair in place when the editions are swapped.
    const weight = Math.min(evidence.oldWeight.subtree[a] as number, evidence.newWeight.subtree[b] as number);
    const candidate = { old: a, new: b, weight: 1 + weight + tieBreak(oldTitle, newTitle, a, b) };
    const group = groups.get(place);
    if (group) group.push(candidate);
    else groups.set(place, [candidate]);
  }
  for (const group of groups.values()) markOutOfOrder(group, moved);
  return moved;
}

/**
 * Marks in `moved` (by old index) the members of `group` left out of its heaviest ordered chain: the units that are
 * out of reading order among those sharing one parent pair (a weighted longest increasing subsequence).
 */
export function markOutOfOrder(group: Candidate[], moved: Uint8Array): void {
  if (group.length < 2) return;
  // New indices ranked within the group, so the chain's prefix-maximum tree is the group's size, not the edition's.
  const ranks = group.map((c) => c.new).sort((x, y) => x - y);
  const local = group.map((c) => ({ old: c.old, new: lowerBound(ranks, c.new), weight: c.weight }));
  const kept = new Uint8Array(group.length);
  for (const id of heaviestChain(local, group.length)) kept[id] = 1;
  group.forEach((c, i) => {
    if (!kept[i]) moved[c.old] = 1;
  });
}

/** The first index of sorted `values` holding a value ≥ `value`. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The nearest section at or above `start` that has a partner in `partner` (-1 for the top of the document). */
export function pairedAncestor(sections: readonly SectionUnit[], start: number, partner: Int32Array): number {
  for (let s = start; s >= 0; s = (sections[s] as SectionUnit).parent) if ((partner[s] as number) >= 0) return s;
  return -1;
}

/** Align the sections of two editions given the block matching (see the module outline). */
export function alignSections(input: SectionInput): SectionMatching {
  const context = contentCandidates(input);
  const oldSections = input.old.tables.sections;
  const newSections = input.new.tables.sections;
  // A section's own words, sorted, read once per section and only for candidates across a level.
  const bodies = { old: new Map<number, Uint32Array>(), new: new Map<number, Uint32Array>() };
  const bodyWords = (side: 'old' | 'new', section: number): Uint32Array => {
    let words = bodies[side].get(section);
    if (words) return words;
    // Counted, then copied into one exact array: cold, for…of over every word allocated an iterator result each.
    const unit = input[side].tables.sections[section] as SectionUnit;
    const prints = input[side].blockPrints;
    let total = 0;
    for (let k = 0; k < unit.blocks.length; k++)
      total += (prints[unit.blocks[k] as number] as Fingerprint).words.length;
    words = new Uint32Array(total);
    let at = 0;
    for (let k = 0; k < unit.blocks.length; k++) {
      const own = (prints[unit.blocks[k] as number] as Fingerprint).words;
      words.set(own, at);
      at += own.length;
    }
    words.sort();
    bodies[side].set(section, words);
    return words;
  };
  const bodiesAlike = (a: number, b: number): boolean => {
    const x = bodyWords('old', a);
    const y = bodyWords('new', b);
    return x.length + y.length > 0 && (2 * intersectionSize(x, y)) / (x.length + y.length) >= MIN_BODY_SIMILARITY;
  };
  const pairedBy = (oldPartner: Int32Array) => {
    const newPaired = new Uint8Array(newSections.length);
    for (let a = 0; a < oldPartner.length; a++) {
      const b = oldPartner[a] as number;
      if (b >= 0) newPaired[b] = 1;
    }
    return (a: number, b: number): boolean => {
      const pa = (oldSections[a] as SectionUnit).parent;
      const pb = (newSections[b] as SectionUnit).parent;
      if (pa < 0 ? pb < 0 : pb >= 0 && oldPartner[pa] === pb) return true;
      // One level inserted or removed between them (Code civil 2016: "Titre III › Article 1101" became
      // "Titre III › Chapitre Ier › Article 1101", the chapter new): the unpaired parent's own parent is the partner.
      // A level between them is weaker evidence of place than a parent pair: the bodies must still read alike
      // (Article 1101's two definitions of the contract do; Articles 1102–1104, numbers reused, do not).
      let level = false;
      if (pb >= 0 && newPaired[pb] === 0) {
        const up = (newSections[pb] as SectionUnit).parent;
        level = pa < 0 ? up < 0 : up >= 0 && oldPartner[pa] === up;
      }
      if (!level && pa >= 0 && (oldPartner[pa] as number) < 0) {
        const up = (oldSections[pa] as SectionUnit).parent;
        level = up < 0 ? pb < 0 : pb >= 0 && oldPartner[up] === pb;
      }
      return level && bodiesAlike(a, b);
    };
  };
  // Round 0 on content alone gives the first notion of which parents are paired.
  let parentsPaired = pairedBy(choosePairs(context, context.content, () => false).oldPartner);
  let chosen = choosePairs(context, context.content, parentsPaired);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const candidates = [...context.content, ...identityCandidates(context, parentsPaired)];
    const next = choosePairs(context, candidates, parentsPaired);
    const stable = next.oldPartner.every((b, a) => b === chosen.oldPartner[a]);
    chosen = next;
    if (stable) break;
    parentsPaired = pairedBy(chosen.oldPartner);
  }
  const moved = placeSections(input, chosen.oldPartner, chosen.newPartner, context.evidence);
  return { oldPartner: chosen.oldPartner, newPartner: chosen.newPartner, moved, similarity: chosen.similarity };
}

/** Key under which empty sections may pair: the label if numbered, else the title. */
function headingKey(heading: HeadingPrint): string {
  return heading.label !== '' ? `${heading.scheme}\u0000${heading.label}` : `\u0001${heading.title.key}`;
}
