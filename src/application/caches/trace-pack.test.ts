import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../model/tree.js';
import { type BlockHint, parseText } from '../../parse/index.js';
import { englishSeries, japaneseSeries } from '../../trace/fixtures/series.js';
import { REGEX_UNIT_LIMIT, type TraceMode } from '../../trace/match.js';
import { type TraceDocumentInput, type TraceOptions, tracePhrase, traceUnits } from '../../trace/trace.js';
import { packTraceUnits, unpackTraceUnits } from './trace-pack.js';

/** A packed value as a store gives it back: through JSON. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A copy of a tree without positions, as synthesised trees come (sentences are then found by their text). */
function withoutPositions(document: DocumentNode): DocumentNode {
  return JSON.parse(JSON.stringify(document), (key, value) => (key === 'position' ? undefined : value));
}

/** The hint that makes `block` of `text` a block of `kind`. */
function hintFor(text: string, block: string, kind: BlockHint['kind']): BlockHint {
  const start = text.indexOf(block);
  if (start < 0) throw new Error(`"${block}" is not in the text`);
  return { start, end: start + block.length, kind };
}

const LONG = `Report\n\n(1) Long\n\n${'Filler words here, with severe weather. '.repeat(Math.ceil(REGEX_UNIT_LIMIT / 40) + 10)}The needle is last.\n\n(2) Short\n\nA severe needle.\n`;
const BOX = 'Column: Severe Weather\n\nStorms grow increasingly severe each year.\n\n(Photo: the severe storm)';
const ITEM = 'An item of the list: severe frost.';
const BOXED = `Title\n\n(1) First\n\nThe climate is increasingly severe.\n\n${BOX}\n\n${ITEM}\n\nAfter the box, severe again.\n`;

/** Series covering every unit kind and path: positions or none, boxes, captions, long blocks, Japanese. */
function allSeries(): Array<{ name: string; editions: TraceDocumentInput[]; options: TraceOptions }> {
  const english = englishSeries() as TraceDocumentInput[];
  const boxed = parseText(BOXED, {
    hints: [
      hintFor(BOXED, BOX, 'box'),
      hintFor(BOXED, '(Photo: the severe storm)', 'caption'),
      hintFor(BOXED, ITEM, 'listItem'),
    ],
  });
  return [
    { name: 'English', editions: english, options: {} },
    { name: 'Japanese', editions: japaneseSeries() as TraceDocumentInput[], options: { locale: 'ja' } },
    {
      name: 'without positions',
      editions: english.map((e) => ({ ...e, document: withoutPositions(e.document) })),
      options: {},
    },
    {
      name: 'long blocks and boxes',
      editions: [
        { label: 'long', document: parseText(LONG) },
        { label: 'boxed', document: boxed },
        { label: 'long again', document: withoutPositions(parseText(LONG)) },
      ],
      options: {},
    },
  ];
}

const PHRASES = ['increasingly severe', 'severe', 'Severe', 'needle', '安全保障', 'the alliance', '(sever|need)[a-z]+'];
const MODES: TraceMode[] = ['normalized', 'exact', 'regex'];

describe('trace units', () => {
  it('of these series cover every kind of unit, with and without positions', () => {
    const units = allSeries().flatMap((s) => s.editions.flatMap((e) => traceUnits(e.document)));
    expect(new Set(units.map((u) => u.kind))).toEqual(
      new Set(['title', 'heading', 'paragraph', 'caption', 'listItem']),
    );
    expect(units.some((u) => u.start === undefined && u.sentenceStarts.length > 1)).toBe(true);
    expect(units.some((u) => u.pieces !== undefined)).toBe(true);
  });

  it.each(allSeries().map((s) => [s.name, s]))('round-trip through their packed form (%s)', (_, series) => {
    const units = series.editions.map((e) => traceUnits(e.document));
    expect(unpackTraceUnits(viaJson(packTraceUnits(units)))).toEqual(units);
  });

  it.each(allSeries().map((s) => [s.name, s]))('trace exactly as the trees do (%s)', (_, series) => {
    const packed = unpackTraceUnits(viaJson(packTraceUnits(series.editions.map((e) => traceUnits(e.document)))));
    const asUnits = series.editions.map((e, i) => ({
      label: e.label,
      ...(e.date ? { date: e.date } : {}),
      units: packed[i] ?? [],
    }));
    for (const phrase of PHRASES) {
      for (const mode of MODES) {
        const options = { ...series.options, mode, context: 15 };
        expect(tracePhrase(asUnits, phrase, options)).toEqual(tracePhrase(series.editions, phrase, options));
      }
    }
  });

  it('search a long block sentence by sentence in regex mode, through its pieces', () => {
    const [long] = traceUnits(parseText(LONG)).filter((u) => u.text.length > REGEX_UNIT_LIMIT);
    expect(long?.pieces?.length).toBeGreaterThan(2);
    const result = tracePhrase([{ label: 'long', units: long ? [long] : [] }], 'needle', { mode: 'regex' });
    expect(result.editions[0]?.hits.map((h) => h.match)).toEqual(['needle']);
    expect(result.editions[0]?.hits[0]?.sentence).toBe(long ? long.firstSentence + long.sentenceStarts.length - 1 : -1);
  });

  it('store each distinct unit text once across a series', () => {
    const editions = englishSeries().map((e) => traceUnits((e as TraceDocumentInput).document));
    const packed = packTraceUnits(editions);
    const total = editions.reduce((n, units) => n + units.length, 0);
    expect(packed.bodies.length).toBeLessThan(total);
    expect(new Set(packed.bodies.map((b) => b[0])).size).toBe(packed.bodies.length);
  });

  it('trace any phrase drawn from the text exactly as the trees do (property)', () => {
    const series = allSeries()[0]?.editions ?? [];
    const words = [...new Set(series.flatMap((e) => traceUnits(e.document).flatMap((u) => u.text.split(/\s+/))))];
    const units = unpackTraceUnits(viaJson(packTraceUnits(series.map((e) => traceUnits(e.document)))));
    const asUnits = series.map((e, i) => ({ label: e.label, units: units[i] ?? [] }));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<TraceMode>('normalized', 'exact'),
        fc.nat(30),
        (picked, mode, context) => {
          const phrase = picked.join(' ');
          if (phrase.trim() === '') return;
          const labelled = series.map((e) => ({ label: e.label, document: e.document }));
          expect(tracePhrase(asUnits, phrase, { mode, context })).toEqual(
            tracePhrase(labelled, phrase, { mode, context }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
