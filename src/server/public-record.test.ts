import { describe, expect, it } from 'vitest';
import type { EditionRecord } from '../store/index.js';
import { publicEditionRecord, publicSourceName } from './public-record.js';

describe('publicSourceName', () => {
  it('keeps only the last segment of a file path, POSIX or Windows', () => {
    expect(publicSourceName('/work/main/examples/bluebook/2020-ch3-s1.txt')).toBe('2020-ch3-s1.txt');
    expect(publicSourceName('/home/alice/drafts/')).toBe('drafts');
    expect(publicSourceName('C:\\Users\\alice\\terms 2022.pdf')).toBe('terms 2022.pdf');
    expect(publicSourceName('relative/dir/file.md')).toBe('file.md');
    expect(publicSourceName('plain.txt')).toBe('plain.txt');
  });

  it('keeps http(s) URLs whole', () => {
    expect(publicSourceName('https://www.mofa.go.jp/files/100.pdf')).toBe('https://www.mofa.go.jp/files/100.pdf');
    expect(publicSourceName('HTTP://example.org/a/b')).toBe('HTTP://example.org/a/b');
  });
});

describe('publicEditionRecord', () => {
  it('changes source.name only, and leaves the record it was given alone', () => {
    const record: EditionRecord = {
      series: 's',
      label: 'l',
      date: null,
      lang: 'en',
      sha256: 'a'.repeat(64),
      size: 3,
      source: { name: '/home/alice/l.txt', contentType: 'text/plain' },
      format: 'text',
      encoding: 'utf-8',
      importedAt: '2026-01-02T03:04:05.000Z',
      engineVersion: '1',
      indexedWith: '1',
    };
    const shown = publicEditionRecord(record);
    expect(shown).toEqual({ ...record, source: { name: 'l.txt', contentType: 'text/plain' } });
    expect(record.source.name).toBe('/home/alice/l.txt');
  });
});
