import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_TOP_KEPT } from '../application/index.js';
import { ENGINE_VERSION } from '../version.js';
import { createApp } from './app.js';
import { HTTP_TITLES } from './problem.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore, uploadForm } from './server.fixture.js';

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
  it('GET /api/health names the engine and the store, and times the store round trip', async () => {
    const health = await getJson<{ storeMilliseconds: number }>('/api/health');
    expect(health).toEqual({
      ok: true,
      engine: ENGINE_VERSION,
      store: 'sqlite',
      storeMilliseconds: expect.any(Number),
    });
    expect(health.storeMilliseconds).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/health answers 503 E_STORE once the store cannot answer (closed), naming no path', async () => {
    const other = await sampleStore();
    const lines: string[] = [];
    const broken = createApp({ store: other.store, now: fixedNow, log: (line) => lines.push(line) });
    expect((await broken.request('/api/health')).status).toBe(200);
    await other.store.close();
    try {
      const response = await broken.request('/api/health');
      const problem = await expectProblem(response, 503, 'E_STORE');
      expect(problem).toMatchObject({ ok: false, store: 'sqlite', detail: 'the sqlite store cannot be reached' });
      expect(JSON.stringify(problem)).not.toContain(other.folder);
      expect(lines.join('\n')).toContain('E_STORE');
    } finally {
      await other.dispose();
    }
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

  it('GET compare?top=N answers the changes that matter most, as `compare --top N --format json` does', async () => {
    const top = await getJson<{ total: number; changes: { rank: number; rule: string; pair: string }[] }>(
      '/api/series/bluebook/compare?old=2020&new=2022&top=3',
    );
    expect(top.changes.map((c) => [c.rank, c.rule])).toEqual([
      [1, 'section'],
      [2, 'section'],
      [3, 'shift'],
    ]);
    expect(top.total).toBeGreaterThan(3);
    const bad = await app.request('/api/series/bluebook/compare?old=2020&new=2022&top=0');
    expect(bad.status).toBe(400);
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
    const body = await getJson<{
      hits: { series: string; edition: string; snippet: string; parts: { text: string; match: boolean }[] }[];
    }>('/api/search?q=territorial&limit=50');
    expect(new Set(body.hits.map((h) => h.edition))).toEqual(new Set(['2020', '2022']));
    expect(body.hits.every((h) => h.snippet.includes('[['))).toBe(true);
    expect(body.hits.every((h) => h.parts.some((p) => p.match && /^territorial$/i.test(p.text)))).toBe(true);
    const grouped = await getJson<{ groups: { editions: string[]; hit: { snippet: string } }[]; truncated: boolean }>(
      '/api/search?q=territorial%20integrity',
    );
    expect(grouped.truncated).toBe(false);
    expect(
      grouped.groups.some((g) => g.editions.join() === '2020,2022' && g.hit.snippet.startsWith('Maintaining')),
    ).toBe(true);
    const one = await getJson<{ hits: { edition: string }[] }>(
      '/api/search?q=territorial&series=bluebook&edition=2020',
    );
    expect(one.hits.length).toBeGreaterThan(0);
    expect(one.hits.every((h) => h.edition === '2020')).toBe(true);
  });
});

