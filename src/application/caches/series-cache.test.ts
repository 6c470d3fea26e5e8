import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFolder } from '../../cli/sample.js';
import { blame, collateSeries, history, type SeriesLineage } from '../../collate/index.js';
import { JAPANESE_TEXTS, SERIES_TEXTS } from '../../collate/series.fixture.js';
import type { Comparison } from '../../model/comparison.js';
import type { DocumentNode } from '../../model/tree.js';
import { type EditionRecord, type EditionStore, openStore } from '../../store/index.js';
import { type TraceMode, tracePhrase } from '../../trace/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { addEditions, blameEdition, rebuildCorpus, seriesFingerprint, seriesHistory, traceSeries } from '../index.js';
import { packHistory } from './collate-pack.js';
import { COMPARISON_KIND, comparisonKey, editionComparison, editionDocument, TREE_KIND } from './documents.js';
import {
  forgetSeriesCaches,
  SERIES_BLAME_KIND,
  SERIES_HISTORY_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_TRACE_KIND,
  seriesCacheValues,
  warmSeriesCaches,
} from './series-cache.js';

const now = () => new Date('2024-01-02T03:04:05Z');
const KINDS = [SERIES_LINEAGE_KIND, SERIES_BLAME_KIND, SERIES_HISTORY_KIND, SERIES_TRACE_KIND];

let folder: string;
let store: EditionStore;

/** The series of these tests: the generated five-edition series, the Japanese one and the bundled Bluebook pair. */
const SERIES: Array<{ name: string; lang: string; files: Array<{ file: string; label: string; date?: string }> }> = [
  {
    name: 'fixture',
    lang: 'en',
    files: SERIES_TEXTS.map(({ label }) => ({ file: `fixture-${label}.txt`, label, date: `${label}-04-01` })),
  },
  { name: 'ja', lang: 'ja', files: JAPANESE_TEXTS.map(({ label }, i) => ({ file: `ja-${i}.txt`, label })) },
  {
    name: 'bluebook',
    lang: 'en',
    files: ['2020', '2022'].map((label) => ({ file: join(sampleFolder(), `${label}-ch3-s1.txt`), label, date: label })),
  },
];

/** The phrases traced in each series, in every mode. */
const PHRASES: Record<string, string[]> = {
  fixture: ['increasingly severe', 'Japan', 'at all times', '(land|sea)'],
  ja: ['国民', '安全を確保', '第\\d条'],
  bluebook: ['increasingly severe', 'Japan', 'territorial integrity', 'secur[a-z]+'],
};

/** Adds editions [from, to) of one of SERIES, under its name or another. */
async function addSeries(name: string, range: { as?: string; from?: number; to?: number } = {}): Promise<void> {
  const series = SERIES.find((s) => s.name === name);
  if (!series) throw new Error(`no series ${name}`);
  await addEditions(
    store,
    {
      series: range.as ?? name,
      lang: series.lang,
      cwd: folder,
      editions: series.files
        .slice(range.from ?? 0, range.to)
        .map(({ file, label, date }) => ({ source: file, label, ...(date ? { date } : {}) })),
    },
    { now },
  );
}

/** The uncached path, as blame, history and trace worked before the series caches: trees and comparisons. */
async function reference(
  name: string,
): Promise<{ records: EditionRecord[]; documents: DocumentNode[]; lineage: SeriesLineage }> {
  const records = await store.listEditions(name);
  const documents: DocumentNode[] = [];
  for (const record of records) documents.push(await editionDocument(store, record));
  const comparisons: Comparison[] = [];
  for (let i = 1; i < records.length; i++) {
    const older = { record: records[i - 1] as EditionRecord, document: documents[i - 1] as DocumentNode };
    const newer = { record: records[i] as EditionRecord, document: documents[i] as DocumentNode };
    comparisons.push(await editionComparison(store, older, newer, { locale: newer.record.lang ?? 'en' }));
  }
  const lineage = collateSeries(
    records.map((record, i) => ({
      label: record.label,
      ...(record.date ? { date: record.date } : {}),
      document: documents[i] as DocumentNode,
    })),
    { comparisons },
  );
  return { records, documents, lineage };
}

