/**
 * Walk a WordprocessingML story (word/document.xml's body, or footnotes/endnotes) in document order and turn it into
 * blocks of text: one per paragraph, one per table row (cells joined with " | "), text boxes after the paragraph that
 * anchors them. Numbered paragraphs get their label from Word's numbering (docx-numbering.ts), so "(1)" is in the
 * text as a reader sees it even though no text run holds it.
 *
 * Only what a reader sees is kept: deleted revisions (w:del, w:moveFrom), old properties (w:*Change), field codes
 * (w:instrText), hidden runs (w:vanish) and the fallback copy of alternate content (mc:Fallback, which repeats a
 * text box as VML) are skipped.
 */

import { type NumberingCounters, type StyleSheet, styleNumbering, styleRole } from './docx-numbering.js';
import { scanXml } from './docx-xml.js';

/** One block extracted from a story, before the text is assembled. */
export interface RawBlock {
  text: string;
  /** The hint the markup gives, or `title` for the Title style (which the parser recognises as the first line). */
  kind?: 'heading' | 'paragraph' | 'caption' | 'listItem' | 'box' | 'tableRow' | 'title';
  level?: number;
  /** 0-based index of the block's (first) w:p in the story. */
  paragraph: number;
  /** For notes: the w:id of the footnote or endnote the block belongs to. */
  noteId?: string;
}

/** A footnote or endnote reference met in the body, in reading order. */
export interface NoteReference {
  kind: 'footnote' | 'endnote';
  id: string;
  /** Index of the body paragraph holding the reference. */
  paragraph: number;
}

/** What walking a story produced. */
export interface StoryResult {
  blocks: RawBlock[];
  references: NoteReference[];
  /** Paragraphs (w:p) seen. */
  paragraphs: number;
  /** False when the XML ended early (malformed or truncated). */
  complete: boolean;
}

/** Options of a walk. */
export interface StoryOptions {
  styles: StyleSheet;
  counters: NumberingCounters;
  /** `body` for document.xml, `notes` for footnotes.xml / endnotes.xml. */
  story: 'body' | 'notes';
  /** Called every few hundred paragraphs; throws to abandon the walk (time budget). */
  checkpoint?: () => void;
}

interface ParagraphFrame {
  index: number;
  parts: string[];
  styleId?: string;
  numId?: string;
  ilvl?: number;
  outlineLevel?: number;
  runHidden: boolean;
}

type Container =
  | { kind: 'root' }
  | { kind: 'box'; blocks: RawBlock[] }
  | { kind: 'table' }
  | { kind: 'row'; cells: string[]; paragraph: number }
  | { kind: 'cell'; parts: string[] };

/** Elements whose whole content a reader does not see. */
const SKIPPED = new Set([
  'mc:Fallback',
  'w:del',
  'w:moveFrom',
  'w:instrText',
  'w:delText',
  'w:delInstrText',
  'w:sectPr',
  'w:footnotePr',
  'w:endnotePr',
]);
const SKIPPED_NOTE_TYPES = new Set(['separator', 'continuationSeparator', 'continuationNotice']);

