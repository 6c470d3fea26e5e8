import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../../src/index.js';
import {
  changeStops,
  layoutComparison,
  nextStop,
  pairAtOffset,
  placeOf,
  type Row,
  rowShows,
  visibleRows,
} from './rows.js';

const sample = (year: string) =>
  readFileSync(new URL(`../../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');
const oldSample = sample('2020');
const newSample = sample('2022');
const bluebook = compareTexts(oldSample, newSample, { oldName: '2020', newName: '2022' });

const rowText = (row: Row) => (row.pair.new ?? row.pair.old)?.text ?? '';

describe('layoutComparison on the Bluebook sample', () => {
  const layout = layoutComparison(bluebook);

  it('gives a heading row per section pair followed by its blocks, in reading order', () => {
    expect(layout.rows[0]?.kind).toBe('heading');
    expect(layout.rows[0]?.pair.new?.text).toBe('Diplomatic Bluebook 2022');
    const territorial = layout.rows.findIndex((r) => r.pair.new?.text === '(2) Territorial integrity');
    expect(layout.rows[territorial]?.pair.old?.text).toBe('(3) Territorial Integrity');
    expect(layout.rows[territorial]?.pair.heading).toEqual({ labelChanged: true, titleChanged: true });
    const next = layout.rows[territorial + 1] as Row;
    expect(next.kind).toBe('block');
    expect(rowText(next)).toMatch(/^Maintaining territorial integrity/);
    expect(next.significance).toBe('cosmetic');
    expect(next.oldUnits.length).toBe(5);
    expect(next.newUnits.length).toBe(5);
  });

  it('places every pair once on each side it has', () => {
    for (const pair of bluebook.pairs) {
      const at = layout.where.get(pair.id);
      expect(at, pair.id).toBeDefined();
      expect(at?.old !== undefined, `${pair.id} old`).toBe(pair.old !== null);
      expect(at?.new !== undefined, `${pair.id} new`).toBe(pair.new !== null);
    }
  });

  it('keeps the renumbered heading and drops the cosmetic paragraph under the substantive filter', () => {
    const visible = visibleRows(layout.rows, { threshold: 'substantive', changesOnly: false }).map(
      (i) => layout.rows[i] as Row,
    );
    expect(visible.some((r) => r.pair.new?.text === '(2) Territorial integrity')).toBe(true);
    expect(visible.some((r) => rowText(r).startsWith('Maintaining territorial integrity'))).toBe(false);
    // Context: the unchanged "Section 1" heading stays above its changed subsections.
    expect(visible.some((r) => r.pair.new?.text.startsWith('Section 1'))).toBe(true);
    const all = visibleRows(layout.rows, { threshold: 'all', changesOnly: false });
    expect(all.length).toBe(layout.rows.length);
  });

  it('keeps a pinned pair visible whatever the filter', () => {
    const cosmetic = bluebook.pairs.find((p) => p.level === 'sentence' && p.significance === 'cosmetic');
    expect(cosmetic).toBeDefined();
    const id = cosmetic?.id as string;
    const visible = visibleRows(layout.rows, { threshold: 'substantive', changesOnly: true, pin: id });
    expect(visible.some((i) => rowShows(layout.rows[i] as Row, id))).toBe(true);
  });

  it('steps through changed rows only, forwards and backwards', () => {
    const filter = { threshold: 'all' as const, changesOnly: false };
    const visible = visibleRows(layout.rows, filter);
    const stops = changeStops(layout.rows, visible, filter);
    expect(stops.length).toBeGreaterThan(5);
    expect(stops.every((s) => (layout.rows[visible[s] as number] as Row).changed)).toBe(true);
    const unchanged = layout.rows.findIndex((r) => !r.changed);
    expect(stops).not.toContain(unchanged);
    const first = nextStop(stops, -1, 1) as number;
    expect(first).toBe(stops[0]);
    expect(nextStop(stops, first, -1)).toBeUndefined();
    expect(nextStop(stops, stops.at(-1) as number, 1)).toBeUndefined();
  });

  it('finds the sentence at an offset of the new edition (search hits become deep links)', () => {
    const offset = newSample.indexOf('increasingly severe');
    const pair = pairAtOffset(bluebook.pairs, offset);
    expect(pair?.level).toBe('sentence');
    expect(pair?.new?.text).toContain('increasingly severe');
    expect(pairAtOffset(bluebook.pairs, newSample.length + 10)).toBeUndefined();
  });
});

describe('moved units', () => {
  const A =
    'Harbour fees are set every year by the port authority after consulting the shipping companies that call at the port regularly.';
  const B =
    'Pilots must board every vessel longer than eighty metres before it enters the inner channel of the harbour.';
  const C =
    'Cargo that is declared dangerous is stored in the eastern yard, away from the passenger terminal and the fuel depot.';
  const D = 'Fishing boats moor at the northern quay, where ice and fresh water are available throughout the night.';
  const comparison = compareTexts(
    `Port Rules 2020\n\n1 Fees\n\n${A}\n\n${D}\n\n2 Safety\n\n${B}\n\n${C}\n`,
    `Port Rules 2024\n\n1 Fees\n\n${D}\n\n2 Safety\n\n${B}\n\n${C}\n\n${A}\n`,
  );
  const layout = layoutComparison(comparison);

  it('shows a moved block at its new place and a ghost at its old place, linked both ways', () => {
    const moved = comparison.pairs.find((p) => p.level === 'block' && p.relation === 'moved');
    expect(moved?.old?.text).toBe(A);
    const at = layout.where.get(moved?.id as string);
    expect(at?.old).toBeDefined();
    expect(at?.new).toBeDefined();
    const ghost = layout.rows[at?.old as number] as Row;
    const main = layout.rows[at?.new as number] as Row;
    expect(ghost.sides).toBe('old');
    expect(ghost.key).toBe(`${moved?.id}:old`);
    expect(main.sides).toBe('new');
    // The ghost sits right under "1 Fees" (A was its first paragraph); the main row after C in "2 Safety".
    expect(layout.rows[(at?.old as number) - 1]?.pair.new?.text).toBe('1 Fees');
    expect(layout.rows[(at?.new as number) - 1]?.pair.new?.text).toBe(C);
    // The moved block's sentence is shown on the old side in the ghost, on the new side in the main row.
    expect(ghost.oldUnits.map((u) => u.old?.text)).toEqual([A]);
    expect(main.newUnits.map((u) => u.new?.text)).toEqual([A]);
    expect(ghost.changed && main.changed).toBe(true);
    // Move markers name the heading above each end.
    expect(placeOf(layout, moved?.id as string, 'old')).toBe('1 Fees');
    expect(placeOf(layout, moved?.id as string, 'new')).toBe('2 Safety');
  });

  it('keeps both ends of the move under changes-only', () => {
    const visible = visibleRows(layout.rows, { threshold: 'all', changesOnly: true }).map((i) => layout.rows[i] as Row);
    const keys = visible.map((r) => r.key);
    const moved = comparison.pairs.find((p) => p.relation === 'moved') as { id: string };
    expect(keys).toContain(moved.id);
    expect(keys).toContain(`${moved.id}:old`);
    // Unchanged paragraphs are hidden; the headings above the move stay as context.
    expect(visible.some((r) => r.pair.old?.text === B)).toBe(false);
    expect(visible.some((r) => r.pair.new?.text === '2 Safety')).toBe(true);
  });
});

describe('layout properties', () => {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda'];
  const sentence = fc
    .array(fc.constantFrom(...words), { minLength: 6, maxLength: 12 })
    .map((w) => `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
  const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
  const document = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 });
  const render = (sections: string[][]) =>
    `Title\n\n${sections.map((paragraphs, i) => `${i + 1} Part ${i + 1}\n\n${paragraphs.join('\n\n')}`).join('\n\n')}\n`;

  it('every pair is placed on each of its sides, row keys are unique, and filters keep order', () => {
    fc.assert(
      fc.property(document, document, (older, newer) => {
        const comparison = compareTexts(render(older), render(newer));
        const layout = layoutComparison(comparison);
        expect(new Set(layout.rows.map((r) => r.key)).size).toBe(layout.rows.length);
        for (const pair of comparison.pairs) {
          const at = layout.where.get(pair.id);
          expect(at?.old !== undefined).toBe(pair.old !== null);
          expect(at?.new !== undefined).toBe(pair.new !== null);
        }
        for (const threshold of ['all', 'minor', 'substantive'] as const) {
          const visible = visibleRows(layout.rows, { threshold, changesOnly: true });
          expect([...visible].sort((a, b) => a - b)).toEqual(visible);
          for (const i of visible) {
            const row = layout.rows[i] as Row;
            if (row.kind === 'block') expect(row.changed).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
