/**
 * The blame view: an edition's text with every word coloured by the edition that introduced it, a legend of the
 * editions, each heading with the edition its section first appeared in, and on click the lineage of a sentence or
 * a heading (its events) in a side panel.
 */
import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Blame, BlameEvent, BlameHeading, BlameSentence } from '../api-types.js';
import { editionColor } from '../colors.js';
import { activation, ErrorMessage, Loading } from '../components.js';
import { displayLabels, shortLabel } from '../edition-label.js';
import { navigate } from '../router.js';
import { paths } from '../routes.js';
import { SECTION_PATH_SEPARATOR } from '../section-path.js';
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
        <a href={paths.series(props.series)}>{props.series}</a>: blame{' '}
        <span title={current}>{current === undefined ? '' : shortLabel(current)}</span>
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

/** Consecutive sentences under one section path, after the headings that come before them. */
interface Group {
  path: string[];
  /** Headings shown before the sentences, in document order (a chapter without sentences of its own included). */
  headings: BlameHeading[];
  sentences: BlameSentence[];
}

/**
 * Groups sentences by consecutive equal paths, and puts each heading before the first sentences of its section
 * (headings are in pre-order, sentences in document order). With `all`, the headings after the last sentence close
 * the list; else they wait for more sentences to be shown.
 */
function groupByPath(headings: readonly BlameHeading[], sentences: readonly BlameSentence[], all: boolean): Group[] {
  const groups: Group[] = [];
  let next = 0;
  for (const sentence of sentences) {
    const key = sentence.path.join('\u0000');
    const last = groups.at(-1);
    if (last && last.path.join('\u0000') === key) {
      last.sentences.push(sentence);
      continue;
    }
    let shown: BlameHeading[] = [];
    for (let i = next; key && i < headings.length; i++) {
      if ((headings[i] as BlameHeading).path.join('\u0000') !== key) continue;
      shown = headings.slice(next, i + 1);
      next = i + 1;
      break;
    }
    groups.push({ path: sentence.path, headings: shown, sentences: [sentence] });
  }
  if (all && next < headings.length) {
    const rest = headings.slice(next);
    groups.push({ path: rest.at(-1)?.path ?? [], headings: rest, sentences: [] });
  }
  return groups;
}

/**
 * Consecutive sentences of one block (paragraph, list item, caption) together: each block is a paragraph of the
 * blame text, so a section reads as the edition's paragraphs rather than one wall of sentences.
 */
function paragraphs(sentences: readonly BlameSentence[]): BlameSentence[][] {
  const blocks: BlameSentence[][] = [];
  for (const sentence of sentences) {
    const last = blocks.at(-1);
    if (last && last[0]?.blockIndex === sentence.blockIndex) last.push(sentence);
    else blocks.push([sentence]);
  }
  return blocks;
}

/** What the lineage panel shows: a sentence or a heading. */
type Selection = { kind: 'sentence'; sentence: BlameSentence } | { kind: 'heading'; heading: BlameHeading };

