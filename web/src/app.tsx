/** The app shell: header with navigation and a search box, and the page of the current route. */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { ComparePage } from './compare/compare-page.js';
import { BlamePage } from './pages/blame-page.js';
import { JobsPage } from './pages/jobs-page.js';
import { LibraryPage } from './pages/library-page.js';
import { SearchPage } from './pages/search-page.js';
import { SeriesPage } from './pages/series-page.js';
import { TracePage } from './pages/trace-page.js';
import { UploadPage } from './pages/upload-page.js';
import { navigate, useLocation } from './router.js';
import { matchRoute, paths, type Route } from './routes.js';
import { useResource } from './use-resource.js';

/** The page for a route. */
function page(route: Route) {
  switch (route.name) {
    case 'library':
      return <LibraryPage />;
    case 'series':
      return <SeriesPage series={route.series} />;
    case 'compare':
      return (
        <ComparePage
          key={`${route.series}/${route.old}/${route.new}`}
          series={route.series}
          old={route.old}
          new={route.new}
        />
      );
    case 'blame':
      return route.edition === undefined ? (
        <BlamePage series={route.series} />
      ) : (
        <BlamePage series={route.series} edition={route.edition} />
      );
    case 'trace':
      return <TracePage series={route.series} />;
    case 'search':
      return <SearchPage />;
    case 'upload':
      return <UploadPage />;
    case 'jobs':
      return <JobsPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            No page at <code>{route.path}</code>. <a href={paths.library()}>Back to the library</a>.
          </p>
        </section>
      );
  }
}

/** Document titles per route, for tabs and history. */
function titleOf(route: Route): string {
  switch (route.name) {
    case 'compare':
      return `${route.series} ${route.old} → ${route.new}`;
    case 'blame':
      return `${route.series} blame`;
    case 'trace':
      return `${route.series} trace`;
    case 'series':
      return route.series;
    case 'search':
      return 'Search';
    case 'upload':
      return 'Add an edition';
    case 'jobs':
      return 'Jobs';
    default:
      return 'Library';
  }
}

/** The whole app. */
export function App() {
  const location = useLocation();
  const route = matchRoute(location.path);
  const [query, setQuery] = useState('');
  // Whether the server has a job queue (a shared PostgreSQL store): then the header links to its jobs.
  const queue = useResource((signal) => api.jobs(1, signal), []);
  useEffect(() => {
    document.title = `${titleOf(route)} · Palimpsest`;
  }, [location.path]);
  return (
    <div class={`app route-${route.name}`}>
      <header class="app-header">
        <a class="brand" href={paths.library()}>
          Palimpsest
        </a>
        <nav>
          <a href={paths.library()}>Library</a>
          <a href={paths.search()}>Search</a>
          <a href={paths.upload()}>Upload</a>
          {queue.status === 'done' && queue.value.queue && <a href={paths.jobs()}>Jobs</a>}
        </nav>
        <form
          class="header-search"
          onSubmit={(event) => {
            event.preventDefault();
            if (query.trim()) navigate(paths.search(query.trim()));
          }}
        >
          <input
            type="search"
            name="header-q"
            aria-label="Search"
            placeholder="Search editions"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
        </form>
      </header>
      <main>{page(route)}</main>
    </div>
  );
}
