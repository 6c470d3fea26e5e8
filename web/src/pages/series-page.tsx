/**
 * One series: its timeline and its editions with their provenance. On a store with a job queue (issue 16) a badge
 * says what work on the series is pending or failed ("2 imports waiting, collation running"); while any is pending
 * the page reads the series again every 2 s, and the timeline again once the editions or the readiness change.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Readiness } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { readinessText } from '../readiness.js';
import { paths } from '../routes.js';
import { usePolledResource } from '../use-polling.js';
import { useResource } from '../use-resource.js';
import { Timeline } from './timeline.js';

/** The series page (`/series/:series`). */
export function SeriesPage(props: { series: string }) {
  const detail = usePolledResource(
    (signal) => api.series(props.series, signal),
    [props.series],
    (value) => value.readiness?.state === 'pending',
  );
  // The timeline is read once, and again when a refresh shows other editions or other readiness (a worker's work).
  const [generation, setGeneration] = useState(0);
  const seen = useRef<string | null>(null);
  useEffect(() => {
    seen.current = null;
  }, [props.series]);
  useEffect(() => {
    if (detail.status !== 'done') return;
    const key = `${detail.value.editions.length}|${detail.value.readiness?.state ?? 'ready'}`;
    if (seen.current !== null && seen.current !== key) setGeneration((value) => value + 1);
    seen.current = key;
  }, [detail]);
  const history = useResource((signal) => api.history(props.series, 1, signal), [props.series, generation]);
  return (
    <section class="series-page">
      <h1>
        {props.series}
        {detail.status === 'done' && <ReadinessBadge readiness={detail.value.readiness} />}
      </h1>
      <p class="series-links">
        <a href={paths.trace(props.series)}>trace a phrase</a>
        <a href={paths.blame(props.series)}>blame latest</a>
        <a href={paths.upload(props.series)}>add an edition</a>
      </p>
      {history.status === 'done' && <Timeline series={props.series} history={history.value} />}
      {history.status === 'error' && <ErrorMessage error={history.error} />}
      {detail.status === 'loading' && <Loading what="the editions" />}
      {detail.status === 'error' && <ErrorMessage error={detail.error} />}
      {detail.status === 'done' && (
        // The table scrolls within its box: seven columns never widen a phone's page.
        <div class="table-scroll">
          <table class="editions">
            <thead>
              <tr>
                <th>label</th>
                <th>date</th>
                <th>lang</th>
                <th>format</th>
                <th>size</th>
                <th>source</th>
                <th>imported</th>
              </tr>
            </thead>
            <tbody>
              {detail.value.editions.map((e) => (
                <tr key={e.label}>
                  <td>
                    <a href={paths.blame(props.series, e.label)}>{e.label}</a>
                  </td>
                  <td>{e.date ?? ''}</td>
                  <td>{e.lang ?? ''}</td>
                  <td>
                    {e.format}
                    {e.encoding ? ` (${e.encoding})` : ''}
                  </td>
                  <td>{e.size.toLocaleString('en')} B</td>
                  <td>{e.source.name}</td>
                  <td>{e.importedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What work on the series is pending or failed, linking to the jobs; nothing for a ready series. */
function ReadinessBadge(props: { readiness: Readiness | undefined }) {
  const text = readinessText(props.readiness);
  if (text === '' || props.readiness === undefined) return null;
  return (
    <a class={`badge readiness readiness-${props.readiness.state}`} href={paths.jobs()} title="the jobs of the queue">
      {text}
    </a>
  );
}
