import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsReport } from '../facts/model.js';
import { createApp } from './app.js';
import { openApiDocument } from './openapi.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

let sample: SampleStore;
let app: Hono;
const schema = JSON.parse(readFileSync(new URL('../../schema/facts.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

beforeAll(async () => {
  sample = await sampleStore();
  app = createApp({ store: sample.store, now: fixedNow });
});

afterAll(async () => {
  await sample?.dispose();
});

describe('GET /api/series/:series/facts', () => {
  it('answers the facts diff of two editions as JSON the schema accepts', async () => {
    const response = await app.request('/api/series/bluebook/facts?from=2020&to=2022');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const report = (await response.json()) as FactsReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.old.name).toBe('2020');
    expect(report.new.name).toBe('2022');
    const fresh = report.changes.filter((change) => change.change === 'new').map((change) => change.key);
    expect(fresh).toEqual(expect.arrayContaining(['MFO', 'UNMISS', 'ACSA', 'UNCLOS', 'headquarter personnel']));
    expect(report.changes.every((change) => change.pair !== undefined && change.path.length > 0)).toBe(true);
  });

  it('filters by kind, renders Markdown and CSV, and answers 304 to its entity tag', async () => {
    const dates = (await (
      await app.request('/api/series/bluebook/facts?from=2020&to=2022&kind=date')
    ).json()) as FactsReport;
    expect(dates.kinds).toEqual(['date']);
    expect(dates.changes.map((change) => change.kind)).toEqual(dates.changes.map(() => 'date'));
    const md = await app.request('/api/series/bluebook/facts?from=2020&to=2022&format=md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('# Facts: 2020 → 2022');
    const csv = await app.request('/api/series/bluebook/facts?from=2020&to=2022&format=csv');
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^change,kind,key,/);
    const first = await app.request('/api/series/bluebook/facts?from=2020&to=2022');
    const tag = first.headers.get('etag') as string;
    expect(tag).toMatch(/^".+"$/);
    const again = await app.request('/api/series/bluebook/facts?from=2020&to=2022', {
      headers: { 'if-none-match': tag },
    });
    expect(again.status).toBe(304);
  });

  it('answers problems for a missing edition and a bad kind, and is in the OpenAPI document', async () => {
    await expectProblem(await app.request('/api/series/bluebook/facts?from=2020&to=1999'), 404, 'E_NO_EDITION');
    await expectProblem(await app.request('/api/series/bluebook/facts?from=2020&to=2022&kind=weather'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/nope/facts?from=2020&to=2022'), 404, 'E_NO_SERIES');
    const document = openApiDocument() as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.paths['/api/series/{series}/facts']).toBeDefined();
    expect(document.components.schemas.Facts).toBeDefined();
  });
});
