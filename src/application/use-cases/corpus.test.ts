import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandEditionSources, labelFromFileName } from '../../cli/edition-sources.js';
import { codeOf } from '../../errors/code-of.fixture.js';
import { type EditionRecord, type EditionStore, openStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { COMPARISON_KIND, comparisonKey, TREE_KIND } from '../caches/documents.js';
import { SERIES_BLAME_KIND, SERIES_CACHE_KINDS, SERIES_HISTORY_KIND } from '../caches/series-cache.js';
import {
  addEditions,
  blameEdition,
  compareStored,
  compareStoredJson,
  rebuildCorpus,
  removeFromCorpus,
  searchCorpus,
  searchGrouped,
  seriesHistory,
  showSeries,
  traceSeries,
} from '../index.js';

const now = () => new Date('2024-01-02T03:04:05Z');
const RETURNING = 'Emergency powers lapse after ninety days unless the assembly renews them by a majority vote.';

/** Five short editions: a renumbered section, a moved paragraph, a sentence that disappears and returns. */
const EDITIONS: Record<string, string> = {
  '01-2016-01-01_a.txt': `Terms\n\n(1) Scope\n\nThese terms govern the use of the service by every user.\n\n${RETURNING}\n\n(2) Payment\n\nFees are due monthly in advance.\n`,
  '02-2017-01-01_b.txt': `Terms\n\n(1) Scope\n\nThese terms govern the use of the service by every user.\n\n(2) Payment\n\nFees are due monthly in advance.\n`,
  '03-2018-01-01_c.txt': `Terms\n\n(1) Scope\n\nThese terms govern the use of the service by every user.\n\n(2) Privacy\n\nWe keep personal data safe and never sell it.\n\n(3) Payment\n\nFees are due monthly in advance.\n`,
  '04-2019-01-01_d.txt': `Terms\n\n(1) Scope\n\nThese terms govern the use of the service by every user.\n\n${RETURNING}\n\n(2) Privacy\n\nWe keep personal data safe and never sell it.\n\n(3) Payment\n\nFees are due monthly in advance, and increasingly severe penalties apply to late payment.\n`,
};

let folder: string;
let store: EditionStore;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-app-'));
  for (const [name, text] of Object.entries(EDITIONS)) writeFileSync(join(folder, name), text);
  writeFileSync(join(folder, 'manifest.json'), '{}');
  writeFileSync(join(folder, 'ja-2020.txt'), '第1条 目的\n\nこの法律は、領土の保全を目的とする。\n');
  writeFileSync(join(folder, 'ja-2022.txt'), '第1条 目的\n\nこの法律は、領土及び領海の保全を目的とする。\n');
  store = await openStore(join(folder, 'store.db'));
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('labels from file names', () => {
  it('uses the stem as label and a leading date (after an ordinal) as date', () => {
    expect(labelFromFileName('x/05-2012-09-26_91fa488.md')).toEqual({
      label: '05-2012-09-26_91fa488',
      date: '2012-09-26',
    });
    expect(labelFromFileName('2020-01-31.txt')).toEqual({ label: '2020-01-31', date: '2020-01-31' });
    expect(labelFromFileName('2022-ch3-s1.txt')).toEqual({ label: '2022-ch3-s1' });
  });

  it('never loses the stem (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_-]{1,20}$/), (stem) => {
        expect(labelFromFileName(`dir/${stem}.txt`).label).toBe(stem);
      }),
    );
  });

  it('expands a directory to its edition files in name order, skipping other files', async () => {
    const sources = await expandEditionSources(['.'], folder);
    expect(sources.map((s) => s.label)).toEqual([
      ...Object.keys(EDITIONS).map((n) => n.replace('.txt', '')),
      'ja-2020',
      'ja-2022',
    ]);
    expect(sources[0]?.date).toBe('2016-01-01');
    expect(await codeOf(expandEditionSources(['missing'], folder))).toBe('E_NOT_FOUND');
    expect(await codeOf(expandEditionSources(['.'], folder, { label: 'x' }))).toBe('E_USAGE');
  });
});

