import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { uploadName } from './series-routes.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore, uploadForm } from './server.fixture.js';

const base = readFileSync(new URL('../../examples/bluebook/2022-ch3-s1.txt', import.meta.url), 'utf8');

let sample: SampleStore;
let app: Hono;

beforeAll(async () => {
  sample = await sampleStore();
  app = createApp({ store: sample.store, now: fixedNow, maxUploadBytes: 32 * 1024 });
});

afterAll(async () => {
  await sample?.dispose();
});

/** POST an upload to a series. */
function upload(series: string, form: FormData, target: Hono = app): Promise<Response> {
  return Promise.resolve(
    target.request(`/api/series/${encodeURIComponent(series)}/editions`, { method: 'POST', body: form }),
  );
}

interface UploadBody {
  status: string;
  aligned: number;
  edition: { series: string; label: string; date: string | null; format: string; source: { name: string } };
}

describe('POST /api/series/:series/editions', () => {
  it('adds an edition (201), creating the series, and is idempotent for the same bytes', async () => {
    const form = () => uploadForm({ bytes: base, name: '2022.txt', type: 'text/plain' }, { label: 'v1', date: '2022' });
    const first = await upload('uploads', form());
    expect(first.status).toBe(201);
    const body = (await first.json()) as UploadBody;
    expect(body).toMatchObject({
      status: 'added',
      aligned: 0,
      edition: { series: 'uploads', label: 'v1', date: '2022', format: 'text', source: { name: '2022.txt' } },
    });
    const again = (await (await upload('uploads', form())).json()) as UploadBody;
    expect(again.status).toBe('unchanged');
    const listed = (await (await app.request('/api/series/uploads')).json()) as { editions: unknown[] };
    expect(listed.editions).toHaveLength(1);
  });

  it('a second edition is aligned with the first, searchable, and comparable', async () => {
    const tagBefore = (await app.request('/api/series/uploads/history')).headers.get('etag');
    const changed = base.replace('increasingly severe', 'gravely perilous');
    const response = await upload(
      'uploads',
      uploadForm({ bytes: changed, name: 'v2.txt' }, { label: 'v2', date: '2023' }),
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as UploadBody).aligned).toBe(1);
    const tagAfter = (await app.request('/api/series/uploads/history')).headers.get('etag');
    expect(tagAfter).toMatch(/^"/);
    expect(tagAfter).not.toBe(tagBefore);
    const hits = (await (await app.request('/api/search?q=gravely%20perilous&series=uploads')).json()) as {
      hits: { edition: string }[];
    };
    expect(hits.hits.map((h) => h.edition)).toEqual(['v2']);
    const markdown = await (await app.request('/api/series/uploads/compare?old=v1&new=v2&format=md')).text();
    expect(markdown).toContain('increasingly');
    expect(markdown).toContain('gravely perilous');
  });

  it('different bytes under a taken label are 409 E_EXISTS unless replace=true', async () => {
    const other = uploadForm({ bytes: `${base}\nOne more paragraph.\n`, name: 'v1b.txt' }, { label: 'v1' });
    await expectProblem(await upload('uploads', other), 409, 'E_EXISTS');
    const replaced = await upload(
      'uploads',
      uploadForm({ bytes: `${base}\nOne more paragraph.\n`, name: 'v1b.txt' }, { label: 'v1', replace: 'true' }),
    );
    expect(replaced.status).toBe(201);
    expect(((await replaced.json()) as UploadBody).status).toBe('replaced');
  });

  it('bytes another edition of the series holds are 409 E_DUPLICATE naming it, unless allowDuplicate=true', async () => {
    const before = (await (await app.request('/api/series/uploads')).json()) as { editions: unknown[] };
    // The bytes of v2, uploaded again under another label.
    const v2 = base.replace('increasingly severe', 'gravely perilous');
    const copy = () => uploadForm({ bytes: v2, name: 'copy.txt' }, { label: 'v2-again' });
    const problem = await expectProblem(await upload('uploads', copy()), 409, 'E_DUPLICATE');
    expect(problem.detail).toContain('edition "v2"');
    // The edition as data too (an RFC 9457 extension member), so a client names it without parsing the detail.
    expect((problem as { duplicateOf?: string }).duplicateOf).toBe('v2');
    const after = (await (await app.request('/api/series/uploads')).json()) as { editions: unknown[] };
    expect(after.editions).toHaveLength(before.editions.length);
    const form = copy();
    form.set('allowDuplicate', 'true');
    const allowed = await upload('uploads', form);
    expect(allowed.status).toBe(201);
    expect(((await allowed.json()) as UploadBody).status).toBe('added');
    expect((await app.request('/api/series/uploads/editions/v2-again', { method: 'DELETE' })).status).toBe(204);
  });

  it('then DELETE removes an edition (204) and a series ({ removed })', async () => {
    const removed = await app.request('/api/series/uploads/editions/v2', { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    await expectProblem(await app.request('/api/series/uploads/editions/v2'), 404, 'E_NO_EDITION');
    const series = await app.request('/api/series/uploads', { method: 'DELETE' });
    expect(series.status).toBe(200);
    expect(await series.json()).toEqual({ removed: 1 });
    await expectProblem(await app.request('/api/series/uploads'), 404, 'E_NO_SERIES');
  });

  it('refuses a file over the size limit with 413 E_TOO_LARGE, whether it fits the body limit or not', async () => {
    const big = 'A sentence of an oversized edition. '.repeat(1200); // ~43 KB > 32 KiB
    await expectProblem(
      await upload('big', uploadForm({ bytes: big, name: 'big.txt' }, { label: 'x' })),
      413,
      'E_TOO_LARGE',
    );
    const huge = 'x'.repeat(200 * 1024); // beyond the multipart allowance too: refused from Content-Length
    await expectProblem(
      await upload('big', uploadForm({ bytes: huge, name: 'huge.txt' }, { label: 'x' })),
      413,
      'E_TOO_LARGE',
    );
    await expectProblem(await app.request('/api/series/big'), 404, 'E_NO_SERIES');
  });

  it('refuses a file of an unsupported type with 415 E_UNSUPPORTED_FORMAT, whatever its name says', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const problem = await expectProblem(
      await upload('types', uploadForm({ bytes: png, name: 'edition.txt', type: 'text/plain' }, { label: 'x' })),
      415,
      'E_UNSUPPORTED_FORMAT',
    );
    expect(problem.detail).toContain('PNG');
    await expectProblem(
      await upload('types', uploadForm({ bytes: '   \n', name: 'blank.txt' }, { label: 'x' })),
      422,
      'E_EMPTY',
    );
  });

  it('refuses bad labels, series names, dates and missing fields with 400 E_USAGE', async () => {
    const file = { bytes: base, name: 'a.txt' };
    for (const label of ['../../etc/passwd', 'a/b', 'a\\b', '..', 'bell\u0007', 'x'.repeat(201)]) {
      await expectProblem(await upload('labels', uploadForm(file, { label })), 400, 'E_USAGE');
    }
    await expectProblem(await upload('labels', uploadForm(file, {})), 400, 'E_USAGE');
    await expectProblem(await upload('labels', uploadForm(file, { label: 'ok', date: '22 May' })), 400, 'E_USAGE');
    await expectProblem(await upload('labels', uploadForm(file, { label: 'ok', lang: 'english!' })), 400, 'E_USAGE');
    await expectProblem(await upload('../etc', uploadForm(file, { label: 'ok' })), 400, 'E_USAGE');
    const noFile = new FormData();
    noFile.set('label', 'ok');
    const missing = await expectProblem(await upload('labels', noFile), 400, 'E_USAGE');
    expect(missing.detail).toBe("form field 'file' is required (a file)");
    const json = await app.request('/api/series/labels/editions', {
      method: 'POST',
      body: JSON.stringify({ label: 'ok' }),
      headers: { 'content-type': 'application/json' },
    });
    // A body of the wrong media type is 415, a multipart type without its boundary a malformed request (400).
    const unsupported = await expectProblem(json, 415, 'E_UNSUPPORTED_FORMAT');
    expect(unsupported.title).toMatch(/^Unsupported media type/);
    expect(unsupported.detail).toContain('"application/json"');
    const noBoundary = await app.request('/api/series/labels/editions', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    });
    await expectProblem(noBoundary, 400, 'E_USAGE');
    await expectProblem(await app.request('/api/series/labels'), 404, 'E_NO_SERIES');
  });

  it('keeps an uploaded file name as provenance text only: last segment, no control characters', () => {
    expect(uploadName('../../etc/passwd')).toBe('passwd');
    expect(uploadName('C:\\Users\\me\\2022.docx')).toBe('2022.docx');
    expect(uploadName('a\nb.txt')).toBe('ab.txt');
    expect(uploadName('..')).toBe('upload');
    expect(uploadName('')).toBe('upload');
  });
});

