/**
 * The terminal report: a summary of counts per relation, then the changes grouped by section with their section
 * path, each with its relation, significance and an inline word diff (`[-old-]{+new+}`, or ANSI colours). Changes
 * only by default; `context` adds unchanged units and stops eliding. Wrapped at word boundaries to `width`. Notes on
 * the input (the editions' diagnostics) close it.
 */

import type { AlignedPair, Comparison, Shift, Significance, WordChange } from '../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { plainText, wrapLineInto } from '../text/display.js';
import { inputNotes, NOTES_HEADING, notePlace, omittedPhrase } from './notes.js';
import { CONTEXT_WORDS, DEFAULT_WIDTH, type ReportOptions } from './options.js';
import {
  blockChanges,
  buildStructure,
  editionLabel,
  effectiveSignificance,
  groupHasChanges,
  headingText,
  isShownChange,
  kindName,
  movedElsewhere,
  placeOf,
  type ReportStructure,
  relationCountsPhrase,
  type SectionGroup,
  sectionTrail,
  significanceCountsPhrase,
} from './structure.js';
import { elideChanges, elideText } from './text.js';
import { topTerminalLines } from './top-render.js';

/** ANSI SGR sequences the report uses; kept few so that any terminal theme reads them. */
const STYLE = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  delete: '\u001b[31;9m',
  insert: '\u001b[32m',
  removed: '\u001b[31m',
  cosmeticDelete: '\u001b[2;31;9m',
  cosmeticInsert: '\u001b[2;32m',
  heading: '\u001b[1;36m',
  relation: '\u001b[33m',
} as const;

/** Separator between the parts of a section path. */

/** Indentation of a change's label line and of its text. */
const LABEL_INDENT = '  ';
const TEXT_INDENT = '    ';

/** Builds styled strings, or plain ones when colour is off. */
class Painter {
  constructor(private readonly color: boolean) {}

  /** `text` wrapped in an SGR style when colour is on. */
  paint(style: string, text: string): string {
    return this.color && text ? `${style}${text}${STYLE.reset}` : text;
  }

  /** An inline word diff: `[-old-]{+new+}` without colour; red struck-through / green, dim when cosmetic, with. */
  diff(changes: readonly WordChange[]): string {
    const parts: string[] = [];
    for (const change of changes) {
      if (change.op === 'equal') {
        parts.push(plainText(change.newText ?? change.text));
        continue;
      }
      const text = plainText(change.text);
      if (!this.color) {
        parts.push(change.op === 'delete' ? `[-${text}-]` : `{+${text}+}`);
        continue;
      }
      const cosmetic = change.significance === 'cosmetic' || change.significance === 'none';
      const style =
        change.op === 'delete'
          ? cosmetic
            ? STYLE.cosmeticDelete
            : STYLE.delete
          : cosmetic
            ? STYLE.cosmeticInsert
            : STYLE.insert;
      // Keep edge spaces outside the style so that struck-through runs do not strike the gaps around them.
      const leading = text.length - text.trimStart().length;
      const trailing = text.length - text.trimEnd().length;
      const core = text.slice(leading, text.length - trailing);
      parts.push(text.slice(0, leading), this.paint(style, core), text.slice(text.length - trailing));
    }
    return parts.join('');
  }
}

/** Everything one rendering needs, resolved once. */
interface TerminalContext {
  painter: Painter;
  structure: ReportStructure;
  width: number;
  context: boolean;
  minimum: Significance;
  lines: string[];
}

/** Appends `text` wrapped with the given indents. */
function emit(ctx: TerminalContext, text: string, firstIndent: string, restIndent = firstIndent): void {
  // Straight into the report's lines: no list per paragraph to copy from.
  wrapLineInto(ctx.lines, text, ctx.width, firstIndent, restIndent);
}

