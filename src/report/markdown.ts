/**
 * The Markdown report: a changelog a person can paste into a note. A title naming both editions, the summary, then
 * one heading per section with what changed in words ("Renumbered (3) → (2)", "Deleted section", "Moved paragraph
 * from …") and phrase-level edits as `<del>old</del> <ins>new</ins>`. Document text is escaped so that pasting it can
 * never create links, images, HTML or formatting.
 */

import type { AlignedPair, Comparison, Significance, WordChange } from '../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { plainText } from '../text/display.js';
import { inputNotes, NOTES_HEADING, omittedPhrase } from './notes.js';
import { CONTEXT_WORDS, type ReportOptions } from './options.js';
import {
  blockChanges,
  buildStructure,
  editionLabel,
  effectiveSignificance,
  groupHasChanges,
  hasEdits,
  headingText,
  isShownChange,
  kindName,
  movedElsewhere,
  placeOf,
  type ReportStructure,
  relationCountsPhrase,
  type SectionGroup,
  sectionTrail,
  shortTextDiff,
  significanceCountsPhrase,
} from './structure.js';
import { elideChanges, elideText } from './text.js';
import { topMarkdownLines } from './top-render.js';

/** Characters Markdown (CommonMark, GFM and common note apps) gives a meaning, escaped with a backslash. */
const MARKDOWN_SPECIAL = /[\\`*_~[\]|#$<>&]/g;

/**
 * Escapes document text for Markdown: backslash before `\ ` * _ ~ [ ] | # $`, and HTML entities for `<`, `>` and
 * `&` so that no tag, autolink or entity survives. Whitespace is collapsed to single spaces (a line break could start
 * a heading, list or block quote). Bare URLs may still be auto-linked by GFM; they show their own text.
 */
export function escapeMarkdown(text: string): string {
  return (
    plainText(text)
      .replace(MARKDOWN_SPECIAL, (char) => {
        if (char === '<') return '&lt;';
        if (char === '>') return '&gt;';
        if (char === '&') return '&amp;';
        return `\\${char}`;
      })
      // A leading "- item", "+ item" or "1. item" would start a (nested) list where the text is pasted.
      .replace(LEADING_LIST_MARKER, (_, space: string, marker: string) => `${space}\\${marker}`)
  );
}

/** A bullet or ordered-list marker at the start of a text: the text's leading space and the marker's last character. */
const LEADING_LIST_MARKER = /^(\s*|\s*\d{1,9}(?=[.)]))([-+]|(?<=\d)[.)])(?=\s|$)/;

/** Separator between the parts of a section path. */

/** One piece of a Markdown diff before assembly: escaped text, and how it is marked. */
interface DiffPiece {
  op: WordChange['op'];
  text: string;
}

/**
 * A word diff as `kept <del>old</del> <ins>new</ins> kept`: one notation for both sides, apart from the report's own
 * bold labels, that GitHub and most Markdown viewers render (struck through, underlined) and that reads unambiguously
 * unrendered. Unlike `~~`/`**`, the tags hold whatever is next to them (CommonMark's flanking rules left `**` literal
 * beside CJK punctuation, so a report mixed both notations). Edge spaces stay outside the tags.
 */
export function markdownDiff(changes: readonly WordChange[]): string {
  const pieces: DiffPiece[] = [];
  let previous: WordChange['op'] | null = null;
  for (const change of changes) {
    if (change.op === 'equal') {
      pieces.push({ op: 'equal', text: escapeMarkdown(change.newText ?? change.text) });
    } else {
      const text = plainText(change.text);
      const core = text.trim();
      const start = text.indexOf(core);
      // "<del>old</del><ins>new</ins>" renders as one word; the form is "<del>old</del> <ins>new</ins>".
      const lastText = pieces[pieces.length - 1]?.text ?? '';
      const gap =
        previous === 'delete' && change.op === 'insert' && start === 0 && core && !/\s$/.test(lastText) ? ' ' : '';
      if (gap || start > 0) pieces.push({ op: 'equal', text: gap || text.slice(0, start) });
      if (core) pieces.push({ op: change.op, text: escapeMarkdown(core) });
      if (start + core.length < text.length) pieces.push({ op: 'equal', text: text.slice(start + core.length) });
    }
    previous = change.op;
  }
  return pieces.map((piece) => (piece.op === 'equal' ? piece.text : marked(piece.op, piece.text))).join('');
}

/** Escaped text marked as deleted (`<del>`) or inserted (`<ins>`). */
function marked(op: 'delete' | 'insert', escaped: string): string {
  const tag = op === 'delete' ? 'del' : 'ins';
  return `<${tag}>${escaped}</${tag}>`;
}

/** Everything one rendering needs. */
interface MarkdownContext {
  structure: ReportStructure;
  context: boolean;
  minimum: Significance;
  lines: string[];
}

/** " (substantive)" for a pair worth flagging, or nothing. */
function significanceNote(pair: AlignedPair): string {
  const significance = effectiveSignificance(pair);
  return significance === 'none' ? '' : ` (${significance})`;
}

