import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../../src/index.js';
import { SHIFT_KINDS } from '../../../src/model/comparison.js';
import { changedWords, minimapMarks } from './minimap.js';
import { layoutComparison, visibleRows } from './rows.js';
import { SHIFT_KIND_NAMES, shiftsFromQuery } from './use-filter-query.js';

const sample = (year: string) =>
  readFileSync(new URL(`../../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');
const bluebook = compareTexts(sample('2020'), sample('2022'));
const layout = layoutComparison(bluebook);

describe('minimapMarks', () => {
  const marks = minimapMarks(layout.rows);

  it('marks each changed row at its place, in order, with weights in (0, 1] and the heaviest at 1', () => {
    expect(marks.length).toBe(layout.rows.filter((r) => r.changed && r.significance !== 'none').length);
    for (let i = 1; i < marks.length; i++) expect(marks[i]?.at).toBeGreaterThan(marks[i - 1]?.at ?? -1);
    for (const mark of marks) {
      expect(mark.weight).toBeGreaterThan(0);
      expect(mark.weight).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...marks.map((m) => m.weight))).toBe(1);
  });

  it('weighs the security-environment rewording above the cosmetic serial comma', () => {
    const weightOf = (start: string) =>
      marks.find((m) => layout.rows.find((r) => r.pair.id === m.pair)?.pair.new?.text.startsWith(start))?.weight ?? 0;
    expect(weightOf('The security environment')).toBeGreaterThan(weightOf('Maintaining territorial integrity'));
    const security = bluebook.pairs.find((p) => p.new?.text.startsWith('The security environment'));
    expect(security && changedWords(security)).toBeGreaterThan(40);
  });

  it('bins a long document to at most 240 marks, keeping the heaviest row of each bin', () => {
    const long = Array.from({ length: 3 }, () => layout.rows).flat();
    expect(minimapMarks(long).length).toBeLessThanOrEqual(240);
    expect(minimapMarks([])).toEqual([]);
  });
});

describe('the shift filter', () => {
  it('knows the model’s shift kinds, and reads a shared link leaving unknown kinds out', () => {
    expect([...SHIFT_KIND_NAMES]).toEqual([...SHIFT_KINDS]);
    expect(shiftsFromQuery('modality,intensity,tone')).toEqual(['intensity', 'modality']);
    expect(shiftsFromQuery(null)).toEqual([]);
  });

  it('keeps only rows carrying the kind, with their headings', () => {
    const visible = visibleRows(layout.rows, { threshold: 'all', changesOnly: false, shifts: ['intensity'] });
    const blocks = visible.map((i) => layout.rows[i]).filter((r) => r?.kind === 'block');
    expect(blocks.map((r) => r?.pair.new?.text.slice(0, 24))).toEqual(['The security environment']);
    expect(visible.some((i) => layout.rows[i]?.kind === 'heading')).toBe(true);
  });
});
