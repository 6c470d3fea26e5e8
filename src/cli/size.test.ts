import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSize } from '../errors/errors.js';
import { DEFAULT_MAX_SIZE, parseSize } from './size.js';

describe('parseSize', () => {
  it('reads the sizes people write, every unit a power of 1024', () => {
    expect(parseSize('10MB')).toBe(10 * 1024 * 1024);
    expect(parseSize('500k')).toBe(500 * 1024);
    expect(parseSize('500 KiB')).toBe(500 * 1024);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('12b')).toBe(12);
    expect(parseSize('64m')).toBe(DEFAULT_MAX_SIZE);
  });

  it('rejects what is not a positive size', () => {
    for (const text of ['', 'MB', '-1', '0', '10 parsecs', '1e6', '10MBB', '0.0001k', 'ten']) {
      expect(parseSize(text), text).toBeNull();
    }
  });

  it('reads any whole number of units exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 20 }),
        fc.constantFrom(['', 1], ['k', 1024], ['MB', 1024 ** 2]),
        (n, [unit, factor]) => {
          expect(parseSize(`${n}${unit}`)).toBe(n * (factor as number));
        },
      ),
    );
  });
});

describe('formatSize', () => {
  it('writes sizes for messages', () => {
    expect(formatSize(812)).toBe('812 B');
    expect(formatSize(500 * 1024)).toBe('500 KiB');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1.3 MiB');
    expect(formatSize(DEFAULT_MAX_SIZE)).toBe('64 MiB');
  });
});