/** The coloured text, legend and lineage panel of a loaded blame. */
function BlameView(props: { series: string; blame: Blame; lang: string | undefined }) {
  const { blame, series } = props;
  const [selected, setSelected] = useState<Selection | null>(null);
  const [shown, setShown] = useState(PAGE);
  const count = blame.editions.length;
  const colors = useMemo(() => blame.editions.map((e) => editionColor(e.index, count)), [blame, count]);
  const groups = useMemo(
    () => groupByPath(blame.headings ?? [], blame.sentences.slice(0, shown), shown >= blame.sentences.length),
    [blame, shown],
  );
  // The heading of each section path, for the sentence panel's "in section … since …" line.
  const headingOf = useMemo(() => {
    const map = new Map<string, BlameHeading>();
    for (const heading of blame.headings ?? []) {
      const key = heading.path.join('\u0000');
      if (!map.has(key)) map.set(key, heading);
    }
    return map;
  }, [blame]);
  const labels = blame.editions.map((e) => e.label);
  const display = useMemo(() => displayLabels(blame.editions.map((e) => e.label)), [blame]);
  const selectedSentence = selected?.kind === 'sentence' ? selected.sentence.index : -1;
  const selectedHeading = selected?.kind === 'heading' ? selected.heading.index : -1;
  return (
    <div class="blame-layout">
      <div class="blame-main">
        <ul class="legend" aria-label="Editions">
          {blame.editions.map((e) => (
            <li key={e.index} data-edition={e.label} title={e.label}>
              <span class="swatch" style={{ background: colors[e.index] }} aria-hidden="true" />
              {display.get(e.label)}
              {e.date && e.date !== display.get(e.label) ? ` (${e.date})` : ''}
            </li>
          ))}
        </ul>
        {blame.sentences.length === 0 && <p class="empty">No sentences.</p>}
        <div class="blame-text" lang={props.lang}>
          {groups.map((group) => (
            <div class="blame-group" key={`${group.sentences[0]?.index ?? `h${group.headings[0]?.index}`}`}>
              {group.headings.map((heading) => (
                <h3
                  key={heading.index}
                  class={`blame-path blame-heading${selectedHeading === heading.index ? ' selected' : ''}`}
                  data-heading={heading.index}
                >
                  <span title={heading.history} {...activation(() => setSelected({ kind: 'heading', heading }))}>
                    {heading.path.join(SECTION_PATH_SEPARATOR)}
                    {heading.title && heading.label ? <span class="heading-title"> {heading.title}</span> : null}{' '}
                    <span
                      class="heading-since"
                      data-edition={labels[heading.origin]}
                      style={{ background: colors[heading.origin] }}
                    >
                      since {display.get(labels[heading.origin] ?? '')}
                    </span>
                  </span>
                </h3>
              ))}
              {group.headings.length === 0 && group.path.length > 0 && (
                <h3 class="blame-path">{group.path.join(SECTION_PATH_SEPARATOR)}</h3>
              )}
              {paragraphs(group.sentences).map((paragraph) => (
                <p
                  key={paragraph[0]?.index}
                  class={`blame-paragraph${paragraph[0]?.block ? ` ${paragraph[0].block}` : ''}`}
                  data-block={paragraph[0]?.blockIndex}
                >
                  {paragraph.map((sentence) => (
                    <span
                      key={sentence.index}
                      class={`blame-sentence${sentence.block ? ` ${sentence.block}` : ''}${selectedSentence === sentence.index ? ' selected' : ''}`}
                      data-sentence={sentence.index}
                      title={sentence.history}
                      {...activation(() => setSelected({ kind: 'sentence', sentence }))}
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
              ))}
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
        {selected?.kind === 'sentence' && (
          <Lineage
            series={series}
            sentence={selected.sentence}
            section={headingOf.get(selected.sentence.path.join('\u0000'))}
            labels={labels}
            onSection={(heading) => setSelected({ kind: 'heading', heading })}
          />
        )}
        {selected?.kind === 'heading' && <HeadingLineage series={series} heading={selected.heading} labels={labels} />}
        {!selected && <TextSummary blame={blame} colors={colors} shown={display} />}
      </aside>
    </div>
  );
}

/**
 * What the panel shows before a click: where the text of this edition comes from — for each edition, the words it
 * introduced that still stand and the sections that first appeared in it — so the right third is never empty.
 */
function TextSummary(props: { blame: Blame; colors: string[]; shown: Map<string, string> }) {
  const { blame, colors, shown } = props;
  const words = new Array<number>(blame.editions.length).fill(0);
  const sections = new Array<number>(blame.editions.length).fill(0);
  let total = 0;
  for (const sentence of blame.sentences) {
    for (const word of sentence.words) {
      if (word.filler) continue;
      words[word.edition] = (words[word.edition] ?? 0) + 1;
      total++;
    }
  }
  for (const heading of blame.headings ?? []) sections[heading.origin] = (sections[heading.origin] ?? 0) + 1;
  const current = blame.editions[blame.edition];
  return (
    <div class="lineage section-summary">
      <h2>Where this text comes from</h2>
      <p>
        {blame.sentences.length} sentences and {(blame.headings ?? []).length} sections in{' '}
        <strong>{shown.get(current?.label ?? '')}</strong>; the words that stand, by the edition that wrote them:
      </p>
      <table class="summary-table">
        <tbody>
          {blame.editions.map((e) =>
            (words[e.index] ?? 0) === 0 && (sections[e.index] ?? 0) === 0 ? null : (
              <tr key={e.index} title={e.label}>
                <td>
                  <span class="swatch" style={{ background: colors[e.index] }} aria-hidden="true" />
                  {shown.get(e.label)}
                </td>
                <td class="number">
                  {words[e.index]} words ({total === 0 ? 0 : Math.round((100 * (words[e.index] ?? 0)) / total)}%)
                </td>
                <td class="number">{sections[e.index] ? `${sections[e.index]} new sections` : ''}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <p class="hint">Click a sentence or a heading to see its lineage.</p>
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

/**
 * The lineage of one sentence: when its wording and the sentence first appeared, its section's first appearance,
 * and its events with links to the comparisons where they happened. Each sentence says "first appeared", never
 * "present since": a sentence deleted and returned was not present all along, and the events say so.
 */
function Lineage(props: {
  series: string;
  sentence: BlameSentence;
  section: BlameHeading | undefined;
  labels: string[];
  onSection: (heading: BlameHeading) => void;
}) {
  const { sentence, labels, series, section } = props;
  const label = (i: number) => labels[i] ?? String(i);
  return (
    <div class="lineage">
      <h2>
        Lineage{sentence.block === 'caption' ? ' of a caption' : sentence.block === 'listItem' ? ' of a list item' : ''}
      </h2>
      <blockquote>{sentence.text}</blockquote>
      <p class="since">
        {sentence.since === sentence.origin ? (
          <>
            Worded as now since it first appeared, in <strong>{label(sentence.origin)}</strong>.
          </>
        ) : (
          <>
            This wording first appeared in <strong>{label(sentence.since)}</strong>; the sentence first appeared in{' '}
            <strong>{label(sentence.origin)}</strong>.
          </>
        )}
      </p>
      {section && (
        <p class="section-since">
          In section{' '}
          <button type="button" class="link" onClick={() => props.onSection(section)}>
            {section.path.join(SECTION_PATH_SEPARATOR)}
          </button>
          , which first appeared in <strong>{label(section.origin)}</strong>.
        </p>
      )}
      <Events series={series} events={sentence.events} history={sentence.history} label={label} />
    </div>
  );
}

/** The lineage of one heading: when its section first appeared, since when it reads as now, and its events. */
function HeadingLineage(props: { series: string; heading: BlameHeading; labels: string[] }) {
  const { heading, labels, series } = props;
  const label = (i: number) => labels[i] ?? String(i);
  return (
    <div class="lineage heading-lineage">
      <h2>Lineage of a heading</h2>
      <blockquote>{[heading.label ?? '', heading.title].filter((part) => part.trim()).join(' ')}</blockquote>
      <p class="since">
        The section first appeared in <strong>{label(heading.origin)}</strong>
        {heading.since === heading.origin ? (
          <>, numbered and titled as now.</>
        ) : (
          <>
            ; its present number and title since <strong>{label(heading.since)}</strong>.
          </>
        )}
      </p>
      <Events series={series} events={heading.events} history={heading.history} label={label} />
    </div>
  );
}

/** A unit's history sentence and its events, each later one linked to the comparison where it happened. */
function Events(props: { series: string; events: BlameEvent[]; history: string; label: (i: number) => string }) {
  const { series, label } = props;
  return (
    <>
      <p class="history">{props.history}</p>
      <ol class="events">
        {props.events.map((event, i) => (
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
    </>
  );
}

/** One event in words. */
function EventText(props: { event: BlameEvent; label: (i: number) => string }) {
  const { event, label } = props;
  const where = (path?: string[]) => (path && path.length > 0 ? path.join(SECTION_PATH_SEPARATOR) : '(top)');
  const edition = <strong>{label(event.edition)}</strong>;
  switch (event.kind) {
    case 'added':
      return event.initial ? <>in the first edition, {edition}</> : <>added in {edition}</>;
    case 'reworded':
      return (
        <>
          reworded in {edition}
          {event.similarity !== undefined ? ` (similarity ${event.similarity.toFixed(2)}` : ''}
          {event.significance ? `, ${event.significance}` : ''}
          {event.similarity !== undefined ? ')' : ''}
        </>
      );
    case 'renumbered':
    case 'retitled':
      if (event.before !== undefined || event.after !== undefined) {
        const none = event.kind === 'renumbered' ? '(unnumbered)' : '(untitled)';
        return (
          <>
            {event.kind} in {edition}: {event.before || none} → {event.after || none}
            {event.significance === 'cosmetic' ? ' (cosmetic)' : ''}
          </>
        );
      }
      return (
        <>
          {event.kind} in {edition}: {where(event.from)} → {where(event.to)}
        </>
      );
    case 'moved':
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
