import { describe, expect, it } from 'vitest';
import { formatChanges } from './format.js';

describe('formatChanges', () => {
  it('renders equal text as the old edition wrote it and marks deletions and insertions', () => {
    expect(
      formatChanges([
        { op: 'equal', text: 'more “testing” ', newText: 'more "testing" ' },
        { op: 'delete', text: 'and uncertain', significance: 'substantive' },
        { op: 'insert', text: 'and severe', significance: 'substantive' },
        { op: 'equal', text: '.' },
      ]),
    ).toBe('more “testing” [-and uncertain-]{+and severe+}.');
    expect(formatChanges([])).toBe('');
  });
});
