/** The library: every series with its edition timeline and change counts per step, and links into each view. */
import { api } from '../api.js';
import type { SeriesSummary } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';
import { Timeline } from './timeline.js';

/** The library page (`/`). */
export function LibraryPage() {
  const state = useResource((signal) => api.listSeries(signal), []);
  return (
    <section class="library-page">
      <h1>Library</h1>
      {state.status === 'loading' && <Loading what="the series" />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'done' &&
        (state.value.series.length === 0 ? (
          <p>
            No series yet. <a href={paths.upload()}>Upload an edition</a>, or start the server with{' '}
            <code>palimpsest serve --sample</code>.
          </p>
        ) : (
          <>
            <p class="stats">
              {state.value.stats.series} series · {state.value.stats.editions} editions
            </p>
            <ul class="series-list">
              {state.value.series.map((s) => (
                <SeriesCard key={s.name} summary={s} />
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

/** One series: its name, dates, timeline and links. */
function SeriesCard(props: { summary: SeriesSummary }) {
  const { summary } = props;
  const history = useResource((signal) => api.history(summary.name, 1, signal), [summary.name]);
  const latest = history.status === 'done' ? history.value.editions.at(-1)?.label : undefined;
  return (
    <li class="series-card" data-series={summary.name}>
      <h2>
        <a href={paths.series(summary.name)}>{summary.name}</a>
      </h2>
      <p class="series-meta">
        {summary.editionCount} edition{summary.editionCount === 1 ? '' : 's'}
        {summary.firstDate && ` · ${summary.firstDate}`}
        {summary.lastDate && summary.lastDate !== summary.firstDate && ` – ${summary.lastDate}`}
      </p>
      {history.status === 'loading' && <Loading what="the history" />}
      {history.status === 'error' && <ErrorMessage error={history.error} />}
      {history.status === 'done' && <Timeline series={summary.name} history={history.value} latestFirst />}
      <p class="series-links">
        {latest !== undefined && <a href={paths.blame(summary.name, latest)}>blame latest</a>}
        <a href={paths.trace(summary.name)}>trace a phrase</a>
        <a href={paths.upload(summary.name)}>add an edition</a>
      </p>
    </li>
  );
}
