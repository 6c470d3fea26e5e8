import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPalimpsestError, type PalimpsestError } from '../errors/errors.js';
import { importEdition, importSource, parseImported } from './index.js';
import type { ImportedEdition } from './types.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)));
const repoRoot = new URL('../../', import.meta.url).pathname;
const SAMPLE = 'examples/bluebook/2020-ch3-s1.txt';

/** The PalimpsestError a promise rejects with (fails the test when it resolves or rejects with anything else). */
async function rejection(promise: Promise<unknown>): Promise<PalimpsestError> {
  try {
    await promise;
  } catch (error) {
    if (isPalimpsestError(error)) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('importEdition', () => {
  it('detects the format, records provenance and returns the importer text', async () => {
    const bytes = fixture('text/tokkyo.shift_jis.txt');
    const edition = await importEdition(bytes, { name: 'tokkyo.txt' });
    expect(edition.format).toBe('text');
    expect(edition.encoding).toBe('shift_jis');
    expect(edition.text.startsWith('特許法')).toBe(true);
    expect(edition.provenance).toEqual({
      name: 'tokkyo.txt',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('lets `from` override detection, and refuses an unknown one', async () => {
    const markdown = await importEdition(utf8('Title\n\n- one\n- two\n'), { name: 'a.txt', from: 'markdown' });
    expect(markdown.format).toBe('markdown');
    expect(markdown.hints.map((hint) => hint.kind)).toEqual(['listItem', 'listItem']);
    const error = await rejection(importEdition(utf8('x'), { name: 'a', from: 'rtf' as 'text' }));
    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('refuses input over the size limit, empty input and whitespace, each with a coded one-line error', async () => {
    const large = await rejection(
      importEdition(utf8('x'.repeat(2048)), { name: 'big.txt', limits: { maxBytes: 1024 } }),
    );
    expect(large.code).toBe('E_TOO_LARGE');
    expect(large.message).toBe("cannot read 'big.txt': 2 KiB (2048 bytes) is over the 1 KiB limit");
    expect((await rejection(importEdition(new Uint8Array(), { name: 'e.txt' }))).code).toBe('E_EMPTY');
    expect((await rejection(importEdition(utf8(' \n\u3000\n'), { name: 'w.txt' }))).code).toBe('E_EMPTY');
  });

  it('stops an import that exceeds its time budget with E_TIMEOUT', async () => {
    const error = await rejection(
      importEdition(fixture('pdf/bluebook-2020.pdf'), { name: 'slow.pdf', limits: { timeoutMs: 1 } }),
    );
    expect(error.code).toBe('E_TIMEOUT');
    expect(error.message).toContain('slow.pdf');
  });

  it('turns a damaged file of a forced format into a coded error', async () => {
    const error = await rejection(importEdition(utf8('not a pdf at all'), { name: 'fake.pdf', from: 'pdf' }));
    expect(['E_CORRUPT', 'E_PDF_NO_TEXT']).toContain(error.code);
    expect(error.message).toContain('fake.pdf');
  });
});

describe('parseImported', () => {
  it('parses with the hints, puts import diagnostics first and attaches the source map', async () => {
    const bytes = Uint8Array.from([...utf8('# Title\n\n## Part one\n\nBody text '), 0xff, ...utf8(' here.\n')]);
    const edition = await importEdition(bytes, { name: 'a.md', encoding: 'utf-8' });
    const document = parseImported(edition);
    expect(document.title?.value).toBe('Title');
    const section = document.children[0];
    expect(section?.type === 'section' && section.children[0].scheme).toBe('h2');
    expect(document.data?.diagnostics?.[0]?.code).toBe('undecodable-bytes');
    expect(document.data?.sourceMap).toBe(edition.sourceMap);
  });
});

describe('importSource', () => {
  let server: Server;
  let base: string;
  const sjis = fixture('text/tokkyo.shift_jis.txt');

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/law.txt') {
        response.writeHead(200, { 'content-type': 'text/plain; charset=Shift_JIS' });
        response.end(sjis);
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: '/law.txt' });
        response.end();
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a file relative to cwd', async () => {
    const edition = await importSource(SAMPLE, { cwd: repoRoot });
    expect(edition.provenance.name).toBe(SAMPLE);
    expect(edition.text).toBe(readFileSync(`${repoRoot}${SAMPLE}`, 'utf8'));
  });

  it('fails on a missing file with E_NOT_FOUND and on a non-http URL with E_URL', async () => {
    expect((await rejection(importSource('nope.txt', { cwd: repoRoot }))).code).toBe('E_NOT_FOUND');
    expect((await rejection(importSource('ftp://example.org/a.txt'))).code).toBe('E_URL');
  });

  it('fetches a URL after redirects, respecting the charset header, keeping final URL and content type', async () => {
    const edition: ImportedEdition = await importSource(`${base}/moved`);
    expect(edition.encoding).toBe('shift_jis');
    expect(edition.text.startsWith('特許法')).toBe(true);
    expect(edition.provenance).toMatchObject({
      name: `${base}/moved`,
      finalUrl: `${base}/law.txt`,
      contentType: 'text/plain; charset=Shift_JIS',
      size: sjis.length,
    });
    expect((await rejection(importSource(`${base}/missing`))).code).toBe('E_HTTP_STATUS');
  });
});
