/**
 * The search page: full-text search over every stored edition, one result per text (the same sentence in fourteen
 * editions is one result naming them), snippets with their matches highlighted, and each result linking into the
 * compare view of its latest edition against the previous one, at the unit (or into the blame view when that edition
 * is the first of its series).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { SearchGroup, SearchHit, SeriesDetail } from '../api-types.js';
import { ErrorMessage, Loading, Snippet } from '../components.js';
import { shortLabel } from '../edition-label.js';
import { navigate, useLocation } from '../router.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';

/** Results, one per text, and the editions of every series they come from (to find each edition's previous one). */
interface SearchResults {
  groups: SearchGroup[];
  hits: number;
  truncated: boolean;
  series: Map<string, SeriesDetail>;
}

/** Runs a search and loads the series of its results. */
async function searchWithSeries(q: string, signal: AbortSignal): Promise<SearchResults> {
  const { groups, hits, truncated } = await api.search(q, 50, signal);
  const names = [...new Set(groups.map((g) => g.series))];
  const details = await Promise.all(names.map((name) => api.series(name, signal)));
  return {
    groups,
    hits: hits.length,
    truncated,
    series: new Map(names.map((name, i) => [name, details[i] as SeriesDetail])),
  };
}

/** The editions a text stands in, for a reader: "in 14 editions: 2011–2024, not 2015", or null for one edition. */
export function editionsLine(group: SearchGroup): string | null {
  if (group.editions.length < 2) return null;
  const gaps = group.gaps.length === 0 ? '' : `, not ${group.gaps.map(shortLabel).join(', ')}`;
  return `in ${group.editions.length} editions: ${shortLabel(group.editions[0] ?? '')}–${shortLabel(group.editions.at(-1) ?? '')}${gaps}`;
}

/** Where a hit leads: its edition against the previous one at the hit's place, or the blame of a first edition. */
export function hitHref(hit: SearchHit, detail: SeriesDetail | undefined): string {
  const editions = detail?.editions ?? [];
  const index = editions.findIndex((e) => e.label === hit.edition);
  const previous = index > 0 ? editions[index - 1] : undefined;
  if (!previous) return paths.blame(hit.series, hit.edition);
  return `${paths.compare(hit.series, previous.label, hit.edition)}?offset=${hit.matchStart}`;
}

/** The search page (`/search?q=…`). */
export function SearchPage() {
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const state = useResource((signal) => (q.trim() ? searchWithSeries(q, signal) : Promise.resolve(null)), [q]);
  return (
    <section class="search-page">
      <h1>Search</h1>
      <form
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(paths.search(draft.trim()));
        }}
      >
        <input
          type="search"
          name="q"
          value={draft}
          aria-label="Search every edition"
          placeholder="territorial integrity"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
      </form>
      {state.status === 'loading' && <Loading what="results" />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && state.value && (
        <>
          <p class="result-count">
            {state.value.groups.length} result{state.value.groups.length === 1 ? '' : 's'}
            {state.value.hits > state.value.groups.length ? ` (${state.value.hits} hits in all editions)` : ''}
            {state.value.truncated ? '; more hits than were read: narrow the query' : ''}
          </p>
          <ol class="search-results">
            {state.value.groups.map((group) => {
              const hit = group.hit;
              const editions = editionsLine(group);
              return (
                <li key={`${hit.series}\u0000${group.unit}`} class="search-hit">
                  <a href={hitHref(hit, state.value?.series.get(hit.series))}>
                    <span class="hit-where">
                      {hit.series} · <span title={hit.edition}>{shortLabel(hit.edition)}</span> · {hit.path}
                    </span>
                    <Snippet parts={hit.parts} />
                    {editions && <span class="hit-editions">{editions}</span>}
                  </a>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
