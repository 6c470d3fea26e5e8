import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../parse/text.js';
import { type EditionStore, openStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { TREE_KIND } from '../caches/documents.js';
import { storeParsedEdition } from './add.js';
import { addEditionBytes } from './upload.js';

const now = () => new Date('2024-01-02T03:04:05Z');

let folder: string;
let store: EditionStore;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-upload-'));
  store = await openStore(join(folder, 'store.db'));
});

afterAll(async () => {
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

const encode = (text: string) => new TextEncoder().encode(text);

describe('storeParsedEdition', () => {
  it('stores, caches the tree and indexes once; an unchanged, indexed edition is left alone', async () => {
    const text = 'Chapter 1 Peace\n\nThe harbour treaty was signed.\n';
    const input = {
      series: 'parsed',
      label: 'one',
      bytes: encode(text),
      source: { name: 'one.txt' },
      format: 'text',
      importedAt: now().toISOString(),
      engineVersion: ENGINE_VERSION,
    };
    const first = await storeParsedEdition(store, input, parseText(text));
    expect([first.result.status, first.indexed]).toEqual(['added', true]);
    expect(await store.getDerived(TREE_KIND, first.result.edition.sha256, ENGINE_VERSION)).toBeDefined();
    const hits = await store.search('harbour', { series: 'parsed' });
    expect(hits.map((hit) => hit.edition)).toEqual(['one']);
    const again = await storeParsedEdition(store, input, parseText(text));
    expect([again.result.status, again.indexed]).toEqual(['unchanged', false]);
  });
});

describe('addEditionBytes', () => {
  it('imports, stores, indexes and aligns an uploaded edition through the shared steps', async () => {
    const first = await addEditionBytes(
      store,
      { series: 'uploaded', label: 'a', bytes: encode('One.\n\nThe lighthouse stands.\n'), sourceName: 'a.txt' },
      { now },
    );
    expect(first).toMatchObject({ status: 'added', aligned: 0 });
    expect(first.edition).toMatchObject({ source: { name: 'a.txt' }, format: 'text', indexedWith: ENGINE_VERSION });
    const second = await addEditionBytes(
      store,
      { series: 'uploaded', label: 'b', bytes: encode('One.\n\nThe lighthouse fell.\n'), sourceName: 'b.txt' },
      { now },
    );
    expect(second).toMatchObject({ status: 'added', aligned: 1 });
    const hits = await store.search('lighthouse', { series: 'uploaded' });
    expect(new Set(hits.map((hit) => hit.edition))).toEqual(new Set(['a', 'b']));
  });
});
