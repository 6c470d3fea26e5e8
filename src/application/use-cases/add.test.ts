import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandEditionSources } from '../../cli/edition-sources.js';
import { SERIES_TEXTS } from '../../collate/series.fixture.js';
import { codeOf } from '../../errors/code-of.fixture.js';
import { type EditionStore, openStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { COMPARISON_KIND, comparisonKey, TREE_KIND } from '../caches/documents.js';
import { type AddProgress, addEditions, alignSeries } from './add.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const now = () => new Date('2024-01-02T03:04:05Z');

let folder: string;
const stores: EditionStore[] = [];

/** A fresh SQLite store in the temporary folder. */
async function freshStore(name: string): Promise<EditionStore> {
  const store = await openStore(join(folder, `${name}.db`));
  stores.push(store);
  return store;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-add-'));
  // The collate fixture's five editions, then the Bluebook pair: seven editions, six pairs to align.
  for (const [index, { label, text }] of SERIES_TEXTS.entries()) {
    writeFileSync(join(folder, `0${index + 1}-${label}-04-01.txt`), text);
  }
  copyFileSync(join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'), join(folder, '06-2025-01-01_bluebook.txt'));
  copyFileSync(join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'), join(folder, '07-2026-01-01_bluebook.txt'));
  writeFileSync(join(folder, 'empty.txt'), '');
});

afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Every stored tree and comparison of a series, by cache key. */
async function derivedOf(store: EditionStore, series: string): Promise<Record<string, unknown>> {
  const records = await store.listEditions(series);
  const derived: Record<string, unknown> = {};
  for (const [index, record] of records.entries()) {
    derived[`tree ${record.label}`] = await store.getDerived(TREE_KIND, record.sha256, ENGINE_VERSION);
    const older = records[index - 1];
    if (older) {
      const key = comparisonKey(older, record);
      derived[`comparison ${key}`] = await store.getDerived(COMPARISON_KIND, key, ENGINE_VERSION);
    }
  }
  return derived;
}

describe('bulk add on a worker pool', () => {
  it('stores the same trees and comparisons, with the same progress, whatever the number of jobs', async () => {
    const editions = (await expandEditionSources(['.'], folder)).filter((e) => e.label !== 'empty');
    expect(editions).toHaveLength(7);
    const results = [];
    for (const jobs of [1, 2]) {
      const store = await freshStore(`jobs-${jobs}`);
      const steps: AddProgress[] = [];
      const result = await addEditions(
        store,
        { series: 'mixed', editions, cwd: folder, lang: 'en', jobs },
        { now, onProgress: (step) => steps.push(step) },
      );
      results.push({ result, steps, derived: await derivedOf(store, 'mixed') });
    }
    const [inProcess, onPool] = results;
    expect(inProcess?.result.aligned).toBe(6);
    expect(onPool?.result).toEqual(inProcess?.result);
    expect(onPool?.steps).toEqual(inProcess?.steps);
    const derived = inProcess?.derived ?? {};
    expect(Object.keys(derived)).toHaveLength(13);
    for (const [key, value] of Object.entries(derived)) expect(value, key).toBeDefined();
    expect(onPool?.derived).toEqual(derived);
  });

  it('aligns a series whose comparisons were cleared from stored trees on the pool, as in process', async () => {
    const store = await freshStore('realign');
    const editions = (await expandEditionSources(['.'], folder)).filter((e) => e.label !== 'empty');
    await addEditions(store, { series: 'mixed', editions, cwd: folder, jobs: 1 }, { now });
    const before = await derivedOf(store, 'mixed');
    await store.clearDerived(COMPARISON_KIND);
    const steps: string[] = [];
    const aligned = await alignSeries(store, 'mixed', (p) => steps.push(`${p.done}/${p.total} ${p.label}`), {
      jobs: 2,
    });
    expect(aligned).toBe(6);
    expect(steps.at(-1)).toBe('6/6 07-2026-01-01_bluebook');
    expect(await derivedOf(store, 'mixed')).toEqual(before);
    // Everything cached: nothing to compare, every pair still reported.
    steps.length = 0;
    expect(await alignSeries(store, 'mixed', (p) => steps.push(`${p.done}/${p.total}`), { jobs: 2 })).toBe(6);
    expect(steps).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
  });

  it('fails on a bad edition with the same code, keeping the editions before it, whatever the number of jobs', async () => {
    const all = await expandEditionSources(['.'], folder);
    const editions = [...all.slice(0, 3), ...all.filter((e) => e.label === 'empty'), ...all.slice(3, 5)];
    for (const jobs of [1, 2]) {
      const store = await freshStore(`failing-${jobs}`);
      expect(await codeOf(addEditions(store, { series: 'broken', editions, cwd: folder, jobs }, { now }))).toBe(
        'E_EMPTY',
      );
      expect((await store.listEditions('broken')).map((e) => e.label)).toEqual(
        editions.slice(0, 3).map((e) => e.label),
      );
    }
  });
});
