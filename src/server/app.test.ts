import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../version.js';
import { createApp } from './app.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

let sample: SampleStore;
let app: Hono;

beforeAll(async () => {
  sample = await sampleStore();
  app = createApp({ store: sample.store, now: fixedNow });
});

afterAll(async () => {
  await sample?.dispose();
});

/** GET a JSON route, checking the status and media type. */
async function getJson<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as T;
}

describe('read routes over the sample', () => {
  it('GET /api/health names the engine and the store', async () => {
    expect(await getJson('/api/health')).toEqual({ ok: true, engine: ENGINE_VERSION, store: 'sqlite' });
  });

  it('GET /api/series lists the sample series with the store counts', async () => {
    const body = await getJson<{ series: { name: string; editionCount: number }[]; stats: { editions: number } }>(
      '/api/series',
    );
    expect(body.series).toEqual([{ name: 'bluebook', editionCount: 2, firstDate: '2020', lastDate: '2022' }]);
    expect(body.stats.editions).toBe(2);
  });

  it('GET /api/series/:series gives the editions oldest first', async () => {
    const body = await getJson<{ series: { name: string }; editions: { label: string; format: string }[] }>(
      '/api/series/bluebook',
    );
    expect(body.series.name).toBe('bluebook');
    expect(body.editions.map((e) => [e.label, e.format])).toEqual([
      ['2020', 'text'],
      ['2022', 'text'],
    ]);
  });

  it('GET /api/series/:series/editions/:edition gives one EditionRecord', async () => {
    const body = await getJson<{ series: string; label: string; sha256: string; lang: string }>(
      '/api/series/bluebook/editions/2022',
    );
    expect(body).toMatchObject({ series: 'bluebook', label: '2022', lang: 'en' });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GET compare answers the same JSON as `palimpsest compare --format json`, valid against its schema', async () => {
    const comparison = await getJson<{ old: { name: string }; new: { name: string }; summary: unknown }>(
      '/api/series/bluebook/compare?old=2020&new=2022',
    );
    expect([comparison.old.name, comparison.new.name]).toEqual(['2020', '2022']);
    const schema = JSON.parse(readFileSync(new URL('../../schema/comparison.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate(comparison), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('GET compare finds "(3) Territorial Integrity" renumbered to "(2)"', async () => {
    const comparison = await getJson<{
      pairs: { relation: string; old?: { label?: string }; new?: { label?: string } }[];
    }>('/api/series/bluebook/compare?old=2020&new=2022');
    const renumbered = comparison.pairs.filter((p) => p.relation === 'renumbered');
    expect(renumbered.map((p) => [p.old?.label, p.new?.label])).toContainEqual(['(3)', '(2)']);
  });

  it('GET compare with ignoreCase folds "Territorial Integrity" / "Territorial integrity"', async () => {
    type Pairs = { pairs: { changes?: { op: string; old?: string; new?: string }[] }[] };
    const edits = (comparison: Pairs) =>
      comparison.pairs.flatMap((p) => p.changes ?? []).filter((c) => c.op !== 'equal');
    const plain = edits(await getJson<Pairs>('/api/series/bluebook/compare?old=2020&new=2022'));
    const folded = edits(await getJson<Pairs>('/api/series/bluebook/compare?old=2020&new=2022&ignoreCase=true'));
    expect(plain.length).toBeGreaterThan(0);
    expect(folded.length).toBeLessThan(plain.length);
  });

  it('GET compare as Markdown and as HTML', async () => {
    const markdown = await app.request('/api/series/bluebook/compare?old=2020&new=2022&format=md');
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await markdown.text()).toContain('Territorial integrity');
    const html = await app.request('/api/series/bluebook/compare?old=2020&new=2022&format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toMatch(/^<!DOCTYPE html>[\s\S]*<table class="redline">/);
  });

  it('GET history gives one step 2020 → 2022 with at most `top` changes', async () => {
    type History = { schemaVersion: number; steps: { top: unknown[] }[]; editions: unknown[] };
    const body = await getJson<History>('/api/series/bluebook/history?top=2');
    expect(body.schemaVersion).toBe(1);
    expect(body.editions).toHaveLength(2);
    expect(body.steps).toHaveLength(1);
    expect(body.steps[0]?.top).toHaveLength(2);
    const more = await getJson<History>('/api/series/bluebook/history');
    expect(more.steps[0]?.top).toHaveLength(5);
  });

  it('GET blame of a section, by its last label or its full path', async () => {
    const short = await getJson<{ sentences: { text: string }[] }>('/api/series/bluebook/blame?section=(2)');
    expect(short.sentences.length).toBeGreaterThan(0);
    expect(short.sentences.map((s) => s.text).join(' ')).toContain('territorial integrity');
    const full = await getJson<{ sentences: unknown[] }>(
      `/api/series/bluebook/blame?edition=2022&section=${encodeURIComponent('Chapter 3 › Section 1 › 1 › (2)')}`,
    );
    expect(full.sentences).toEqual(short.sentences);
  });

  it('GET trace as JSON, CSV and SVG', async () => {
    const trace = await getJson<{ phrase: string; editions: { label: string; count: number }[] }>(
      '/api/series/bluebook/trace?phrase=increasingly%20severe',
    );
    expect(trace.editions.map((e) => [e.label, e.count])).toEqual([
      ['2020', 0],
      ['2022', 1],
    ]);
    const csv = await app.request('/api/series/bluebook/trace?phrase=security&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toMatch(/^edition,date,count\r?\n2020,2020,\d+/);
    const svg = await app.request('/api/series/bluebook/trace?phrase=security&format=svg&mode=exact');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await svg.text()).toMatch(/^<svg /);
  });

  it('GET search finds "territorial" in both editions, with marked snippets', async () => {
    const body = await getJson<{ hits: { series: string; edition: string; snippet: string }[] }>(
      '/api/search?q=territorial&limit=50',
    );
    expect(new Set(body.hits.map((h) => h.edition))).toEqual(new Set(['2020', '2022']));
    expect(body.hits.every((h) => h.snippet.includes('[['))).toBe(true);
    const one = await getJson<{ hits: { edition: string }[] }>(
      '/api/search?q=territorial&series=bluebook&edition=2020',
    );
    expect(one.hits.length).toBeGreaterThan(0);
    expect(one.hits.every((h) => h.edition === '2020')).toBe(true);
  });
});

describe('conditional requests', () => {
  it('compare, history, blame and trace carry an entity tag and answer 304 when it is sent back', async () => {
    for (const path of [
      '/api/series/bluebook/compare?old=2020&new=2022',
      '/api/series/bluebook/compare?old=2020&new=2022&format=html',
      '/api/series/bluebook/history',
      '/api/series/bluebook/blame?section=(2)',
      '/api/series/bluebook/trace?phrase=security',
    ]) {
      const first = await app.request(path);
      const tag = first.headers.get('etag') ?? '';
      expect(tag, path).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(first.headers.get('cache-control'), path).toBe('no-cache');
      const again = await app.request(path, { headers: { 'if-none-match': `"other", W/${tag}` } });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe('');
      expect((await app.request(path, { headers: { 'if-none-match': '"other"' } })).status, path).toBe(200);
    }
  });

  it('the tag depends on the query', async () => {
    const tag = async (path: string) => (await app.request(path)).headers.get('etag');
    const plain = await tag('/api/series/bluebook/compare?old=2020&new=2022');
    expect(await tag('/api/series/bluebook/compare?old=2020&new=2022&ignoreCase=true')).not.toBe(plain);
    expect(await tag('/api/series/bluebook/compare?old=2020&new=2022&format=md')).not.toBe(plain);
    expect(await tag('/api/series/bluebook/compare?new=2022&old=2020&unknown=1')).toBe(plain);
  });
});

describe('problem+json for bad input', () => {
  it('unknown series and editions are 404 with their codes, and never show the store path', async () => {
    const problem = await expectProblem(await app.request('/api/series/nope'), 404, 'E_NO_SERIES');
    expect(problem.detail).not.toContain(sample.folder);
    expect(problem.title).toBe('No series by that name in the store.');
    await expectProblem(await app.request('/api/series/nope/compare?old=a&new=b'), 404, 'E_NO_SERIES');
    await expectProblem(await app.request('/api/series/bluebook/compare?old=2020&new=1999'), 404, 'E_NO_EDITION');
    await expectProblem(await app.request('/api/series/bluebook/editions/1999'), 404, 'E_NO_EDITION');
    await expectProblem(await app.request('/api/series/bluebook/blame?edition=1999'), 404, 'E_NO_EDITION');
    await expectProblem(await app.request('/api/series/nope/history'), 404, 'E_NO_SERIES');
    await expectProblem(await app.request('/api/search?q=x&series=nope'), 404, 'E_NO_SERIES');
  });

  it('bad queries are 400 E_USAGE naming the parameter', async () => {
    const missing = await expectProblem(await app.request('/api/series/bluebook/compare?old=2020'), 400, 'E_USAGE');
    expect(missing.detail).toBe("query parameter 'new' is required");
    const format = await expectProblem(
      await app.request('/api/series/bluebook/compare?old=2020&new=2022&format=pdf'),
      400,
      'E_USAGE',
    );
    expect(format.detail).toMatch(/^query parameter 'format' /);
    await expectProblem(await app.request('/api/series/bluebook/history?top=abc'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/bluebook/history?top=0'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/search?q='), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/search?q=x&limit=101'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/search?q=x&edition=2020'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/bluebook/trace?phrase=x&mode=fuzzy'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/bluebook/trace?phrase=(&mode=regex'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/bluebook/blame?section=Nowhere'), 400, 'E_USAGE');
    await expectProblem(
      await app.request('/api/series/bluebook/compare?old=2020&new=2022&ignoreCase=yes'),
      400,
      'E_USAGE',
    );
  });

  it('labels are database keys: a traversal label is simply not found, a control character is refused', async () => {
    await expectProblem(
      await app.request(`/api/series/bluebook/editions/${encodeURIComponent('../../etc/passwd')}`),
      404,
      'E_NO_EDITION',
    );
    await expectProblem(await app.request(`/api/series/${encodeURIComponent('../../etc')}`), 404, 'E_NO_SERIES');
    const control = await expectProblem(
      await app.request(`/api/series/bluebook/editions/${encodeURIComponent('20\n22')}`),
      400,
      'E_USAGE',
    );
    expect(control.detail).toBe("path parameter 'edition' must not contain control characters");
    await expectProblem(await app.request(`/api/series/${'x'.repeat(201)}`), 400, 'E_USAGE');
    await expectProblem(
      await app.request(`/api/series/bluebook/compare?old=${encodeURIComponent('\u0000')}&new=2022`),
      400,
      'E_USAGE',
    );
  });

  it('an unknown /api path is 404 problem+json; a path walking out of /api is not served', async () => {
    await expectProblem(await app.request('/api/nope'), 404, 'E_NOT_FOUND');
    await expectProblem(await app.request('/api/series', { method: 'PUT' }), 404, 'E_NOT_FOUND');
    const walked = await app.request('/api/../../etc/passwd');
    expect(await walked.text()).not.toContain('root:');
  });

  it('an unexpected failure is 500 E_INTERNAL without its message or stack, which go to the log', async () => {
    const logged: string[] = [];
    const broken = createApp({
      // The real store with one method failing the way a bug would (a plain TypeError, not a coded error).
      store: new Proxy(sample.store, {
        get(target, property) {
          if (property === 'listSeries') return () => Promise.reject(new TypeError('secret detail /srv/x.ts:12'));
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
      log: (line) => logged.push(line),
    });
    const response = await broken.request('/api/series');
    const text = await response.clone().text();
    const problem = await expectProblem(response, 500, 'E_INTERNAL');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('TypeError');
    expect(problem.detail).toBe('an internal error occurred; the server log has the details');
    expect(logged.join('\n')).toContain('secret detail');
  });
});

describe('the web app without a build', () => {
  it('answers / and client-side routes with a page saying how to build it', async () => {
    for (const path of ['/', '/compare/bluebook/2020/2022']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('npm run build');
    }
  });
});
