import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { addEditions } from './add.js';
import { REBUILD_REQUESTED, rebuildRequest, rebuildSeries, seriesRebuildNeed } from './rebuild.js';

const sample = (year: number) => new URL(`../../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url);

describe('rebuild requests', () => {
  it('are unique, and each asks for every value to be made again', () => {
    const [first, second] = [rebuildRequest(), rebuildRequest()];
    expect(first).not.toBe(second);
    expect([seriesRebuildNeed(first), seriesRebuildNeed(REBUILD_REQUESTED), seriesRebuildNeed(ENGINE_VERSION)]).toEqual(
      ['replace', 'replace', 'none'],
    );
  });

  it('a request made while a rebuild runs is not taken for done by it', async () => {
    const store = await openStore(':memory:');
    try {
      const editions = [2020, 2022].map((year) => ({
        source: `${year}.txt`,
        label: String(year),
        bytes: new Uint8Array(readFileSync(sample(year))),
      }));
      await addEditions(store, { series: 'bluebook', editions, cwd: '/' }, { now: () => new Date(0) });
      const first = rebuildRequest();
      expect(await store.setSeriesEngine('bluebook', first)).toBe(true);
      // A second `palimpsest rebuild` while the first one's job runs.
      const second = rebuildRequest();
      expect(await store.setSeriesEngine('bluebook', second)).toBe(true);
      await rebuildSeries(store, 'bluebook', { replace: true, from: first });
      expect(await store.seriesEngine('bluebook')).toBe(second);
      await rebuildSeries(store, 'bluebook', { replace: true, from: second });
      expect(await store.seriesEngine('bluebook')).toBe(ENGINE_VERSION);
    } finally {
      await store.close();
    }
  });
});
