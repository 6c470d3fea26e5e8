/**
 * The trace chart: occurrences of a phrase per edition as an Observable Plot bar chart, built in the browser as an
 * SVG element. Loaded on demand (dynamic import) so Plot and its d3 modules stay out of the first page load.
 * Edition labels are the short display labels (file stems shortened to their dates); with many editions they are
 * rotated, the margins grow to hold them, and only every n-th is written when the bars are too narrow for each.
 */
import * as Plot from '@observablehq/plot';
import type { TraceResult } from '../api-types.js';
import { displayLabels } from '../edition-label.js';

/** Approximate width in pixels of one character of Plot's 10 px axis labels. */
const CHAR_WIDTH = 6.2;

/** The height in pixels a rotated label needs between its neighbours to keep apart (its line height over sin 45°). */
const ROTATED_PITCH = 17;

/** An SVG bar chart of `trace`'s counts per edition, `width` pixels wide. */
export function traceChart(trace: TraceResult, width: number): SVGSVGElement | HTMLElement {
  const shown = displayLabels(trace.editions.map((e) => e.label));
  const data = trace.editions.map((edition, index) => ({
    label: edition.label,
    short: shown.get(edition.label) ?? edition.label,
    count: edition.count,
    index,
  }));
  const most = Math.max(1, ...data.map((d) => d.count));
  const longest = Math.max(...data.map((d) => d.short.length)) * CHAR_WIDTH;
  const band = (width - 60) / Math.max(1, data.length);
  const rotate = data.length > 1 && band < longest + 8;
  // A label rotated by −45° reaches down and left of its tick by its length times cos 45°.
  const reach = rotate ? longest * Math.SQRT1_2 : 0;
  const marginLeft = Math.max(48, Math.ceil(reach - band / 2 + 8));
  const marginBottom = rotate ? Math.ceil(reach + 36) : 40;
  const every = rotate ? Math.max(1, Math.ceil(ROTATED_PITCH / band)) : Math.max(1, Math.ceil((longest + 8) / band));
  const ticks = data.filter((d) => d.index % every === 0 || d.index === data.length - 1).map((d) => d.label);
  const shortOf = new Map(data.map((d) => [d.label, d.short]));
  return Plot.plot({
    width,
    height: 220 + marginBottom,
    marginLeft,
    marginBottom,
    x: {
      domain: data.map((d) => d.label),
      label: 'edition',
      labelAnchor: 'right',
      ticks,
      tickFormat: (label: string) => shortOf.get(label) ?? label,
      tickRotate: rotate ? -45 : 0,
    },
    y: { domain: [0, most], label: 'occurrences', grid: true, ticks: Math.min(most, 8), tickFormat: 'd' },
    marks: [
      Plot.barY(data, {
        x: 'label',
        y: 'count',
        fill: '#3b6ea8',
        title: (d: { label: string; count: number }) => `${d.label}: ${d.count}`,
      }),
      Plot.text(data, { x: 'label', y: 'count', text: (d: { count: number }) => String(d.count), dy: -8 }),
      Plot.ruleY([0]),
    ],
    ariaLabel: `occurrences of ${trace.phrase} per edition`,
  });
}
