/**
 * "What matters most" at the top of the compare view: the changes ranked by the rules of docs/ranking.md (asked of
 * the API, `compare?top=N`, so the browser ranks nothing itself), one line each, linking to its row by the pair id in
 * the URL hash as every deep link of the view does.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorMessage, Loading } from '../components.js';
import { useResource } from '../use-resource.js';

/** How many changes the summary lists (as the reports' default). */
export const SUMMARY_SIZE = 10;

/** The summary of one comparison. */
export function TopSummary(props: { series: string; old: string; new: string }) {
  // The view opens on the summary, unless the link names a unit to open on: then the unit gets the room. Read once,
  // so following a summary line (which sets the hash) does not fold the summary away.
  const [opensOpen] = useState(() => window.location.hash === '');
  const state = useResource(
    (signal) => api.compareTop(props.series, props.old, props.new, SUMMARY_SIZE, signal),
    [props.series, props.old, props.new],
  );
  if (state.status === 'loading') return <Loading what="what matters most" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  const { changes, total } = state.value;
  if (changes.length === 0) return null;
  return (
    <details class="top-summary" open={opensOpen}>
      <summary>
        <h2 id="top-summary-heading">
          What matters most{total > changes.length ? ` (${changes.length} of ${total})` : ''}
        </h2>
      </summary>
      <ol aria-labelledby="top-summary-heading">
        {changes.map((change) => (
          <li key={change.rank} data-rule={change.rule}>
            {change.pair ? <a href={`#${encodeURIComponent(change.pair)}`}>{change.line}</a> : change.line}{' '}
            <span class="top-place">§ {change.path.join(' › ')}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
