/**
 * The terminal form of a trace: a header with the trajectory (first, last, gaps and returns), a table of editions
 * with counts and a bar scaled to the busiest edition, then the occurrences of each edition as keyword-in-context
 * lines, grouped under their section paths. The match sits in a fixed column (the concordance layout): the left
 * context is right-aligned to `context` columns, measured in terminal columns so Japanese text lines up too.
 */
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { displayWidth, isWide, plainText } from '../text/display.js';
import { occurrences, trajectoryLine } from '../trace/summary.js';
import type { EditionTrace, TraceHit, TraceResult } from '../trace/trace.js';

/** Options of `renderTraceTable`. */
export interface TraceTableOptions {
  /** Show the occurrences under the table (default true). */
  hits?: boolean;
  /** Occurrences listed per edition before "… and N more" (default 10). */
  hitsPerEdition?: number;
  /** `plain` marks the match with [brackets] (default); `ansi` shows it bold and underlined for a colour terminal. */
  style?: 'plain' | 'ansi';
  /** Widest bar, in columns (default 30). */
  barWidth?: number;
}

/** The separator of section path labels, as in comparison reports. */

/** Pads `text` with spaces to `width` terminal columns, on the right or on the left. */
function pad(text: string, width: number, side: 'left' | 'right' = 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return side === 'right' ? text + fill : fill + text;
}

/** The longest tail of `text` that fits `width` columns. */
function tailFitting(text: string, width: number): { text: string; cut: boolean } {
  let used = 0;
  let i = text.length;
  while (i > 0) {
    let start = i - 1;
    const low = text.charCodeAt(start);
    if (low >= 0xdc00 && low <= 0xdfff && start > 0) start--;
    const code = text.codePointAt(start) as number;
    const w = isWide(code) ? 2 : 1;
    if (used + w > width) return { text: text.slice(i), cut: true };
    used += w;
    i = start;
  }
  return { text, cut: false };
}

/** The longest head of `text` that fits `width` columns. */
function headFitting(text: string, width: number): { text: string; cut: boolean } {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) as number;
    const w = isWide(code) ? 2 : 1;
    if (used + w > width) return { text: text.slice(0, i), cut: true };
    used += w;
    i += code > 0xffff ? 2 : 1;
  }
  return { text, cut: false };
}

/** One KWIC line: left context right-aligned to `context` columns, the marked match, the right context. */
export function kwicLine(hit: TraceHit, context: number, style: 'plain' | 'ansi' = 'plain'): string {
  const room = Math.max(context, 1);
  // A CJK character takes two columns: cut the context to the columns available, not to its character count.
  const left = tailFitting(plainText(hit.before), room);
  const right = headFitting(plainText(hit.after), room);
  const before = `${left.cut || hit.clippedBefore ? '…' : ''}${left.text}`;
  const after = `${right.text}${right.cut || hit.clippedAfter ? '…' : ''}`;
  const match = plainText(hit.match);
  const marked = style === 'ansi' ? `\u001b[1;4m${match}\u001b[0m` : `[${match}]`;
  return `${pad(before, room + 1, 'left')}${marked}${after}`;
}

/** Where a hit is: "line 13:56" (or the block and sentence when the edition has no positions). */
function hitLocation(hit: TraceHit): string {
  if (hit.position !== undefined) return `${hit.position.start.line}:${hit.position.start.column}`;
  if (hit.sentence !== null) return `s${hit.sentence + 1}`;
  return hit.unit;
}

/** The note beside an edition's row: first, last, absent, back. */
function rowNote(result: TraceResult, index: number): string {
  const notes: string[] = [];
  if (result.first?.index === index) notes.push('first');
  if (result.returns.some((ref) => ref.index === index)) notes.push('back');
  if (result.last?.index === index && result.first?.index !== index) notes.push('last');
  if (result.gaps.some((gap) => index >= gap.start && index <= gap.end)) notes.push('absent');
  return notes.join(', ');
}

/** Lines listing one edition's hits, grouped by section path. */
function hitLines(edition: EditionTrace, context: number, limit: number, style: 'plain' | 'ansi'): string[] {
  const lines = [`${plainText(edition.label)} · ${occurrences(edition.count)}`];
  let path: string | null = null;
  const shown = edition.hits.slice(0, limit);
  const locations = shown.map(hitLocation);
  const locationWidth = Math.max(0, ...locations.map((location) => location.length));
  shown.forEach((hit, i) => {
    const hitPath =
      hit.path.length === 0 ? '(before the first heading)' : hit.path.map(plainText).join(SECTION_PATH_SEPARATOR);
    if (hitPath !== path) {
      lines.push(`  § ${hitPath}`);
      path = hitPath;
    }
    lines.push(`    ${pad(locations[i] as string, locationWidth)}  ${kwicLine(hit, context, style)}`);
  });
  const more = edition.count - shown.length;
  if (more > 0) lines.push(`    … and ${more} more`);
  return lines;
}

/** Renders a trace for a terminal: header, a table of editions with bars, and KWIC lines per edition. */
export function renderTraceTable(result: TraceResult, options: TraceTableOptions = {}): string {
  const style = options.style ?? 'plain';
  const barWidth = options.barWidth ?? 30;
  const editions = result.editions;
  const lines = [
    `Trace of ${JSON.stringify(plainText(result.phrase))} (${result.mode}) in ${editions.length} edition${editions.length === 1 ? '' : 's'}: ${occurrences(result.total)}`,
    trajectoryLine(result),
  ];
  if (result.status === 'truncated') lines.push('(truncated: some occurrences are counted but not listed)');
  const labels = editions.map((edition) => plainText(edition.label));
  const dates = editions.map((edition) => plainText(edition.date ?? ''));
  const labelWidth = Math.max(displayWidth('edition'), ...labels.map(displayWidth));
  const dateWidth = Math.max(0, ...dates.map(displayWidth));
  const counts = editions.map((edition) => String(edition.count));
  const countWidth = Math.max(displayWidth('count'), ...counts.map((count) => count.length));
  const most = Math.max(0, ...editions.map((edition) => edition.count));
  lines.push('');
  lines.push(
    `${pad('edition', labelWidth)}${dateWidth > 0 ? `  ${pad('date', dateWidth)}` : ''}  ${pad('count', countWidth, 'left')}`,
  );
  editions.forEach((edition, index) => {
    // A non-zero count always gets at least one block, so a single occurrence is visible beside hundreds.
    const length = edition.count === 0 ? 0 : Math.max(1, Math.round((edition.count / most) * barWidth));
    const note = rowNote(result, index);
    const cells = [
      pad(labels[index] as string, labelWidth),
      ...(dateWidth > 0 ? [pad(dates[index] as string, dateWidth)] : []),
      pad(counts[index] as string, countWidth, 'left'),
      `${'█'.repeat(length)}${note === '' ? '' : `${length > 0 ? ' ' : ''}${note}`}`,
    ];
    lines.push(cells.join('  ').trimEnd());
  });
  if (options.hits ?? true) {
    const limit = options.hitsPerEdition ?? 10;
    for (const edition of editions) {
      if (edition.count === 0) continue;
      lines.push('');
      lines.push(...hitLines(edition, result.context, limit, style));
    }
  }
  return `${lines.join('\n')}\n`;
}
