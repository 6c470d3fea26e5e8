import { describe, expect, it } from 'vitest';
import type { JobFilter, JobRecord } from '../../queue/job-queue.js';
import { seriesReadiness } from './enqueue-upload.js';

/** A queue's job table as data: `list` answers it filtered as the PostgreSQL queue does (series, states, limit). */
function jobTable(jobs: JobRecord[]) {
  return {
    async list(filter: JobFilter = {}): Promise<JobRecord[]> {
      return jobs
        .filter((job) => filter.series === undefined || job.series === filter.series)
        .filter((job) => filter.states === undefined || filter.states.includes(job.state))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, filter.limit ?? 100);
    },
  };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 12, minutes)).toISOString();
const job = (id: string, kind: JobRecord['kind'], state: JobRecord['state'], minutes: number): JobRecord => ({
  id,
  kind,
  state,
  series: 's',
  retries: 0,
  createdAt: at(minutes),
  finishedAt: at(minutes + 1),
});

describe('seriesReadiness', () => {
  const now = new Date(Date.UTC(2026, 11, 7, 13, 0));

  it('a failed collation marks its series failed until another collation finishes after it', async () => {
    const failed = job('c1', 'collate', 'failed', 10);
    expect((await seriesReadiness(jobTable([failed]), 's', [], now)).state).toBe('failed');
    const earlier = job('c0', 'collate', 'done', 1);
    expect((await seriesReadiness(jobTable([earlier, failed]), 's', [], now)).state).toBe('failed');
    const later = job('c2', 'collate', 'done', 20);
    const readiness = await seriesReadiness(
      jobTable([earlier, failed, job('i1', 'import', 'done', 19), later]),
      's',
      [],
      now,
    );
    expect(readiness).toMatchObject({ state: 'ready', failed: 0 });
  });

  it('a waiting import makes the series pending whatever failed before', async () => {
    const jobs = [job('c1', 'collate', 'failed', 10), { ...job('i2', 'import', 'waiting', 30), label: 'e2' }];
    expect((await seriesReadiness(jobTable(jobs), 's', [], now)).state).toBe('pending');
  });
});
