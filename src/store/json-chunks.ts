/**
 * JSON text in chunks: what `JSON.stringify` writes, cut into pieces of about `size` characters, without ever making
 * the whole text as one string. A store writes a large derived value (a tree, a comparison) as several rows this way
 * (issue 9 item 3: one JSON.stringify of a large cache ended in "Invalid string length" and took several times the
 * value's memory). Containers are walked here; every leaf — and every container whose text is small — is written by
 * `JSON.stringify` itself, so escaping and number formatting are exactly its own.
 */

/**
 * Characters per chunk a store writes. Far from any database's or V8's string limits, and small, because each chunk
 * is copied into native memory to be bound and written, and glibc keeps such large blocks once freed: with 4 MiB
 * chunks the second add of SGB V peaked at 251 MB of RSS, with 1 MiB at 223, with 256 KiB at 210 (smaller gained
 * nothing, and took no more time).
 */
export const JSON_CHUNK_SIZE = 256 * 1024;

/**
 * Collects pieces and cuts them into chunks of at least `size` characters (the last may be shorter). The walk takes
 * the finished chunks as it goes (`jsonChunkStream`), so a caller that writes each chunk away holds one at a time.
 */
class ChunkWriter {
  chunks: string[] = [];
  #pieces: string[] = [];
  #length = 0;

  constructor(private readonly size: number) {}

  write(piece: string): void {
    this.#pieces.push(piece);
    this.#length += piece.length;
    if (this.#length >= this.size) this.flush();
  }

  flush(): void {
    if (this.#length === 0) return;
    this.chunks.push(this.#pieces.join(''));
    this.#pieces = [];
    this.#length = 0;
  }
}

/** Whether a value is written by JSON.stringify as it stands (no containers of ours to walk). */
function isLeaf(value: unknown): boolean {
  return (
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    ArrayBuffer.isView(value)
  );
}

/** Most entries (array items and properties, all levels) of a container JSON.stringify writes in one go. */
const SMALL_ENTRIES = 512;

/**
 * Whether a container has at most SMALL_ENTRIES entries at all levels: then JSON.stringify writes it whole (a short
 * string, at native speed, with no garbage of small pieces); larger ones are walked. Stops counting past the bound.
 */
function isSmall(value: object): boolean {
  let entries = 0;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const container = stack.pop() as object;
    const items: unknown[] = Array.isArray(container) ? container : Object.values(container);
    entries += items.length;
    if (entries > SMALL_ENTRIES) return false;
    for (const item of items) if (!isLeaf(item)) stack.push(item as object);
  }
  return true;
}

/** Most items of an array written by one JSON.stringify of a slice (a piece of a few kilobytes). */
const PRIMITIVE_RUN = 1024;

/** Most characters of strings in such a run, so that a run of long strings does not make a chunk much larger. */
const PRIMITIVE_RUN_CHARACTERS = 16 * 1024;

/**
 * Where the run of primitives (no objects: nothing with a toJSON that could see its index) starting at `start` ends,
 * at most PRIMITIVE_RUN items (or PRIMITIVE_RUN_CHARACTERS of strings) on; `start` when the item there is an object. In an array JSON.stringify writes
 * undefined, functions and symbols as null, so a slice of them reads the same.
 */
function primitiveRun(array: readonly unknown[], start: number): number {
  const end = Math.min(array.length, start + PRIMITIVE_RUN);
  let at = start;
  let characters = 0;
  while (at < end && characters < PRIMITIVE_RUN_CHARACTERS) {
    const item = array[at];
    if (item !== null && typeof item === 'object') break;
    if (typeof item === 'string') characters += item.length;
    at++;
  }
  return at;
}

/** The chunks `out` has finished, taken from it. */
function* finished(out: ChunkWriter): Generator<string, void, undefined> {
  if (out.chunks.length === 0) return;
  const chunks = out.chunks;
  out.chunks = [];
  yield* chunks;
}

/**
 * Writes `value` (a container or a leaf already known to be serialisable) as JSON, yielding each chunk as soon as it
 * is full. Only large containers are walked by a generator; their small items are written by JSON.stringify.
 */
function* writeValue(value: unknown, out: ChunkWriter): Generator<string, void, undefined> {
  if (isLeaf(value) || isSmall(value as object)) {
    out.write(JSON.stringify(value) ?? 'null');
    yield* finished(out);
    return;
  }
  if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; ) {
      if (i > 0) out.write(',');
      const run = primitiveRun(value, i);
      if (run > i) {
        // A run of primitives (a packed lineage's flat number arrays, its texts) in one JSON.stringify of the slice:
        // the same text as item by item, without a generator and a few strings per item.
        out.write(JSON.stringify(value.slice(i, run)).slice(1, -1));
        i = run;
        yield* finished(out);
        continue;
      }
      const item: unknown = value[i];
      // As JSON.stringify: what has no JSON form is null in an array.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out.write('null');
      else yield* writeValue(item, out);
      i++;
    }
    out.write(']');
    yield* finished(out);
    return;
  }
  out.write('{');
  let first = true;
  for (const key of Object.keys(value as object)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    // As JSON.stringify: a property without a JSON form is left out.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out.write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    yield* writeValue(item, out);
  }
  out.write('}');
  yield* finished(out);
}

/**
 * The JSON text of `value` as chunks of about `size` characters (at least one chunk), whose concatenation is
 * `JSON.stringify(value)`; undefined when `value` has no JSON form (as JSON.stringify answers undefined).
 */
export function jsonChunks(value: unknown, size = JSON_CHUNK_SIZE): string[] | undefined {
  const stream = jsonChunkStream(value, size);
  return stream === undefined ? undefined : [...stream];
}

/**
 * The chunks of `jsonChunks` one at a time, each made when the previous one has been taken: a store that writes each
 * away before taking the next holds one chunk of the text, not all of it (a 2 MB edition's comparison is some 17 MB
 * of JSON). Undefined when `value` has no JSON form. The value must not change while the chunks are taken.
 */
export function jsonChunkStream(value: unknown, size = JSON_CHUNK_SIZE): Iterable<string> | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (isLeaf(value)) {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : [json];
  }
  return (function* () {
    const out = new ChunkWriter(size);
    yield* writeValue(value, out);
    out.flush();
    yield* finished(out);
  })();
}