describe('a series of editions', () => {
  it('adds, caches trees and comparisons, and indexes for search', async () => {
    const editions = (await expandEditionSources(Object.keys(EDITIONS), folder)).map((e, i) => ({
      ...e,
      label: `e${i + 1}`,
    }));
    const steps: string[] = [];
    const result = await addEditions(
      store,
      { series: 'terms', editions, cwd: folder, lang: 'en' },
      {
        now,
        onProgress: (p) => steps.push(`${p.phase}:${p.done}/${p.total}`),
      },
    );
    expect(result.editions.map((e) => e.status)).toEqual(['added', 'added', 'added', 'added']);
    expect(result.aligned).toBe(3);
    expect(steps).toContain('import:4/4');
    expect(steps).toContain('align:3/3');
    const records = result.editions.map((e) => e.record);
    expect(records[0]?.importedAt).toBe('2024-01-02T03:04:05.000Z');
    expect(await store.getDerived(TREE_KIND, records[0]?.sha256 ?? '', ENGINE_VERSION)).toBeDefined();
    expect(
      await store.getDerived(
        COMPARISON_KIND,
        comparisonKey(records[2] as EditionRecord, records[3] as EditionRecord),
        ENGINE_VERSION,
      ),
    ).toBeDefined();
    // Idempotent: the same bytes again change nothing.
    const again = await addEditions(store, { series: 'terms', editions, cwd: folder }, { now });
    expect(again.editions.map((e) => e.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect((await showSeries(store, 'terms')).editions.map((e) => e.label)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('refuses different bytes under a taken label unless replace', async () => {
    const other = [{ source: 'ja-2020.txt', label: 'e1' }];
    expect(await codeOf(addEditions(store, { series: 'terms', editions: other, cwd: folder }, { now }))).toBe(
      'E_EXISTS',
    );
  });

  it('blames the latest edition: the returning sentence is a return, the renumbered payment keeps its origin', async () => {
    const blame = await blameEdition(store, 'terms');
    const returning = blame.sentences.find((s) => s.text === RETURNING);
    expect(returning?.history).toMatch(/return/i);
    const fees = blame.sentences.find((s) => s.text.startsWith('Fees are due'));
    expect(fees?.origin).toBe(0);
    expect(fees?.since).toBe(3);
    const late = fees?.words.find((w) => w.text === 'severe');
    expect(late?.edition).toBe(3);
    const scoped = await blameEdition(store, 'terms', { edition: 'e3', section: ['(3)'] });
    expect(scoped.sentences.map((s) => s.text)).toEqual(['Fees are due monthly in advance.']);
    expect(await codeOf(blameEdition(store, 'terms', { edition: 'nope' }))).toBe('E_NO_EDITION');
    expect(await codeOf(blameEdition(store, 'terms', { section: ['(9)'] }))).toBe('E_USAGE');
    expect(await codeOf(blameEdition(store, 'nope'))).toBe('E_NO_SERIES');
  });

  it('traces a phrase with gaps and returns', async () => {
    const trace = await traceSeries(store, 'terms', 'ninety days');
    expect(trace.editions.map((e) => e.count)).toEqual([1, 0, 0, 1]);
    expect(trace.returns.map((r) => r.label)).toEqual(['e4']);
    expect(await codeOf(traceSeries(store, 'terms', '('))).toBe('no error');
    expect(await codeOf(traceSeries(store, 'terms', '(', { mode: 'regex' }))).toBe('E_USAGE');
  });

  it('gives the history and compares non-adjacent editions', async () => {
    const history = await seriesHistory(store, 'terms');
    expect(history.steps).toHaveLength(3);
    expect(history.steps[1]?.sections.renumbered).toBeGreaterThan(0);
    const comparison = await compareStored(store, 'terms', 'e1', 'e4');
    expect(comparison.old.name).toBe('e1');
    expect(comparison.new.name).toBe('e4');
    expect(comparison.summary.sections.inserted).toBe(1);
    expect(await codeOf(compareStored(store, 'terms', 'e1', 'nope'))).toBe('E_NO_EDITION');
    expect(await codeOf(compareStored(store, 'nope', 'e1', 'e2'))).toBe('E_NO_SERIES');
  });

  it('hands a cached comparison out as its stored JSON, named after the editions asked for', async () => {
    const parsed = await compareStored(store, 'terms', 'e1', 'e2');
    const json = await compareStoredJson(store, 'terms', 'e1', 'e2');
    expect(JSON.parse(json)).toEqual(parsed);
    // The same bytes under other labels in another series: a key of their own, so the answer names c1/c2.
    const sources = ['01-2016-01-01_a.txt', '02-2017-01-01_b.txt'];
    await addEditions(
      store,
      { series: 'copy', editions: sources.map((source, i) => ({ source, label: `c${i + 1}` })), cwd: folder },
      { now },
    );
    const copy = JSON.parse(await compareStoredJson(store, 'copy', 'c1', 'c2'));
    expect([copy.old.name, copy.new.name]).toEqual(['c1', 'c2']);
    expect(copy.pairs).toEqual(parsed.pairs);
    // Options whose results are not cached are computed.
    expect(JSON.parse(await compareStoredJson(store, 'terms', 'e1', 'e2', { ignoreCase: true })).old.name).toBe('e1');
    await removeFromCorpus(store, 'copy');
  });

  it('searches English and Japanese, citing series, edition and section', async () => {
    await addEditions(
      store,
      {
        series: 'ja',
        lang: 'ja',
        cwd: folder,
        editions: [
          { source: 'ja-2020.txt', label: '2020' },
          { source: 'ja-2022.txt', label: '2022' },
        ],
      },
      { now },
    );
    const hits = await searchCorpus(store, 'personal data', { series: 'terms' });
    expect(hits.map((h) => h.edition).sort()).toEqual(['e3', 'e4']);
    expect(hits[0]?.path).toBe('(2)');
    const ja = await searchCorpus(store, '領海');
    expect(ja.map((h) => `${h.series} ${h.edition}`)).toEqual(['ja 2022']);
    expect(ja[0]?.path).toBe('第1条');
    expect((await traceSeries(store, 'ja', '領土')).editions.map((e) => e.count)).toEqual([1, 1]);
    expect(await codeOf(searchCorpus(store, 'x', { series: 'nope' }))).toBe('E_NO_SERIES');
    expect(await codeOf(searchCorpus(store, '  '))).toBe('E_USAGE');
  });

  it('groups one text found in several editions into one result that names them and the gaps', async () => {
    expect(await searchCorpus(store, 'govern', { series: 'terms' })).toHaveLength(4);
    const govern = await searchGrouped(store, 'govern', { series: 'terms' });
    expect(govern.groups.map((g) => [g.editions, g.gaps, g.hit.edition])).toEqual([
      [['e1', 'e2', 'e3', 'e4'], [], 'e4'],
    ]);
    expect(govern.hits.map((h) => h.edition)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(govern.truncated).toBe(false);
    // The emergency clause left in e2 and came back in e4.
    const lapse = await searchGrouped(store, 'emergency powers', { series: 'terms' });
    expect(lapse.groups.map((g) => [g.editions, g.gaps])).toEqual([
      [
        ['e1', 'e4'],
        ['e2', 'e3'],
      ],
    ]);
    // Two texts: the limit counts texts, and every hit of the texts kept comes with them.
    const fees = await searchGrouped(store, 'fees', { series: 'terms', limit: 1 });
    expect(fees.groups).toHaveLength(1);
    expect(fees.hits.every((h) => h.unit === fees.groups[0]?.unit)).toBe(true);
    expect(await codeOf(searchGrouped(store, 'x', { series: 'nope' }))).toBe('E_NO_SERIES');
  });

  it('answers from a read-only store whose series caches are stale, remaking them for the read and storing nothing', async () => {
    const made = await seriesHistory(store, 'terms');
    await store.deleteDerived(SERIES_HISTORY_KIND, 'terms');
    const reader = await openStore(join(folder, 'store.db'), { readOnly: true });
    try {
      // The read collates the series again, whose writes (the values, the forgetting of their tails) are no-ops.
      expect(await seriesHistory(reader, 'terms')).toEqual(made);
      expect(await store.getDerived(SERIES_HISTORY_KIND, 'terms', ENGINE_VERSION)).toBeUndefined();
    } finally {
      await reader.close();
    }
    expect(await seriesHistory(store, 'terms')).toEqual(made);
    expect(await store.getDerived(SERIES_HISTORY_KIND, 'terms', ENGINE_VERSION)).toBeDefined();
  });

  it('rebuilds every cache and removes editions and series', async () => {
    const rebuilt = await rebuildCorpus(store);
    expect(rebuilt.editions).toBe(6);
    expect(rebuilt.aligned).toBe(4);
    expect(rebuilt.cleared.derived).toBeGreaterThan(0);
    expect(await searchCorpus(store, 'personal data', { series: 'terms' })).toHaveLength(2);
    expect(await removeFromCorpus(store, 'terms', 'e4')).toBe(1);
    // The series' caches were rebuilt for the three editions left: blame reads them without collating again.
    expect((await blameEdition(store, 'terms')).editions.map((e) => e.label)).toEqual(['e1', 'e2', 'e3']);
    expect(await store.getDerived(SERIES_BLAME_KIND, 'terms', ENGINE_VERSION)).toBeDefined();
    expect(await removeFromCorpus(store, 'terms')).toBe(3);
    expect(await codeOf(showSeries(store, 'terms'))).toBe('E_NO_SERIES');
    for (const kind of SERIES_CACHE_KINDS) {
      expect(await store.getDerived(kind, 'terms', ENGINE_VERSION)).toBeUndefined();
    }
  });

  it('removes a series with its last edition, and blames a series left empty by the store with E_NO_EDITION', async () => {
    await addEditions(
      store,
      { series: 'single', editions: [{ source: 'ja-2020.txt', label: 'a' }], cwd: folder },
      { now },
    );
    expect(await removeFromCorpus(store, 'single', 'a')).toBe(1);
    expect(await codeOf(showSeries(store, 'single'))).toBe('E_NO_SERIES');
    // A store used directly (or an older version of this one) can hold a series without editions.
    await addEditions(
      store,
      { series: 'emptied', editions: [{ source: 'ja-2020.txt', label: 'a' }], cwd: folder },
      { now },
    );
    await store.removeEdition('emptied', 'a');
    expect(await codeOf(blameEdition(store, 'emptied'))).toBe('E_NO_EDITION');
  });

  it('records a local source by the name it was given relative to the folder, not an absolute path', async () => {
    const added = await addEditions(
      store,
      { series: 'relative', editions: [{ source: 'ja-2022.txt', label: 'a' }], cwd: folder },
      { now },
    );
    expect(added.editions[0]?.record.source.name).toBe('ja-2022.txt');
  });
});
