/**
 * The HTML report: one self-contained page (inline CSS and script, a Content-Security-Policy that forbids anything
 * external) holding a side-by-side redline. Old and new editions sit in two columns, aligned unit by unit: section
 * headings (renumbered/retitled ones badged), then their blocks with word changes marked as <del>/<ins>. Moved blocks
 * appear at both places, linked both ways. A significance filter and a "changes only" toggle hide rows in place.
 * Every piece of document text goes through `escapeHtml`.
 */

import type { AlignedPair, Comparison, Significance, UnitRef, WordChange } from '../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { inputNotes, NOTES_HEADING, omittedPhrase } from './notes.js';
import type { ReportOptions } from './options.js';
import { SHARED_STYLESHEET } from './shared-styles.js';
import {
  blockChanges,
  buildStructure,
  editionLabel,
  effectiveSignificance,
  headingText,
  kindName,
  placeOf,
  type ReportStructure,
  relationCountsPhrase,
  type SectionGroup,
  significanceCountsPhrase,
  significanceRank,
} from './structure.js';
import { topHtml } from './top-render.js';

/** The characters HTML gives a meaning. */
const HTML_SPECIAL = /[&<>"']/;

/**
 * Escapes `& < > " '` so that text is shown, never parsed, in element content and in quoted attributes. A char-code
 * loop with slices rather than a regex with a callback: reports escape megabytes of text.
 */
export function escapeHtml(text: string): string {
  // Most text needs nothing: let the regex engine find the first special character, or tell there is none.
  const first = text.search(HTML_SPECIAL);
  if (first < 0) return text;
  let out = '';
  let start = 0;
  for (let i = first; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 0x26:
        entity = '&amp;';
        break;
      case 0x3c:
        entity = '&lt;';
        break;
      case 0x3e:
        entity = '&gt;';
        break;
      case 0x22:
        entity = '&quot;';
        break;
      case 0x27:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    out += text.slice(start, i) + entity;
    start = i + 1;
  }
  return out + text.slice(start);
}

/** The policy that keeps the page self-contained: no network, no external script or style, no plugins. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/** Separator between the parts of a section path. */

/**
 * The report's own layout — a CJK-capable font stack, the redline table, dark colours, a print layout without the
 * controls — after the stylesheet it shares with the web app (word changes, badges, row margins, headings: see
 * shared-styles.ts), whose variables the dark scheme redefines.
 */
const STYLESHEET = `${SHARED_STYLESHEET}
:root{color-scheme:light dark;--fg:#1d1f23;--bg:#fff;--muted:#6b6b6b;--line:#d9d9de;--head:#f5f5f7;
--gap:#f3f3f5;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#18181b;--muted:#a0a0a8;--line:#3a3a40;--head:#232327;
--gap:#222226;--link:#8ab4f8;--ins:#173d24;--ins-strong:#1f5a33;--ins-fg:#b5f0c4;--del:#4a1f22;--del-strong:#6b2a2e;
--del-fg:#ffb4b4;--badge-bg:#34343a;--badge-fg:#e8e8ea}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1500px;padding:1rem 1.25rem 3rem;color:var(--fg);background:var(--bg);font-size:15px;line-height:1.6;
font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans CJK JP",
"Noto Sans JP","Yu Gothic",Meiryo,"IPAGothic","IPAexGothic",sans-serif}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
a{color:var(--link)}
.summary{border-collapse:collapse;margin:0 0 1rem;font-size:.9rem}
.summary th{text-align:left;padding:.1rem 1rem .1rem 0;color:var(--muted);font-weight:600}
.summary td{padding:.1rem 0}
.top ol{margin:.25rem 0 1rem;padding-left:2rem}.top h2{font-size:1.1rem;margin:.5rem 0}.top-place{color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:center;position:sticky;top:0;z-index:1;padding:.5rem 0;
background:var(--bg);border-bottom:1px solid var(--line)}
.redline{width:100%;border-collapse:collapse;table-layout:fixed;margin-top:.5rem}
.redline th{text-align:left;padding:.4rem .6rem;background:var(--head);border-bottom:1px solid var(--line)}
.redline td{vertical-align:top;padding:.35rem .6rem;border-top:1px solid var(--line);white-space:pre-wrap;
overflow-wrap:anywhere}
.redline td.old{border-right:1px solid var(--line)}
.redline tr.heading td{background:var(--head)}
.redline .heading-cell{display:block}
td.empty{background:repeating-linear-gradient(135deg,var(--gap),var(--gap) 6px,transparent 6px,transparent 12px)}
.move{display:block;font-size:.85em;font-style:italic}
.meta{float:right;margin:0 0 .2rem .6rem;color:var(--muted);font-size:.8rem}
.part+.part{display:block;margin-top:.4rem}
tr:target td{outline:2px solid var(--link);outline-offset:-2px}
@media print{.controls{display:none}body{max-width:none;padding:0}.redline tr{break-inside:avoid}
a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/**
 * Applies the significance filter and the "changes only" toggle: a change row shows when its significance reaches the
 * chosen minimum, an unchanged row unless "changes only" is ticked; a section heading shows when it passes itself or
 * anything under it shows, and a section with nothing to show disappears.
 */
const SCRIPT = `
(function(){
var select=document.getElementById('significance-filter');
var only=document.getElementById('changes-only');
function apply(){
var min=Number(select.value),changesOnly=only.checked;
var groups=document.querySelectorAll('tbody.section');
for(var g=0;g<groups.length;g++){
var rows=groups[g].rows,head=null,any=false;
for(var r=0;r<rows.length;r++){
var row=rows[r],unchanged=row.getAttribute('data-rel')==='unchanged';
var show=unchanged?!changesOnly:Number(row.getAttribute('data-sig'))>=min;
row.hidden=!show;
if(row.classList.contains('heading'))head=row;else if(show)any=true;
}
if(head&&any)head.hidden=false;
groups[g].hidden=head?head.hidden:!any;
}
}
select.addEventListener('change',apply);
only.addEventListener('change',apply);
apply();
})();
`;

/** Everything one rendering needs. */
interface HtmlContext {
  structure: ReportStructure;
  out: string[];
}

/** The id attribute of a pair's row (pair ids are namespaced so they cannot clash with the page's own ids). */
function rowId(pair: AlignedPair, suffix = ''): string {
  return `pair-${pair.id}${suffix}`;
}

/** An `href` to a row id, percent-encoded and escaped. */
function hrefTo(id: string): string {
  return `#${escapeHtml(encodeURIComponent(id))}`;
}

