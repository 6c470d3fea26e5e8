import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { detectFormat, looksLikeHtml, looksLikeMarkdown } from './detect.js';
import { importEdition } from './index.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)));
const repoFile = (path: string) => new Uint8Array(readFileSync(new URL(`../../${path}`, import.meta.url)));

/** The error code detectFormat throws for `bytes`, or null when it detects a format. */
function failureCode(bytes: Uint8Array): string | null {
  try {
    detectFormat(bytes, 'in.bin');
    return null;
  } catch (error) {
    if (isPalimpsestError(error)) return error.code;
    throw error;
  }
}

describe('detectFormat', () => {
  it('detects the bundled fixtures from their content, whatever their names say', () => {
    expect(detectFormat(fixture('pdf/bluebook-2020.pdf'), 'misnamed.txt')).toBe('pdf');
    expect(detectFormat(fixture('docx/bluebook-2020.docx'), 'misnamed.pdf')).toBe('docx');
    expect(detectFormat(fixture('html/bluebook-2020.html'), 'misnamed.docx')).toBe('html');
    expect(detectFormat(repoFile('examples/bluebook/2020-ch3-s1.txt'), 'misnamed.html')).toBe('text');
    expect(detectFormat(fixture('text/tokkyo.shift_jis.txt'))).toBe('text');
    expect(detectFormat(fixture('text/tokkyo.utf-16le.txt'))).toBe('text');
  });

  it('sends a truncated DOCX to the DOCX importer (which reports it corrupt) rather than calling it unsupported', () => {
    expect(detectFormat(fixture('docx/truncated.docx'))).toBe('docx');
  });

  it('recognises HTML by its start or its markup density, after a BOM, comments and an XML declaration', () => {
    expect(detectFormat(utf8('\ufeff  <!-- saved --><!DOCTYPE html><p>x'))).toBe('html');
    expect(detectFormat(utf8('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'))).toBe('html');
    expect(detectFormat(utf8('<div class="main"><p>Body</p></div>'))).toBe('html');
    expect(looksLikeHtml('Use <p> for paragraphs and <div> for blocks.')).toBe(false);
    expect(detectFormat(utf8('a < b and c > d'))).toBe('text');
  });

  it('recognises Markdown by headings, fences, tables or links, never by its name', () => {
    expect(detectFormat(utf8('# Title\n\nText\n\n## Part\n\nMore'))).toBe('markdown');
    expect(detectFormat(utf8('| a | b |\n|---|---|\n| 1 | 2 |\n'))).toBe('markdown');
    expect(detectFormat(utf8('# Title\n\n- one\n- two\n'))).toBe('markdown');
    expect(detectFormat(utf8('Plain text\n\n- one\n- two\n'))).toBe('text');
    expect(detectFormat(utf8('Plain text\n\n- one\n- two\n'), 'notes.md')).toBe('text');
    const statute = new URL('./fixtures/text/tokkyo.utf-8.txt', import.meta.url);
    expect(detectFormat(new Uint8Array(readFileSync(statute)), 'tokkyo.md')).toBe('text');
    expect(looksLikeMarkdown('See [a](http://a) and [b](http://b).')).toBe(true);
    expect(looksLikeMarkdown('Chapter 3\n\n(1) Security')).toBe(false);
  });

  it('refuses binary content with E_UNSUPPORTED_FORMAT naming what it looks like', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(failureCode(png)).toBe('E_UNSUPPORTED_FORMAT');
    expect(failureCode(Uint8Array.from([0x54, 0x65, 0x78, 0x74, 0x00, 0x01]))).toBe('E_UNSUPPORTED_FORMAT');
    expect(failureCode(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBe('E_UNSUPPORTED_FORMAT');
    const zip = zipSync({ 'content.xml': utf8('<office/>'), mimetype: utf8('application/vnd.oasis') });
    expect(failureCode(zip)).toBe('E_UNSUPPORTED_FORMAT');
    try {
      detectFormat(png, 'photo.txt');
    } catch (error) {
      expect(String((error as Error).message)).toBe(
        "cannot import 'photo.txt': not a supported format: it looks like a PNG image",
      );
    }
  });

  it('detects a minimal DOCX by its word/document.xml part', () => {
    expect(detectFormat(zipSync({ 'word/document.xml': utf8('<w:document/>') }))).toBe('docx');
  });

  it('tells a Word package missing its main part (damaged: E_CORRUPT) from a ZIP that is no Word file at all', async () => {
    const damaged = zipSync({ '[Content_Types].xml': utf8('<Types/>'), 'word/styles.xml': utf8('<w:styles/>') });
    expect(detectFormat(damaged)).toBe('docx');
    await expect(importEdition(damaged, { name: 'x.docx' })).rejects.toMatchObject({ code: 'E_CORRUPT' });
    const workbook = zipSync({ '[Content_Types].xml': utf8('<Types/>'), 'xl/workbook.xml': utf8('<workbook/>') });
    await expect(importEdition(workbook, { name: 'x.xlsx' })).rejects.toMatchObject({
      code: 'E_UNSUPPORTED_FORMAT',
      message: expect.stringContaining('no Word parts'),
    });
  });

  it('reads %PDF- as a PDF header only at the start (after a BOM or whitespace), not in the text of a document', () => {
    expect(detectFormat(utf8('%PDF-1.7\n...'))).toBe('pdf');
    expect(detectFormat(utf8('\ufeff \r\n%PDF-1.4\n'))).toBe('pdf');
    expect(detectFormat(utf8('Attach the form as %PDF-1.7 or later.\n\nSecond paragraph.'))).toBe('text');
    expect(detectFormat(utf8('# Formats\n\nFiles start with `%PDF-`.\n\n## More\n'))).toBe('markdown');
    // A junk line before the header, as some generators write, still reads as a PDF when %%EOF ends it.
    const pdf = fixture('pdf/bluebook-2020.pdf');
    expect(detectFormat(Uint8Array.from([...utf8('junk line\n'), ...pdf]))).toBe('pdf');
  });

  it('never throws anything but a coded error on random bytes (its speed: bench/hostile-inputs.bench.ts)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const code = failureCode(bytes);
        expect(code === null || code === 'E_UNSUPPORTED_FORMAT').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
