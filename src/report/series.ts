/**
 * Renderers of blame and history as strings (pure): a terminal listing, JSON, and one self-contained HTML page
 * where each word is coloured by the edition that introduced it. Every piece of document text goes through
 * `plainText` (terminal) or `escapeHtml` (HTML), so a document can neither drive a terminal nor inject markup.
 */

import type { Blame, BlameHeading, BlameSentence } from '../collate/blame.js';
import type { HistoryFact, SeriesHistory } from '../collate/history.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { plainText, wrapLine } from '../text/display.js';
import { editionColor } from './edition-palette.js';
import { CONTENT_SECURITY_POLICY, escapeHtml } from './html.js';
import { SHARED_STYLESHEET } from './shared-styles.js';
import { relationCountsPhrase, significanceCountsPhrase } from './structure.js';
import { shiftPhrase } from './top.js';

/** Options of the terminal renderers. */
export interface CollateRenderOptions {
  /** ANSI colours (words coloured by the edition that introduced them); off by default. */
  color?: boolean;
  /** Line width in columns (default 100). */
  width?: number;
  /**
   * Blame only: show each line's lineage id (`L3.12`, `S0.5`) after its edition. Off by default: the id looks like a
   * line number and means something only to a reader matching units across editions, whom JSON serves better.
   */
  ids?: boolean;
}

/** How a sentence's block kind is named where it is not a paragraph's. */
const BLOCK_NAMES = { caption: 'caption', listItem: 'list item' } as const;

/** Separator between the parts of a section path. */

/** Foreground colours cycled over editions (oldest first); the blamed edition's own words are always bold green. */
const EDITION_STYLES = ['\u001b[34m', '\u001b[36m', '\u001b[35m', '\u001b[33m', '\u001b[94m', '\u001b[96m'];
const NEWEST_STYLE = '\u001b[1;32m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** The ANSI style of words from edition `e` in the blame of edition `target`; '' for the first edition (plain). */
function editionStyle(e: number, target: number): string {
  if (e === target) return NEWEST_STYLE;
  if (e === 0) return '';
  return EDITION_STYLES[(e - 1) % EDITION_STYLES.length] as string;
}

/**
 * Blame as a terminal listing grouped by section: per heading a line `ORIGIN  label title`, per sentence a line
 * `SINCE  text` (with `ids`, the lineage id after the edition), each with an indented history line. With colour, each
 * word takes its edition's colour and a legend heads the listing.
 */