/** The old side (equal + deleted words) or the new side (equal + inserted words) of a diff, as HTML. */
export function diffSide(changes: readonly WordChange[], side: 'old' | 'new'): string {
  const parts: string[] = [];
  for (const change of changes) {
    if (change.op === 'equal') {
      parts.push(escapeHtml(side === 'new' ? (change.newText ?? change.text) : change.text));
    } else if ((change.op === 'delete') === (side === 'old')) {
      const tag = change.op === 'delete' ? 'del' : 'ins';
      // The class the web app gives a change too (shared-styles.ts): cosmetic and unranked changes fade.
      const significance = change.significance ? ` class="sig-${escapeHtml(change.significance)}"` : '';
      parts.push(`<${tag}${significance}>`, escapeHtml(change.text), `</${tag}>`);
    }
  }
  return parts.join('');
}

/**
 * The badge of a changed pair, as the web app shows it (shared-styles.ts): the relation and its significance in one
 * pill, `relation · significance`, weighed by the significance (renumbered and retitled headings keep their colours).
 */
function pairBadges(pair: AlignedPair): string {
  if (pair.relation === 'unchanged') return '';
  const significance = effectiveSignificance(pair);
  const relation = pair.relation;
  const kind = relation === 'renumbered' || relation === 'retitled' ? `badge-${relation}` : `rel-${relation}`;
  const text = significance === 'none' ? relation : `${relation} · ${significance}`;
  return `<span class="badge ${kind} sig-${escapeHtml(significance)}">${escapeHtml(text)}</span>`;
}

