/**
 * Byte sizes as people write them on a command line (`10MB`, `500k`, `1.5 GiB`, `4096`). Every unit is a power of
 * 1024, as in `sort -S` and `du`: `k`, `kb` and `kib` all mean 1024 bytes, which is what a user setting a limit
 * expects and keeps the default "64 MiB" exact.
 */

const UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  '': 0,
  b: 0,
  k: 1,
  kb: 1,
  kib: 1,
  m: 2,
  mb: 2,
  mib: 2,
  g: 3,
  gb: 3,
  gib: 3,
};

/** The size limit for input files when --max-size is not given: 64 MiB. */
export const DEFAULT_MAX_SIZE = 64 * 1024 * 1024;

/** Parse a size such as `10MB`, `500k` or `2048` into bytes; returns null when `text` is not a size. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const exponent = UNIT_EXPONENTS[(match[2] ?? '').toLowerCase()];
  if (exponent === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * 1024 ** exponent);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

/** A byte count for messages: `812 B`, `500 KiB`, `1.3 MiB`, `64 MiB` (one decimal below 10 units). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
