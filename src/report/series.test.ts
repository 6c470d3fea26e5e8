import { describe, expect, it } from 'vitest';
import { blame } from '../collate/blame.js';
import { history } from '../collate/history.js';
import { collateSeries } from '../collate/lineage.js';
import { seriesEditions } from '../collate/series.fixture.js';
import { parseText } from '../parse/text.js';
import {
  blameJson,
  COLLATE_JSON_SCHEMA_VERSION,
  historyJson,
  renderBlameHtml,
  renderBlameJson,
  renderBlameTerminal,
  renderHistoryJson,
  renderHistoryTerminal,
} from './series.js';
import { SHARED_STYLESHEET } from './shared-styles.js';

const lineage = collateSeries(seriesEditions());
const latest = blame(lineage);

/** A two-edition series whose text and labels try to inject markup and terminal escapes. */
function hostile() {
  return collateSeries([
    { label: '<b>v1</b>', document: parseText('Chapter 1\n\nThe <script>alert(1)</script> rule applies & stays.') },
    {
      label: 'v2 "quoted"',
      document: parseText('Chapter 1\n\nThe <script>alert(1)</script> rule applies & stays.\u001b[31m Now red.'),
    },
  ]);
}

/** Two editions of a section of two paragraphs, the first of two sentences. */
function paragraphSeries() {
  const text = 'Rules\n\nShips report. Crews rest.\n\nPilots board.\n';
  return collateSeries([
    { label: 'a', document: parseText(text) },
    { label: 'b', document: parseText(text.replace('Pilots', 'Harbour pilots')) },
  ]);
}

describe('renderBlameTerminal', () => {
  it('keeps paragraph breaks: a blank line between blocks, none between the sentences of one', () => {
    const lines = renderBlameTerminal(blame(paragraphSeries()), { width: 80 }).split('\n');
    const ships = lines.findIndex((l) => l.includes('Ships report.'));
    const crews = lines.findIndex((l) => l.includes('Crews rest.'));
    const pilots = lines.findIndex((l) => l.includes('Harbour pilots board.'));
    expect(crews).toBe(ships + 2);
    expect(lines.slice(ships, crews).every((l) => l.trim() !== '')).toBe(true);
    expect(pilots).toBe(crews + 3);
    expect(lines[crews + 2]).toBe('');
  });

  const text = renderBlameTerminal(latest, { width: 120, ids: true });

  it('shows lineage ids only on request: by default a line is the edition, then the text', () => {
    const plain = renderBlameTerminal(latest, { width: 120 });
    const security = latest.sentences.find((s) => s.text.startsWith('The security'));
    expect(plain).not.toMatch(/\b[LS]\d+\.\d+\b/);
    expect(plain).toContain(`2018   ${security?.text.slice(0, 20)}`);
    const territory = latest.headings.find((h) => h.title === 'Territory');
    expect(territory).toBeDefined();
    expect(plain).toContain('2016   (2) Territory');
  });

  it('lists sentences under their section with the wording edition, lineage id and history', () => {
    expect(text.split('\n')[0]).toBe('Blame of 2024 (edition 5 of 5) · 3 headings · 7 sentences');
    expect(text).toContain('§ Chapter 1 › (2)');
    const security = latest.sentences.find((s) => s.text.startsWith('The security'));
    expect(text).toContain(`2018   ${security?.id}`);
    expect(text).toContain('in the first edition (2016); deleted 2018; returned 2022');
  });

  it('lists each heading in its place with the edition it first appeared in, lineage id and history', () => {
    const territory = latest.headings.find((h) => h.title === 'Territory');
    const lines = text.split('\n');
    const at = lines.indexOf('§ Chapter 1 › (2)');
    // The column of a heading is the edition its section first appeared in, not that of its present number.
    expect(lines[at + 1]).toBe(`2016   ${territory?.id.padEnd(7)}  (2) Territory`);
    expect(lines[at + 2]?.trim()).toBe('in the first edition (2016); renumbered (3) → (2) in 2020');
    // "Chapter 1" holds no sentence of its own and is listed all the same, before its sections.
    expect(lines.indexOf('§ Chapter 1')).toBeGreaterThan(0);
    expect(lines.indexOf('§ Chapter 1')).toBeLessThan(at);
  });

  it('has no escape sequences without colour, and colours words by edition with it', () => {
    expect(text).not.toContain('\u001b');
    const colored = renderBlameTerminal(latest, { color: true });
    expect(colored).toContain('legend');
    // The 2018 word "increasingly" is painted (first later edition's colour); the 2024 sentence in bold green.
    expect(colored).toContain('\u001b[34mincreasingly');
    expect(colored).toContain('\u001b[1;32mCyber');
  });

  it('never passes a control character of the document to the terminal', () => {
    const out = renderBlameTerminal(blame(hostile()), { color: true });
    expect(out).not.toContain('\u001b[31m Now');
    expect(out).toContain('\u241b');
  });
});

