/**
 * The jobs of a shared PostgreSQL store (`/jobs`, issue 16): imports and series collations that `palimpsest worker`
 * processes run, running and waiting ones first in the reader's mind — the table lists them newest first with their
 * series, edition, state, tries and, for a failed one, its coded error. It loads again every 2 s while any job shown
 * may still change, and stops when none may. A store without a queue (SQLite) says it has none.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { JobRecord } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { jobPending } from '../readiness.js';
import { paths } from '../routes.js';
import { usePolledResource } from '../use-polling.js';

/** Jobs the page reads: the newest ones (finished jobs stay listed a day, failed ones a week). */
const JOBS_SHOWN = 200;

/** The jobs page. */
export function JobsPage() {
  const [showDone, setShowDone] = useState(false);
  const list = usePolledResource(
    (signal) => api.jobs(JOBS_SHOWN, signal),
    [],
    (value) => value.jobs.some(jobPending),
  );
  if (list.status === 'loading') return <Loading what="the jobs" />;
  if (list.status === 'error') return <ErrorMessage error={list.error} />;
  const { queue, jobs } = list.value;
  const count = (state: JobRecord['state']) => jobs.filter((job) => job.state === state).length;
  const shown = showDone ? jobs : jobs.filter((job) => job.state !== 'done');
  return (
    <section class="jobs-page">
      <h1>Jobs</h1>
      {!queue ? (
        <p class="empty">
          This server's store has no job queue: each upload is imported in the request that sends it (a store on
          PostgreSQL with <code>palimpsest worker</code> processes runs imports as jobs).
        </p>
      ) : (
        <>
          <p class="jobs-summary" role="status">
            {count('running')} running, {count('waiting')} waiting, {count('failed')} failed, {count('done')} done
            {jobs.length >= JOBS_SHOWN ? ` (the newest ${JOBS_SHOWN} jobs)` : ''}
            {jobs.some(jobPending) ? ' · refreshing' : ''}
          </p>
          <label class="inline">
            <input
              type="checkbox"
              name="show-done"
              checked={showDone}
              onChange={(event) => setShowDone((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            also show finished jobs
          </label>
          {shown.length === 0 ? (
            <p class="empty">{jobs.length === 0 ? 'No jobs.' : 'No job waiting, running or failed.'}</p>
          ) : (
            <div class="table-scroll">
              <table class="jobs">
                <thead>
                  <tr>
                    <th>state</th>
                    <th>kind</th>
                    <th>series</th>
                    <th>edition</th>
                    <th>tries</th>
                    <th>created</th>
                    <th>result</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((job) => (
                    <JobRow key={job.id} job={job} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** One job as a table row; every text is the job's own, shown as text (Preact escapes it). */
function JobRow(props: { job: JobRecord }) {
  const { job } = props;
  return (
    <tr class={`job job-${job.state}`} data-job={job.id}>
      <td>
        <JobState state={job.state} />
      </td>
      <td>{job.kind}</td>
      <td>{job.series === '' ? '' : <a href={paths.series(job.series)}>{job.series}</a>}</td>
      <td>
        {job.label === undefined ? (
          ''
        ) : job.state === 'done' ? (
          <a href={paths.blame(job.series, job.label)}>{job.label}</a>
        ) : (
          job.label
        )}
      </td>
      <td>{job.retries + 1}</td>
      <td>{job.createdAt.slice(0, 19).replace('T', ' ')}</td>
      <td class="job-result">
        {job.error ? (
          <>
            <code class="job-error-code">{job.error.code}</code> {job.error.message}
          </>
        ) : (
          (job.status ?? '')
        )}
      </td>
    </tr>
  );
}

/** A job's state as a badge of the shared stylesheet. */
export function JobState(props: { state: JobRecord['state'] }) {
  return <span class={`badge job-state job-state-${props.state}`}>{props.state}</span>;
}
