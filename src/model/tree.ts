/**
 * The document tree: plain JSON in the unist shape (`type`, `children`, `value`, `position`, `data`).
 * No behaviour lives on nodes, so a tree survives `JSON.parse(JSON.stringify(tree))`. See docs/spec/model.md.
 */
import type { DiagnosticCode } from './diagnostics.js';
import type { SourceSpan } from './source.js';

/** A place in the decoded input text: 1-based line and column, 0-based UTF-16 offset. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** The span of input a node was parsed from; `end` is exclusive. Synthesised nodes carry none. */
export interface Position {
  start: Point;
  end: Point;
}

/** A word-level token inside a sentence; materialised on demand by `tokenize`, not stored in the tree. */
export interface WordNode {
  type: 'word';
  value: string;
  /** True for whitespace and punctuation tokens, which never carry meaning on their own. */
  filler: boolean;
  position?: Position;
}

/** One sentence of a block; `value` is the exact input text of the sentence (no normalisation). */
export interface SentenceNode {
  type: 'sentence';
  value: string;
  position?: Position;
}

/** The kinds of block a section can hold. */
export type BlockKind = 'paragraph' | 'caption' | 'listItem' | 'box';

/** A paragraph of body text. */
export interface ParagraphNode {
  type: 'paragraph';
  /** The block's exact input text (line breaks inside the block kept as they were). */
  value: string;
  children: SentenceNode[];
  position?: Position;
}

/** A photo caption or credit; duplicated caption text from web extraction is collapsed to one. */
export interface CaptionNode {
  type: 'caption';
  value: string;
  children: SentenceNode[];
  position?: Position;
}

/** An item of a bulleted or numbered list; `marker` is the bullet or number as written. */
export interface ListItemNode {
  type: 'listItem';
  marker: string;
  value: string;
  children: SentenceNode[];
  position?: Position;
}

/** Boxed content (a column, a special feature) holding blocks of its own. */
export interface BoxNode {
  type: 'box';
  title?: string;
  value: string;
  children: Array<ParagraphNode | CaptionNode | ListItemNode>;
  position?: Position;
}

/** Any block. */
export type BlockNode = ParagraphNode | CaptionNode | ListItemNode | BoxNode;

/** A heading: its numbering label (e.g. "(3)", "Chapter 3", "第1条"), its title, and the scheme that numbered it. */
export interface HeadingNode {
  type: 'heading';
  /** The numbering label exactly as written, or null for an unnumbered heading. */
  label: string | null;
  /** The heading text after the label (may be empty, e.g. a bare "Chapter 3" without a title line). */
  title: string;
  /** Identifier of the numbering scheme, e.g. `paren-arabic`, `chapter`, `ja-article`, `unnumbered`. */
  scheme: string;
  /** The number the label stands for (3 for "(3)", "III" or "c"), or null when it has none. */
  ordinal: number | null;
  /** The full heading text as written (label and title, possibly over two input lines). */
  value: string;
  position?: Position;
}

/** A section: a heading and what follows it up to the next heading of the same or a shallower level. */
export interface SectionNode {
  type: 'section';
  /** Depth in the outline, 1 for the outermost scheme seen in the document. */
  depth: number;
  children: [HeadingNode, ...Array<SectionNode | BlockNode>];
  position?: Position;
}

/** A whole edition's tree. Blocks before the first heading sit directly under the document. */
export interface DocumentNode {
  type: 'document';
  /** The document's own title line (e.g. "Diplomatic Bluebook 2020"), kept out of every section path. */
  title?: HeadingNode;
  children: Array<SectionNode | BlockNode>;
  position?: Position;
  /** Diagnostics of parsing and importing, and the source map back to the original file when it was imported. */
  data?: {
    diagnostics?: Diagnostic[];
    sourceMap?: SourceSpan[];
    /**
     * How the structure was found when the text had no line breaks to read it from: `inferred` from inline
     * numbering and title shapes, `transferred` with the other edition's headings and blocks as hints; `flat`
     * when no structure was found in it (it is read as it stands).
     */
    structure?: 'flat' | 'inferred' | 'transferred';
  };
}

/** Any node in the tree. */
export type TreeNode = DocumentNode | SectionNode | HeadingNode | BlockNode | SentenceNode | WordNode;

/** How bad a diagnostic is; none of them stops parsing. */
export type Severity = 'info' | 'warning' | 'error';

/** A problem found in a document (not in the program): data, never an exception. */
export interface Diagnostic {
  /** Stable code from the diagnostics catalogue (src/model/diagnostics.ts, docs/diagnostics.md). */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  position?: Position;
}
