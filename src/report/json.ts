/**
 * The JSON report: the whole Comparison as it is, pretty-printed. Its shape is documented by the JSON Schema in
 * schema/comparison.schema.json (draft 2020-12), which the tests hold real comparisons against.
 *
 * `renderJsonChunks` gives the same text in pieces of about a megabyte, so that a large report (26 MB for the 1 MB
 * Code civil pair) is written as it is produced instead of being built as one string and then copied into one
 * buffer: the peak holds one piece, not the whole report twice.
 */
import type { Comparison } from '../model/comparison.js';

/** Renders a comparison as pretty-printed JSON (two-space indent) ending with a newline. */
export function renderJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}

/**
 * Pieces are handed out once they reach about this many characters. Pieces and slices stay small enough (32 Ki
 * characters, at most 64 KiB as two-byte text) to be born in V8's young generation: a string over its 128 KiB
 * object limit goes to large-object space, which only a full collection frees, so 1 Mi-character pieces of a
 * 26 MB report piled up there until one ran (Code civil pair: 154 → 124 MB peak, and faster).
 */
const CHUNK_CHARACTERS = 1 << 15;

/** Arrays of the top object longer than this are written a slice at a time; other members in one call. */
const STREAMED_ARRAY_LENGTH = 16;

/** Elements per slice of a streamed array: one JSON.stringify call each, whose text stays a young object too. */
const SLICE_LENGTH = 32;

/**
 * The pretty-printed JSON of `value`, as a sequence of strings whose concatenation is exactly
 * JSON.stringify(value, null, 2). An object's long array members (the comparison's pairs) are written a slice at a
 * time, each slice by JSON.stringify of `{ key: slice }`, whose text holds the elements at exactly the depth and
 * indentation they have in the whole, so that every character is still written by the native serialiser (a
 * JavaScript walk, or re-indenting each element, is two to three times slower). Members whose value has no JSON
 * (undefined, functions, symbols) are left out, as JSON.stringify leaves them.
 */
function* pieces(value: unknown): Generator<string> {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    yield JSON.stringify(value, null, 2) as string;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    const name = JSON.stringify(key);
    if (!Array.isArray(member) || member.length <= STREAMED_ARRAY_LENGTH) {
      const text = JSON.stringify(member, null, 2) as string | undefined;
      if (text === undefined) continue;
      yield `${first ? '{' : ','}\n  ${name}: ${text.replaceAll('\n', '\n  ')}`;
      first = false;
      continue;
    }
    const prefix = `{\n  ${name}: [\n`;
    const suffix = '\n  ]\n}';
    yield `${first ? '{' : ','}\n  ${name}: [\n`;
    for (let start = 0; start < member.length; start += SLICE_LENGTH) {
      const text = JSON.stringify({ [key]: member.slice(start, start + SLICE_LENGTH) }, null, 2);
      yield `${start === 0 ? '' : ',\n'}${text.slice(prefix.length, text.length - suffix.length)}`;
    }
    yield '\n  ]';
    first = false;
  }
  yield first ? '{}' : '\n}';
}

/**
 * Renders a comparison as renderJson does, in pieces of about a megabyte (their concatenation is renderJson's
 * text), for writing to a file or a stream as it is produced.
 */
export function* renderJsonChunks(comparison: Comparison): Generator<string> {
  let buffer = '';
  for (const piece of pieces(comparison)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARACTERS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}