describe('answer budgets', () => {
  it(`GET history caps top at ${HISTORY_TOP_KEPT}, the number the history cache keeps`, async () => {
    const most = await getJson<{ steps: { top: unknown[] }[] }>(`/api/series/bluebook/history?top=${HISTORY_TOP_KEPT}`);
    expect(most.steps[0]?.top.length).toBeGreaterThan(5);
    const over = await expectProblem(
      await app.request(`/api/series/bluebook/history?top=${HISTORY_TOP_KEPT + 1}`),
      400,
      'E_USAGE',
    );
    expect(over.detail).toMatch(/^query parameter 'top' /);
  });

  it('GET trace lists at most `limit` hits per edition (default 50) and keeps the counts exact', async () => {
    type Trace = { status: string; editions: { count: number; status: string; hits: unknown[] }[] };
    const all = await getJson<Trace>('/api/series/bluebook/trace?mode=regex&phrase=e&limit=1000');
    const counts = all.editions.map((e) => e.count);
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(all.editions.map((e) => e.hits.length)).toEqual(counts.map((n) => Math.min(n, 1000)));
    const byDefault = await getJson<Trace>('/api/series/bluebook/trace?mode=regex&phrase=e');
    expect(byDefault.editions.map((e) => e.count)).toEqual(counts);
    expect(byDefault.editions.map((e) => e.hits.length)).toEqual(counts.map(() => 50));
    expect(byDefault.editions.every((e) => e.status === 'truncated')).toBe(true);
    expect(byDefault.status).toBe('truncated');
    const three = await getJson<Trace>('/api/series/bluebook/trace?mode=regex&phrase=e&limit=3');
    expect(three.editions.map((e) => e.hits.length)).toEqual([3, 3]);
    const none = await getJson<Trace>('/api/series/bluebook/trace?mode=regex&phrase=e&limit=0');
    expect(none.editions.map((e) => [e.count, e.hits.length])).toEqual(counts.map((n) => [n, 0]));
    await expectProblem(await app.request('/api/series/bluebook/trace?mode=regex&phrase=e&limit=1001'), 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/bluebook/trace?mode=regex&phrase=e&limit=-1'), 400, 'E_USAGE');
    const tag = async (path: string) => (await app.request(path)).headers.get('etag');
    expect(await tag('/api/series/bluebook/trace?mode=regex&phrase=e&limit=3')).not.toBe(
      await tag('/api/series/bluebook/trace?mode=regex&phrase=e'),
    );
  });

  it('GET trace with a catastrophic regex answers promptly, with the matches of a safe equivalent', async () => {
    type Trace = { status: string; total: number; editions: { count: number }[] };
    const counts = async (phrase: string) => {
      const trace = await getJson<Trace>(`/api/series/bluebook/trace?mode=regex&phrase=${encodeURIComponent(phrase)}`);
      return trace.editions.map((e) => e.count);
    };
    // Each froze the server (health included) on JavaScript's backtracking engine.
    expect(await counts('([\\w\\s]|\\w)*#')).toEqual(await counts('[\\w\\s]*#'));
    expect(await counts('(?:[a-z ]|[a-z])*#')).toEqual(await counts('[a-z ]*#'));
    const anything = await counts('(.|\\s)*e');
    expect(anything).toEqual(await counts('[\\s\\S]*e'));
    expect(Math.min(...anything)).toBeGreaterThan(0);
    expect(await getJson('/api/health')).toMatchObject({ ok: true });
    const refused = await expectProblem(
      await app.request(`/api/series/bluebook/trace?mode=regex&phrase=${encodeURIComponent('(\\w+) \\1')}`),
      400,
      'E_USAGE',
    );
    expect(refused.detail).toContain('backreference');
  });
});

describe('edition records never show local folders', () => {
  type Record = { label: string; source: { name: string } };

  /** Stores `bytes` as edition `label` of series `series` with a local absolute path as its source. */
  async function addFromPath(series: string, label: string, name: string, text: string): Promise<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    await sample.store.addEdition({
      series,
      label,
      bytes,
      source: { name },
      format: 'text',
      importedAt: fixedNow().toISOString(),
      engineVersion: ENGINE_VERSION,
    });
    return bytes;
  }

  it('series show and edition get give only the base name of a file source', async () => {
    await addFromPath('from-path', 'unix', '/home/alice/drafts/2020 terms.txt', 'One sentence.\n');
    await addFromPath('from-path', 'windows', 'C:\\Users\\alice\\2022.txt', 'Two sentences. Here.\n');
    const shown = await getJson<{ editions: Record[] }>('/api/series/from-path');
    expect(shown.editions.map((e) => [e.label, e.source.name])).toEqual([
      ['unix', '2020 terms.txt'],
      ['windows', '2022.txt'],
    ]);
    const one = await getJson<Record>('/api/series/from-path/editions/unix');
    expect(one.source.name).toBe('2020 terms.txt');
    const text = await (await app.request('/api/series/from-path')).text();
    expect(text).not.toContain('alice');
    await sample.store.removeSeries('from-path');
  });

  it('an upload answering with an existing record gives only its base name', async () => {
    const bytes = await addFromPath('from-path-upload', 'one', '/srv/private/one.txt', 'One sentence.\n');
    const response = await app.request('/api/series/from-path-upload/editions', {
      method: 'POST',
      body: uploadForm({ bytes, name: 'again.txt' }, { label: 'one' }),
    });
    expect(response.status).toBe(201);
    const result = (await response.json()) as { status: string; edition: Record };
    expect(result.status).toBe('unchanged');
    expect(result.edition.source.name).toBe('one.txt');
    await sample.store.removeSeries('from-path-upload');
  });

  it('a URL source stays whole', async () => {
    const url = 'https://www.mofa.go.jp/policy/other/bluebook/2020/text.txt';
    await sample.store.addEdition({
      series: 'from-url',
      label: 'one',
      bytes: new TextEncoder().encode('One sentence.\n'),
      source: { name: url, finalUrl: url, contentType: 'text/plain' },
      format: 'text',
      importedAt: fixedNow().toISOString(),
      engineVersion: ENGINE_VERSION,
    });
    const one = await getJson<Record & { source: { finalUrl: string } }>('/api/series/from-url/editions/one');
    expect(one.source).toEqual({ name: url, finalUrl: url, contentType: 'text/plain' });
    await sample.store.removeSeries('from-url');
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

  it('a method the path lacks is 405 E_METHOD with Allow; OPTIONS is 204 with Allow; an unknown path stays 404', async () => {
    const cases: [string, string, string][] = [
      ['PUT', '/api/series/bluebook', 'GET, HEAD, DELETE, OPTIONS'],
      ['PATCH', '/api/series/bluebook/editions/2020', 'GET, HEAD, DELETE, OPTIONS'],
      ['DELETE', '/api/series/bluebook/compare', 'GET, HEAD, OPTIONS'],
      ['POST', '/api/health', 'GET, HEAD, OPTIONS'],
      ['GET', '/api/series/bluebook/editions', 'POST, OPTIONS'],
      ['PUT', '/api/search', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await app.request(path, { method });
      const problem = await expectProblem(response, 405, 'E_METHOD');
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(problem.title).toBe('Method not allowed: the Allow header lists the methods of this path.');
      expect(problem.detail).toBe(`${method} is not allowed here; allowed: ${allow}`);
    }
    const options = await app.request('/api/series/bluebook', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
    expect(await options.text()).toBe('');
    await expectProblem(await app.request('/api/nope', { method: 'PUT' }), 404, 'E_NOT_FOUND');
    await expectProblem(await app.request('/api/nope', { method: 'OPTIONS' }), 404, 'E_NOT_FOUND');
    await expectProblem(await app.request('/api/series/a/b/c'), 404, 'E_NOT_FOUND');
  });

  it('problem titles are in HTTP words, not the CLI catalogue wording', async () => {
    const problem = await expectProblem(await app.request('/api/series/bluebook/compare?old=2020'), 400, 'E_USAGE');
    expect(problem.title).toBe('Invalid request: a bad path parameter, query parameter, form field or body.');
    expect(problem.title).not.toMatch(/command|option|--/);
    for (const [code, title] of Object.entries(HTTP_TITLES)) {
      expect(title, code).not.toMatch(/command|option|--|`/);
      expect(title, code).toMatch(/^[A-Z].*\.$/);
    }
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
    await expectProblem(await app.request('/api/series', { method: 'PUT' }), 405, 'E_METHOD');
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