/** Blame of every edition, history and traces through the store equal the reference ones. */
async function expectSameAsReference(name: string, expected: Awaited<ReturnType<typeof reference>>): Promise<void> {
  const { records, documents, lineage } = expected;
  for (const [i, record] of records.entries()) {
    const locale = record.lang ? { locale: record.lang } : {};
    expect(await blameEdition(store, name, { edition: record.label })).toEqual(blame(lineage, i, locale));
  }
  const latest = records.length - 1;
  expect(await blameEdition(store, name)).toEqual(blame(lineage, undefined, { locale: records[latest]?.lang ?? '' }));
  for (const top of [undefined, 0, 1, 3]) {
    const options = top === undefined ? {} : { top };
    expect(await seriesHistory(store, name, options)).toEqual(history(lineage, options));
  }
  const editions = records.map((record, i) => ({
    label: record.label,
    ...(record.date ? { date: record.date } : {}),
    document: documents[i] as DocumentNode,
  }));
  const locale = records.find((r) => r.lang)?.lang;
  for (const phrase of PHRASES[name] ?? []) {
    for (const mode of ['normalized', 'exact', 'regex'] as TraceMode[]) {
      const options = { mode, context: 12, ...(locale ? { locale } : {}) };
      expect(await traceSeries(store, name, phrase, { mode, context: 12 })).toEqual(
        tracePhrase(editions, phrase, options),
      );
    }
  }
}

/** Forget the trees and comparisons of every series. */
async function forgetTreesAndComparisons(): Promise<void> {
  await store.clearDerived(TREE_KIND);
  await store.clearDerived(COMPARISON_KIND);
}

/** Whether any tree or comparison of a series is in the cache. */
async function hasTreesOrComparisons(records: readonly EditionRecord[]): Promise<boolean> {
  for (const [i, record] of records.entries()) {
    if ((await store.getDerived(TREE_KIND, record.sha256, ENGINE_VERSION)) !== undefined) return true;
    const older = records[i - 1];
    if (older && (await store.getDerived(COMPARISON_KIND, comparisonKey(older, record), ENGINE_VERSION)) !== undefined)
      return true;
  }
  return false;
}

