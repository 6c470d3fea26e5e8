import { describe, expect, it } from 'vitest';
import type { Readiness } from './api-types.js';
import { jobPending, readinessText } from './readiness.js';

const counts = (waiting = 0, running = 0, failed = 0) => ({ waiting, running, failed });

describe('readinessText', () => {
  it('says nothing for a ready series or a server without readiness', () => {
    expect(readinessText(undefined)).toBe('');
    expect(readinessText({ state: 'ready', ...counts(), imports: counts(), collations: counts() })).toBe('');
  });

  it('names imports by count and the collation, running first, then waiting and failed', () => {
    const pending: Readiness = {
      state: 'pending',
      ...counts(2, 1),
      imports: counts(2),
      collations: counts(0, 1),
    };
    expect(readinessText(pending)).toBe('2 imports waiting, collation running');
    const failed: Readiness = { state: 'failed', ...counts(0, 0, 1), imports: counts(0, 0, 1), collations: counts() };
    expect(readinessText(failed)).toBe('1 import failed');
    const both: Readiness = {
      state: 'pending',
      ...counts(1, 1, 2),
      imports: counts(0, 1, 2),
      collations: counts(1),
    };
    expect(readinessText(both)).toBe('1 import running, 2 imports failed, collation waiting');
  });

  it('takes waiting and running jobs for pending, final ones for not', () => {
    expect(
      ['waiting', 'running', 'done', 'failed', 'cancelled'].map((state) => jobPending({ state } as never)),
    ).toEqual([true, true, false, false, false]);
  });
});