describe('renderBlameJson', () => {
  it('blameJson is the envelope renderBlameJson prints (and the HTTP API answers)', () => {
    const envelope = blameJson(latest);
    expect(envelope).toEqual({ schemaVersion: 1, ...latest });
    expect(Object.keys(envelope)[0]).toBe('schemaVersion');
    expect(renderBlameJson(latest)).toBe(`${JSON.stringify(envelope, null, 2)}\n`);
  });

  it('is the blame value with a schema version', () => {
    const parsed = JSON.parse(renderBlameJson(latest));
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.edition).toBe(4);
    expect(parsed.sentences).toEqual(JSON.parse(JSON.stringify(latest.sentences)));
    const first = parsed.sentences[0];
    expect(Object.keys(first)).toEqual([
      'id',
      'index',
      'path',
      'blockIndex',
      'text',
      'since',
      'origin',
      'events',
      'history',
      'words',
    ]);
  });
});

describe('renderBlameHtml', () => {
  const html = renderBlameHtml(latest);

  it('colours each word by edition with a legend and a tooltip', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (let e = 0; e < 5; e++) expect(html).toContain(`.e${e}{background:`);
    expect(html).toContain('<span class="e1" title="2018">increasingly </span>');
    expect(html).toContain('<ul class="legend"><li><span class="swatch e0"></span>2016 <small>2016-04-01</small></li>');
    // The legend and swatches of the web app's blame, from the stylesheet both share.
    expect(html).toContain(SHARED_STYLESHEET);
    expect(html).toContain('Content-Security-Policy');
  });

  it('gives each heading its lineage', () => {
    expect(html).toContain(
      '(2) Territory · section since 2016 · in the first edition (2016); renumbered (3) → (2) in 2020',
    );
  });

  it('keeps paragraph breaks: one paragraph element per block, its sentences together', () => {
    const out = renderBlameHtml(blame(paragraphSeries()));
    const blocks = out
      .split('<div class="paragraph">')
      .slice(1)
      .map((block) => [...block.matchAll(/<div class="sentence" id="[^"]+"><p>(.*?)<\/p>/g)].length);
    expect(blocks).toEqual([2, 1]);
    expect(out).toMatch(/Crews rest\.<\/span><\/p>.*?<\/div>\n<\/div>\n<div class="paragraph">/);
  });

  it('escapes all document text and labels', () => {
    const out = renderBlameHtml(blame(hostile()));
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>v1</b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&amp; stays.');
    expect(out).toContain('v2 &quot;quoted&quot;');
  });
});

describe('history renderers', () => {
  const series = history(lineage);

  it('prints counts, returns and top changes per step', () => {
    const text = renderHistoryTerminal(series);
    expect(text.split('\n')[0]).toBe('5 editions: 2016, 2018, 2020, 2022, 2024');
    expect(text).toContain('2018 → 2020');
    expect(text).toContain('sections     1 unchanged · 1 modified · 1 renumbered · 1 deleted');
    expect(text).toMatch(/sentences .* · 1 returned/);
    expect(text).toContain('    substantive ');
  });

  it('renders JSON with a schema version', () => {
    const parsed = JSON.parse(renderHistoryJson(series));
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.steps).toHaveLength(4);
  });

  it('historyJson is the envelope renderHistoryJson prints (and the HTTP API answers)', () => {
    const envelope = historyJson(series);
    expect(Object.keys(envelope)[0]).toBe('schemaVersion');
    expect(envelope).toEqual({ schemaVersion: COLLATE_JSON_SCHEMA_VERSION, ...series });
    expect(renderHistoryJson(series)).toBe(`${JSON.stringify(envelope, null, 2)}\n`);
  });
});
