import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_TOP_KEPT } from '../application/index.js';
import { createApp } from './app.js';
import { OPERATIONS } from './openapi.js';
import { fixedNow, type SampleStore, sampleStore, uploadForm } from './server.fixture.js';

type Json = Record<string, unknown>;

let sample: SampleStore;
let app: Hono;
let document: Json;

beforeAll(async () => {
  sample = await sampleStore();
  app = createApp({ store: sample.store, now: fixedNow });
  const response = await app.request('/api/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = JSON.parse(await response.text()) as Json;
});

afterAll(async () => {
  await sample?.dispose();
});

/** Hono's `/api/series/:series` as OpenAPI's `/api/series/{series}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Resolves a local JSON pointer (`#/a/b`) in the document. */
function resolvePointer(pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** A validator of `value` against a component of the served document. */
function validatorFor(component: string) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'urn:palimpsest:openapi', components: document.components }, 'openapi');
  return ajv.compile({ $ref: `urn:palimpsest:openapi#/components/schemas/${component}` });
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
    expect((document.info as Json).title).toBe('Palimpsest API');
    expect(Object.keys(document.paths as Json).length).toBeGreaterThan(5);
  });

  it('describes exactly the routes the app serves', () => {
    const served = app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    const documented = Object.entries(document.paths as Record<string, Json>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(served));
    expect(documented).toHaveLength(OPERATIONS.length);
    expect(documented).toEqual(
      expect.arrayContaining([
        'get /api/health',
        'get /api/series',
        'post /api/series/{series}/editions',
        'delete /api/series/{series}/editions/{edition}',
        'get /api/series/{series}/compare',
        'get /api/search',
      ]),
    );
  });

  it('gives every operation an id, its path parameters, responses with problem+json, and resolvable $refs', () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const id = operation.operationId as string;
        expect(ids.has(id), id).toBe(false);
        ids.add(id);
        const parameters = operation.parameters as { name: string; in: string; required: boolean }[];
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(
          parameters.filter((p) => p.in === 'path').map((p) => p.name),
          `${method} ${path}`,
        ).toEqual(inPath);
        const responses = operation.responses as Record<string, Json>;
        expect(Object.keys(responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '500']));
        expect(JSON.stringify(responses['400'])).toContain('application/problem+json');
      }
    }
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(references.length).toBeGreaterThan(20);
    for (const reference of new Set(references)) expect(resolvePointer(reference), reference).toBeDefined();
  });

  it('documents the query parameters with their constraints, from the zod schemas', () => {
    const compare = (document.paths as Record<string, Record<string, Json>>)['/api/series/{series}/compare']?.get;
    const parameters = compare?.parameters as { name: string; required: boolean; schema: Json }[];
    expect(parameters.map((p) => [p.name, p.required])).toEqual([
      ['series', true],
      ['old', true],
      ['new', true],
      ['format', false],
      ['ignoreCase', false],
      ['ignorePunctuation', false],
      ['top', false],
    ]);
    expect(parameters.find((p) => p.name === 'format')?.schema).toMatchObject({ enum: ['json', 'md', 'html'] });
    expect(parameters.find((p) => p.name === 'top')?.schema).toMatchObject({ minimum: 1 });
  });

  it('documents the history cap, the trace limit and 403 refusals', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    type Parameter = { name: string; schema: Json; description?: string };
    const parameter = (path: string, name: string) =>
      ((paths[path]?.get?.parameters ?? []) as Parameter[]).find((p) => p.name === name);
    expect(parameter('/api/series/{series}/history', 'top')?.schema).toMatchObject({
      minimum: 1,
      maximum: HISTORY_TOP_KEPT,
      default: 5,
    });
    expect(parameter('/api/series/{series}/history', 'top')?.description).toContain(`at most ${HISTORY_TOP_KEPT}`);
    expect(parameter('/api/series/{series}/trace', 'limit')?.schema).toMatchObject({
      minimum: 0,
      maximum: 1000,
      default: 50,
    });
    expect(parameter('/api/series/{series}/trace', 'limit')?.description).toMatch(/truncated/);
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const responses = operation.responses as Record<string, { description: string }>;
        expect(responses['403']?.description, `${method} ${path}`).toContain('E_FORBIDDEN');
        expect(Object.hasOwn(responses, '401'), `${method} ${path}`).toBe(operation.security !== undefined);
      }
    }
  });

  it("documents 405 with Allow, OPTIONS, and the upload's 408 and 415", () => {
    const description = (document.info as Json).description as string;
    expect(description).toContain('405 (E_METHOD)');
    expect(description).toContain('`Allow`');
    expect(description).toContain('E_METHOD (405)');
    const paths = document.paths as Record<string, Record<string, Json>>;
    const upload = paths['/api/series/{series}/editions']?.post?.responses as Record<string, { description: string }>;
    expect(upload['408']?.description).toContain('E_TIMEOUT');
    expect(upload['415']?.description).toContain('multipart/form-data');
    const health = paths['/api/health']?.get?.responses as Record<string, { description: string }>;
    expect(health['503']?.description).toContain('/api/health');
  });

  it('documents the queued upload (202 with Location) and GET /api/jobs/{id}', async () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    const upload = paths['/api/series/{series}/editions']?.post?.responses as Record<string, Json>;
    expect(upload['202']).toMatchObject({
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadAccepted' } } },
    });
    const job = paths['/api/jobs/{id}']?.get as Json;
    expect(Object.keys(job.responses as Json)).toEqual(expect.arrayContaining(['200', '404']));
    expect((job.parameters as { name: string; in: string }[]).map((p) => [p.name, p.in])).toEqual([['id', 'path']]);
    // A store without a queue has no job to show; an id that is no UUID is a usage error.
    const unknown = await app.request('/api/jobs/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(validatorFor('Problem')(await unknown.json())).toBe(true);
    expect((await app.request('/api/jobs/nope')).status).toBe(400);
    // Without a queue, every series is ready.
    const series = (await (await app.request('/api/series/bluebook')).json()) as Json;
    expect(series.readiness).toMatchObject({ state: 'ready', waiting: 0, running: 0, failed: 0 });
  });

  it('its component schemas validate real responses', async () => {
    const cases: [string, string][] = [
      ['/api/health', 'Health'],
      ['/api/series', 'SeriesList'],
      ['/api/series/bluebook', 'SeriesDetail'],
      ['/api/series/bluebook/editions/2020', 'EditionRecord'],
      ['/api/search?q=security', 'SearchResult'],
      ['/api/series/bluebook/compare?old=2020&new=2022', 'Comparison'],
      ['/api/series/bluebook/trace?phrase=security', 'Trace'],
      ['/api/series/bluebook/blame', 'Blame'],
      ['/api/series/bluebook/blame?edition=2020', 'Blame'],
      ['/api/series/nope', 'Problem'],
    ];
    for (const [path, component] of cases) {
      const validate = validatorFor(component);
      const body = await (await app.request(path)).json();
      expect(validate(body), `${path}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
    }
    const uploaded = await app.request('/api/series/openapi/editions', {
      method: 'POST',
      body: uploadForm({ bytes: 'Chapter 1 Text\n\nA paragraph of text.\n', name: 'one.txt' }, { label: 'one' }),
    });
    const validate = validatorFor('UploadResult');
    expect(validate(await uploaded.json())).toBe(true);
    expect(validatorFor('Health')({ ok: false })).toBe(false);
    // A blame without the lineage of its headings (the shape before issue 11) is not a Blame.
    const blame = (await (await app.request('/api/series/bluebook/blame')).json()) as Json;
    expect((blame.headings as unknown[]).length).toBeGreaterThan(0);
    expect(validatorFor('Blame')({ ...blame, headings: undefined })).toBe(false);
  });
});