/** A readable path of where a unit stands in one edition. */
function place(ctx: MarkdownContext, pair: AlignedPair, side: 'old' | 'new'): string {
  const unit = pair[side];
  if (!unit) return '';
  const sections = side === 'old' ? ctx.structure.sectionByOldPath : ctx.structure.sectionByNewPath;
  return placeOf(unit, sections, side).map(escapeMarkdown).join(SECTION_PATH_SEPARATOR);
}

/** A diff or a whole text, elided unless context is on. */
function diffText(ctx: MarkdownContext, changes: readonly WordChange[]): string {
  return markdownDiff(ctx.context ? changes : elideChanges(changes, CONTEXT_WORDS));
}

/** The list item for a section heading's own change. */
function sectionItem(ctx: MarkdownContext, pair: AlignedPair): string | null {
  const { old: before, new: after } = pair;
  const note = significanceNote(pair);
  switch (pair.relation) {
    case 'inserted':
      return after ? `- **New section**${note}: ${escapeMarkdown(headingText(after))}` : null;
    case 'deleted':
      return before ? `- **Deleted section**${note}: ${escapeMarkdown(headingText(before))}` : null;
    case 'moved':
      return `- **Moved section**${note} from *${place(ctx, pair, 'old')}* to *${place(ctx, pair, 'new')}*`;
    default:
      break;
  }
  if (!before || !after) return null;
  const parts: string[] = [];
  const labelChanged = pair.heading?.labelChanged ?? (before.label ?? null) !== (after.label ?? null);
  const titleChanged = pair.heading?.titleChanged ?? (before.title ?? '') !== (after.title ?? '');
  if (labelChanged) {
    parts.push(
      `Renumbered ${escapeMarkdown(before.label ?? '(unnumbered)')} → ${escapeMarkdown(after.label ?? '(unnumbered)')}`,
    );
  }
  if (titleChanged)
    parts.push(`${labelChanged ? 'retitled' : 'Retitled'} ${markdownDiff(titleChanges(pair, labelChanged))}`);
  if (parts.length === 0) {
    // A heading that reads the same: the change is in the section's blocks, which have items of their own.
    if (pair.relation === 'modified') return null;
    parts.push(`${capitalise(pair.relation)}: ${escapeMarkdown(headingText(after))}`);
  }
  return `- ${parts.join('; ')}${note}`;
}

/** The word diff of a heading's title: the engine's when only the title changed, else a diff of the titles alone. */
function titleChanges(pair: AlignedPair, labelChanged: boolean): WordChange[] {
  if (pair.changes.length > 0 && !labelChanged) return pair.changes;
  return shortTextDiff(pair.old?.title ?? '', pair.new?.title ?? '', effectiveSignificance(pair));
}

/** "modified" → "Modified". */
function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The list item for one block pair. */
function blockItem(ctx: MarkdownContext, pair: AlignedPair): string {
  const kind = kindName(pair);
  const note = significanceNote(pair);
  const { old: before, new: after } = pair;
  const whole = (text: string) => escapeMarkdown(ctx.context ? text : elideText(text, 'head', 6 * CONTEXT_WORDS));
  switch (pair.relation) {
    case 'unchanged':
      return `- ${escapeMarkdown((after ?? before)?.text ?? '')}`;
    case 'inserted':
      return `- **New ${kind}**${note}: ${escapeMarkdown(after?.text ?? '')}`;
    case 'deleted':
      return `- **Deleted ${kind}**${note}: ${escapeMarkdown(before?.text ?? '')}`;
    case 'split': {
      const parts = [after, ...(pair.group ?? [])].filter((unit) => unit !== null && unit !== undefined);
      return `- **Split ${kind}**${note} into ${parts.length}: ${escapeMarkdown(before?.text ?? '')} → ${parts
        .map((unit) => marked('insert', escapeMarkdown(unit.text)))
        .join(' + ')}`;
    }
    case 'merged': {
      const parts = [before, ...(pair.group ?? [])].filter((unit) => unit !== null && unit !== undefined);
      return `- **Merged ${kind}s**${note} (${parts.length}): ${parts
        .map((unit) => marked('delete', escapeMarkdown(unit.text)))
        .join(' + ')} → ${escapeMarkdown(after?.text ?? '')}`;
    }
    default: {
      const changes = blockChanges(pair, ctx.structure.sentencesByBlock.get(pair.id));
      const body = hasEdits(changes) ? diffText(ctx, changes) : whole((after ?? before)?.text ?? '');
      if (pair.relation === 'moved') {
        return `- **Moved ${kind}**${note} from *${place(ctx, pair, 'old')}*: ${body}`;
      }
      return `- **${capitalise(pair.relation)} ${kind}**${note}: ${body}`;
    }
  }
}