/** Where a unit stands, as "§ Chapter 3 › … › (2) Territorial integrity". */
function placeText(ctx: HtmlContext, unit: UnitRef, side: 'old' | 'new'): string {
  const sections = side === 'old' ? ctx.structure.sectionByOldPath : ctx.structure.sectionByNewPath;
  return `§ ${escapeHtml(placeOf(unit, sections, side).join(SECTION_PATH_SEPARATOR))}`;
}

/** Opens a row with its classes and filter data. */
function openRow(ctx: HtmlContext, pair: AlignedPair, classes: string, id: string, significance?: Significance): void {
  const weight = significance ?? effectiveSignificance(pair);
  const rank = significanceRank(weight);
  const relation = pair.relation === 'unchanged' ? 'unchanged' : 'changed';
  // sig-…: the row's margin carries the weight of its change, as in the web app (shared-styles.ts).
  const weighed = relation === 'changed' ? ` sig-${weight}` : '';
  ctx.out.push(
    `<tr class="${escapeHtml(classes + weighed)}" id="${escapeHtml(id)}" data-rel="${relation}" data-sig="${rank}">`,
  );
}

/** A cell with content, or an empty shaded one. */
function cell(side: 'old' | 'new', content: string | null): string {
  return content === null ? `<td class="${side} empty"></td>` : `<td class="${side}">${content}</td>`;
}

/** The heading row of a section: old heading | new heading, diffed when both exist, with badges. */
function emitHeadingRow(ctx: HtmlContext, pair: AlignedPair): void {
  const { old: before, new: after } = pair;
  const depth = Math.min(6, (after ?? before)?.path.length ?? 0);
  const changes = pair.changes.length > 0 ? pair.changes : null;
  const headingHtml = (unit: UnitRef | null, side: 'old' | 'new'): string | null => {
    if (!unit) return null;
    const text = changes && before && after ? diffSide(changes, side) : whole(pair, headingText(unit));
    return `<span class="heading-cell depth-${depth}" role="heading" aria-level="${Math.min(6, depth + 1)}">${text}</span>`;
  };
  let oldCell = headingHtml(before, 'old');
  let newCell = headingHtml(after, 'new');
  const badges = pairBadges(pair);
  if (pair.relation === 'deleted' && oldCell !== null) oldCell += badges;
  else if (newCell !== null) newCell += badges;
  if (pair.relation === 'moved' && before && after) {
    oldCell = `${oldCell ?? ''}<span class="move">moved to ${placeText(ctx, after, 'new')}</span>`;
    newCell = `${newCell ?? ''}<span class="move">moved from ${placeText(ctx, before, 'old')}</span>`;
  }
  openRow(ctx, pair, `heading ${pair.relation}`, rowId(pair));
  ctx.out.push(cell('old', oldCell), cell('new', newCell), '</tr>');
}

/** A unit's text, escaped: inside `<ins class="whole">` or `<del class="whole">` when its pair inserted or deleted it whole. */
function whole(pair: AlignedPair, text: string): string {
  if (pair.relation === 'inserted') return `<ins class="whole">${escapeHtml(text)}</ins>`;
  if (pair.relation === 'deleted') return `<del class="whole">${escapeHtml(text)}</del>`;
  return escapeHtml(text);
}

/** Texts of several units as stacked parts (for splits and merges). */
function parts(units: Array<UnitRef | null | undefined>): string {
  const html: string[] = [];
  for (const unit of units) if (unit) html.push(`<span class="part">${escapeHtml(unit.text)}</span>`);
  return html.join('');
}

