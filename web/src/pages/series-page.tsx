/** One series: its timeline and its editions with their provenance. */
import { api } from '../api.js';
import { ErrorMessage, Loading } from '../components.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';
import { Timeline } from './timeline.js';

/** The series page (`/series/:series`). */
export function SeriesPage(props: { series: string }) {
  const detail = useResource((signal) => api.series(props.series, signal), [props.series]);
  const history = useResource((signal) => api.history(props.series, 1, signal), [props.series]);
  return (
    <section class="series-page">
      <h1>{props.series}</h1>
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
