import { describe, expect, it } from 'vitest';
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