/** The row of one block pair. */
function emitBlockRow(ctx: HtmlContext, pair: AlignedPair): void {
  const { old: before, new: after } = pair;
  const badges = pairBadges(pair);
  const meta = badges ? `<span class="meta">${escapeHtml(kindName(pair))}${badges}</span>` : '';
  let oldCell: string | null = null;
  let newCell: string | null = null;
  switch (pair.relation) {
    case 'split':
      oldCell = before ? escapeHtml(before.text) : null;
      newCell = `${meta}${parts([after, ...(pair.group ?? [])])}`;
      break;
    case 'merged':
      oldCell = parts([before, ...(pair.group ?? [])]);
      newCell = `${meta}${after ? escapeHtml(after.text) : ''}`;
      break;
    case 'moved': {
      const changes = blockChanges(pair, ctx.structure.sentencesByBlock.get(pair.id));
      const from = before
        ? `<a class="move" href="${hrefTo(rowId(pair, '-from'))}">moved from ${placeText(ctx, before, 'old')}</a>`
        : '';
      oldCell = from;
      newCell = `${meta}${diffSide(changes, 'new')}`;
      break;
    }
    default: {
      if (before && after) {
        const changes = blockChanges(pair, ctx.structure.sentencesByBlock.get(pair.id));
        oldCell = diffSide(changes, 'old');
        newCell = `${meta}${diffSide(changes, 'new')}`;
      } else if (after) newCell = `${meta}${whole(pair, after.text)}`;
      else if (before) oldCell = `${meta}${whole(pair, before.text)}`;
    }
  }
  openRow(ctx, pair, `block ${pair.relation}`, rowId(pair));
  ctx.out.push(cell('old', oldCell), cell('new', newCell), '</tr>');
}

/** The row left at a moved block's old place: its old text, linked to where it went. */
function emitMovedAwayRow(ctx: HtmlContext, pair: AlignedPair): void {
  if (!pair.old || !pair.new) return;
  const changes = blockChanges(pair, ctx.structure.sentencesByBlock.get(pair.id));
  const meta = `<span class="meta">${escapeHtml(kindName(pair))}${pairBadges(pair)}</span>`;
  const link = `<a class="move" href="${hrefTo(rowId(pair))}">moved to ${placeText(ctx, pair.new, 'new')}</a>`;
  openRow(ctx, pair, 'block moved-away', rowId(pair, '-from'));
  ctx.out.push(cell('old', `${meta}${diffSide(changes, 'old')}`), cell('new', link), '</tr>');
}

/** One section: its heading row, then its blocks, with rows for blocks moved away placed where they stood. */
function emitGroup(ctx: HtmlContext, group: SectionGroup): void {
  const id = group.section ? ` data-section="${escapeHtml(group.section.id)}"` : '';
  ctx.out.push(`<tbody class="section"${id}>`);
  if (group.section) emitHeadingRow(ctx, group.section);
  const away = group.movedAway.slice().sort((a, b) => (a.old?.index ?? 0) - (b.old?.index ?? 0));
  let next = 0;
  for (const block of group.blocks) {
    const index = block.old?.index;
    if (index !== undefined) {
      while (next < away.length && ((away[next] as AlignedPair).old?.index ?? 0) < index) {
        emitMovedAwayRow(ctx, away[next++] as AlignedPair);
      }
    }
    emitBlockRow(ctx, block);
  }
  while (next < away.length) emitMovedAwayRow(ctx, away[next++] as AlignedPair);
  ctx.out.push('</tbody>');
}

/** A BCP 47 tag for the documents' language, guessed from their script (kana → ja, hangul → ko, han → zh). */
function guessLanguage(comparison: Comparison): string {
  let han = false;
  const limit = Math.min(comparison.pairs.length, 400);
  for (let i = 0; i < limit; i++) {
    const pair = comparison.pairs[i] as AlignedPair;
    const text = (pair.new ?? pair.old)?.text ?? '';
    if (/[\u3040-\u30ff]/.test(text)) return 'ja';
    if (/[\uac00-\ud7a3]/.test(text)) return 'ko';
    if (/[\u4e00-\u9fff]/.test(text)) han = true;
  }
  return han ? 'zh' : 'en';
}

/** The significance filter's options: value is the least significance rank shown. */
const FILTER_OPTIONS: Array<[Significance, string]> = [
  ['none', 'all'],
  ['minor', 'minor and above'],
  ['substantive', 'substantive only'],
];

