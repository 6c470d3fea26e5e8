/**
 * A report of a comparison with 50,000 pairs in every human format. An integration test (vitest.config.ts): seconds of
 * rendering; its speed is measured by npm run bench.
 */
import { describe, expect, it } from 'vitest';
import { largeComparison } from './fixtures/large-comparison.js';
import { renderReport } from './index.js';

describe('renderReport', () => {
  it('renders 50 000 pairs in every human format (its speed is measured by npm run bench)', () => {
    const comparison = largeComparison(5556);
    expect(comparison.pairs.length).toBeGreaterThanOrEqual(50_000);
    for (const format of ['terminal', 'md', 'html'] as const) {
      expect(renderReport(comparison, format).length).toBeGreaterThan(1_000_000);
    }
  });
});