export function renderBlameTerminal(blame: Blame, options: CollateRenderOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const color = options.color === true;
  const labels = blame.editions.map((e) => e.label);
  const target = blame.edition;
  const lines: string[] = [];
  const title = `Blame of ${labels[target] ?? target} (edition ${target + 1} of ${labels.length})`;
  const scope = blame.section ? ` · section ${blame.section.join(SECTION_PATH_SEPARATOR)}` : '';
  const headings = `${blame.headings.length} heading${blame.headings.length === 1 ? '' : 's'}`;
  lines.push(`${title}${scope} · ${headings} · ${blame.sentences.length} sentences`);
  if (color) {
    lines.push(
      `legend  ${labels.map((l, e) => (editionStyle(e, target) ? `${editionStyle(e, target)}${plainText(l)}${RESET}` : plainText(l))).join(' ')}`,
    );
  }
  const sinceWidth = Math.min(16, Math.max(5, ...labels.map((l) => plainText(l).length)));
  const idWidth = options.ids
    ? Math.max(7, ...blame.sentences.map((s) => s.id.length), ...blame.headings.map((h) => h.id.length))
    : 0;
  const indent = ' '.repeat(sinceWidth + 2 + (options.ids ? idWidth + 2 : 0));
  const idColumn = (id: string): string => (options.ids ? `${id.padEnd(idWidth)}  ` : '');
  let lastPath: string | null = null;
  const cursor = headingCursor(blame.headings);
  const pushHeadings = (headings: readonly BlameHeading[]): void => {
    for (const heading of headings) {
      lastPath = heading.path.join(SECTION_PATH_SEPARATOR);
      lines.push('', `§ ${plainText(lastPath)}`);
      // A heading's column is the edition its section first appeared in ("since when does this section exist?");
      // its history line tells each renumbering and retitling after that.
      const since = plainText(labels[heading.origin] ?? String(heading.origin)).padEnd(sinceWidth);
      lines.push(...wrapLine(plainText(headingText(heading)), width, `${since}  ${idColumn(heading.id)}`, indent));
      const history = plainText(heading.history);
      lines.push(...wrapLine(color ? `${DIM}${history}${RESET}` : history, width, indent, indent));
    }
  };
  let lastBlock = -1;
  for (const sentence of blame.sentences) {
    pushHeadings(cursor.through(sentence.path));
    const path = sentence.path.join(SECTION_PATH_SEPARATOR);
    if (path !== lastPath) {
      lines.push('', `§ ${plainText(path || '(before the first heading)')}`);
      lastPath = path;
    } else if (sentence.blockIndex !== lastBlock) {
      // A new paragraph (or list item, caption) of the same section: a blank line, as between paragraphs of text.
      lines.push('');
    }
    lastBlock = sentence.blockIndex;
    const since = plainText(labels[sentence.since] ?? String(sentence.since)).padEnd(sinceWidth);
    const head = `${since}  ${idColumn(sentence.id)}`;
    const text = color ? coloredText(sentence, target) : plainText(sentence.text);
    lines.push(...wrapLine(text, width, head, indent));
    const history = plainText(
      sentence.block ? `${BLOCK_NAMES[sentence.block]} · ${sentence.history}` : sentence.history,
    );
    lines.push(...wrapLine(color ? `${DIM}${history}${RESET}` : history, width, indent, indent));
  }
  pushHeadings(cursor.rest());
  return `${lines.join('\n')}\n`;
}

/** A heading as it reads: its label and title. */
export function headingText(heading: Pick<BlameHeading, 'label' | 'title'>): string {
  return [heading.label ?? '', heading.title].filter((part) => part.trim()).join(' ');
}

/**
 * Walks a blame's headings (pre-order) alongside its sentences (document order): before the sentences of a section
 * come the headings not shown yet up to that section's own, so that headings without sentences of their own (a
 * chapter holding only articles) are shown in their place too.
 */
function headingCursor(headings: readonly BlameHeading[]): {
  through(path: readonly string[]): BlameHeading[];
  rest(): BlameHeading[];
} {
  let next = 0;
  return {
    through(path) {
      if (path.length === 0) return [];
      const key = path.join('\u0000');
      for (let i = next; i < headings.length; i++) {
        if ((headings[i] as BlameHeading).path.join('\u0000') !== key) continue;
        const shown = headings.slice(next, i + 1);
        next = i + 1;
        return shown;
      }
      return [];
    },
    rest() {
      const shown = headings.slice(next);
      next = headings.length;
      return shown;
    },
  };
}

/** A sentence's words, each run painted in its edition's colour. */
function coloredText(sentence: BlameSentence, target: number): string {
  let out = '';
  for (const run of runsOf(sentence)) {
    const style = editionStyle(run.edition, target);
    const text = plainText(run.text);
    out += style && text.trim() ? `${style}${text}${RESET}` : text;
  }
  return out;
}

/** Consecutive words of the same edition joined into runs (fillers join the run before them). */
function runsOf(sentence: BlameSentence): Array<{ edition: number; text: string }> {
  const runs: Array<{ edition: number; text: string }> = [];
  for (const word of sentence.words) {
    const last = runs[runs.length - 1];
    if (last && (last.edition === word.edition || word.filler)) last.text += word.text;
    else runs.push({ edition: word.edition, text: word.text });
  }
  return runs;
}

/**
 * Blame as JSON: the `Blame` value, pretty-printed. Shape (schema version 1):
 * `{ edition, editions: [{index, label, date?}], section?, headings: [{ id, index, path, label, title, since, origin,
 * events, history }], sentences: [{ id, index, path, block?, blockIndex, text, since, origin, events: [{kind, edition, initial?, from?, to?,
 * similarity?, significance?, before?, after?}], history, words: [{text, edition, filler?}] }] }`.
 * Every `edition` field is an index into `editions`; `words[].text` concatenate to `text`.
 */
