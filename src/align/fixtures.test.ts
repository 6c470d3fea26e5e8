/**
 * The aligner's cases, table-driven: every folder in src/align/fixtures holds an old and a new edition and the
 * expected relation table (expected.txt, one line per section and block pair). Regenerate with
 * `UPDATE=1 npx vitest run src/align/fixtures.test.ts`, then read the diff: a changed table is a changed behaviour.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDocuments, compareTexts } from '../compare/compare.js';
import { importEdition, parseImported } from '../importers/index.js';
import type { Comparison, Relation } from '../model/comparison.js';
import { MIRRORED_RELATION, RELATIONS } from '../model/comparison.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** A readable relation table: level, relation, old path → new path, and the start of the unit's text. */
function relationTable(comparison: Comparison): string {
  const rows = comparison.pairs
    .filter((p) => p.level !== 'sentence' && p.old?.kind !== 'title' && p.new?.kind !== 'title')
    .map((p) => {
      const path = (ref: typeof p.old): string => (ref ? ref.path.join(' › ') || '·' : '∅');
      const text = (p.old ?? p.new)?.text.replace(/\s+/g, ' ') ?? '';
      return [p.level, p.relation, path(p.old), '→', path(p.new), `| ${text.slice(0, 40)}`];
    });
  const widths = [0, 1, 2, 4].map((column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  return `${rows
    .map((row) =>
      [
        (row[0] as string).padEnd(widths[0] as number),
        (row[1] as string).padEnd(widths[1] as number),
        (row[2] as string).padEnd(widths[2] as number),
        row[3],
        (row[4] as string).padEnd(widths[3] as number),
        row[5],
      ].join('  '),
    )
    .join('\n')}\n`;
}

/** Compare `actual` with the committed table (written instead under UPDATE=1). */
function expectTable(name: string, actual: string): void {
  const url = new URL(`${name}/expected.txt`, fixtures);
  if (process.env.UPDATE === '1') writeFileSync(url, actual);
  expect(existsSync(url), `${name}/expected.txt is missing: run UPDATE=1 npx vitest run ${import.meta.url}`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('alignment fixtures', () => {
  const seen = new Set<Relation>();
  for (const name of cases) {
    it(`${name}: the relation table, and its mirror image when the editions are swapped`, () => {
      const read = (file: string): string => readFileSync(new URL(`${name}/${file}`, fixtures), 'utf8');
      const forward = compareTexts(read('old.txt'), read('new.txt'));
      for (const pair of forward.pairs) if (pair.level !== 'sentence') seen.add(pair.relation);
      expectTable(name, relationTable(forward));
      const backward = compareTexts(read('new.txt'), read('old.txt'));
      const key = (level: string, o?: number, n?: number): string => `${level}:${o}:${n}`;
      const relations = new Map(backward.pairs.map((p) => [key(p.level, p.new?.index, p.old?.index), p.relation]));
      for (const pair of forward.pairs) {
        if (pair.old?.kind === 'title') continue;
        expect(relations.get(key(pair.level, pair.old?.index, pair.new?.index))).toBe(MIRRORED_RELATION[pair.relation]);
      }
    });
  }

  it('covers every relation', () => {
    expect(RELATIONS.filter((r) => !seen.has(r))).toEqual([]);
  });
});

describe('号 items renumbered (issue 11)', () => {
  it('reports an item whose number changed as renumbered, its marker kept text and only its words diffed', () => {
    const read = (file: string): string => readFileSync(new URL(`ja-items-renumbered/${file}`, fixtures), 'utf8');
    const comparison = compareTexts(read('old.txt'), read('new.txt'));
    const items = comparison.pairs.filter((p) => p.level === 'block' && p.relation === 'renumbered');
    expect(items.map((p) => `${p.old?.label}→${p.new?.label}`)).toEqual(['二→三', '三→四', '四→五']);
    const [plain, edited] = items;
    // Only the number changed: no word change at all, minor as a move is.
    expect(plain?.changes.every((c) => c.op === 'equal')).toBe(true);
    expect(plain?.significance).toBe('minor');
    // Renumbered and edited: the words after the marker are diffed, the marker is not among the changes.
    const changed = (edited?.changes ?? []).filter((c) => c.op !== 'equal').map((c) => c.text);
    expect(changed.join('')).not.toMatch(/[三四]/);
    expect(changed.join('')).toMatch(/貸し渡す/);
    // Both texts rebuild from the changes.
    const rebuild = (side: 'old' | 'new'): string =>
      (edited?.changes ?? [])
        .map((c) =>
          c.op === 'equal'
            ? side === 'new'
              ? (c.newText ?? c.text)
              : c.text
            : c.op === (side === 'old' ? 'delete' : 'insert')
              ? c.text
              : '',
        )
        .join('');
    expect(rebuild('old')).toBe(edited?.old?.text);
    expect(rebuild('new')).toBe(edited?.new?.text);
  });
});

describe('a heading one level deeper in one edition', () => {
  it('pairs the Bluebook 2022 "(2) Territorial integrity" when its special feature is nested under it', async () => {
    // The importer fixture with the special feature's <h4> turned into an <h6>: one level below "(2)" (<h5>).
    const html = readFileSync(new URL('../importers/fixtures/html/bluebook-2022.html', import.meta.url), 'utf8');
    const deeper = html.replace(/<h4 class="column-title">([\s\S]*?)<\/h4>/, '<h6 class="column-title">$1</h6>');
    expect(deeper).not.toBe(html);
    const text = readFileSync(new URL('../../examples/bluebook/2020-ch3-s1.txt', import.meta.url));
    const load = async (bytes: Uint8Array, name: string) => parseImported(await importEdition(bytes, { name }));
    const comparison = compareDocuments(
      await load(new Uint8Array(text), '2020.txt'),
      await load(new TextEncoder().encode(deeper), '2022.html'),
    );
    const table = relationTable(comparison);
    expect(table).toMatch(/section {2}renumbered .*› \(3\) +→ .*› \(2\) +\| \(3\) Territorial Integrity/);
    expect(table).toMatch(/block {4}modified .*› \(3\) +→ .*› \(2\) +\| Maintaining territorial integrity/);
    expect(table).not.toMatch(/moved/);
    expect(comparison.summary.sections.deleted).toBe(1); // (2) Enforcement…, gone in 2022
    expect(comparison.summary.sections.inserted).toBe(1); // the special feature
  });
});
