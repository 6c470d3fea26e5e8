/**
 * A hand-written SVG bar chart of a trace: occurrences per edition, in series order. Self-contained (no script,
 * no external font or style), valid XML, accessible (`role="img"` with `<title>` and `<desc>` that state the
 * trajectory in words, a `<title>` tooltip on every bar), and readable from 2 to 120+ editions: bars get at least
 * `MIN_SLOT` pixels each (the chart widens rather than squeezing), and edition labels are rotated 45° or 90° when
 * they no longer fit under their bar. Editions in a gap (absent after the phrase had appeared) are marked with a
 * hollow ring on the baseline, so a disappearance is visible, not just an empty slot.
 *
 * The y axis uses "nice" tick steps of 1, 2 or 5 × 10^k (Heckbert, "Nice numbers for graph labels", Graphics Gems,
 * 1990). Every text is escaped, and characters XML 1.0 forbids are dropped.
 */
import { occurrences, trajectoryLine } from '../trace/summary.js';
import type { TraceResult } from '../trace/trace.js';

/** Options of `renderTraceSvg`. */
export interface TraceSvgOptions {
  /** Chart title (default: Occurrences of “phrase” per edition). */
  title?: string;
  /** Width of the plot area when the editions fit in it (default 720 px); many editions widen it. */
  plotWidth?: number;
  /** Height of the plot area (default 240 px). */
  plotHeight?: number;
}

/** Fewest pixels per edition: below it labels collide, so the chart widens instead. */
export const MIN_SLOT = 14;

/** Longest edition label drawn in full under the axis; longer ones end in "…" (the bar's tooltip has it all). */
const MAX_LABEL_CHARACTERS = 18;

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const BAR_COLOUR = '#3b6ea5';
const GAP_COLOUR = '#b5523b';
const AXIS_COLOUR = '#555';
const GRID_COLOUR = '#ddd';

const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing characters XML forbids is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for XML character data and attribute values, dropping characters XML 1.0 does not allow. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );
}

/** A number for an SVG attribute: at most one decimal, no "-0". */
function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** The tick step and axis maximum for counts up to `most`: a nice step (1, 2, 5 × 10^k) giving at most ~5 ticks. */
export function niceScale(most: number): { step: number; max: number } {
  if (most <= 0) return { step: 1, max: 1 };
  const rough = most / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
  const step = Math.max(1, nice * magnitude);
  return { step, max: Math.ceil(most / step) * step };
}

/** Shortens a label for the axis. */
function axisLabel(label: string): string {
  const characters = Array.from(label);
  return characters.length > MAX_LABEL_CHARACTERS
    ? `${characters.slice(0, MAX_LABEL_CHARACTERS - 1).join('')}…`
    : label;
}

/** Approximate drawn width of a text at `size` px (wide characters count double). */
function textPixels(text: string, size = 11): number {
  let units = 0;
  for (const character of text) units += (character.codePointAt(0) as number) >= 0x1100 ? 2 : 1;
  return units * size * 0.58;
}

