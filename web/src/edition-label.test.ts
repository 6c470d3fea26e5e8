import { describe, expect, it } from 'vitest';
import { displayLabels, shortLabel } from './edition-label.js';

describe('shortLabel', () => {
  it('shows the date a file stem carries', () => {
    expect(shortLabel('01-2015-08-01_000000000000000')).toBe('2015-08-01');
    expect(shortLabel('terms_2020_03_15')).toBe('2020-03-15');
  });
  it('keeps labels without a date, or that are only a date', () => {
    expect(shortLabel('2020')).toBe('2020');
    expect(shortLabel('2020-03-15')).toBe('2020-03-15');
    expect(shortLabel('draft-2')).toBe('draft-2');
    expect(shortLabel('12020-03-155')).toBe('12020-03-155');
  });
});

describe('displayLabels', () => {
  it('keeps full labels where two editions would share a short one', () => {
    const shown = displayLabels(['01-2015-08-01_a', '02-2015-08-01_b', '03-2016-01-01_c']);
    expect([...shown.values()]).toEqual(['01-2015-08-01_a', '02-2015-08-01_b', '2016-01-01']);
  });
});