/** The fingerprint a series cache entry carries. */
async function storedFingerprint(kind: string, name: string): Promise<string | undefined> {
  return (await store.getDerived<{ fingerprint: string }>(kind, name, ENGINE_VERSION))?.fingerprint;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-series-cache-'));
  SERIES_TEXTS.forEach(({ label, text }) => {
    writeFileSync(join(folder, `fixture-${label}.txt`), text);
  });
  JAPANESE_TEXTS.forEach(({ text }, i) => {
    writeFileSync(join(folder, `ja-${i}.txt`), text);
  });
  store = await openStore(join(folder, 'store.db'));
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('series caches of blame, history and trace', () => {
  it('are warm after add: every series has its three values, made from the series as it is', async () => {
    for (const { name } of SERIES) await addSeries(name);
    for (const { name } of SERIES) {
      const fingerprint = seriesFingerprint(await store.listEditions(name));
      for (const kind of KINDS) {
        expect(await storedFingerprint(kind, name)).toBe(fingerprint);
      }
    }
  });

  it.each(SERIES.map((s) => s.name))(
    'give the same blame, history and trace as the uncached path (%s)',
    async (name) => {
      await expectSameAsReference(name, await reference(name));
    },
  );

  it('need neither trees nor comparisons on a hit, and give the same results without them', async () => {
    const expected = new Map<string, Awaited<ReturnType<typeof reference>>>();
    for (const { name } of SERIES) expected.set(name, await reference(name));
    await forgetTreesAndComparisons();
    for (const { name } of SERIES) {
      const wanted = expected.get(name) as Awaited<ReturnType<typeof reference>>;
      // Checked before the reference path below would load them again.
      const records = await store.listEditions(name);
      for (const record of records) {
        await blameEdition(store, name, { edition: record.label });
      }
      await seriesHistory(store, name, { top: 2 });
      await traceSeries(store, name, PHRASES[name]?.[0] ?? 'x');
      expect(await hasTreesOrComparisons(records)).toBe(false);
      await expectSameAsReference(name, wanted);
    }
  });

  it('blame with --section on a hit equals the uncached blame of that section, latest edition or not', async () => {
    const bluebook = (await reference('bluebook')).lineage;
    const fixture = (await reference('fixture')).lineage;
    await forgetTreesAndComparisons();
    const latest = await blameEdition(store, 'bluebook', { section: ['(2)'] });
    const older = await blameEdition(store, 'fixture', { edition: '2020', section: ['(2)'] });
    expect(await hasTreesOrComparisons(await store.listEditions('bluebook'))).toBe(false);
    expect(await hasTreesOrComparisons(await store.listEditions('fixture'))).toBe(false);
    expect(latest.section?.length).toBeGreaterThan(1);
    expect(latest.sentences.length).toBeGreaterThan(0);
    expect(latest).toEqual(blame(bluebook, 1, { locale: 'en', section: latest.section ?? [] }));
    expect(older.sentences.length).toBeGreaterThan(0);
    expect(older).toEqual(blame(fixture, 2, { locale: 'en', section: older.section ?? [] }));
    const code = await blameEdition(store, 'bluebook', { section: ['(99)'] }).catch((error) => error.code);
    expect(code).toBe('E_USAGE');
  });

  it('renew themselves when editions are added: the new values cover the new editions', async () => {
    await addSeries('fixture', { as: 'growing', to: 3 });
    const before = await storedFingerprint(SERIES_LINEAGE_KIND, 'growing');
    expect((await blameEdition(store, 'growing')).editions.map((e) => e.label)).toEqual(['2016', '2018', '2020']);
    await addSeries('fixture', { as: 'growing', from: 3 });
    const records = await store.listEditions('growing');
    const after = seriesFingerprint(records);
    expect(after).not.toBe(before);
    for (const kind of KINDS) {
      expect(await storedFingerprint(kind, 'growing')).toBe(after);
    }
    const expected = await reference('growing');
    await forgetTreesAndComparisons();
    expect((await blameEdition(store, 'growing')).editions).toHaveLength(5);
    expect((await traceSeries(store, 'growing', 'Cyber threats')).editions.map((e) => e.count)).toEqual([
      0, 0, 0, 0, 1,
    ]);
    expect(await hasTreesOrComparisons(records)).toBe(false);
    await expectSameAsReference('growing', expected);
  });

  it('made by an add from the trees and comparison it holds are the values made from the store', async () => {
    // One edition per add: each add after the first makes the caches from the pair it has just parsed and compared.
    for (let at = 0; at < 5; at++) await addSeries('fixture', { as: 'one-by-one', from: at, to: at + 1 });
    // As reads see them: a value the adds grew by tails is read with its tail folded in (see GROWING).
    const made = await seriesCacheValues(store, 'one-by-one');
    expect(await store.getDerived(`${SERIES_LINEAGE_KIND}-tail`, 'one-by-one', ENGINE_VERSION)).toBeDefined();
    await forgetSeriesCaches(store, 'one-by-one');
    await warmSeriesCaches(store, 'one-by-one');
    const full = await seriesCacheValues(store, 'one-by-one');
    for (const kind of KINDS) {
      expect(made[kind]).toBeDefined();
      expect(JSON.stringify(full[kind])).toBe(JSON.stringify(made[kind]));
    }
  });

  it('ignore a value made from another state of the series, and replace it', async () => {
    const expected = await reference('fixture');
    const stale = { fingerprint: 'another state', value: { editions: [], texts: [], paths: [], options: {} } };
    for (const kind of KINDS) {
      await store.putDerived(kind, 'fixture', ENGINE_VERSION, stale);
    }
    await expectSameAsReference('fixture', expected);
    const fingerprint = seriesFingerprint(expected.records);
    for (const kind of KINDS) {
      expect(await storedFingerprint(kind, 'fixture')).toBe(fingerprint);
    }
  });

  it('treat a damaged value as a miss, and make it again', async () => {
    const expected = await reference('ja');
    const fingerprint = seriesFingerprint(expected.records);
    const damaged: Record<string, unknown> = {
      [SERIES_LINEAGE_KIND]: {
        options: {},
        texts: [],
        paths: [],
        editions: [{ label: 'x', sections: [], sentences: [7, 0, 0], pairs: [] }],
      },
      [SERIES_HISTORY_KIND]: { kept: 50, ranked: [], history: {} },
      [SERIES_TRACE_KIND]: { bodies: [], paths: [], editions: [[2, 9, 0, -1, -1, -1, -1, -1, -1]] },
    };
    for (const [kind, value] of Object.entries(damaged)) {
      await store.putDerived(kind, 'ja', ENGINE_VERSION, { fingerprint, value });
    }
    // Blame of a non-latest edition reads the lineage value.
    expect(await blameEdition(store, 'ja', { edition: expected.records[0]?.label ?? '' })).toEqual(
      blame(expected.lineage, 0, { locale: 'ja' }),
    );
    expect(await seriesHistory(store, 'ja')).toEqual(history(expected.lineage));
    expect((await traceSeries(store, 'ja', '国民')).total).toBeGreaterThan(0);
    for (const kind of Object.keys(damaged)) {
      const stored = await store.getDerived<{ value: unknown }>(kind, 'ja', ENGINE_VERSION);
      expect(stored?.value).not.toEqual(damaged[kind]);
    }
    await expectSameAsReference('ja', expected);
  });

  it('treat a latest blame cached before headings had a lineage as a miss, and make it again with them', async () => {
    const expected = await reference('fixture');
    const fingerprint = seriesFingerprint(expected.records);
    await warmSeriesCaches(store, 'fixture');
    const stored = await store.getDerived<{ value: { blame: Record<string, unknown> } }>(
      SERIES_BLAME_KIND,
      'fixture',
      ENGINE_VERSION,
    );
    // The packed shape of the previous version: no `headings`. (Its fingerprint differs too; this is the second guard.)
    const { headings: _headings, ...older } = stored?.value.blame ?? {};
    await store.putDerived(SERIES_BLAME_KIND, 'fixture', ENGINE_VERSION, {
      fingerprint,
      value: { ...stored?.value, blame: older },
    });
    const latest = await blameEdition(store, 'fixture');
    expect(latest.headings.map((h) => h.history)).toContain(
      'in the first edition (2016); renumbered (3) → (2) in 2020',
    );
    expect(latest).toEqual(blame(expected.lineage));
    await expectSameAsReference('fixture', expected);
  });

  it('make the history from the lineage when asked for more changes than the cache kept', async () => {
    const { records, lineage } = await reference('bluebook');
    const narrow = packHistory(lineage, 1);
    expect(narrow.ranked.some((count) => count > 1)).toBe(true);
    await store.putDerived(SERIES_HISTORY_KIND, 'bluebook', ENGINE_VERSION, {
      fingerprint: seriesFingerprint(records),
      value: narrow,
    });
    // A top the narrow value can serve comes from it: it shows the one change it kept.
    expect(await seriesHistory(store, 'bluebook', { top: 1 })).toEqual(history(lineage, { top: 1 }));
    const wide = await seriesHistory(store, 'bluebook', { top: 4 });
    expect(wide).toEqual(history(lineage, { top: 4 }));
    expect(wide.steps[0]?.top.length).toBeGreaterThan(1);
  });

  it('are made again by rebuild, so that the first blame and trace after it load no tree', async () => {
    await rebuildCorpus(store);
    await store.clearDerived(TREE_KIND);
    const records = await store.listEditions('bluebook');
    for (const kind of KINDS) {
      expect(await storedFingerprint(kind, 'bluebook')).toBe(seriesFingerprint(records));
    }
    expect((await blameEdition(store, 'bluebook')).sentences.length).toBeGreaterThan(10);
    expect((await traceSeries(store, 'bluebook', 'increasingly severe')).total).toBeGreaterThan(0);
    for (const record of records)
      expect(await store.getDerived(TREE_KIND, record.sha256, ENGINE_VERSION)).toBeUndefined();
  });
});