/** Renders a comparison as one self-contained HTML page with a side-by-side redline. */
export function renderHtml(comparison: Comparison, options: ReportOptions = {}): string {
  const ctx: HtmlContext = { structure: buildStructure(comparison), out: [] };
  const out = ctx.out;
  const oldName = escapeHtml(editionLabel(comparison.old));
  const newName = escapeHtml(editionLabel(comparison.new));
  const minimum = options.significance ?? 'none';
  const { summary } = comparison;

  out.push(
    '<!DOCTYPE html>',
    `<html lang="${guessLanguage(comparison)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(`${comparison.engine.name} ${comparison.engine.version}`)}">`,
    `<title>Changes: ${oldName} → ${newName}</title>`,
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>Changes from ${oldName} to ${newName}</h1>`,
    '<table class="summary">',
    `<tr><th scope="row">Sections</th><td>${escapeHtml(relationCountsPhrase(summary.sections))}</td></tr>`,
    `<tr><th scope="row">Blocks</th><td>${escapeHtml(relationCountsPhrase(summary.blocks))}</td></tr>`,
    `<tr><th scope="row">Sentences</th><td>${escapeHtml(relationCountsPhrase(summary.sentences))}</td></tr>`,
    `<tr><th scope="row">Significance</th><td>${escapeHtml(significanceCountsPhrase(summary.significance))}</td></tr>`,
    '</table>',
    topHtml(comparison, options, ctx.structure),
  );
  // `compare --top N`: the summary alone.
  if (options.topOnly === true) {
    out.push('</header>', '</body>', '</html>', '');
    return out.join('\n');
  }
  out.push('<form class="controls" onsubmit="return false">', '<label>Show <select id="significance-filter">');
  // A minimum between the offered ones (cosmetic) selects the nearest option below it.
  const minimumRank = significanceRank(minimum);
  let selected = 0;
  FILTER_OPTIONS.forEach(([significance], i) => {
    if (significanceRank(significance) <= minimumRank) selected = i;
  });
  FILTER_OPTIONS.forEach(([significance, label], i) => {
    const attribute = i === selected ? ' selected' : '';
    out.push(`<option value="${significanceRank(significance)}"${attribute}>${label}</option>`);
  });
  out.push(
    '</select></label>',
    // Like the other reports, changes only unless context is asked for; the reader can untick it.
    `<label><input type="checkbox" id="changes-only"${options.context === true ? '' : ' checked'}> changes only</label>`,
    '</form>',
    '</header>',
    '<main>',
    '<table class="redline">',
    '<colgroup><col class="old"><col class="new"></colgroup>',
    `<thead><tr><th scope="col">${oldName}</th><th scope="col">${newName}</th></tr></thead>`,
  );
  for (const group of ctx.structure.groups) emitGroup(ctx, group);
  out.push('</table>');
  emitNotes(ctx, comparison);
  out.push('</main>', `<script>${SCRIPT}</script>`, '</body>', '</html>', '');
  return out.join('\n');
}

/** "Notes on the input": the editions' diagnostics, every piece of text escaped (a message may quote the document). */
function emitNotes(ctx: HtmlContext, comparison: Comparison): void {
  const notes = inputNotes(comparison);
  if (notes.length === 0) return;
  ctx.out.push('<section class="notes">', `<h2>${escapeHtml(NOTES_HEADING)}</h2>`, '<ul>');
  for (const { edition, shown, omitted } of notes) {
    for (const diagnostic of shown) {
      const start = diagnostic.position?.start;
      const place = start ? `, line ${start.line}, column ${start.column}` : '';
      ctx.out.push(
        `<li><cite>${escapeHtml(edition)}</cite>${place} — ${escapeHtml(diagnostic.severity)}: ${escapeHtml(diagnostic.message)} <code>${escapeHtml(diagnostic.code)}</code></li>`,
      );
    }
    if (omitted > 0)
      ctx.out.push(`<li><cite>${escapeHtml(edition)}</cite>: ${escapeHtml(omittedPhrase(omitted))}</li>`);
  }
  ctx.out.push('</ul>', '</section>');
}
