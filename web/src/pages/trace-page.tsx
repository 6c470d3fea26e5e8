/**
 * The trace view: a phrase through a series — a chart of occurrences per edition (Observable Plot, rendered here in
 * the browser), first and last appearance, gaps and returns, and keyword-in-context snippets with section paths.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../api.js';
import type { EditionTrace, TraceResult } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { navigate, useLocation } from '../router.js';
import { paths } from '../routes.js';
import { SECTION_PATH_SEPARATOR } from '../section-path.js';
import { type Resource, useResource } from '../use-resource.js';

const MODES = ['normalized', 'exact', 'regex'] as const;

/** The most hits per edition the server sends (its `limit` ceiling). */
const MAX_HITS_PER_EDITION = 1000;

/** The `limit` URL parameter as a whole number the server accepts, or undefined for its default. */
function hitLimit(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_HITS_PER_EDITION ? limit : undefined;
}

/** The trace page (`/series/:series/trace?phrase=…&mode=…`). */
export function TracePage(props: { series: string }) {
  const location = useLocation();
  const phrase = location.search.get('phrase') ?? '';
  const modeParam = location.search.get('mode');
  const mode = MODES.find((m) => m === modeParam) ?? 'normalized';
  const limit = hitLimit(location.search.get('limit'));
  const state: Resource<TraceResult | null> = useResource(
    (signal) => (phrase ? api.trace(props.series, phrase, mode, signal, limit) : Promise.resolve(null)),
    [props.series, phrase, mode, limit],
  );
  // The server sends at most 50 hits per edition unless asked for more: a link asks for the most it gives.
  const moreFromServer =
    limit === undefined || limit < MAX_HITS_PER_EDITION
      ? `${paths.trace(props.series)}?${new URLSearchParams({
          phrase,
          ...(mode === 'normalized' ? {} : { mode }),
          limit: String(MAX_HITS_PER_EDITION),
        }).toString()}`
      : undefined;
  const [draft, setDraft] = useState(phrase);
  const [draftMode, setDraftMode] = useState<string>(mode);
  // Back/forward and links change the URL under the form: keep both fields in step with it.
  useEffect(() => setDraft(phrase), [phrase]);
  useEffect(() => setDraftMode(mode), [mode]);
  return (
    <section class="trace-page">
      <h1>
        <a href={paths.series(props.series)}>{props.series}</a>: trace
      </h1>
      <form
        class="trace-form"
        onSubmit={(event) => {
          event.preventDefault();
          const query = new URLSearchParams({ phrase: draft });
          if (draftMode !== 'normalized') query.set('mode', draftMode);
          navigate(`${paths.trace(props.series)}?${query.toString()}`);
        }}
      >
        <input
          type="search"
          name="phrase"
          value={draft}
          placeholder="a phrase, e.g. increasingly severe"
          aria-label="Phrase"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          required
        />
        <select
          name="mode"
          value={draftMode}
          onChange={(e) => setDraftMode((e.currentTarget as HTMLSelectElement).value)}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <button type="submit">Trace</button>
      </form>
      {state.status === 'loading' && <Loading what="the trace" />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && state.value && (
        <TraceView series={props.series} trace={state.value} moreFromServer={moreFromServer} />
      )}
    </section>
  );
}

