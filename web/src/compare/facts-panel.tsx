/**
 * The facts panel of the compare view (issue 15 part 1): the counts, dates, laws, organisations and places that are
 * new, changed or dropped between the two editions, each a link that scrolls the aligned view to the sentence pair
 * holding it. Loaded beside the comparison, so a slow facts answer never holds the redline back.
 */
import { api } from '../api.js';
import type { FactChangeEntry, FactsReport } from '../api-types.js';
import { ErrorMessage } from '../components.js';
import { useResource } from '../use-resource.js';
import type { Side } from './use-change-navigation.js';

/** The change groups in the order the panel lists them. */
const GROUPS = [
  { change: 'new', title: 'New', mark: '+' },
  { change: 'changed', title: 'Changed', mark: '~' },
  { change: 'dropped', title: 'Dropped', mark: '−' },
] as const;

/** Props of the facts panel: the pair of editions, and how to show a pair in the aligned view. */
export interface FactsPanelProps {
  series: string;
  old: string;
  new: string;
  /** Scrolls the view to pair `id` on `side` and highlights it. */
  onReveal: (id: string, side: Side) => void;
}

/** The facts panel: loads the facts diff and lists it by kind of change. */
export function FactsPanel(props: FactsPanelProps) {
  const state = useResource(
    (signal) => api.facts(props.series, props.old, props.new, signal),
    [props.series, props.old, props.new],
  );
  if (state.status === 'loading') return <p class="facts-panel facts-loading">Reading facts…</p>;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  return <FactsList report={state.value} onReveal={props.onReveal} />;
}

/** The loaded facts diff: a summary line that opens the three lists. */
function FactsList(props: { report: FactsReport; onReveal: FactsPanelProps['onReveal'] }) {
  const { report } = props;
  const { summary } = report;
  return (
    <details class="facts-panel">
      <summary>
        Facts: {summary.new} new · {summary.changed} changed · {summary.dropped} dropped
      </summary>
      {report.changes.length === 0 && <p class="empty">No fact changed.</p>}
      {GROUPS.map((group) => {
        const changes = report.changes.filter((change) => change.change === group.change);
        if (changes.length === 0) return null;
        return (
          <section key={group.change} class={`facts-group facts-${group.change}`}>
            <h2>
              {group.title} ({changes.length})
            </h2>
            <ul>
              {changes.map((change) => (
                <FactItem key={factKey(change)} change={change} mark={group.mark} onReveal={props.onReveal} />
              ))}
            </ul>
          </section>
        );
      })}
    </details>
  );
}

/** A stable key for a change in its list. */
function factKey(change: FactChangeEntry): string {
  return `${change.change}:${change.old?.id ?? ''}:${change.new?.id ?? ''}`;
}

/** One fact change: its kind, key and value, the text it was read from, and a link to its pair. */
function FactItem(props: { change: FactChangeEntry; mark: string; onReveal: FactsPanelProps['onReveal'] }) {
  const { change } = props;
  const side: Side = change.new ? 'new' : 'old';
  const fact = change.new ?? change.old;
  // A changed fact shows old → new beside its key; others their value when it says more than the key.
  const value =
    change.change === 'changed'
      ? `${change.old?.value ?? change.old?.key} → ${change.new?.value ?? change.new?.key}`
      : fact?.value !== undefined && fact.value !== change.key
        ? fact.value
        : '';
  const text = change.change === 'changed' ? `“${change.old?.text}” → “${change.new?.text}”` : `“${fact?.text}”`;
  const pair = change.pair;
  return (
    <li class={`fact fact-${change.kind}`}>
      <span class="fact-mark" aria-hidden="true">
        {props.mark}
      </span>{' '}
      <span class="fact-kind">{change.kind}</span> <strong class="fact-key">{change.key}</strong>
      {value && <span class="fact-value"> = {value}</span>}{' '}
      {pair ? (
        <a
          href={`#${encodeURIComponent(pair)}`}
          class="fact-text"
          title={change.path.join(' › ')}
          onClick={(event) => {
            event.preventDefault();
            props.onReveal(pair, side);
          }}
        >
          {text}
        </a>
      ) : (
        <span class="fact-text">{text}</span>
      )}
    </li>
  );
}
