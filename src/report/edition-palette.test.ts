import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editionColor } from './edition-palette.js';

/** The parts of an `hsl(h s% l%)` colour. */
function parts(color: string): [number, number, number] {
  const match = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(color);
  if (!match) throw new Error(`not an hsl colour: ${color}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

describe('editionColor', () => {
  it('gives neighbouring editions different lightness, and runs from cool to warm', () => {
    for (const count of [2, 14, 30, 200]) {
      const colors = Array.from({ length: count }, (_, i) => editionColor(i, count));
      for (let i = 1; i < count; i++) {
        expect(parts(colors[i] as string)[2]).not.toBe(parts(colors[i - 1] as string)[2]);
      }
      expect(parts(colors[0] as string)[0]).toBe(220);
      expect(parts(colors.at(-1) as string)[0]).toBe(345);
    }
  });

  it('gives 14 editions 14 distinct colours', () => {
    expect(new Set(Array.from({ length: 14 }, (_, i) => editionColor(i, 14))).size).toBe(14);
  });

  it('stays light enough for dark text, for any index and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), (count, i) => {
        const [hue, , lightness] = parts(editionColor(i % count, count));
        return hue >= 0 && hue < 360 && lightness >= 70;
      }),
    );
  });
});
