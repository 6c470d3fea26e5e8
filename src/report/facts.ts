/**
 * Reports of a facts diff (`palimpsest facts`): terminal text, Markdown, CSV and JSON (schema/facts.schema.json).
 * Document text is untrusted: control characters are replaced in terminal text, Markdown escapes it, CSV guards
 * against formulas.
 */
import type { FactChangeEntry, FactsReport } from '../facts/model.js';
import { collapseWhitespace, replaceControls } from '../text/display.js';
import { escapeMarkdown } from './markdown.js';
import { csvField } from './trace-csv.js';

/** The formats of `palimpsest facts`. */
export const FACTS_FORMATS = ['terminal', 'json', 'md', 'csv'] as const;

/** One of FACTS_FORMATS. */
export type FactsFormat = (typeof FACTS_FORMATS)[number];

const CHANGE_ORDER = ['new', 'changed', 'dropped'] as const;
const MARKS = { new: '+', changed: '~', dropped: '-' } as const;
const PATH_SEPARATOR = ' › ';

/** Document text for one terminal line. */
const plain = (text: string) => replaceControls(collapseWhitespace(text));

/** "a total of 57 times", or old → new for a changed fact. */
function quoted(change: FactChangeEntry, quote: (text: string) => string): string {
  if (change.change === 'changed') return `${quote(change.old?.text ?? '')} → ${quote(change.new?.text ?? '')}`;
  return quote((change.new ?? change.old)?.text ?? '');
}

/** The value a change shows beside its key: the value (or old → new) when it says more than the key. */
function shownValue(change: FactChangeEntry): string {
  if (change.change === 'changed')
    return `${change.old?.value ?? change.old?.key} → ${change.new?.value ?? change.new?.key}`;
  const fact = change.new ?? change.old;
  return fact?.value !== undefined && fact.value !== change.key ? fact.value : '';
}

/** Counts line: "29 new, 3 dropped, 0 changed". */
function counts(report: FactsReport): string {
  return `${report.summary.new} new, ${report.summary.changed} changed, ${report.summary.dropped} dropped`;
}

/** The facts diff as terminal text, grouped by change: new, changed, dropped. */
export function renderFactsTerminal(report: FactsReport): string {
  const lines = [`Facts: ${plain(report.old.name)} → ${plain(report.new.name)}: ${counts(report)}`];
  for (const kind of CHANGE_ORDER) {
    const changes = report.changes.filter((change) => change.change === kind);
    if (changes.length === 0) continue;
    lines.push('', `${kind[0]?.toUpperCase()}${kind.slice(1)} (${changes.length})`);
    for (const change of changes) {
      const value = shownValue(change);
      const head = `  ${MARKS[kind]} ${change.kind.padEnd(12)} ${plain(change.key)}${value ? ` = ${plain(value)}` : ''}`;
      const place = change.path.length > 0 ? `  [${plain(change.path.join(PATH_SEPARATOR))}]` : '';
      lines.push(head, `      ${quoted(change, (text) => `“${plain(text)}”`)}${place}`);
    }
  }
  if (report.changes.length === 0) lines.push('', 'No fact changed.');
  return `${lines.join('\n')}\n`;
}

/** The facts diff as Markdown: a table per kind of change. */
export function renderFactsMarkdown(report: FactsReport): string {
  const lines = [
    `# Facts: ${escapeMarkdown(report.old.name)} → ${escapeMarkdown(report.new.name)}`,
    '',
    `${counts(report)}.`,
  ];
  for (const kind of CHANGE_ORDER) {
    const changes = report.changes.filter((change) => change.change === kind);
    if (changes.length === 0) continue;
    lines.push('', `## ${kind[0]?.toUpperCase()}${kind.slice(1)} (${changes.length})`, '');
    lines.push('| Kind | Fact | Value | Text | Where |', '| --- | --- | --- | --- | --- |');
    for (const change of changes) {
      lines.push(
        `| ${change.kind} | ${escapeMarkdown(change.key)} | ${escapeMarkdown(shownValue(change))} | ${quoted(change, escapeMarkdown)} | ${escapeMarkdown(change.path.join(PATH_SEPARATOR))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Columns of the facts CSV. */
export const FACTS_CSV_COLUMNS = [
  'change',
  'kind',
  'key',
  'old_value',
  'new_value',
  'old_text',
  'new_text',
  'old_sentence',
  'new_sentence',
  'pair',
  'path',
] as const;

/** The facts diff as CSV (RFC 4180, CRLF), one change a row. */
export function renderFactsCsv(report: FactsReport): string {
  const rows = [FACTS_CSV_COLUMNS.join(',')];
  for (const change of report.changes) {
    rows.push(
      [
        change.change,
        change.kind,
        change.key,
        change.old?.value ?? (change.old ? change.old.key : ''),
        change.new?.value ?? (change.new ? change.new.key : ''),
        change.old?.text,
        change.new?.text,
        change.old?.sentence,
        change.new?.sentence,
        change.pair,
        change.path.join(PATH_SEPARATOR),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The facts diff as pretty-printed JSON. */
export function renderFactsJson(report: FactsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The facts diff in one of FACTS_FORMATS. */
export function renderFacts(report: FactsReport, format: FactsFormat): string {
  if (format === 'json') return renderFactsJson(report);
  if (format === 'md') return renderFactsMarkdown(report);
  if (format === 'csv') return renderFactsCsv(report);
  return renderFactsTerminal(report);
}
