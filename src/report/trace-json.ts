/**
 * The JSON form of a trace: the TraceResult as it is, under a small envelope (`schemaVersion`, `kind`, `engine`),
 * pretty-printed. `TRACE_JSON_SCHEMA` (JSON Schema draft 2020-12) documents every field; the tests hold real traces
 * against it. The shape, in short:
 *
 * ```
 * { schemaVersion: 1, kind: "trace", engine: {name, version},
 *   phrase, mode, pattern, context, total, status,
 *   first: {index, label} | null, last: {index, label} | null,
 *   gaps: [{start, end, labels, returnedIn}], returns: [{index, label}],
 *   editions: [{label, date?, count, status,
 *               hits: [{unit, path, section, block, sentence, start, end, position?, before, match, after,
 *                       clippedBefore, clippedAfter}]}] }
 * ```
 */

import type { TraceResult } from '../trace/trace.js';
import { ENGINE_VERSION } from '../version.js';

/** Version of the trace JSON shape, bumped on incompatible change. */
export const TRACE_SCHEMA_VERSION = 1;

/** The JSON document `renderTraceJson` writes. */
export interface TraceJson extends TraceResult {
  schemaVersion: typeof TRACE_SCHEMA_VERSION;
  kind: 'trace';
  engine: { name: 'palimpsest'; version: string };
}

/** Wraps a trace in its JSON envelope. */
export function traceJson(result: TraceResult): TraceJson {
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    kind: 'trace',
    engine: { name: 'palimpsest', version: ENGINE_VERSION },
    ...result,
  };
}

/** Renders a trace as pretty-printed JSON (two-space indent) ending with a newline. */
export function renderTraceJson(result: TraceResult): string {
  return `${JSON.stringify(traceJson(result), null, 2)}\n`;
}

const point = {
  type: 'object',
  required: ['line', 'column', 'offset'],
  additionalProperties: false,
  properties: {
    line: { description: '1-based line in the edition text.', type: 'integer', minimum: 1 },
    column: { description: '1-based column (UTF-16 units).', type: 'integer', minimum: 1 },
    offset: { description: '0-based UTF-16 offset in the edition text.', type: 'integer', minimum: 0 },
  },
} as const;

const editionRef = {
  type: 'object',
  required: ['index', 'label'],
  additionalProperties: false,
  properties: {
    index: { description: 'Index into `editions`.', type: 'integer', minimum: 0 },
    label: { type: 'string' },
  },
} as const;

const nullableIndex = { type: ['integer', 'null'], minimum: 0 } as const;

/** JSON Schema (draft 2020-12) of `renderTraceJson`'s output. */
export const TRACE_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:palimpsest:schema:trace:1',
  title: 'Palimpsest trace',
  description: 'Occurrences of one phrase in each edition of a series, as written by `palimpsest trace --format json`.',
  type: 'object',
  required: [
    'schemaVersion',
    'kind',
    'engine',
    'phrase',
    'mode',
    'pattern',
    'context',
    'editions',
    'total',
    'first',
    'last',
    'gaps',
    'returns',
    'status',
  ],
  additionalProperties: false,
  properties: {
    schemaVersion: { description: 'Version of the JSON shape.', const: TRACE_SCHEMA_VERSION },
    kind: { const: 'trace' },
    engine: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: { const: 'palimpsest' }, version: { type: 'string' } },
    },
    phrase: { description: 'The phrase as given.', type: 'string' },
    mode: { enum: ['normalized', 'exact', 'regex'] },
    pattern: { description: 'What was searched: normalised phrase, exact phrase, or /regex/flags.', type: 'string' },
    context: { description: 'Characters of context each side of a match.', type: 'integer', minimum: 0 },
    total: { description: 'Occurrences over all editions.', type: 'integer', minimum: 0 },
    status: { description: '`truncated` when any edition is.', enum: ['complete', 'truncated'] },
    first: { description: 'First edition with the phrase.', anyOf: [editionRef, { type: 'null' }] },
    last: { description: 'Last edition with the phrase.', anyOf: [editionRef, { type: 'null' }] },
    gaps: {
      description: 'Runs of editions without the phrase after it first appeared.',
      type: 'array',
      items: {
        type: 'object',
        required: ['start', 'end', 'labels', 'returnedIn'],
        additionalProperties: false,
        properties: {
          start: { type: 'integer', minimum: 0 },
          end: { type: 'integer', minimum: 0 },
          labels: { type: 'array', items: { type: 'string' }, minItems: 1 },
          returnedIn: { description: 'Edition where it came back; null if never.', type: ['string', 'null'] },
        },
      },
    },
    returns: { description: 'Editions where the phrase came back after a gap.', type: 'array', items: editionRef },
    editions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'count', 'hits', 'status'],
        additionalProperties: false,
        properties: {
          label: { type: 'string' },
          date: { type: 'string' },
          count: { description: 'Occurrences (exact even when hits are cut short).', type: 'integer', minimum: 0 },
          status: { enum: ['complete', 'truncated'] },
          hits: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'unit',
                'path',
                'section',
                'block',
                'sentence',
                'start',
                'end',
                'before',
                'match',
                'after',
                'clippedBefore',
                'clippedAfter',
              ],
              additionalProperties: false,
              properties: {
                unit: { enum: ['title', 'heading', 'paragraph', 'caption', 'listItem'] },
                path: { description: 'Section path of the unit.', type: 'array', items: { type: 'string' } },
                section: { description: 'Section index in document order.', ...nullableIndex },
                block: { description: 'Block index in document order (as in comparisons).', ...nullableIndex },
                sentence: { description: 'Index of the sentence where the match starts.', ...nullableIndex },
                start: { description: 'Offset of the match in the unit text.', type: 'integer', minimum: 0 },
                end: { description: 'End offset in the unit text, exclusive.', type: 'integer', minimum: 0 },
                position: {
                  description: 'Span of the match in the edition text.',
                  type: 'object',
                  required: ['start', 'end'],
                  additionalProperties: false,
                  properties: { start: point, end: point },
                },
                before: { type: 'string' },
                match: { description: 'The matched text as written.', type: 'string' },
                after: { type: 'string' },
                clippedBefore: { type: 'boolean' },
                clippedAfter: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
  },
} as const;
