/**
 * The web app's routes as data, and the pure matching of a path against them (kept apart from the History API so it
 * can be tested in Node). Path segments are URL-decoded: series names and edition labels may hold any character.
 */

/** A matched route: its name and its decoded parameters. */
export type Route =
  | { name: 'library' }
  | { name: 'series'; series: string }
  | { name: 'compare'; series: string; old: string; new: string }
  | { name: 'blame'; series: string; edition?: string }
  | { name: 'trace'; series: string }
  | { name: 'search' }
  | { name: 'upload' }
  | { name: 'jobs' }
  | { name: 'not-found'; path: string };

/** Decodes one path segment; a malformed escape makes the route unknown rather than throwing. */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Matches a URL path (without query or hash) to a route. */
export function matchRoute(path: string): Route {
  const raw = path.replace(/\/+$/, '').split('/').slice(1);
  if (raw.length === 0 || (raw.length === 1 && raw[0] === '')) return { name: 'library' };
  const parts = raw.map(decode);
  if (parts.some((p) => p === undefined || p === '')) return { name: 'not-found', path };
  const [head, series, view, a, b] = parts as string[];
  if (raw.length === 1 && head === 'search') return { name: 'search' };
  if (raw.length === 1 && head === 'upload') return { name: 'upload' };
  if (raw.length === 1 && head === 'jobs') return { name: 'jobs' };
  if (head !== 'series' || series === undefined) return { name: 'not-found', path };
  if (raw.length === 2) return { name: 'series', series };
  if (view === 'compare' && raw.length === 5 && a !== undefined && b !== undefined) {
    return { name: 'compare', series, old: a, new: b };
  }
  if (view === 'blame' && raw.length === 3) return { name: 'blame', series };
  if (view === 'blame' && raw.length === 4 && a !== undefined) return { name: 'blame', series, edition: a };
  if (view === 'trace' && raw.length === 3) return { name: 'trace', series };
  return { name: 'not-found', path };
}

/** Builders of the app's paths, encoding every segment. */
export const paths = {
  library: (): string => '/',
  series: (series: string): string => `/series/${encodeURIComponent(series)}`,
  compare: (series: string, older: string, newer: string, hash?: string): string =>
    `/series/${encodeURIComponent(series)}/compare/${encodeURIComponent(older)}/${encodeURIComponent(newer)}${
      hash ? `#${encodeURIComponent(hash)}` : ''
    }`,
  blame: (series: string, edition?: string): string =>
    `/series/${encodeURIComponent(series)}/blame${edition === undefined ? '' : `/${encodeURIComponent(edition)}`}`,
  trace: (series: string, phrase?: string): string =>
    `/series/${encodeURIComponent(series)}/trace${phrase ? `?phrase=${encodeURIComponent(phrase)}` : ''}`,
  search: (q?: string): string => `/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
  upload: (series?: string): string => `/upload${series ? `?series=${encodeURIComponent(series)}` : ''}`,
  jobs: (): string => '/jobs',
};
