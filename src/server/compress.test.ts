import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { COMPRESSION_THRESHOLD, negotiateEncoding } from './compress.js';
import { startServer } from './serve.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

let sample: SampleStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  sample = await sampleStore();
  app = createApp({ store: sample.store, now: fixedNow });
}, 60_000);

afterAll(async () => {
  await sample?.dispose();
});

const COMPARE = 'http://127.0.0.1/api/series/bluebook/compare?old=2020&new=2022';

/** The raw answer to a GET through the app: status, headers and the body's bytes as sent. */
async function get(url: string, headers: Record<string, string> = {}) {
  const response = await app.request(url, { headers: { host: '127.0.0.1', ...headers } });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('negotiateEncoding', () => {
  it('picks brotli, then gzip, by the q-values the client sends', () => {
    expect(negotiateEncoding('br, gzip')).toBe('br');
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('BR;Q=0.8')).toBe('br');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('gzip;q=0.4, *;q=0.5')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(negotiateEncoding('br;q=0, *')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('deflate')).toBeUndefined();
    expect(negotiateEncoding('')).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
  });
});

describe('response compression', () => {
  it('sends the same JSON in brotli, gzip or identity as asked, with Vary and a weak tag when encoded', async () => {
    const plain = await get(COMPARE);
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.response.headers.get('vary')).toMatch(/accept-encoding/i);
    const tag = plain.response.headers.get('etag');
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(plain.bytes.byteLength).toBeGreaterThan(COMPRESSION_THRESHOLD);
    const text = new TextDecoder().decode(plain.bytes);
    expect(JSON.parse(text).old.name).toBe('2020');

    const br = await get(COMPARE, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.response.headers.get('content-type')).toBe('application/json');
    expect(br.response.headers.get('etag')).toBe(`W/${tag}`);
    expect(br.response.headers.get('cache-control')).toBe('no-cache');
    expect(br.bytes.byteLength).toBeLessThan(plain.bytes.byteLength / 3);
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(text);

    const gzip = await get(COMPARE, { 'accept-encoding': 'gzip' });
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(text);

    const identity = await get(COMPARE, { 'accept-encoding': 'identity' });
    expect(identity.response.headers.get('content-encoding')).toBeNull();
    expect(new TextDecoder().decode(identity.bytes)).toBe(text);
  });

  it('keeps revalidation: the weak tag of a compressed answer gets 304 (without a body), as the strong one does', async () => {
    const br = await get(COMPARE, { 'accept-encoding': 'br' });
    const weak = br.response.headers.get('etag') as string;
    expect(weak).toMatch(/^W\//);
    for (const tag of [weak, weak.slice(2)]) {
      const again = await get(COMPARE, { 'accept-encoding': 'br', 'if-none-match': tag });
      expect(again.response.status).toBe(304);
      expect(again.bytes.byteLength).toBe(0);
      expect(again.response.headers.get('content-encoding')).toBeNull();
    }
  });

  it('compresses the HTML and Markdown reports, keeping their sandboxing policy', async () => {
    for (const format of ['html', 'md']) {
      const plain = await get(`${COMPARE}&format=${format}`);
      const br = await get(`${COMPARE}&format=${format}`, { 'accept-encoding': 'br' });
      expect(br.response.headers.get('content-encoding')).toBe('br');
      expect(br.response.headers.get('content-security-policy')).toBe(
        plain.response.headers.get('content-security-policy'),
      );
      expect(br.response.headers.get('content-security-policy')).toMatch(/sandbox/);
      expect(brotliDecompressSync(br.bytes)).toEqual(Buffer.from(plain.bytes));
    }
  });

  it('leaves small answers, HEAD and 304 alone, and problem+json errors stay readable', async () => {
    const health = await get('http://127.0.0.1/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.response.status).toBe(200);
    expect(health.response.headers.get('content-encoding')).toBeNull();
    expect(health.bytes.byteLength).toBeLessThan(COMPRESSION_THRESHOLD);
    expect(JSON.parse(new TextDecoder().decode(health.bytes))).toMatchObject({ ok: true });

    const head = await app.request(COMPARE, {
      method: 'HEAD',
      headers: { host: '127.0.0.1', 'accept-encoding': 'br' },
    });
    expect(head.headers.get('content-encoding')).toBeNull();

    const missing = await app.request('http://127.0.0.1/api/series/no-such-series/compare?old=a&new=b', {
      headers: { host: '127.0.0.1', 'accept-encoding': 'br, gzip' },
    });
    expect(missing.headers.get('content-encoding')).toBeNull();
    await expectProblem(missing, 404, 'E_NO_SERIES');

    // A problem long enough to be compressed is the same problem once decoded.
    const long = 'x'.repeat(3000);
    const invalid = await get(`http://127.0.0.1/api/series/bluebook/compare?old=${long}&new=2022`, {
      'accept-encoding': 'gzip',
    });
    const decoded =
      invalid.response.headers.get('content-encoding') === 'gzip' ? gunzipSync(invalid.bytes) : invalid.bytes;
    expect(invalid.response.status).toBeGreaterThanOrEqual(400);
    expect(invalid.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(Buffer.from(decoded).toString('utf8')) as { code: string; status: number };
    expect(problem.status).toBe(invalid.response.status);
    expect(problem.code).toMatch(/^E_/);
  });

  it('streams a brotli body through the real HTTP server, which node:http sees encoded', async () => {
    const server = await startServer({ store: sample.store, host: '127.0.0.1', port: 0, now: fixedNow, workers: 0 });
    try {
      const url = new URL('api/series/bluebook/compare?old=2020&new=2022&format=html', server.url);
      const raw = (encoding: string) =>
        new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
          const request = httpRequest(url, { headers: { 'accept-encoding': encoding } }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
            response.on('error', reject);
          });
          request.on('error', reject);
          request.end();
        });
      const [br, plain] = [await raw('br'), await raw('identity')];
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-length']).toBeUndefined();
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(plain.body.toString('utf8')).toContain('</html>');
    } finally {
      await server.close();
    }
  });
});