/** The heading of a section group: "## Chapter 3 › … › (2) Territorial integrity", with "New/Deleted section". */
function groupHeading(group: SectionGroup): string {
  const section = group.section;
  const unit = section ? (section.new ?? section.old) : null;
  if (!section || !unit) return '## Before the first heading';
  const path = sectionTrail(unit).map(escapeMarkdown).join(SECTION_PATH_SEPARATOR);
  if (section.relation === 'inserted') return `## New section: ${path}`;
  if (section.relation === 'deleted') return `## Deleted section: ${path}`;
  return `## ${path}`;
}

/** One section group, or nothing when nothing in it is shown. */
function emitGroup(ctx: MarkdownContext, group: SectionGroup): void {
  if (!ctx.context && !groupHasChanges(group, ctx.minimum)) return;
  const items: string[] = [];
  const section = group.section;
  // Inserted and deleted sections say so in their heading already.
  if (
    section &&
    section.relation !== 'inserted' &&
    section.relation !== 'deleted' &&
    isShownChange(section, ctx.minimum)
  ) {
    const item = sectionItem(ctx, section);
    if (item) items.push(item);
  }
  for (const block of group.blocks) {
    if (isShownChange(block, ctx.minimum) || (ctx.context && block.relation === 'unchanged')) {
      items.push(blockItem(ctx, block));
    }
  }
  for (const block of movedElsewhere(group)) {
    if (!isShownChange(block, ctx.minimum)) continue;
    const text = escapeMarkdown(elideText(block.old?.text ?? '', 'head', 2 * CONTEXT_WORDS));
    items.push(`- **Moved ${kindName(block)}** to *${place(ctx, block, 'new')}*: ${text}`);
  }
  ctx.lines.push(groupHeading(group), '');
  // An inserted or deleted section says so in its heading; "No changes" under it would contradict that.
  if (items.length === 0 && section?.relation !== 'inserted' && section?.relation !== 'deleted') {
    items.push('- No changes.');
  }
  ctx.lines.push(...items, '');
}

/**
 * The anchor of each pair's section heading in this report, as GitHub and most Markdown renderers make heading ids
 * (lower case; letters, digits, spaces, hyphens and underscores kept; spaces to hyphens; repeats numbered), so the
 * summary at the top links to the section a change is in.
 */
function groupAnchors(structure: ReportStructure): (pair: string | null) => string | null {
  const byPair = new Map<string, string>();
  const used = new Map<string, number>();
  // The summary's own heading comes first and takes its slug.
  used.set('what-matters-most', 1);
  for (const group of structure.groups) {
    const base = groupHeading(group)
      .replace(/^#+\s*/, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    const slug = seen === 0 ? base : `${base}-${seen}`;
    if (group.section) byPair.set(group.section.id, slug);
    for (const block of group.blocks) byPair.set(block.id, slug);
  }
  return (pair) => (pair === null ? null : (byPair.get(pair) ?? null));
}

/** Renders a comparison as a Markdown changelog. */
export function renderMarkdown(comparison: Comparison, options: ReportOptions = {}): string {
  const ctx: MarkdownContext = {
    structure: buildStructure(comparison),
    context: options.context === true,
    minimum: options.significance ?? 'none',
    lines: [],
  };
  const { summary } = comparison;
  ctx.lines.push(
    `# Changes from ${escapeMarkdown(editionLabel(comparison.old))} to ${escapeMarkdown(editionLabel(comparison.new))}`,
    '',
    `- Sections: ${relationCountsPhrase(summary.sections)}`,
    `- Blocks: ${relationCountsPhrase(summary.blocks)}`,
    `- Sentences: ${relationCountsPhrase(summary.sentences)}`,
    `- Significance: ${significanceCountsPhrase(summary.significance)}`,
    '',
  );
  ctx.lines.push(...topMarkdownLines(comparison, options, groupAnchors(ctx.structure), escapeMarkdown, ctx.structure));
  if (options.topOnly === true) return ctx.lines.join('\n');
  if (ctx.minimum !== 'none') ctx.lines.push(`Showing ${ctx.minimum} changes and above.`, '');
  const before = ctx.lines.length;
  for (const group of ctx.structure.groups) emitGroup(ctx, group);
  if (ctx.lines.length === before) ctx.lines.push('No changes.', '');
  emitNotes(ctx, comparison);
  return ctx.lines.join('\n');
}

/** "Notes on the input": one item per diagnostic, `name` line and column — severity: message (code). */
function emitNotes(ctx: MarkdownContext, comparison: Comparison): void {
  const notes = inputNotes(comparison);
  if (notes.length === 0) return;
  ctx.lines.push(`## ${NOTES_HEADING}`, '');
  for (const { edition, shown, omitted } of notes) {
    for (const diagnostic of shown) {
      const start = diagnostic.position?.start;
      const place = start ? `, line ${start.line}, column ${start.column}` : '';
      ctx.lines.push(
        `- ${escapeMarkdown(edition)}${place} — ${diagnostic.severity}: ${escapeMarkdown(diagnostic.message)} (${escapeMarkdown(diagnostic.code)})`,
      );
    }
    if (omitted > 0) ctx.lines.push(`- ${escapeMarkdown(edition)}: ${escapeMarkdown(omittedPhrase(omitted))}`);
  }
  ctx.lines.push('');
}
