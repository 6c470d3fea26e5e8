/**
 * The colours of editions in blame views, shared by the CLI's HTML blame and the web app so one series reads the same
 * in both. Editions are ordered categories, and a long series has many: hues run in order along a rainbow-like path
 * (blue → green → yellow → orange → red, the order of "Turbo"-style ramps, oldest coolest), and neighbouring editions
 * alternate between two lightness levels, so even at 14 or 30 editions two consecutive ones differ in hue and lightness
 * (the alternating-lightness trick of ColorBrewer's "Paired" scheme). All colours stay light enough for dark text.
 */

/** Hue stops of the ordered path (degrees), oldest first. */
const HUES = [220, 195, 160, 120, 85, 55, 35, 15, 345];

/** Background colour of edition `index` among `count` editions, as a CSS `hsl()` colour. */
export function editionColor(index: number, count: number): string {
  const t = count <= 1 ? 1 : Math.min(1, Math.max(0, index / (count - 1)));
  const position = t * (HUES.length - 1);
  const low = Math.floor(position);
  const high = Math.min(HUES.length - 1, low + 1);
  const from = HUES[low] as number;
  let to = HUES[high] as number;
  // 15 → 345 goes the short way round, through red.
  if (to - from > 180) to -= 360;
  const hue = (Math.round(from + (to - from) * (position - low)) + 360) % 360;
  const lightness = index % 2 === 0 ? 86 : 74;
  const saturation = index % 2 === 0 ? 80 : 70;
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