/** Walk one story's XML into blocks. Never throws on malformed XML; `checkpoint` may throw. */
export function walkStory(xml: string, options: StoryOptions): StoryResult {
  const { styles, counters } = options;
  const blocks: RawBlock[] = [];
  const references: NoteReference[] = [];
  const names: string[] = [];
  const paragraphs: ParagraphFrame[] = [];
  const containers: Container[] = [];
  let pendingBoxes: RawBlock[] = [];
  let skipDepth = 0;
  let inStory = false;
  let noteId: string | undefined;
  let paragraphCount = 0;
  let textDepth = 0;

  const parent = (up: number): string | undefined => names[names.length - 1 - up];
  const current = (): ParagraphFrame | undefined => paragraphs[paragraphs.length - 1];
  const append = (value: string): void => {
    const frame = current();
    if (frame && !frame.runHidden) frame.parts.push(value);
  };
  const emitRoot = (block: RawBlock): void => {
    if (noteId !== undefined) block.noteId = noteId;
    blocks.push(block);
    if (pendingBoxes.length > 0) {
      for (const box of pendingBoxes) {
        if (noteId !== undefined) box.noteId = noteId;
        blocks.push(box);
      }
      pendingBoxes = [];
    }
  };
  /** Hand a finished block to the innermost container that holds blocks (a cell, a text box or the story). */
  const deliver = (block: RawBlock): void => {
    for (let index = containers.length - 1; index >= 0; index--) {
      const container = containers[index] as Container;
      if (container.kind === 'cell') {
        container.parts.push(block.text);
        return;
      }
      if (container.kind === 'box') {
        container.blocks.push({ ...block, kind: 'box', level: undefined });
        return;
      }
    }
    emitRoot(block);
  };

  const finishParagraph = (frame: ParagraphFrame): void => {
    const text = cleanParagraph(frame.parts.join(''));
    const inherited = styleNumbering(styles, frame.styleId);
    const numId = frame.numId ?? inherited?.numId;
    const label = numId === undefined ? null : counters.next(numId, frame.ilvl ?? inherited?.ilvl, frame.styleId);
    const full = label ? (text === '' ? label.text : `${label.text}${label.separator || ''}${text}`) : text;
    if (full === '' || (label?.bullet && text === '')) return;
    const block: RawBlock = { text: full, paragraph: frame.index };
    const role = styleRole(styles, frame.styleId, frame.outlineLevel);
    if (role.kind === 'heading') {
      block.kind = 'heading';
      block.level = role.level;
    } else if (role.kind === 'title') {
      block.kind = 'title';
    } else if (role.kind === 'caption') {
      block.kind = 'caption';
    } else if (label?.bullet) {
      block.kind = 'listItem';
    } else if (options.story === 'notes') {
      block.kind = 'paragraph';
    }
    deliver(block);
  };

  const result = scanXml(xml, {
    start(name, attributes) {
      if (skipDepth > 0) {
        skipDepth++;
        return;
      }
      if (SKIPPED.has(name) || (name.startsWith('w:') && name.endsWith('Change'))) {
        skipDepth = 1;
        return;
      }
      names.push(name);
      if (!inStory) {
        if (options.story === 'body' && name === 'w:body') {
          inStory = true;
          containers.push({ kind: 'root' });
        } else if (options.story === 'notes' && (name === 'w:footnote' || name === 'w:endnote')) {
          if (SKIPPED_NOTE_TYPES.has(attributes.type ?? '')) {
            names.pop();
            skipDepth = 1;
            return;
          }
          inStory = true;
          noteId = attributes.id ?? '';
          containers.push({ kind: 'root' });
        }
        return;
      }
      const frame = current();
      switch (name) {
        case 'w:p':
          paragraphs.push({ index: paragraphCount++, parts: [], runHidden: false });
          if (paragraphCount % 256 === 0) options.checkpoint?.();
          break;
        case 'w:pStyle':
          if (frame && parent(1) === 'w:pPr' && parent(2) === 'w:p') frame.styleId = attributes.val;
          break;
        case 'w:numId':
          if (frame && parent(1) === 'w:numPr' && parent(2) === 'w:pPr') frame.numId = attributes.val ?? '';
          break;
        case 'w:ilvl':
          if (frame && parent(1) === 'w:numPr' && parent(2) === 'w:pPr') {
            const level = Number.parseInt(attributes.val ?? '0', 10);
            frame.ilvl = Number.isFinite(level) ? Math.min(8, Math.max(0, level)) : 0;
          }
          break;
        case 'w:outlineLvl':
          if (frame && parent(1) === 'w:pPr' && parent(2) === 'w:p') {
            const level = Number.parseInt(attributes.val ?? '9', 10);
            if (Number.isFinite(level)) frame.outlineLevel = level;
          }
          break;
        case 'w:r':
          if (frame) frame.runHidden = false;
          break;
        case 'w:vanish':
          if (frame && parent(1) === 'w:rPr' && parent(2) === 'w:r') {
            frame.runHidden = !['0', 'false', 'off'].includes(attributes.val ?? 'true');
          }
          break;
        case 'w:t':
          textDepth++;
          break;
        case 'w:tab':
          if (parent(1) === 'w:r') append('\t');
          break;
        case 'w:br':
          // Page and column breaks end a page, not a line of the paragraph's text.
          if (parent(1) === 'w:r') append(attributes.type === 'page' || attributes.type === 'column' ? ' ' : '\n');
          break;
        case 'w:cr':
          if (parent(1) === 'w:r') append('\n');
          break;
        case 'w:noBreakHyphen':
          append('-');
          break;
        case 'w:sym': {
          const code = Number.parseInt(attributes.char ?? '', 16);
          if (Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
            // Symbol fonts map their glyphs to U+F0xx; the low byte is the nearest ordinary character.
            append(String.fromCodePoint(code >= 0xf020 && code <= 0xf0ff ? code - 0xf000 : code));
          }
          break;
        }
        case 'w:footnoteReference':
        case 'w:endnoteReference':
          if (options.story === 'body' && attributes.id !== undefined) {
            references.push({
              kind: name === 'w:footnoteReference' ? 'footnote' : 'endnote',
              id: attributes.id,
              paragraph: frame?.index ?? Math.max(0, paragraphCount - 1),
            });
          }
          break;
        case 'w:txbxContent':
          containers.push({ kind: 'box', blocks: [] });
          break;
        case 'w:tbl':
          containers.push({ kind: 'table' });
          break;
        case 'w:tr':
          containers.push({ kind: 'row', cells: [], paragraph: paragraphCount });
          break;
        case 'w:tc':
          containers.push({ kind: 'cell', parts: [] });
          break;
      }
    },
    end(name) {
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      names.pop();
      if (!inStory) return;
      switch (name) {
        case 'w:body':
        case 'w:footnote':
        case 'w:endnote':
          if ((name === 'w:body') === (options.story === 'body')) {
            inStory = false;
            if (pendingBoxes.length > 0) emitRoot(pendingBoxes.shift() as RawBlock);
            noteId = undefined;
            containers.length = 0;
            paragraphs.length = 0;
          }
          break;
        case 'w:p': {
          const frame = paragraphs.pop();
          if (frame) finishParagraph(frame);
          break;
        }
        case 'w:t':
          textDepth = Math.max(0, textDepth - 1);
          break;
        case 'w:txbxContent': {
          const box = popContainer(containers, 'box');
          if (box) pendingBoxes.push(...box.blocks);
          break;
        }
        case 'w:tc': {
          const cell = popContainer(containers, 'cell');
          const row = containers[containers.length - 1];
          if (cell && row?.kind === 'row') row.cells.push(cell.parts.join(' '));
          break;
        }
        case 'w:tr': {
          const row = popContainer(containers, 'row');
          if (row?.cells.some((cell) => cell.trim() !== '')) {
            // A row is delivered outside its table: to an enclosing cell (nested table), text box or the story.
            const table = containers.pop();
            deliver({
              text: row.cells.map((cell) => cell.trim()).join(' | '),
              kind: 'tableRow',
              paragraph: row.paragraph,
            });
            if (table) containers.push(table);
          }
          break;
        }
        case 'w:tbl':
          popContainer(containers, 'table');
          break;
      }
    },
    text(value) {
      if (skipDepth > 0 || !inStory || textDepth === 0 || names[names.length - 1] !== 'w:t') return;
      // Line breaks inside w:t are layout of the XML file, not of the document: Word shows them as spaces.
      append(value.replace(/[\r\n]+/g, ' '));
    },
  });
  if (pendingBoxes.length > 0) for (const box of pendingBoxes) blocks.push(box);
  return { blocks, references, paragraphs: paragraphCount, complete: result.complete };
}

function popContainer<K extends Container['kind']>(
  containers: Container[],
  kind: K,
): Extract<Container, { kind: K }> | undefined {
  const top = containers[containers.length - 1];
  if (top?.kind !== kind) return undefined;
  containers.pop();
  return top as Extract<Container, { kind: K }>;
}

/**
 * A paragraph's text as one block for the plain-text parser: line breaks (w:br) kept as single newlines, every line
 * trimmed, blank lines dropped — a blank line would end the block.
 */
export function cleanParagraph(raw: string): string {
  if (!raw.includes('\n')) return raw.trim();
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