/** The chart, summary and snippets of a loaded trace. */
function TraceView(props: { series: string; trace: TraceResult; moreFromServer: string | undefined }) {
  const { trace, series } = props;
  return (
    <div class="trace-view">
      <TraceChart trace={trace} />
      <table class="trace-counts">
        <thead>
          <tr>
            <th>edition</th>
            <th>occurrences</th>
          </tr>
        </thead>
        <tbody>
          {trace.editions.map((e) => (
            <tr key={e.label} data-edition={e.label} data-count={e.count}>
              <td>{e.label}</td>
              <td>
                {e.count}
                {e.status === 'truncated' ? ' (snippets truncated)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="trace-summary">
        <dt>total</dt>
        <dd>{trace.total}</dd>
        <dt>first appearance</dt>
        <dd class="trace-first">{trace.first?.label ?? 'never'}</dd>
        <dt>last appearance</dt>
        <dd class="trace-last">{trace.last?.label ?? 'never'}</dd>
        <dt>gaps</dt>
        <dd class="trace-gaps">
          {trace.gaps.length === 0
            ? 'none'
            : trace.gaps
                .map((g) => `${g.labels.join(', ')}${g.returnedIn ? ` (back in ${g.returnedIn})` : ' (not back)'}`)
                .join('; ')}
        </dd>
        <dt>returns</dt>
        <dd>{trace.returns.length === 0 ? 'none' : trace.returns.map((r) => r.label).join(', ')}</dd>
      </dl>
      {trace.editions
        .map((edition, index) => ({ edition, previous: trace.editions[index - 1]?.label }))
        .filter(({ edition }) => edition.hits.length > 0)
        .map(({ edition, previous }) => (
          <KwicEdition
            key={`${trace.mode}\u0000${trace.phrase}\u0000${edition.label}`}
            series={series}
            edition={edition}
            previous={previous}
            moreFromServer={props.moreFromServer}
          />
        ))}
    </div>
  );
}

/** Snippets rendered at first, and added by each "show more", per edition: a phrase can occur thousands of times. */
const HITS_PER_PAGE = 20;

/**
 * The keyword-in-context snippets of one edition, HITS_PER_PAGE at a time, so a common phrase does not put tens of
 * thousands of list items in the page. When the server sent fewer hits than occurrences (it caps them per edition)
 * the heading says how many of how many are shown.
 */
function KwicEdition(props: {
  series: string;
  edition: EditionTrace;
  previous: string | undefined;
  moreFromServer: string | undefined;
}) {
  const { series, edition, previous } = props;
  const [shown, setShown] = useState(HITS_PER_PAGE);
  const visible = edition.hits.slice(0, shown);
  const more = Math.min(HITS_PER_PAGE, edition.hits.length - visible.length);
  const cut = edition.status === 'truncated' || edition.hits.length < edition.count;
  return (
    <section class="kwic-edition" data-edition={edition.label}>
      <h2>
        <a href={paths.blame(series, edition.label)}>{edition.label}</a> · {edition.count}
      </h2>
      {(cut || visible.length < edition.count) && (
        <p class="kwic-shown">
          showing {visible.length.toLocaleString('en')} of {edition.count.toLocaleString('en')} occurrence
          {edition.count === 1 ? '' : 's'}
          {more === 0 && edition.hits.length < edition.count
            ? ` (the server sent the first ${edition.hits.length.toLocaleString('en')})`
            : ''}
          {more === 0 && edition.hits.length < edition.count && props.moreFromServer !== undefined && (
            <>
              {' '}
              <a class="kwic-more-from-server" href={props.moreFromServer}>
                load up to {MAX_HITS_PER_EDITION.toLocaleString('en')} per edition
              </a>
            </>
          )}
          {more === 0 && edition.status === 'truncated' && edition.hits.length >= edition.count
            ? ' (a long passage was only partly searched)'
            : ''}
        </p>
      )}
      <ul class="kwic">
        {visible.map((hit) => (
          <li key={`${hit.unit}-${hit.block ?? 'h'}-${hit.start}`}>
            <span class="kwic-path">
              {previous !== undefined && hit.position ? (
                <a
                  href={`${paths.compare(series, previous, edition.label)}?offset=${hit.position.start.offset}`}
                  title={`compare ${previous} → ${edition.label} here`}
                >
                  {hit.path.join(SECTION_PATH_SEPARATOR) || '(top)'}
                </a>
              ) : (
                hit.path.join(SECTION_PATH_SEPARATOR)
              )}
            </span>
            <span class="kwic-line">
              <span class="kwic-before">
                {hit.clippedBefore ? '…' : ''}
                {hit.before}
              </span>
              <mark>{hit.match}</mark>
              <span class="kwic-after">
                {hit.after}
                {hit.clippedAfter ? '…' : ''}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <button type="button" class="kwic-more" onClick={() => setShown((n) => n + HITS_PER_PAGE)}>
          show {more} more
        </button>
      )}
    </section>
  );
}

/** The Observable Plot chart, rendered into a container once Plot is loaded. */
function TraceChart(props: { trace: TraceResult }) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const element = container.current;
    if (!element) return;
    import('./trace-chart.js').then(
      ({ traceChart }) => {
        if (cancelled) return;
        const chart = traceChart(props.trace, Math.min(900, Math.max(320, element.clientWidth)));
        element.replaceChildren(chart);
      },
      (reason: unknown) => setError(describeError(reason)),
    );
    return () => {
      cancelled = true;
    };
  }, [props.trace]);
  return (
    <figure class="trace-chart">
      <div ref={container} class="trace-chart-plot" />
      {error && <p class="error">The chart could not load: {error}</p>}
      <figcaption>
        Occurrences of “{props.trace.phrase}” per edition ({props.trace.mode})
      </figcaption>
    </figure>
  );
}
