/** The compare view's filter (significance threshold, changes only), read from and kept in the query string. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Threshold } from './rows.js';

/** Reads the filter from the query string (`sig`, `changes`), so a shared link keeps it. */
function filterFromQuery(search: URLSearchParams): { threshold: Threshold; changesOnly: boolean } {
  const sig = search.get('sig');
  const threshold: Threshold = sig === 'minor' || sig === 'substantive' ? sig : 'all';
  return { threshold, changesOnly: search.get('changes') === '1' };
}

/** The filter's state, initialised from `search` once and written back to the query string on every change. */
export function useFilterQuery(search: URLSearchParams) {
  const initial = useMemo(() => filterFromQuery(search), []);
  const [threshold, setThreshold] = useState<Threshold>(initial.threshold);
  const [changesOnly, setChangesOnly] = useState(initial.changesOnly);

  // Keep the filter in the query string (without a history entry).
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    if (threshold === 'all') search.delete('sig');
    else search.set('sig', threshold);
    if (changesOnly) search.set('changes', '1');
    else search.delete('changes');
    const text = search.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${text ? `?${text}` : ''}${window.location.hash}`,
    );
  }, [threshold, changesOnly]);

  return { threshold, setThreshold, changesOnly, setChangesOnly };
}
