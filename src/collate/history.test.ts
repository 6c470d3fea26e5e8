import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/text.js';
import { history, TEXT_LIMIT } from './history.js';
import { collateSeries } from './lineage.js';
import { seriesEditions } from './series.fixture.js';

describe('history', () => {
  const lineage = collateSeries(seriesEditions());
  const result = history(lineage);

  it('has one step per consecutive pair with the comparison counts', () => {
    expect(result.editions.map((e) => [e.label, e.date])).toEqual([
      ['2016', '2016-04-01'],
      ['2018', '2018-04-01'],
      ['2020', '2020-04-01'],
      ['2022', '2022-04-01'],
      ['2024', '2024-04-01'],
    ]);
    expect(result.steps.map((s) => [s.from, s.to])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(result.steps[0]?.sentences).toEqual(lineage.comparisons[0]?.summary.sentences);
    expect(result.steps[0]?.sentences.deleted).toBe(1);
    expect(result.steps[1]?.sections.renumbered).toBe(1);
    expect(result.steps[1]?.blocks.moved).toBe(1);
  });

  it('counts and shows returns', () => {
    expect(result.steps.map((s) => s.returned)).toEqual([0, 0, 1, 0]);
    expect(result.steps[2]?.examples.returned).toEqual([
      expect.objectContaining({
        relation: 'returned',
        level: 'sentence',
        new: 'Japan will respond firmly to every challenge it faces.',
        similarity: 1,
      }),
    ]);
  });

  it('ranks the most significant changes first and gives examples per relation', () => {
    const step = result.steps[1];
    expect(step?.top.length).toBeGreaterThan(0);
    const ranks = step?.top.map((c) => ['none', 'cosmetic', 'minor', 'substantive'].indexOf(c.significance)) ?? [];
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(step?.top.every((c) => c.level !== 'sentence')).toBe(true);
    expect(step?.examples.renumbered?.[0]).toMatchObject({
      level: 'section',
      old: '(3) Territory',
      new: '(2) Territory',
    });
    expect(step?.examples.unchanged).toBeUndefined();
    expect(history(lineage, { top: 1, examples: 1 }).steps[1]?.top).toHaveLength(1);
  });

  it('shortens long texts', () => {
    const long = `${'word '.repeat(100)}end.`;
    const series = collateSeries([
      { label: 'a', document: parseText('Short.') },
      { label: 'b', document: parseText(`Short.\n\n${long}`) },
    ]);
    const text = history(series).steps[0]?.top[0]?.new ?? '';
    expect(text.length).toBe(TEXT_LIMIT + 1);
    expect(text.endsWith('…')).toBe(true);
  });

  it('is empty for a single edition', () => {
    expect(history(collateSeries([{ label: 'a', document: parseText('One.') }])).steps).toEqual([]);
  });
});

describe('history on the Bluebook sample', () => {
  const read = (year: string) =>
    parseText(readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8'));
  const lineage = collateSeries([
    { label: '2020', document: read('2020') },
    { label: '2022', document: read('2022') },
  ]);
  const step = history(lineage, { top: 5 }).steps[0];

  it('ranks a section inserted or deleted whole as one change, above its own paragraphs', () => {
    const top = step?.top ?? [];
    expect(top.map((c) => `${c.level} ${c.relation}`).slice(0, 2)).toEqual(['section inserted', 'section deleted']);
    // None of the inserted special feature's paragraphs is listed on its own.
    expect(top.filter((c) => c.level === 'block' && c.relation === 'inserted')).toEqual([]);
  });

  it('keeps the headline rewording of the security environment in the top five', () => {
    expect(step?.top).toContainEqual(
      expect.objectContaining({
        level: 'block',
        relation: 'modified',
        new: expect.stringContaining('increasingly severe at a more rapid pace'),
      }),
    );
  });
});