export function renderBlameJson(blame: Blame): string {
  return `${JSON.stringify(blameJson(blame), null, 2)}\n`;
}

/** Version of the JSON envelopes of blame and history (the CLI's files and the HTTP API's bodies). */
export const COLLATE_JSON_SCHEMA_VERSION = 1;

/** Blame as the JSON value `renderBlameJson` prints and the HTTP API answers: the `Blame` with `schemaVersion`. */
export function blameJson(blame: Blame): { schemaVersion: number } & Blame {
  return { schemaVersion: COLLATE_JSON_SCHEMA_VERSION, ...blame };
}

/**
 * Blame as one self-contained HTML page: a legend of editions, then per section its sentences with every word
 * coloured by the edition that introduced it (its label in a tooltip), the lineage id, the edition of the present
 * wording and the history. All document text is escaped.
 */
export function renderBlameHtml(blame: Blame): string {
  const labels = blame.editions.map((e) => e.label);
  const count = labels.length;
  const target = labels[blame.edition] ?? String(blame.edition);
  const styles = labels.map((_, e) => `.e${e}{background:${editionColor(e, count)}}`).join('\n');
  const legend = blame.editions
    .map((e) => {
      const date = e.date ? ` <small>${escapeHtml(e.date)}</small>` : '';
      return `<li><span class="swatch e${e.index}"></span>${escapeHtml(e.label)}${date}</li>`;
    })
    .join('');
  const body: string[] = [];
  let lastPath: string | null = null;
  // The block (paragraph, list item, caption) whose <div class="paragraph"> is open, or -1.
  let openBlock = -1;
  const closeParagraph = (): void => {
    if (openBlock >= 0) body.push('</div>');
    openBlock = -1;
  };
  const cursor = headingCursor(blame.headings);
  const pushHeadings = (headings: readonly BlameHeading[]): void => {
    for (const heading of headings) {
      closeParagraph();
      if (lastPath !== null) body.push('</section>');
      lastPath = heading.path.join(SECTION_PATH_SEPARATOR);
      const since = escapeHtml(labels[heading.origin] ?? String(heading.origin));
      body.push(
        `<section><h2 id="${escapeHtml(heading.id)}">${escapeHtml(lastPath)}</h2>` +
          `<p class="meta heading"><code>${escapeHtml(heading.id)}</code> · ${escapeHtml(headingText(heading))} · section since ${since} · ${escapeHtml(heading.history)}</p>`,
      );
    }
  };
  for (const sentence of blame.sentences) {
    pushHeadings(cursor.through(sentence.path));
    const path = sentence.path.join(SECTION_PATH_SEPARATOR);
    if (path !== lastPath) {
      closeParagraph();
      if (lastPath !== null) body.push('</section>');
      body.push(`<section><h2>${escapeHtml(path || '(before the first heading)')}</h2>`);
      lastPath = path;
    }
    if (sentence.blockIndex !== openBlock) {
      closeParagraph();
      body.push(`<div class="paragraph${sentence.block ? ` ${sentence.block}` : ''}">`);
      openBlock = sentence.blockIndex;
    }
    const words = runsOf(sentence)
      .map(
        (run) =>
          `<span class="e${run.edition}" title="${escapeHtml(labels[run.edition] ?? '')}">${escapeHtml(run.text)}</span>`,
      )
      .join('');
    const since = escapeHtml(labels[sentence.since] ?? String(sentence.since));
    body.push(
      `<div class="sentence${sentence.block ? ` ${sentence.block}` : ''}" id="${escapeHtml(sentence.id)}"><p>${words}</p>` +
        `<p class="meta"><code>${escapeHtml(sentence.id)}</code>${sentence.block ? ` · ${BLOCK_NAMES[sentence.block]}` : ''} · wording since ${since} · ${escapeHtml(sentence.history)}</p></div>`,
    );
  }
  pushHeadings(cursor.rest());
  closeParagraph();
  if (lastPath !== null) body.push('</section>');
  return `<!doctype html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Blame of ${escapeHtml(target)}</title>
<style>${SHARED_STYLESHEET}
body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
.paragraph{margin:0 0 1.4rem}.paragraph.listItem{padding-left:1.2rem}.sentence{margin:.4rem 0}.sentence p{margin:0}.meta{font-size:.8rem;color:#666}
.sentence span{border-radius:2px}
${styles}
</style>
</head>
<body>
<h1>Blame of ${escapeHtml(target)}${blame.section ? ` · ${escapeHtml(blame.section.join(SECTION_PATH_SEPARATOR))}` : ''}</h1>
<p>Each word is coloured by the edition that introduced it.</p>
<ul class="legend">${legend}</ul>
${body.join('\n')}
</body>
</html>
`;
}

