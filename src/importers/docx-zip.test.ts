import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { checkDeclaredSizes, crc32, inflateEntry, readZipDirectory } from './docx-zip.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const budget = (remaining: number) => ({ remaining, limit: remaining, deadline: Number.POSITIVE_INFINITY });

function codeOf(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    if (isPalimpsestError(error)) return error.code;
    throw error;
  }
}

describe('docx-zip', () => {
  it('reads the central directory and inflates stored and deflated entries, matching their CRC-32', () => {
    const text = 'word '.repeat(1000);
    const bytes = zipSync({ 'a.xml': [encode(text), { level: 0 }], 'b.xml': [encode(text), { level: 9 }] });
    const entries = readZipDirectory(bytes, 'x');
    expect(entries.map((entry) => [entry.name, entry.method, entry.uncompressedSize])).toEqual([
      ['a.xml', 0, 5000],
      ['b.xml', 8, 5000],
    ]);
    for (const entry of entries) {
      const data = inflateEntry(bytes, entry, budget(1e6), 'x');
      expect(new TextDecoder().decode(data)).toBe(text);
      expect(crc32(data)).toBe(entry.crc32);
    }
  });

  it('computes the standard CRC-32 check value', () => {
    expect(crc32(encode('123456789'))).toBe(0xcbf43926);
  });

  it('refuses declared sizes over the limit, one part or all together', () => {
    const bytes = zipSync({ 'a.xml': encode('x'.repeat(600)), 'b.xml': encode('y'.repeat(600)) });
    const entries = readZipDirectory(bytes, 'x');
    expect(codeOf(() => checkDeclaredSizes(entries, 500, 'x'))).toBe('E_LIMIT');
    expect(codeOf(() => checkDeclaredSizes(entries, 1000, 'x'))).toBe('E_LIMIT');
    expect(codeOf(() => checkDeclaredSizes(entries, 1200, 'x'))).toBe('ok');
  });

  it('stops inflating at the shared budget', () => {
    const bytes = zipSync({ 'a.xml': encode('x'.repeat(100_000)) });
    const [entry] = readZipDirectory(bytes, 'x');
    if (!entry) throw new Error('no entry');
    expect(codeOf(() => inflateEntry(bytes, entry, budget(50_000), 'x'))).toBe('E_LIMIT');
    const shared = budget(150_000);
    inflateEntry(bytes, entry, shared, 'x');
    expect(shared.remaining).toBe(50_000);
    expect(codeOf(() => inflateEntry(bytes, entry, shared, 'x'))).toBe('E_LIMIT');
  });

  it('gives only E_CORRUPT or entries for arbitrary bytes, and only coded errors when inflating them', () => {
    const valid = zipSync({ 'word/document.xml': encode('<w:document/>'.repeat(50)) });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc
            .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 6 })
            .map((flips) => {
              const copy = valid.slice();
              for (const [at, mask] of flips) copy[at] = (copy[at] as number) ^ mask;
              return copy;
            }),
        ),
        (bytes) => {
          const outcome = codeOf(() => {
            for (const entry of readZipDirectory(bytes, 'x')) inflateEntry(bytes, entry, budget(1e6), 'x');
          });
          expect(['ok', 'E_CORRUPT', 'E_LIMIT']).toContain(outcome);
        },
      ),
      { numRuns: 300 },
    );
  });
});