describe('hostile document text', () => {
  it('comes back escaped in the HTML report: no live <script>, onerror= or javascript: link', async () => {
    const hostile = [
      'The Ministry <script>alert("owned")</script> continues its work.',
      'A picture <img src=x onerror="alert(2)"> follows, with a [link](javascript:alert(3)) and <a href="javascript:alert(4)">this</a>.',
    ].join(' ');
    const evil = base.replace(
      'The security environment surrounding Japan',
      `${hostile}\n\nThe security environment surrounding Japan`,
    );
    expect(evil).not.toBe(base);
    expect((await upload('hostile', uploadForm({ bytes: base, name: 'a.txt' }, { label: 'a' }))).status).toBe(201);
    const added = await upload('hostile', uploadForm({ bytes: evil, name: '<b>b</b>.txt' }, { label: 'b' }));
    expect(added.status).toBe(201);
    expect(((await added.json()) as UploadBody).edition.format).toBe('text');

    const response = await app.request('/api/series/hostile/compare?old=a&new=b&format=html');
    const html = await response.text();
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/<a [^>]*href="javascript:/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/sandbox allow-scripts/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);

    const json = (await (await app.request('/api/series/hostile/compare?old=a&new=b')).json()) as {
      pairs: { new?: { text?: string } }[];
    };
    expect(json.pairs.some((p) => p.new?.text?.includes('<script>alert("owned")</script>'))).toBe(true);
  });
});
