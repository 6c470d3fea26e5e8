/**
 * The outline stack that turns a flat run of headings and blocks into nested sections. Depth is not read from a
 * fixed table: a scheme's depth is the order in which schemes open in the document (as in Pandoc's and
 * LaTeX-to-text converters' treatment of numbered headings, and the "first seen is outermost" heuristic of
 * document-structure recovery, e.g. Tkaczyk et al., CERMINE 2015).
 *
 * 1. A heading whose scheme is open on the stack closes everything deeper and becomes a sibling at that level.
 * 2. A heading of a new scheme goes one level deeper than the innermost open section — unless its scheme has a
 *    rank (Chapter > Section > Article, 章 > 節 > 条) and an open ranked section is not above it: then it closes
 *    those first (a 節 appearing after some 条 of a chapter must not nest inside the last 条).
 * 3. Markdown ATX headings (`atx-N`) let the number of hashes decide: an `atx-N` heading closes every open
 *    `atx-M` with M ≥ N. Unnumbered headings an importer hinted with a markup level (`hN`, an HTML `h4`) nest the
 *    same way, against the markup level of every open heading that had one (a numbered `h4` "(2) …" included).
 *    They also close an unnumbered heading the parser inferred from a line's shape below the innermost markup
 *    level: the markup, not a guess, says where its sections nest.
 * 4. An unnumbered heading (no label) has no scheme of its own to compare. If the innermost open section already
 *    has body blocks, the heading starts a new topic at that level: it becomes its SIBLING and takes over its
 *    slot (so a later "(3)" is still a sibling). If the innermost section has only its heading so far, the
 *    unnumbered heading is a subtitle-like child of it.
 */
import type { LineIndex } from '../model/position.js';
import type { BlockNode, Diagnostic, DocumentNode, HeadingNode, SectionNode } from '../model/tree.js';
import type { LabelReading } from './headings.js';

/** What the outline needs to know about a numbered heading to place it. */
export interface HeadingPlacement {
  /** The scheme that decides depth (the label's scheme, or `atx-N`). */
  key: string;
  /** Rank of the scheme, when it has one. */
  rank?: number | undefined;
  /** The scheme the ordinal counts in (the label's scheme, also inside an ATX heading), or null. */
  ordinalKey: string | null;
  /** A level from markup (an HTML `h3`, a Markdown heading): it nests like the number of ATX hashes. */
  level?: number;
  /**
   * The markup level of a numbered heading (an `h4` reading "(2) …"): its scheme still places it, but a later
   * level-placed heading of the same or a shallower level closes it, as it would close an `h4`.
   */
  markupLevel?: number;
}

/** One open level of the outline. */
interface Level {
  key: string;
  rank?: number;
  /** The hash count of an ATX level. */
  atx?: number;
  section: SectionNode;
  /** Last ordinal (and its label) seen at this level, per numbering scheme, for `skipped-number`. */
  last: Map<string, { ordinal: number; label: string }>;
}

/** Builds the section tree from headings and blocks given in reading order. */
export class Outline {
  private readonly stack: Level[] = [];

  /** Starts an outline filling `document`, reporting numbering problems into `diagnostics`. */
  constructor(
    private readonly document: DocumentNode,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /**
   * Picks the reading of an ambiguous label: the alternative ("(i)" as the letter i, "イ" in aiueo order) only
   * when an open level just counted up to the number before it in that scheme.
   */
  resolve(primary: LabelReading, alternative: LabelReading | undefined): LabelReading {
    if (!alternative || alternative.ordinal === null) return primary;
    for (const level of this.stack) {
      if (level.last.get(alternative.scheme)?.ordinal === alternative.ordinal - 1) return alternative;
    }
    return primary;
  }

  /** Adds a block to the innermost open section (or to the document when none is open). */
  addBlock(block: BlockNode): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.section.children.push(block);
    else this.document.children.push(block);
  }