/** The label line of a change: "paragraph modified · substantive". */
function labelLine(ctx: TerminalContext, pair: AlignedPair, detail = ''): string {
  const significance = effectiveSignificance(pair);
  const what = `${kindName(pair)} ${pair.relation}${detail}`;
  const sig = significance === 'none' ? '' : ` · ${significance}`;
  const styledSig = significance === 'cosmetic' ? ctx.painter.paint(STYLE.dim, sig) : sig;
  // The policy shifts it carries (docs/shifts.md), by kind in order of first appearance: what `--shift` filters on.
  // Most pairs carry none, and a set and two arrays for each of the report's thousands of label lines added up.
  const carried = pair.shifts;
  let shifts = '';
  if (carried !== undefined && carried.length > 0) {
    const kinds: string[] = [];
    for (let i = 0; i < carried.length; i++) {
      const kind = (carried[i] as Shift).kind;
      if (!kinds.includes(kind)) kinds.push(kind);
    }
    shifts = ` · ${kinds.join(', ')}`;
  }
  return `${ctx.painter.paint(STYLE.relation, what)}${styledSig}${shifts}`;
}

/** A whole unit inserted or deleted: `+ text` or `- text`, hanging-indented. */
function emitWhole(ctx: TerminalContext, sign: '+' | '-', text: string): void {
  const style = sign === '+' ? STYLE.insert : STYLE.removed;
  emit(ctx, ctx.painter.paint(style, `${sign} ${plainText(text)}`), TEXT_INDENT, `${TEXT_INDENT}  `);
}

/** A diff, elided around the edits unless context is on. */
function emitDiff(ctx: TerminalContext, changes: readonly WordChange[]): void {
  const shown = ctx.context ? changes : elideChanges(changes, CONTEXT_WORDS);
  emit(ctx, ctx.painter.diff(shown), TEXT_INDENT);
}

/** A preview of unchanged text: whole with context, else its first words. */
function previewText(ctx: TerminalContext, text: string): string {
  const plain = plainText(text);
  return ctx.context ? plain : elideText(plain, 'head', 3 * CONTEXT_WORDS);
}

/** The section heading's own change (retitled, renumbered, inserted, deleted, moved). */
function emitSectionChange(ctx: TerminalContext, pair: AlignedPair): void {
  const { old: before, new: after } = pair;
  if (pair.relation === 'inserted' && after) {
    ctx.lines.push(`${LABEL_INDENT}${labelLine(ctx, pair)}`);
    emitWhole(ctx, '+', headingText(after));
    return;
  }
  if (pair.relation === 'deleted' && before) {
    ctx.lines.push(`${LABEL_INDENT}${labelLine(ctx, pair)}`);
    emitWhole(ctx, '-', headingText(before));
    return;
  }
  let detail = '';
  if (before && after && pair.relation === 'renumbered')
    detail = ` ${before.label ?? '(none)'} → ${after.label ?? '(none)'}`;
  ctx.lines.push(`${LABEL_INDENT}${labelLine(ctx, pair, plainText(detail))}`);
  if (pair.relation === 'moved' && before && after) {
    emitPlaces(ctx, pair);
  }
  if (before && after && headingText(before) !== headingText(after)) {
    const changes: WordChange[] =
      pair.changes.length > 0
        ? pair.changes
        : [
            { op: 'delete', text: headingText(before), significance: effectiveSignificance(pair) },
            { op: 'insert', text: ` ${headingText(after)}`, significance: effectiveSignificance(pair) },
          ];
    emit(ctx, ctx.painter.diff(changes), TEXT_INDENT);
  }
}

/** "from A › B" / "to C › D" lines of a moved unit. */
function emitPlaces(ctx: TerminalContext, pair: AlignedPair): void {
  const { structure } = ctx;
  if (pair.old) {
    const from = plainPath(placeOf(pair.old, structure.sectionByOldPath, 'old'));
    emit(ctx, from, `${TEXT_INDENT}from `, `${TEXT_INDENT}     `);
  }
  if (pair.new) {
    const to = plainPath(placeOf(pair.new, structure.sectionByNewPath, 'new'));
    emit(ctx, to, `${TEXT_INDENT}to   `, `${TEXT_INDENT}     `);
  }
}

