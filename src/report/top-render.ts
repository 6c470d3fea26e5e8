/**
 * The "what matters most" summary of a comparison in each report format: a numbered list of `rankChanges`, one line
 * each with its place and a link to it, put at the top of every report (and alone with `compare --top N`).
 */
import type { Comparison } from '../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { plainText, wrapLine } from '../text/display.js';
import { escapeHtml } from './html.js';
import type { ReportOptions } from './options.js';
import type { SectionPaths } from './structure.js';
import { DEFAULT_TOP, rankTop, type TopChange } from './top.js';

/** The heading of the summary in every format. */
export const TOP_HEADING = 'What matters most';

/**
 * The ranked changes a report shows: `options.top` of them (DEFAULT_TOP when absent; none for 0). A report passes the
 * section paths of the structure it built, so they are not found again.
 */
export function topOf(
  comparison: Comparison,
  options: ReportOptions,
  sections?: SectionPaths,
): { shown: TopChange[]; total: number } {
  const limit = options.top ?? DEFAULT_TOP;
  if (limit <= 0) return { shown: [], total: 0 };
  // Only the shown changes are quoted and placed; the rest are counted.
  return rankTop(comparison, limit, options.facts ?? [], sections);
}

function headingLine(shown: number, total: number): string {
  return total > shown ? `${TOP_HEADING} (${shown} of ${total})` : TOP_HEADING;
}

function placeText(change: TopChange): string {
  return change.path.length > 0 ? change.path.join(SECTION_PATH_SEPARATOR) : '(document)';
}

/** Terminal lines: "  1. § place" then the change, wrapped to `width`; `paint` styles the heading and places. */
export function topTerminalLines(
  comparison: Comparison,
  options: ReportOptions,
  width: number,
  paint: (style: 'heading' | 'dim', text: string) => string,
  sections?: SectionPaths,
): string[] {
  const { shown, total } = topOf(comparison, options, sections);
  if (shown.length === 0) return [];
  const lines = ['', paint('heading', headingLine(shown.length, total))];
  const pad = String(shown.length).length + 4;
  for (const change of shown) {
    const number = `${String(change.rank).padStart(pad - 2)}. `;
    lines.push(...wrapLine(plainText(change.line), width, number, ' '.repeat(pad)));
    for (const line of wrapLine(`§ ${plainText(placeText(change))}`, width, ' '.repeat(pad), ' '.repeat(pad + 2)))
      lines.push(paint('dim', line));
  }
  return lines;
}

/** Markdown lines: a numbered list, each place a link to the report's section heading when `anchorOf` knows it. */
export function topMarkdownLines(
  comparison: Comparison,
  options: ReportOptions,
  anchorOf: (pair: string | null) => string | null,
  escapeText: (text: string) => string,
  sections?: SectionPaths,
): string[] {
  const { shown, total } = topOf(comparison, options, sections);
  if (shown.length === 0) return [];
  const lines = [`## ${headingLine(shown.length, total)}`, ''];
  for (const change of shown) {
    const anchor = anchorOf(change.pair);
    const place = escapeText(placeText(change));
    lines.push(`${change.rank}. ${escapeText(change.line)} — ${anchor ? `[${place}](#${anchor})` : `*${place}*`}`);
  }
  lines.push('');
  return lines;
}

/** HTML: an ordered list whose places link to the redline's rows (`#pair-<id>`); every text escaped. */
export function topHtml(comparison: Comparison, options: ReportOptions, sections?: SectionPaths): string {
  const { shown, total } = topOf(comparison, options, sections);
  if (shown.length === 0) return '';
  const items = shown.map((change) => {
    const place = escapeHtml(placeText(change));
    const link = change.pair ? `<a href="#pair-${encodeURIComponent(change.pair)}">${place}</a>` : place;
    return `<li data-rule="${escapeHtml(change.rule)}">${escapeHtml(change.line)} <span class="top-place">§ ${link}</span></li>`;
  });
  return [
    '<section class="top" aria-labelledby="top-heading">',
    `<h2 id="top-heading">${escapeHtml(headingLine(shown.length, total))}</h2>`,
    '<ol>',
    ...items,
    '</ol>',
    '</section>',
  ].join('\n');
}

/** Version of the `compare --top --format json` document (schema/top.schema.json). */
export const TOP_SCHEMA_VERSION = 1;

/** The summary alone as JSON: what `compare --top N --format json` prints. */
export function topJson(comparison: Comparison, options: ReportOptions): string {
  const { shown, total } = topOf(comparison, options);
  const document = {
    schemaVersion: TOP_SCHEMA_VERSION,
    old: comparison.old.name,
    new: comparison.new.name,
    total,
    changes: shown,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
