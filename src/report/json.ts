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

/** Pieces are handed out once they reach about this many characters. */
const CHUNK_CHARACTERS = 1 << 20;

/** Arrays longer than this are written element by element; shorter values in one JSON.stringify call. */
const STREAMED_ARRAY_LENGTH = 16;

/**
 * JSON.stringify(value, null, 2) of a value nested `indent` deep: the same text with each line after the first
 * indented by `indent` (string values never hold a raw line break, so every "\n" is a line break of the layout).
 */
function nested(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined || indent === '' || !text.includes('\n')) return text;
  return text.replaceAll('\n', `\n${indent}`);
}

/**
 * The pretty-printed JSON of `value`, `indent` deep, as a sequence of strings whose concatenation is exactly
 * JSON.stringify(value, null, 2) (re-indented): long arrays element by element, objects member by member (at the
 * top), everything else in one piece. Follows JSON.stringify's rules: toJSON first, members whose value has no JSON
 * (undefined, functions, symbols) left out, such array elements written as null.
 */
function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  const data =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(key: string): unknown }).toJSON('')
      : value;
  const inner = `${indent}  `;
  if (Array.isArray(data) && data.length > STREAMED_ARRAY_LENGTH) {
    yield '[';
    for (let index = 0; index < data.length; index++) {
      yield `${index === 0 ? '' : ','}\n${inner}`;
      yield nested(data[index], inner) ?? 'null';
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth === 0 && data !== null && typeof data === 'object' && !Array.isArray(data)) {
    let first = true;
    for (const [key, member] of Object.entries(data)) {
      const probe = JSON.stringify(member === null || typeof member === 'object' ? null : member);
      if (probe === undefined) continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      yield* pieces(member, inner, depth + 1);
      first = false;
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  yield nested(data, indent) as string;
}

/**
 * Renders a comparison as renderJson does, in pieces of about a megabyte (their concatenation is renderJson's
 * text), for writing to a file or a stream as it is produced.
 */
export function* renderJsonChunks(comparison: Comparison): Generator<string> {
  let buffer = '';
  for (const piece of pieces(comparison, '', 0)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARACTERS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}
