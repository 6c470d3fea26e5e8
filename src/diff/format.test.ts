import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { formatChanges, formatPair } from './format.js';

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

describe('formatPair', () => {
  it('shows an inserted or deleted sentence whole, which formatChanges of its empty changes left blank', () => {
    const comparison = compareTexts(
      'Chapter 1\n\nThe rate is five. It stays.\n',
      'Chapter 1\n\nThe rate is six. It stays. A new rule applies.\n',
    );
    const sentences = comparison.pairs.filter((pair) => pair.level === 'sentence');
    const inserted = sentences.find((pair) => pair.relation === 'inserted');
    expect(inserted && formatChanges(inserted.changes)).toBe('');
    expect(inserted && formatPair(inserted)).toBe('{+A new rule applies.+}');
    expect(sentences.map(formatPair)).toEqual(['The rate is [-five-]{+six+}.', 'It stays.', '{+A new rule applies.+}']);
    const deleted = compareTexts('Chapter 1\n\nOne. Two.\n', 'Chapter 1\n\nOne.\n').pairs.find(
      (pair) => pair.level === 'sentence' && pair.relation === 'deleted',
    );
    expect(deleted && formatPair(deleted)).toBe('[-Two.-]');
  });
});
