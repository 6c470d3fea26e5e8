/**
 * Byte sizes as people write them on a command line (`10MB`, `500k`, `1.5 GiB`, `4096`). Every unit is a power of
 * 1024, as in `sort -S` and `du`: `k`, `kb` and `kib` all mean 1024 bytes, which is what a user setting a limit
 * expects and keeps the default "64 MiB" exact.
 */
import { DEFAULT_LIMITS } from '../importers/types.js';

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

/** The size limit for input files when --max-size is not given: the importers' default (64 MiB). */
export const DEFAULT_MAX_SIZE = DEFAULT_LIMITS.maxBytes;

/** Parse a size such as `10MB`, `500k` or `2048` into bytes; returns null when `text` is not a size. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const exponent = UNIT_EXPONENTS[(match[2] ?? '').toLowerCase()];
  if (exponent === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * 1024 ** exponent);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
