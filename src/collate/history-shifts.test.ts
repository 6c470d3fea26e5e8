import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/text.js';
import { shiftPhrase } from '../report/top.js';
import { history } from './history.js';
import { collateSeries } from './lineage.js';
import { storyEditions } from './story.fixture.js';

describe('history shifts', () => {
  const result = history(collateSeries(storyEditions()), { top: 3 });
  const story = result.steps.map(
    (step) => `${result.editions[step.to]?.label}: ${(step.shifts ?? []).map(shiftPhrase).join('; ')}`,
  );

  it('reads as a story: one line per step with the shift that step made', () => {
    expect(story).toEqual([
      '2016: region: “Asia-Pacific” → “Indo-Pacific”',
      '2018: intensity stronger: “the most … complex” added',
      '2020: modality weaker: “will” → “may”',
      '2022: actor named: “A country” → “North Korea”',
    ]);
  });

  it('says where each shift is and which pair carries it', () => {
    const step = result.steps[0];
    expect(step?.shifts?.[0]?.path).toEqual(['Chapter 1', '(2)']);
    expect(step?.shifts?.[0]?.pair).toMatch(/^b\d+$/);
    expect(step?.shifts?.[0]?.count).toBe(1);
  });

  it('lists at most `top` shifts per step', () => {
    const one = history(collateSeries(storyEditions()), { top: 0 });
    for (const step of one.steps) expect(step.shifts).toEqual([]);
  });
});

describe('history facts', () => {
  const edition = (label: string, missiles: string, partner: string) => ({
    label,
    date: `${label}-04-01`,
    document: parseText(
      `Chapter 1\n\n(1) Threats\n\nNorth Korea launched ${missiles} ballistic missiles.\n\n(2) Partners\n\n${partner}\n`,
    ),
  });
  const series = [
    edition('2020', 'three', 'Japan works with its partners.'),
    edition('2022', 'six', 'Japan works with the Multinational Force and Observers (MFO) since April 2019.'),
  ];
  const result = history(collateSeries(series), { top: 5 });
  const facts = result.steps[0]?.facts ?? [];

  it('lists a count with another value first, then the facts new in the step, with where they are', () => {
    expect(facts[0]).toMatchObject({ change: 'changed', kind: 'quantity', old: 'three ballistic missiles' });
    expect(facts[0]?.new).toBe('six ballistic missiles');
    expect(facts[0]?.path).toEqual(['Chapter 1', '(1)']);
    const added = facts.filter((fact) => fact.change === 'new').map((fact) => [fact.kind, fact.new]);
    expect(added).toContainEqual(['organisation', 'Multinational Force and Observers (MFO)']);
    expect(added.some(([kind]) => kind === 'date')).toBe(true);
  });

  it('has no facts for a step that changed nothing, and at most `top`', () => {
    const same = history(collateSeries([series[0] as never, { ...(series[0] as object), label: '2021' } as never]));
    expect(same.steps[0]?.facts).toEqual([]);
    expect(history(collateSeries(series), { top: 1 }).steps[0]?.facts).toHaveLength(1);
  });
});
