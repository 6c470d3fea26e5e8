/**
 * The blame view: an edition's text with every word coloured by the edition that introduced it, a legend of the
 * editions, and on click the lineage of a sentence (its events) in a side panel.
 */
import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Blame, BlameEvent, BlameSentence } from '../api-types.js';
import { editionColor } from '../colors.js';
import { activation, ErrorMessage, Loading } from '../components.js';
import { navigate } from '../router.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';

/** Sentences rendered per page of the blame view; more on request (a long edition has tens of thousands). */
const PAGE = 400;

/** The blame page (`/series/:series/blame/:edition?`). */
export function BlamePage(props: { series: string; edition?: string }) {
  const detail = useResource((signal) => api.series(props.series, signal), [props.series]);
  const blame = useResource((signal) => api.blame(props.series, props.edition, signal), [props.series, props.edition]);
  const current = blame.status === 'done' ? blame.value.editions[blame.value.edition]?.label : props.edition;
  return (
    <section class="blame-page">
      <h1>
        <a href={paths.series(props.series)}>{props.series}</a>: blame {current ?? ''}
      </h1>
      {detail.status === 'done' && detail.value.editions.length > 1 && (
        <label class="edition-picker">
          Edition{' '}
          <select
            name="edition"
            value={current}
            onChange={(e) => navigate(paths.blame(props.series, (e.currentTarget as HTMLSelectElement).value))}
          >
            {detail.value.editions.map((e) => (
              <option key={e.label} value={e.label}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {blame.status === 'loading' && <Loading what="the blame" />}
      {blame.status === 'error' && <ErrorMessage error={blame.error} />}
      {blame.status === 'done' && (
        <BlameView
          series={props.series}
          blame={blame.value}
          lang={
            detail.status === 'done'
              ? (detail.value.editions.find((e) => e.label === current)?.lang ?? undefined)
              : undefined
          }
        />
      )}
    </section>
  );
}

/** Consecutive sentences under one section path. */
interface Group {
  path: string[];
  sentences: BlameSentence[];
}

/** Groups sentences by consecutive equal paths. */
function groupByPath(sentences: readonly BlameSentence[]): Group[] {
  const groups: Group[] = [];
  for (const sentence of sentences) {
    const last = groups.at(-1);
    if (last && last.path.join('\u0000') === sentence.path.join('\u0000')) last.sentences.push(sentence);
    else groups.push({ path: sentence.path, sentences: [sentence] });
  }
  return groups;
}

/** The coloured text, legend and lineage panel of a loaded blame. */
function BlameView(props: { series: string; blame: Blame; lang: string | undefined }) {
  const { blame, series } = props;
  const [selected, setSelected] = useState<BlameSentence | null>(null);
  const [shown, setShown] = useState(PAGE);
  const count = blame.editions.length;
  const colors = useMemo(() => blame.editions.map((e) => editionColor(e.index, count)), [blame, count]);
  const groups = useMemo(() => groupByPath(blame.sentences.slice(0, shown)), [blame, shown]);
  const labels = blame.editions.map((e) => e.label);
  return (
    <div class="blame-layout">
      <div class="blame-main">
        <ul class="legend" aria-label="Editions">
          {blame.editions.map((e) => (
            <li key={e.index} data-edition={e.label}>
              <span class="swatch" style={{ background: colors[e.index] }} aria-hidden="true" />
              {e.label}
              {e.date ? ` (${e.date})` : ''}
            </li>
          ))}
        </ul>
        {blame.sentences.length === 0 && <p class="empty">No sentences.</p>}
        <div class="blame-text" lang={props.lang}>
          {groups.map((group) => (
            <div class="blame-group" key={`${group.sentences[0]?.index}`}>
              {group.path.length > 0 && <h3 class="blame-path">{group.path.join(' › ')}</h3>}
              <p>
                {group.sentences.map((sentence) => (
                  <span
                    key={sentence.index}
                    class={`blame-sentence${selected?.index === sentence.index ? ' selected' : ''}`}
                    data-sentence={sentence.index}
                    title={sentence.history}
                    {...activation(() => setSelected(sentence))}
                  >
                    {wordRuns(sentence).map((run, i) => (
                      <span
                        key={i}
                        class="blame-run"
                        data-edition={labels[run.edition]}
                        style={{ background: colors[run.edition] }}
                      >
                        {run.text}
                      </span>
                    ))}{' '}
                  </span>
                ))}
              </p>
            </div>
          ))}
        </div>
        {shown < blame.sentences.length && (
          <button type="button" class="show-more" onClick={() => setShown((n) => n + PAGE)}>
            Show more ({blame.sentences.length - shown} sentences left)
          </button>
        )}
      </div>
      <aside class="lineage-panel" aria-label="Lineage">
        {selected ? (
          <Lineage series={series} sentence={selected} labels={labels} />
        ) : (
          <p class="hint">Click a sentence to see its lineage.</p>
        )}
      </aside>
    </div>
  );
}

/** Runs of consecutive words introduced by the same edition (fewer DOM nodes than one per word). */
function wordRuns(sentence: BlameSentence): Array<{ text: string; edition: number }> {
  const runs: Array<{ text: string; edition: number }> = [];
  for (const word of sentence.words) {
    const last = runs.at(-1);
    // Fillers (spaces, punctuation) join the run before them rather than breaking it.
    if (last && (last.edition === word.edition || word.filler)) last.text += word.text;
    else runs.push({ text: word.text, edition: word.edition });
  }
  return runs;
}

/** The lineage of one sentence: since when, and its events with links to the comparisons where they happened. */
function Lineage(props: { series: string; sentence: BlameSentence; labels: string[] }) {
  const { sentence, labels, series } = props;
  const label = (i: number) => labels[i] ?? String(i);
  return (
    <div class="lineage">
      <h2>Lineage</h2>
      <blockquote>{sentence.text}</blockquote>
      <p>
        Present wording since <strong>{label(sentence.since)}</strong>; lineage began in {label(sentence.origin)}.
      </p>
      <p class="history">{sentence.history}</p>
      <ol class="events">
        {sentence.events.map((event, i) => (
          <li key={i} class={`event event-${event.kind}`}>
            <EventText event={event} label={label} />
            {event.edition > 0 && event.kind !== 'added' && (
              <>
                {' '}
                <a href={paths.compare(series, label(event.edition - 1), label(event.edition))}>compare</a>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** One event in words. */
function EventText(props: { event: BlameEvent; label: (i: number) => string }) {
  const { event, label } = props;
  const where = (path?: string[]) => (path && path.length > 0 ? path.join(' › ') : '(top)');
  const edition = <strong>{label(event.edition)}</strong>;
  switch (event.kind) {
    case 'added':
      return event.initial ? <>in the series from its first edition, {edition}</> : <>added in {edition}</>;
    case 'reworded':
      return (
        <>
          reworded in {edition}
          {event.similarity !== undefined ? ` (similarity ${event.similarity.toFixed(2)}` : ''}
          {event.significance ? `, ${event.significance}` : ''}
          {event.similarity !== undefined ? ')' : ''}
        </>
      );
    case 'moved':
    case 'renumbered':
      return (
        <>
          {event.kind} in {edition}: {where(event.from)} → {where(event.to)}
        </>
      );
    default:
      return (
        <>
          {event.kind} in {edition}
        </>
      );
  }
}
