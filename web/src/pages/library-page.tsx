/** The library: every series with its edition timeline and change counts per step, and links into each view. */
import { api } from '../api.js';
import type { SeriesSummary } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { shortLabel } from '../edition-label.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';
import { Timeline, TimelineLegend } from './timeline.js';

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
            <TimelineLegend />
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

/** The date a label carries (a file stem such as `01-2015-08-01_0000`), or undefined. */
function datedLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const short = shortLabel(label);
  return /^\d{4}-\d{2}-\d{2}$/.test(short) ? short : undefined;
}

/** One series: its name, dates, timeline and links. */
function SeriesCard(props: { summary: SeriesSummary }) {
  const { summary } = props;
  const history = useResource((signal) => api.history(summary.name, 1, signal), [summary.name]);
  const latest = history.status === 'done' ? history.value.editions.at(-1)?.label : undefined;
  // The dates of the series, or else the dates its first and last labels carry (file stems).
  const editions = history.status === 'done' ? history.value.editions : [];
  const first = summary.firstDate ?? datedLabel(editions[0]?.label);
  const last = summary.lastDate ?? datedLabel(editions.at(-1)?.label);
  const span = first && last ? { first, last } : undefined;
  return (
    <li class="series-card" data-series={summary.name}>
      <h2>
        <a href={paths.series(summary.name)}>{summary.name}</a>
      </h2>
      <p class="series-meta">
        {summary.editionCount} edition{summary.editionCount === 1 ? '' : 's'}
        {span && ` · ${span.first}`}
        {span && span.last !== span.first && ` – ${span.last}`}
      </p>
      {history.status === 'loading' && <Loading what="the history" />}
      {history.status === 'error' && <ErrorMessage error={history.error} />}
      {history.status === 'done' && (
        <Timeline series={summary.name} history={history.value} latestFirst legend={false} />
      )}
      <p class="series-links">
        {latest !== undefined && <a href={paths.blame(summary.name, latest)}>blame latest</a>}
        <a href={paths.trace(summary.name)}>trace a phrase</a>
        <a href={paths.upload(summary.name)}>add an edition</a>
      </p>
    </li>
  );
}