/** History as a terminal listing: per step its counts, the returns, and the most significant changes. */
export function renderHistoryTerminal(history: SeriesHistory, options: CollateRenderOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const labels = history.editions.map((e) => plainText(e.label));
  const lines: string[] = [`${labels.length} editions: ${labels.join(', ')}`];
  for (const step of history.steps) {
    lines.push('', `${labels[step.from]} → ${labels[step.to]}`);
    lines.push(`  sections     ${relationCountsPhrase(step.sections, ' · ')}`);
    lines.push(`  blocks       ${relationCountsPhrase(step.blocks, ' · ')}`);
    const returned = step.returned > 0 ? ` · ${step.returned} returned` : '';
    lines.push(`  sentences    ${relationCountsPhrase(step.sentences, ' · ')}${returned}`);
    lines.push(`  significance ${significanceCountsPhrase(step.significance, ' · ')}`);
    for (const change of step.top) {
      const where = change.path.length > 0 ? `${change.path.join(SECTION_PATH_SEPARATOR)}: ` : '';
      const text = change.new ?? change.old ?? '';
      const head = `${change.significance} ${change.level === 'section' ? 'section' : 'block'} ${change.relation} · `;
      lines.push(...wrapLine(plainText(`${head}${where}${text}`), width, '    ', '      '));
    }
    // The policy shifts of the step (docs/shifts.md): "region: “Indo-Pacific” added".
    for (const shift of step.shifts ?? []) {
      const times = shift.count > 1 ? ` (×${shift.count})` : '';
      const where = shift.path.length > 0 ? ` · ${shift.path.join(SECTION_PATH_SEPARATOR)}` : '';
      lines.push(...wrapLine(plainText(`shift ${shiftPhrase(shift)}${times}${where}`), width, '    ', '      '));
    }
    // The facts of the step (docs/facts.md): "fact quantity changed: “three nuclear tests” → “six nuclear tests”".
    for (const fact of step.facts ?? []) {
      const times = fact.count > 1 ? ` (×${fact.count})` : '';
      const where = fact.path.length > 0 ? ` · ${fact.path.join(SECTION_PATH_SEPARATOR)}` : '';
      lines.push(...wrapLine(plainText(`fact ${factPhrase(fact)}${times}${where}`), width, '    ', '      '));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One fact change of a history step in a few words: "quantity changed: “three nuclear tests” → “six nuclear tests”". */
export function factPhrase(fact: HistoryFact): string {
  if (fact.change === 'changed') return `${fact.kind} changed: “${fact.old}” → “${fact.new}”`;
  return `${fact.kind} ${fact.change}: “${fact.change === 'new' ? fact.new : fact.old}”`;
}

/** History as JSON: the `SeriesHistory` value, pretty-printed, with `schemaVersion: 1`. */
export function renderHistoryJson(history: SeriesHistory): string {
  return `${JSON.stringify(historyJson(history), null, 2)}\n`;
}

/** History as the JSON value `renderHistoryJson` prints and the HTTP API answers: the history with `schemaVersion`. */
export function historyJson(history: SeriesHistory): { schemaVersion: number } & SeriesHistory {
  return { schemaVersion: COLLATE_JSON_SCHEMA_VERSION, ...history };
}
