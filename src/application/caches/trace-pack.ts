/**
 * A compact, plain-JSON form of the trace units of a whole series, for a store's cache: editions of one series
 * repeat most of their text, so every distinct unit body (text, sentence starts, regex pieces) and every section path
 * is kept once, and each edition lists its units as rows of numbers pointing into those tables. This is the
 * dictionary coding of repeated strings (Ziv and Lempel's idea, applied to whole units), which turns ~116 parsed
 * trees into one value a few times the size of a single edition.
 */
import type { TraceUnit, TraceUnitKind } from '../../trace/trace.js';

/** Unit kinds by code (the position in this list). */
const KINDS: readonly TraceUnitKind[] = ['title', 'heading', 'paragraph', 'caption', 'listItem'];

/** Numbers per unit in an edition's row: kind, body, path, section, block, first sentence, line, column, offset. */
const FIELDS = 9;

/** The trace units of the editions of a series, packed. */
export interface PackedTraceUnits {
  /** Distinct unit bodies: `[text, sentenceStarts]` or `[text, sentenceStarts, pieces]`. */
  bodies: Array<[string, number[]] | [string, number[], number[]]>;
  /** Distinct section paths. */
  paths: string[][];
  /**
   * Per edition, `FIELDS` numbers per unit: kind code, body, path, section, block, first sentence, then the start's
   * line, column and offset; -1 stands for null (section, block) and for a unit without a start (line).
   */
  editions: number[][];
}

/** Packs the units of each edition of a series (as `traceUnits` gives them), oldest first. */
export function packTraceUnits(editions: ReadonlyArray<readonly TraceUnit[]>): PackedTraceUnits {
  const packer = new TracePacker([], []);
  return { bodies: packer.bodies, paths: packer.paths, editions: editions.map((units) => packer.row(units)) };
}

/**
 * Packed trace units with one more edition's units: what `packTraceUnits` gives the series with that edition (its
 * tables are those of the packed value with the new bodies and paths after them). The packed value is not changed.
 */
export function appendTraceUnits(packed: PackedTraceUnits, units: readonly TraceUnit[]): PackedTraceUnits {
  const packer = new TracePacker([...packed.bodies], [...packed.paths]);
  const row = packer.row(units);
  return { bodies: packer.bodies, paths: packer.paths, editions: [...packed.editions, row] };
}

/** Interns unit bodies and paths into the tables of a packed series and makes editions' rows. */
class TracePacker {
  private readonly bodyIndex = new Map<string, number>();
  private readonly pathIndex = new Map<string, number>();

  constructor(
    readonly bodies: PackedTraceUnits['bodies'],
    readonly paths: string[][],
  ) {
    bodies.forEach((body, at) => {
      this.bodyIndex.set(JSON.stringify(body), at);
    });
    paths.forEach((path, at) => {
      this.pathIndex.set(JSON.stringify(path), at);
    });
  }

  /** The row of one edition's units. */
  row(units: readonly TraceUnit[]): number[] {
    const row: number[] = [];
    for (const unit of units) {
      const body: [string, number[]] | [string, number[], number[]] = unit.pieces
        ? [unit.text, unit.sentenceStarts, unit.pieces]
        : [unit.text, unit.sentenceStarts];
      const start = unit.start;
      const kind = KINDS.indexOf(unit.kind);
      if (kind < 0) throw new RangeError(`packTraceUnits: unknown unit kind '${unit.kind}'`);
      row.push(
        kind,
        intern(JSON.stringify(body), this.bodyIndex, this.bodies, body),
        intern(JSON.stringify(unit.path), this.pathIndex, this.paths, unit.path),
        unit.section ?? -1,
        unit.block ?? -1,
        unit.firstSentence,
        start ? start.line : -1,
        start ? start.column : -1,
        start ? start.offset : -1,
      );
    }
    return row;
  }
}

/** The index of `value` (known by `key`) in `table`, adding it when new. */
function intern<T>(key: string, index: Map<string, number>, table: T[], value: T): number {
  let at = index.get(key);
  if (at === undefined) {
    at = table.length;
    table.push(value);
    index.set(key, at);
  }
  return at;
}

/** The units of each edition back from their packed form; units with the same body share its text. */
export function unpackTraceUnits(packed: PackedTraceUnits): TraceUnit[][] {
  return packed.editions.map((row) => {
    const units: TraceUnit[] = new Array(row.length / FIELDS);
    for (let i = 0, u = 0; i < row.length; i += FIELDS, u++) {
      const body = packed.bodies[row[i + 1] as number];
      const path = packed.paths[row[i + 2] as number];
      const section = row[i + 3] as number;
      const block = row[i + 4] as number;
      const kind = KINDS[row[i] as number];
      if (!body || !path || !kind) throw new RangeError(`unpackTraceUnits: unit ${u} points outside the tables`);
      const unit: TraceUnit = {
        kind,
        text: body[0],
        path,
        section: section < 0 ? null : section,
        block: block < 0 ? null : block,
        firstSentence: row[i + 5] as number,
        sentenceStarts: body[1],
      };
      const line = row[i + 6] as number;
      if (line >= 0) unit.start = { line, column: row[i + 7] as number, offset: row[i + 8] as number };
      if (body[2]) unit.pieces = body[2];
      units[u] = unit;
    }
    return units;
  });
}
