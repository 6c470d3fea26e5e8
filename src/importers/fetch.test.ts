import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { fetchUrl } from './fetch.js';
import { importHtml } from './html.js';
import { DEFAULT_LIMITS, type ImportLimits } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const shiftJisPage = readFileSync(join(here, 'fixtures', 'html', 'egov-shift_jis.html'));
const excerpt = readFileSync(join(here, 'fixtures', 'html', 'egov-excerpt.txt'), 'utf8').trimEnd();
const page =
  '<!DOCTYPE html><html><head><title>T</title></head><body><main><h1>Café</h1><p>Entrée.</p></main></body></html>';

let server: Server;
let base = '';
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/page') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
    } else if (path === '/r1') {
      response.writeHead(302, { location: '/r2' });
      response.end();
    } else if (path === '/r2') {
      response.writeHead(301, { location: `${base}/page` });
      response.end();
    } else if (path.startsWith('/loop')) {
      response.writeHead(307, { location: `/loop${path.length}` });
      response.end();
    } else if (path === '/to-file') {
      response.writeHead(302, { location: 'file:///etc/passwd' });
      response.end();
    } else if (path === '/slow') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>start');
      setTimeout(() => response.end('</p>'), 5000).unref();
    } else if (path === '/big') {
      // No Content-Length: the limit must be enforced while streaming.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64) {
          sent++;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    } else if (path === '/big-declared') {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024) });
      response.write('a');
    } else if (path === '/sjis') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(shiftJisPage);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const limits = (extra: Partial<ImportLimits> = {}): ImportLimits => ({ ...DEFAULT_LIMITS, ...extra });

/** The code of the PalimpsestError a fetch rejects with (and its message, which must be one line naming the URL). */
async function failure(url: string, extra: Partial<ImportLimits> = {}, timeoutMs?: number): Promise<string> {
  try {
    await fetchUrl(url, timeoutMs === undefined ? { limits: limits(extra) } : { limits: limits(extra), timeoutMs });
  } catch (error) {
    if (!isPalimpsestError(error)) throw error;
    expect(error.message).not.toContain('\n');
    expect(error.file).toBe(url);
    return `${error.code}: ${error.message}`;
  }
  return 'resolved';
}

describe('fetchUrl', () => {
  it('fetches a page with its bytes, content type and final URL', async () => {
    const fetched = await fetchUrl(`${base}/page`, { limits: limits() });
    expect(new TextDecoder().decode(fetched.bytes)).toBe(page);
    expect(fetched.contentType).toBe('text/html; charset=utf-8');
    expect(fetched.finalUrl).toBe(`${base}/page`);
  });

  it('follows a redirect chain (relative and absolute Locations) and reports where it ended', async () => {
    const fetched = await fetchUrl(`${base}/r1`, { limits: limits({ maxRedirects: 2 }) });
    expect(fetched.finalUrl).toBe(`${base}/page`);
    expect(new TextDecoder().decode(fetched.bytes)).toBe(page);
    expect(await failure(`${base}/r1`, { maxRedirects: 1 })).toMatch(/^E_LIMIT: .*more than 1 redirects/);
  });

  it('stops a redirect loop at the limit', async () => {
    expect(await failure(`${base}/loop`, { maxRedirects: 5 })).toMatch(/^E_LIMIT: /);
  });

  it('refuses non-http(s) URLs, malformed URLs and redirects to other schemes', async () => {
    expect(await failure('ftp://127.0.0.1/file.html')).toMatch(/^E_URL: .*only http and https/);
    expect(await failure('file:///etc/passwd')).toMatch(/^E_URL: /);
    expect(await failure('not a url')).toMatch(/^E_URL: 'not a url' is not a valid URL/);
    expect(await failure(`${base}/to-file`)).toMatch(/^E_URL: /);
  });

  it('times out on a server that never finishes', async () => {
    // The server ends its answer after 5 s: E_TIMEOUT naming 200 ms shows the budget ended the fetch before it did.
    expect(await failure(`${base}/slow`, {}, 200)).toMatch(/^E_TIMEOUT: .*200 ms/);
  });

  it('aborts a body over the size limit while streaming, and refuses a declared oversized body at once', async () => {
    expect(await failure(`${base}/big`, { maxBytes: 100_000 })).toMatch(/^E_TOO_LARGE: .*100000-byte limit/);
    expect(await failure(`${base}/big-declared`, { maxBytes: 100_000 })).toMatch(/^E_TOO_LARGE: /);
    const whole = await fetchUrl(`${base}/big`, { limits: limits() });
    expect(whole.bytes.length).toBe(64 * 64 * 1024);
  });

  it('turns a 404 into E_HTTP_STATUS with the status', async () => {
    expect(await failure(`${base}/missing`)).toMatch(/^E_HTTP_STATUS: .*HTTP 404 Not Found/);
  });

  it('turns a refused connection into E_FETCH', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failure(`http://127.0.0.1:${port}/`)).toMatch(/^E_FETCH: .*ECONNREFUSED/);
  });

  it('hands a Shift_JIS page with only a meta charset to importHtml, which decodes it', async () => {
    const fetched = await fetchUrl(`${base}/sjis`, { limits: limits() });
    expect(fetched.contentType).toBe('text/html');
    const edition = await importHtml(fetched.bytes, {
      name: fetched.finalUrl,
      limits: limits(),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
    });
    expect(edition.encoding).toBe('shift_jis');
    expect(edition.text).toBe(excerpt);
    expect(edition.provenance.contentType).toBe('text/html');
  });

  it('respects the charset of the Content-Type header', async () => {
    const fetched = await fetchUrl(`${base}/page`, { limits: limits() });
    const edition = await importHtml(fetched.bytes, {
      name: fetched.finalUrl,
      limits: limits(),
      contentType: fetched.contentType ?? '',
    });
    expect(edition.encoding).toBe('utf-8');
    expect(edition.text).toBe('Café\n\nEntrée.');
  });
});
