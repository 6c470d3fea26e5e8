import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { englishSeries, japaneseSeries } from '../trace/fixtures/series.js';
import { tracePhrase } from '../trace/trace.js';
import { renderTraceJson, TRACE_JSON_SCHEMA } from './trace-json.js';

// ajv is CommonJS; under NodeNext its class is the default export's `default`.
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(TRACE_JSON_SCHEMA);

describe('renderTraceJson', () => {
  it('writes the trace under its envelope and reads back equal', () => {
    const result = tracePhrase(englishSeries(), 'increasingly severe');
    const json = JSON.parse(renderTraceJson(result));
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'trace', engine: { name: 'palimpsest' } });
    const { schemaVersion: _v, kind: _k, engine: _e, ...rest } = json;
    expect(rest).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('validates against TRACE_JSON_SCHEMA in every mode, and the schema rejects a broken trace', () => {
    for (const [editions, phrase, mode] of [
      [englishSeries(), 'increasingly severe', 'normalized'],
      [englishSeries(), '/sever\\w+/i', 'regex'],
      [japaneseSeries(), '安全保障', 'exact'],
      [englishSeries(), 'hypersonic', 'normalized'],
    ] as const) {
      const json = JSON.parse(renderTraceJson(tracePhrase(editions, phrase, { mode, maxHitsPerEdition: 1 })));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    const broken = JSON.parse(renderTraceJson(tracePhrase(englishSeries(), 'severe')));
    broken.editions[0].hits[0].unit = 'word';
    delete broken.total;
    expect(validate(broken)).toBe(false);
  });
});