/** Renders the trace as a bar chart of occurrences per edition: a complete SVG document. */
export function renderTraceSvg(result: TraceResult, options: TraceSvgOptions = {}): string {
  const editions = result.editions;
  const n = Math.max(1, editions.length);
  const slot = Math.max(MIN_SLOT, Math.min(64, (options.plotWidth ?? 720) / n));
  const plotWidth = slot * n;
  const plotHeight = options.plotHeight ?? 240;
  const labels = editions.map((edition) => axisLabel(edition.label));
  const widest = Math.max(0, ...labels.map((label) => textPixels(label)));
  // Horizontal labels while they fit under their bar; 45° while bars are wide enough for slanted text; else 90°.
  const angle = widest <= slot - 4 ? 0 : slot >= 20 ? 45 : 90;
  const labelDepth = angle === 0 ? 14 : angle === 45 ? widest * Math.SQRT1_2 + 10 : widest + 6;
  const top = 58;
  const left = 56;
  const right = 24;
  const bottom = 18 + labelDepth + 28;
  const title = options.title ?? `Occurrences of “${result.phrase}” per edition`;
  const subtitle = trajectoryLine(result);
  // Widen a chart of few editions so its title and subtitle are not cut off.
  const headerWidth = Math.max(textPixels(title, 15), textPixels(subtitle));
  const width = Math.ceil(Math.max(left + plotWidth + right, left + headerWidth + right));
  const height = Math.ceil(top + plotHeight + bottom);
  const { step, max } = niceScale(Math.max(0, ...editions.map((edition) => edition.count)));
  const y = (count: number): number => top + plotHeight - (count / max) * plotHeight;
  const baseline = top + plotHeight;
  const inGap = new Set<number>();
  for (const gap of result.gaps) for (let i = gap.start; i <= gap.end; i++) inGap.add(i);

  const description = [
    `Bar chart of ${editions.length} edition${editions.length === 1 ? '' : 's'}, ${occurrences(result.total)} in all (${result.mode} match).`,
    `${subtitle}.`,
    editions.map((edition) => `${edition.label}: ${edition.count}`).join('; '),
  ].join(' ');

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trace-title trace-desc" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" ${FONT} font-size="11">`,
  );
  out.push(`<title id="trace-title">${escapeXml(title)}</title>`);
  out.push(`<desc id="trace-desc">${escapeXml(description)}</desc>`);
  out.push(`<rect width="${px(width)}" height="${px(height)}" fill="#fff"/>`);
  out.push(
    `<text class="chart-title" x="${px(left)}" y="22" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  );
  out.push(`<text class="chart-subtitle" x="${px(left)}" y="40" fill="${AXIS_COLOUR}">${escapeXml(subtitle)}</text>`);

  // Grid lines and y ticks.
  out.push(`<g class="y-axis" fill="${AXIS_COLOUR}" text-anchor="end">`);
  for (let value = 0; value <= max; value += step) {
    const at = px(y(value));
    out.push(`<line x1="${px(left)}" x2="${px(left + plotWidth)}" y1="${at}" y2="${at}" stroke="${GRID_COLOUR}"/>`);
    out.push(`<text x="${px(left - 6)}" y="${at}" dy="0.32em">${value}</text>`);
  }
  const middle = px(top + plotHeight / 2);
  out.push(
    `<text class="axis-title" transform="translate(14 ${middle}) rotate(-90)" text-anchor="middle">occurrences</text>`,
  );
  out.push('</g>');

  // Bars, gap markers and edition labels.
  out.push(`<g class="bars" fill="${BAR_COLOUR}">`);
  const barWidth = Math.max(2, slot * 0.72);
  editions.forEach((edition, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const tip = `${edition.label}${edition.date === undefined ? '' : ` (${edition.date})`}: ${occurrences(edition.count)}${inGap.has(i) ? ', absent' : ''}`;
    if (edition.count > 0) {
      const topY = y(edition.count);
      out.push(
        `<rect class="bar" x="${px(x)}" y="${px(topY)}" width="${px(barWidth)}" height="${px(baseline - topY)}"><title>${escapeXml(tip)}</title></rect>`,
      );
    } else if (inGap.has(i)) {
      out.push(
        `<circle class="gap" cx="${px(left + (i + 0.5) * slot)}" cy="${px(baseline)}" r="${px(Math.min(5, slot / 3))}" fill="#fff" stroke="${GAP_COLOUR}" stroke-width="1.5"><title>${escapeXml(tip)}</title></circle>`,
      );
    }
  });
  out.push('</g>');
  out.push(
    `<line class="x-axis" x1="${px(left)}" x2="${px(left + plotWidth)}" y1="${px(baseline)}" y2="${px(baseline)}" stroke="${AXIS_COLOUR}"/>`,
  );
  const anchor = angle === 0 ? 'middle' : 'end';
  out.push(`<g class="x-labels" fill="#222" text-anchor="${anchor}">`);
  labels.forEach((label, i) => {
    const x = px(left + (i + 0.5) * slot);
    const yLabel = px(baseline + (angle === 0 ? 14 : 10));
    const transform = angle === 0 ? '' : ` transform="rotate(-${angle} ${x} ${yLabel})"`;
    const shift = angle === 90 ? ' dy="0.32em"' : '';
    out.push(`<text x="${x}" y="${yLabel}"${shift}${transform}>${escapeXml(label)}</text>`);
  });
  out.push('</g>');
  out.push(
    `<text class="axis-title" x="${px(left + plotWidth / 2)}" y="${px(height - 10)}" text-anchor="middle" fill="${AXIS_COLOUR}">edition</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