/** One block pair: its label line and its text or diff. */
function emitBlock(ctx: TerminalContext, pair: AlignedPair): void {
  if (pair.relation === 'unchanged') {
    const text = (pair.new ?? pair.old)?.text ?? '';
    emit(ctx, ctx.painter.paint(STYLE.dim, plainText(text)), TEXT_INDENT);
    return;
  }
  const { old: before, new: after } = pair;
  const group = pair.group ?? [];
  let detail = '';
  if (pair.relation === 'split') detail = ` into ${group.length + 1}`;
  else if (pair.relation === 'merged') detail = ` from ${group.length + 1}`;
  else if (pair.relation === 'renumbered' && before?.label && after?.label)
    detail = plainText(` ${before.label} → ${after.label}`);
  ctx.lines.push(`${LABEL_INDENT}${labelLine(ctx, pair, detail)}`);
  switch (pair.relation) {
    case 'inserted':
      if (after) emitWhole(ctx, '+', after.text);
      return;
    case 'deleted':
      if (before) emitWhole(ctx, '-', before.text);
      return;
    case 'split':
      if (before) emitWhole(ctx, '-', before.text);
      if (after) emitWhole(ctx, '+', after.text);
      for (const unit of group) emitWhole(ctx, '+', unit.text);
      return;
    case 'merged':
      if (before) emitWhole(ctx, '-', before.text);
      for (const unit of group) emitWhole(ctx, '-', unit.text);
      if (after) emitWhole(ctx, '+', after.text);
      return;
    default: {
      if (pair.relation === 'moved') emitPlaces(ctx, pair);
      const changes = blockChanges(pair, ctx.structure.sentencesByBlock.get(pair.id));
      if (changes.some((change) => change.op !== 'equal')) emitDiff(ctx, changes);
      else emit(ctx, ctx.painter.paint(STYLE.dim, previewText(ctx, (after ?? before)?.text ?? '')), TEXT_INDENT);
    }
  }
}

/** The heading line of a section group: its path, from the new edition when it has one. */
function groupTitle(group: SectionGroup): string {
  const unit = group.section ? (group.section.new ?? group.section.old) : null;
  if (!unit) return '(before the first heading)';
  return plainPath(sectionTrail(unit));
}

/** A section path as one plain line, its parts joined by the separator (built in place: a line per section group). */
function plainPath(parts: readonly string[]): string {
  let joined = '';
  for (let i = 0; i < parts.length; i++) {
    const part = plainText(parts[i] as string);
    joined = i === 0 ? part : `${joined}${SECTION_PATH_SEPARATOR}${part}`;
  }
  return joined;
}

/** Whether a section pair's heading changed: its label or its title. */
function headingChanged(pair: AlignedPair): boolean {
  return pair.heading ? pair.heading.labelChanged || pair.heading.titleChanged : pair.old?.text !== pair.new?.text;
}

/** One section group, or nothing when it has nothing to show. */
function emitGroup(ctx: TerminalContext, group: SectionGroup): void {
  if (!ctx.context && !groupHasChanges(group, ctx.minimum)) return;
  ctx.lines.push('');
  emit(ctx, ctx.painter.paint(STYLE.heading, `§ ${groupTitle(group)}`), '', '  ');
  // A "modified" section whose heading reads the same changed only in its blocks, which are listed below it.
  const headingStayed = group.section?.relation === 'modified' && !headingChanged(group.section);
  if (group.section && !headingStayed && isShownChange(group.section, ctx.minimum))
    emitSectionChange(ctx, group.section);
  const { blocks } = group;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as AlignedPair;
    if (isShownChange(block, ctx.minimum) || (ctx.context && block.relation === 'unchanged')) emitBlock(ctx, block);
  }
  if (group.movedAway.length === 0) return;
  for (const block of movedElsewhere(group)) {
    if (!isShownChange(block, ctx.minimum) || !block.new) continue;
    ctx.lines.push(`${LABEL_INDENT}${ctx.painter.paint(STYLE.relation, `${kindName(block)} moved away`)}`);
    const to = plainPath(placeOf(block.new, ctx.structure.sectionByNewPath, 'new'));
    emit(ctx, to, `${TEXT_INDENT}to   `, `${TEXT_INDENT}     `);
    emit(ctx, ctx.painter.paint(STYLE.dim, previewText(ctx, block.old?.text ?? '')), TEXT_INDENT);
  }
}

