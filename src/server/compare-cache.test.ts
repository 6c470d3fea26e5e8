import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMPARISON_KIND, comparisonKey, TREE_KIND } from '../application/caches/documents.js';
import { AlignPool, compareStoredJson } from '../application/index.js';
import { countingStore } from '../testing/counting-store.js';
import { ENGINE_VERSION } from '../version.js';
import { createApp } from './app.js';
import { fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

/**
 * One pass through the caches per compare (issue 13 item 1): the store is the real SQLite store of the sample, wrapped
 * in a decorator that forwards every call and counts it (src/testing/counting-store.ts).
 */

let sample: SampleStore;

beforeAll(async () => {
  sample = await sampleStore();
});

afterAll(async () => {
  await sample?.dispose();
});

/** Forget every derived value of the sample, so the next compare is cold: no tree, no comparison cached. */
beforeEach(async () => {
  await sample.store.clearDerived();
});

const PAIR = '/api/series/bluebook/compare?old=2020&new=2022';

describe('a cold HTTP compare', () => {
  it('reads the series once, the comparison cache once and each tree once, then writes each value once', async () => {
    const counting = countingStore(sample.store);
    const app = createApp({ store: counting.store, now: fixedNow });
    const response = await app.request(PAIR);
    expect(response.status).toBe(200);
    const json = await response.text();
    expect(counting.reads()).toEqual({
      'getDerived tree': 2,
      'getDerivedJson comparison': 1,
      getEditionBytes: 2,
      getSeries: 1,
      listEditions: 1,
    });
    expect(counting.count('putDerived tree')).toBe(2);
    expect(counting.count('putDerived comparison')).toBe(1);
    // Warm: the stored JSON goes out as it is, from its one read.
    counting.reset();
    const again = await app.request(PAIR);
    expect(await again.text()).toBe(json);
    expect(counting.reads()).toEqual({ 'getDerivedJson comparison': 1, getSeries: 1, listEditions: 1 });
    expect(counting.count('putDerived comparison')).toBe(0);
  });

  it('reads the comparison cache once as a value for a rendered report, and not at all for uncached options', async () => {
    const counting = countingStore(sample.store);
    const app = createApp({ store: counting.store, now: fixedNow });
    expect((await app.request(`${PAIR}&format=html`)).status).toBe(200);
    expect(counting.reads()).toEqual({
      'getDerived comparison': 1,
      'getDerived tree': 2,
      getEditionBytes: 2,
      getSeries: 1,
      listEditions: 1,
    });
    counting.reset();
    expect((await app.request(`${PAIR}&format=md&ignoreCase=true`)).status).toBe(200);
    expect(counting.reads()).toEqual({ 'getDerived tree': 2, getSeries: 1, listEditions: 1 });
    expect(counting.count('putDerived comparison')).toBe(0);
  });

  it('keeps the comparison under an explicit key: both editions’ bytes and labels and the language', async () => {
    await compareStoredJson(sample.store, 'bluebook', '2020', '2022');
    const [older, newer] = await sample.store.listEditions('bluebook');
    if (older === undefined || newer === undefined) throw new Error('the sample has two editions');
    expect(JSON.parse(comparisonKey(older, newer))).toEqual([3, older.sha256, newer.sha256, '2020', '2022', 'en']);
    const stored = await sample.store.getDerived<{ old: { name: string } }>(
      COMPARISON_KIND,
      comparisonKey(older, newer),
      ENGINE_VERSION,
    );
    expect(stored?.old.name).toBe('2020');
    // Other labels or another language are other keys: a miss, never a comparison named after other editions.
    const relabelled = { ...older, label: 'first' };
    expect(
      await sample.store.getDerived(COMPARISON_KIND, comparisonKey(relabelled, newer), ENGINE_VERSION),
    ).toBeUndefined();
    expect(
      await sample.store.getDerived(COMPARISON_KIND, comparisonKey(older, newer, { locale: 'fr' }), ENGINE_VERSION),
    ).toBeUndefined();
  });
});

describe('a cold compare on a server pool', () => {
  it('parses the missing trees on the pool too, and answers as in process', async () => {
    const pool = new AlignPool(1, { offload: true });
    try {
      const app = createApp({ store: sample.store, now: fixedNow, pool });
      const response = await app.request(PAIR);
      expect(response.status).toBe(200);
      // Two trees parsed and one comparison made, each a task of the pool; the trees were cached as in process.
      expect(pool.tasks).toBe(3);
      const [older, newer] = await sample.store.listEditions('bluebook');
      for (const record of [older, newer]) {
        expect(await sample.store.getDerived(TREE_KIND, record?.sha256 ?? '', ENGINE_VERSION)).toBeDefined();
      }
      const onPool = await response.text();
      await sample.store.clearDerived();
      expect(onPool).toBe(await compareStoredJson(sample.store, 'bluebook', '2020', '2022'));
    } finally {
      await pool.close();
    }
  });
});

describe('a cold blame, history and trace on a server pool', () => {
  it('parse the missing trees and make the missing comparisons on the pool, and answer as in process', async () => {
    const routes = [
      '/api/series/bluebook/blame',
      '/api/series/bluebook/history',
      '/api/series/bluebook/trace?phrase=territorial',
    ];
    const inProcess = createApp({ store: sample.store, now: fixedNow });
    const expected: string[] = [];
    for (const route of routes) {
      await sample.store.clearDerived();
      expected.push(await (await inProcess.request(route)).text());
    }
    const pool = new AlignPool(1, { offload: true });
    try {
      const app = createApp({ store: sample.store, now: fixedNow, pool });
      for (const [index, route] of routes.entries()) {
        await sample.store.clearDerived();
        const before = pool.tasks;
        const response = await app.request(route);
        expect(response.status, route).toBe(200);
        expect(await response.text(), route).toBe(expected[index]);
        // Two trees parsed; blame and history also compare the pair.
        expect(pool.tasks - before, route).toBe(route.includes('trace') ? 2 : 3);
      }
    } finally {
      await pool.close();
    }
  });
});
