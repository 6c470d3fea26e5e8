/**
 * A compact, plain-JSON form of the trace units of a whole series, for a store's cache: editions of one series
 * repeat most of their text, so every distinct unit body (text, sentence starts, regex pieces) and every section path
 * is kept once, and each edition lists its units as rows of numbers pointing into those tables. This is the
 * dictionary coding of repeated strings (Ziv and Lempel's idea, applied to whole units), which turns ~116 parsed
 * trees into one value a few times the size of a single edition.
 */
import type { TraceUnit, TraceUnitKind } from './trace.js';

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
  const bodies: PackedTraceUnits['bodies'] = [];
  const bodyIndex = new Map<string, number>();
  const paths: string[][] = [];
  const pathIndex = new Map<string, number>();
  const intern = <T>(key: string, index: Map<string, number>, table: T[], value: T): number => {
    let at = index.get(key);
    if (at === undefined) {
      at = table.length;
      table.push(value);
      index.set(key, at);
    }
    return at;
  };
  const rows = editions.map((units) => {
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
        intern(JSON.stringify(body), bodyIndex, bodies, body),
        intern(JSON.stringify(unit.path), pathIndex, paths, unit.path),
        unit.section ?? -1,
        unit.block ?? -1,
        unit.firstSentence,
        start ? start.line : -1,
        start ? start.column : -1,
        start ? start.offset : -1,
      );
    }
    return row;
  });
  return { bodies, paths, editions: rows };
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
