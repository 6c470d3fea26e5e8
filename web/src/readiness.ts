/**
 * A series' readiness (its queued jobs, issue 16) in words for the series page's badge: "2 imports waiting,
 * collation running"; nothing when the series is ready.
 */
import type { JobRecord, Readiness, ReadinessCounts } from './api-types.js';

/** "1 import" / "3 imports"; a series has one collation at a time, so it is never counted. */
function imports(count: number): string {
  return `${count} import${count === 1 ? '' : 's'}`;
}

/** The phrases of one kind's counts, running first. */
function phrases(counts: ReadinessCounts, name: (count: number) => string): string[] {
  const said: string[] = [];
  if (counts.running > 0) said.push(`${name(counts.running)} running`);
  if (counts.waiting > 0) said.push(`${name(counts.waiting)} waiting`);
  if (counts.failed > 0) said.push(`${name(counts.failed)} failed`);
  return said;
}

/** What the badge says, or '' for a ready series. */
export function readinessText(readiness: Readiness | undefined): string {
  if (readiness === undefined || readiness.state === 'ready') return '';
  const said = [
    ...phrases(readiness.imports, imports),
    ...phrases(readiness.collations, (count) => (count === 1 ? 'collation' : `${count} collations`)),
  ];
  return said.length > 0 ? said.join(', ') : readiness.state;
}

/** Whether a job may still change (the jobs view and a followed upload poll until none may). */
export function jobPending(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === 'waiting' || job.state === 'running';
}
