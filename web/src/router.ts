/**
 * A tiny client-side router on the History API: `useLocation` re-renders on pushState/popstate, `navigate` pushes a
 * path, and one document-level click handler turns same-origin `<a href>` clicks into navigations, so pages use plain
 * links (which also open in a new tab as the reader expects).
 */
import { useEffect, useState } from 'preact/hooks';

/** The parts of the location the pages read. */
export interface AppLocation {
  path: string;
  search: URLSearchParams;
  hash: string;
}

const listeners = new Set<() => void>();

/** The current location. */
export function currentLocation(): AppLocation {
  const hash = window.location.hash.slice(1);
  let decoded = hash;
  try {
    decoded = decodeURIComponent(hash);
  } catch {
    decoded = hash;
  }
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search), hash: decoded };
}

/** Tells every `useLocation` user that the location changed. */
function notify(): void {
  for (const listener of listeners) listener();
}

/** Goes to `href` (a path with optional query and hash), adding a history entry unless `replace`. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  notify();
  if (!options.replace && !href.includes('#')) window.scrollTo(0, 0);
}

/** Sets the URL hash without a history entry and without re-rendering the page (deep links to units). */
export function replaceHash(hash: string): void {
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${encodeURIComponent(hash)}` : ''}`;
  window.history.replaceState(null, '', url);
}

/** The current location, re-read on every navigation. */
export function useLocation(): AppLocation {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** Intercepts plain left clicks on same-origin links so they navigate without reloading the page. */
export function interceptLinks(root: Document): void {
  root.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
    if (samePage && url.hash) {
      window.history.pushState(null, '', url.hash);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      notify();
      return;
    }
    navigate(`${url.pathname}${url.search}${url.hash}`);
  });
}