/** The summary block: both editions, then counts per relation at each level, then counts per significance. */
function emitSummary(ctx: TerminalContext, comparison: Comparison): void {
  const { painter } = ctx;
  const { summary } = comparison;
  emit(
    ctx,
    painter.paint(
      STYLE.bold,
      `${plainText(editionLabel(comparison.old))} → ${plainText(editionLabel(comparison.new))}`,
    ),
    '',
    '  ',
  );
  const rows: Array<[string, string]> = [
    ['sections', relationCountsPhrase(summary.sections, ' · ')],
    ['blocks', relationCountsPhrase(summary.blocks, ' · ')],
    ['sentences', relationCountsPhrase(summary.sentences, ' · ')],
    ['significance', significanceCountsPhrase(summary.significance, ' · ')],
  ];
  for (const edition of [comparison.old, comparison.new]) {
    if (!edition.structure) continue;
    const how =
      edition.structure === 'transferred'
        ? "inferred (no line breaks; headings found with the other edition's as a guide)"
        : 'inferred (no line breaks; headings found from numbering)';
    rows.push(['structure', `${plainText(edition.name)}: ${how}`]);
  }
  for (const [name, phrase] of rows) emit(ctx, phrase, painter.paint(STYLE.dim, name.padEnd(13)), ' '.repeat(13));
}

/** Renders a comparison for a terminal. Pure: the caller decides colour and width from its environment. */
export function renderTerminal(comparison: Comparison, options: ReportOptions = {}): string {
  return terminalLines(comparison, options).join('\n');
}

/** Characters per piece of `renderTerminalChunks`: small enough for a young-generation string (see json.ts). */
const CHUNK_CHARACTERS = 1 << 15;

/**
 * `renderTerminal`'s text in pieces of about 32 Ki characters, whose concatenation is that text: a long report
 * (38,000 lines for the Code civil pair) is written without first being joined into one multi-megabyte string.
 */
export function* renderTerminalChunks(comparison: Comparison, options: ReportOptions = {}): Generator<string> {
  const lines = terminalLines(comparison, options);
  let start = 0;
  let characters = 0;
  for (let end = 0; end < lines.length; end++) {
    characters += (lines[end] as string).length + 1;
    if (characters < CHUNK_CHARACTERS && end < lines.length - 1) continue;
    const piece = lines.slice(start, end + 1).join('\n');
    yield end < lines.length - 1 ? `${piece}\n` : piece;
    start = end + 1;
    characters = 0;
  }
}

/** The lines of the terminal report; joined by line breaks, they are its text. */
function terminalLines(comparison: Comparison, options: ReportOptions): string[] {
  const ctx: TerminalContext = {
    painter: new Painter(options.color === true),
    structure: buildStructure(comparison),
    width: Math.max(40, options.width ?? DEFAULT_WIDTH),
    context: options.context === true,
    minimum: options.significance ?? 'none',
    lines: [],
  };
  emitSummary(ctx, comparison);
  ctx.lines.push(
    ...topTerminalLines(
      comparison,
      options,
      ctx.width,
      (style, text) => ctx.painter.paint(STYLE[style], text),
      ctx.structure,
    ),
  );
  if (options.topOnly === true) {
    ctx.lines.push('');
    return ctx.lines;
  }
  const before = ctx.lines.length;
  const { groups } = ctx.structure;
  for (let i = 0; i < groups.length; i++) emitGroup(ctx, groups[i] as SectionGroup);
  if (ctx.lines.length === before) {
    ctx.lines.push('');
    ctx.lines.push(ctx.minimum === 'none' ? 'No changes.' : `No changes at ${ctx.minimum} significance or above.`);
  }
  emitNotes(ctx, comparison);
  ctx.lines.push('');
  return ctx.lines;
}

/** "Notes on the input": the editions' diagnostics as `name:line:column: severity: message (code)`, as compilers write. */
function emitNotes(ctx: TerminalContext, comparison: Comparison): void {
  const notes = inputNotes(comparison);
  if (notes.length === 0) return;
  ctx.lines.push('', ctx.painter.paint(STYLE.heading, NOTES_HEADING));
  for (const { edition, shown, omitted } of notes) {
    for (const diagnostic of shown) {
      const place = [plainText(edition), notePlace(diagnostic)].filter((part) => part !== '').join(':');
      const severity = ctx.painter.paint(
        diagnostic.severity === 'info' ? STYLE.dim : STYLE.relation,
        diagnostic.severity,
      );
      emit(ctx, `${place}: ${severity}: ${plainText(diagnostic.message)} (${diagnostic.code})`, '  ', '    ');
    }
    if (omitted > 0) emit(ctx, `${plainText(edition)}: ${omittedPhrase(omitted)}`, '  ', '    ');
  }
}
