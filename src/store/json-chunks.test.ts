import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunkStream, jsonChunks } from './json-chunks.js';

describe('jsonChunks', () => {
  it('spells JSON.stringify exactly, in chunks of about the size asked (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, size) => {
        const chunks = jsonChunks(value, size);
        expect(chunks?.join('')).toBe(JSON.stringify(value));
        for (const chunk of (chunks ?? []).slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(size);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and uses toJSON', () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1, Symbol('s'), 1],
      c: new Date(0),
      d: () => 2,
      e: 'é"\n\u2028',
      f: Number.NaN,
    };
    expect(jsonChunks(value, 3)?.join('')).toBe(JSON.stringify(value));
    expect(jsonChunks(undefined)).toBeUndefined();
    expect(jsonChunks(() => 1)).toBeUndefined();
    expect(jsonChunks('x')).toEqual(['"x"']);
  });

  it('never makes a chunk much larger than the size for a large value', () => {
    const value = { items: Array.from({ length: 20_000 }, (_, i) => ({ id: `s${i}`, text: 'word '.repeat(10) })) };
    const chunks = jsonChunks(value, 10_000) ?? [];
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(10_200);
    expect(chunks.join('')).toBe(JSON.stringify(value));
  });

  it('writes long arrays of primitives (a packed lineage) in runs, exactly as JSON.stringify, holes and all', () => {
    const odd = [undefined, () => 1, Symbol('s'), null, Number.NaN, -0, 'é"\n\u2028', true, 1.5e300];
    const items: unknown[] = Array.from({ length: 5_000 }, (_, i) =>
      i % 997 === 0 ? { at: i } : i % 13 === 0 ? odd[i % odd.length] : i % 2 === 0 ? i : 'word '.repeat(i % 7),
    );
    items[4_500] = new Date(0);
    delete items[4_600];
    const value = { numbers: Array.from({ length: 9_000 }, (_, i) => i * 3), items, texts: ['x'.repeat(40_000), 'y'] };
    for (const size of [64, 4_096, 256 * 1024]) expect(jsonChunks(value, size)?.join('')).toBe(JSON.stringify(value));
    // A run of long strings stops at some 16 K characters: no chunk far beyond its size.
    const long =
      jsonChunks(
        Array.from({ length: 2_000 }, () => 'z'.repeat(1_000)),
        10_000,
      ) ?? [];
    expect(Math.max(...long.map((c) => c.length))).toBeLessThan(30_000);
  });

  it('makes each chunk of a stream only when the previous one is taken', () => {
    let written = 0;
    const item = (i: number) => ({
      toJSON: () => {
        written++;
        return { id: i, text: 'word '.repeat(10) };
      },
    });
    const value = { items: Array.from({ length: 2_000 }, (_, i) => item(i)) };
    const iterator = (jsonChunkStream(value, 1_000) ?? [])[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    // About 1,000 characters of items (some 70 each) written, not the 2,000 items.
    expect(written).toBeLessThan(40);
    const rest: string[] = [];
    for (let next = iterator.next(); next.done !== true; next = iterator.next()) rest.push(next.value);
    expect(`${first.value}${rest.join('')}`).toBe(JSON.stringify(value));
    expect(jsonChunkStream(undefined)).toBeUndefined();
  });
});
