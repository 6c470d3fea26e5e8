/** The compare view's filter (significance threshold, changes only, policy shifts), read from and kept in the query string. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ShiftKind } from '../api-types.js';
import type { Threshold } from './rows.js';

/** Every shift kind, in the order the filter lists them (docs/shifts.md; SHIFT_KINDS in src/model/comparison.ts). */
export const SHIFT_KIND_NAMES: readonly ShiftKind[] = [
  'intensity',
  'modality',
  'actor',
  'region',
  'reference',
  'negation',
  'scope',
];

/** The shift kinds of a `shift` query value ("intensity,modality"), unknown ones left out. */
export function shiftsFromQuery(value: string | null): ShiftKind[] {
  if (!value) return [];
  const asked = value.split(',').map((kind) => kind.trim());
  return SHIFT_KIND_NAMES.filter((kind) => asked.includes(kind));
}

/** Reads the filter from the query string (`sig`, `changes`, `shift`), so a shared link keeps it. */
function filterFromQuery(search: URLSearchParams): { threshold: Threshold; changesOnly: boolean; shifts: ShiftKind[] } {
  const sig = search.get('sig');
  const threshold: Threshold = sig === 'minor' || sig === 'substantive' ? sig : 'all';
  return { threshold, changesOnly: search.get('changes') === '1', shifts: shiftsFromQuery(search.get('shift')) };
}

/** The filter's state, initialised from `search` once and written back to the query string on every change. */
export function useFilterQuery(search: URLSearchParams) {
  const initial = useMemo(() => filterFromQuery(search), []);
  const [threshold, setThreshold] = useState<Threshold>(initial.threshold);
  const [changesOnly, setChangesOnly] = useState(initial.changesOnly);
  const [shifts, setShifts] = useState<ShiftKind[]>(initial.shifts);

  // Keep the filter in the query string (without a history entry).
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    if (threshold === 'all') search.delete('sig');
    else search.set('sig', threshold);
    if (changesOnly) search.set('changes', '1');
    else search.delete('changes');
    if (shifts.length > 0) search.set('shift', shifts.join(','));
    else search.delete('shift');
    const text = search.toString().replace(/%2C/g, ',');
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${text ? `?${text}` : ''}${window.location.hash}`,
    );
  }, [threshold, changesOnly, shifts]);

  return { threshold, setThreshold, changesOnly, setChangesOnly, shifts, setShifts };
}
