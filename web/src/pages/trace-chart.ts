/**
 * The trace chart: occurrences of a phrase per edition as an Observable Plot bar chart, built in the browser as an
 * SVG element. Loaded on demand (dynamic import) so Plot and its d3 modules stay out of the first page load.
 */
import * as Plot from '@observablehq/plot';
import type { TraceResult } from '../api-types.js';

/** An SVG bar chart of `trace`'s counts per edition, `width` pixels wide. */
export function traceChart(trace: TraceResult, width: number): SVGSVGElement | HTMLElement {
  const data = trace.editions.map((edition, index) => ({ label: edition.label, count: edition.count, index }));
  const most = Math.max(1, ...data.map((d) => d.count));
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 48,
    marginBottom: 48,
    x: { domain: data.map((d) => d.label), label: 'edition', tickRotate: data.length > 12 ? -45 : 0 },
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