  /** Opens a section for a numbered (or ATX) heading, following rules 1–3 above. */
  addHeading(heading: HeadingNode, placement: HeadingPlacement): void {
    const atx = /^atx-(\d)$/.exec(placement.key);
    const hashes = placement.level ?? (atx ? Number(atx[1]) : undefined);
    let index = -1;
    for (let i = 0; i < this.stack.length; i++) {
      const level = this.stack[i] as Level;
      if (hashes !== undefined ? level.atx !== undefined && level.atx >= hashes : level.key === placement.key) {
        index = i;
        break;
      }
    }
    if (index < 0 && hashes !== undefined) index = this.inferredBelowMarkup();
    if (index < 0 && placement.rank !== undefined) {
      let cut = this.stack.length;
      for (let i = this.stack.length - 1; i >= 0; i--) {
        const rank = (this.stack[i] as Level).rank;
        if (rank !== undefined && rank > placement.rank) break;
        if (rank !== undefined) cut = i;
      }
      this.stack.length = cut;
    }
    const previous = index >= 0 ? (this.stack[index] as Level) : undefined;
    const sameLevel = previous !== undefined && previous.key === placement.key;
    if (index >= 0) this.stack.length = index;
    const section = this.open(heading);
    const last = sameLevel ? previous.last : new Map<string, { ordinal: number; label: string }>();
    if (placement.ordinalKey !== null && heading.ordinal !== null) {
      const before = last.get(placement.ordinalKey);
      if (before && heading.ordinal > before.ordinal + 1) this.reportSkip(heading, before);
      last.set(placement.ordinalKey, { ordinal: heading.ordinal, label: heading.label ?? '' });
    }
    const level: Level = { key: placement.key, section, last };
    if (placement.rank !== undefined) level.rank = placement.rank;
    const markupLevel = hashes ?? placement.markupLevel;
    if (markupLevel !== undefined) level.atx = markupLevel;
    this.stack.push(level);
  }

  /**
   * The first open unnumbered heading that the parser inferred from a line's shape (no markup level) below the
   * innermost heading the markup placed, or -1. A heading the markup places closes such a guess (rule 3): the
   * markup says where its sections nest, and a guess that wrapped them ("EEA/UK/CH" + "Privacy Policy" read as a
   * heading over every "## …" of one edition, the document title in the other) would change every path below it.
   */
  private inferredBelowMarkup(): number {
    let markup = -1;
    for (let i = 0; i < this.stack.length; i++) if ((this.stack[i] as Level).atx !== undefined) markup = i;
    for (let i = markup + 1; i < this.stack.length; i++) {
      const level = this.stack[i] as Level;
      if (level.key === 'unnumbered' && level.atx === undefined) return i;
    }
    return -1;
  }

  /** Opens a section for an unnumbered heading, following rule 4 above. */
  addUnnumbered(heading: HeadingNode): void {
    const top = this.stack[this.stack.length - 1];
    if (top && top.section.children.length > 1) {
      this.stack.pop();
      top.section = this.open(heading);
      this.stack.push(top);
      return;
    }
    this.stack.push({ key: 'unnumbered', section: this.open(heading), last: new Map() });
  }

  /** Creates a section for `heading` under the innermost open section (or the document). */
  private open(heading: HeadingNode): SectionNode {
    const section: SectionNode = { type: 'section', depth: this.stack.length + 1, children: [heading] };
    this.addBlockOrSection(section);
    return section;
  }

  private addBlockOrSection(node: SectionNode): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.section.children.push(node);
    else this.document.children.push(node);
  }

  private reportSkip(heading: HeadingNode, before: { ordinal: number; label: string }): void {
    const missing =
      heading.ordinal === before.ordinal + 2
        ? `${before.ordinal + 1}`
        : `${before.ordinal + 1}–${(heading.ordinal ?? 0) - 1}`;
    const diagnostic: Diagnostic = {
      code: 'skipped-number',
      severity: 'info',
      message: `"${heading.label}" follows "${before.label}": number ${missing} is missing`,
    };
    if (heading.position) diagnostic.position = heading.position;
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Sets each section's position from its heading's start to its last child's end (sections are synthesised from
 * parsed parts, so their span is derived, not read).
 */
export function positionSections(nodes: ReadonlyArray<SectionNode | BlockNode>, lineIndex: LineIndex): void {
  // Indexed, without copying each section's children: this walks every node of the tree once.
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n] as SectionNode | BlockNode;
    if (node.type !== 'section') continue;
    const children = node.children;
    // The heading first among the children is no section, so the walk over all of them skips it.
    positionSections(children as ReadonlyArray<SectionNode | BlockNode>, lineIndex);
    const heading = children[0];
    const last = children[children.length - 1];
    const start = heading.position?.start.offset;
    const end = last?.position?.end.offset;
    if (start !== undefined && end !== undefined) node.position = lineIndex.position(start, end);
  }
}
