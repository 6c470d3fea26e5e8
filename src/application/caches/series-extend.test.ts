import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditionStore, openStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { addEditions, removeFromCorpus } from '../index.js';
import { TREE_KIND } from './documents.js';
import {
  forgetSeriesCaches,
  SERIES_CACHE_KINDS,
  SERIES_COLLATION_KIND,
  SERIES_LINEAGE_KIND,
  seriesCacheValues,
  warmSeriesCaches,
} from './series-cache.js';

const now = () => new Date('2024-01-02T03:04:05Z');

/**
 * Sentences editions are made of: long ones (five words or more, so a reworded one may return fuzzily), their
 * rewordings, and short ones (which return only verbatim).
 */
const SENTENCES = [
  'The provider may suspend the account of any user who breaks these terms.',
  'The provider may suspend the account of a user who breaks these terms.',
  'Users keep the rights to the content they publish on the service.',
  'Users keep every right to the content they publish on the service.',
  'Fees are charged in advance and are not refunded.',
  'We may change these terms at any time by posting a notice.',
  'We may change these terms at any time after posting a notice.',
  'Disputes are settled by the courts of California.',
  'Contact us.',
  'No refunds.',
  'The service is provided as is, without any warranty of any kind.',
  'Children under thirteen may not use the service.',
];
const TITLES = ['Accounts', 'Content', 'Fees', 'Changes', 'Law'];

/** One edition: sections, each a title and paragraphs of sentence indexes. */
const edition = fc.array(
  fc.record({
    title: fc.constantFrom(...TITLES),
    paragraphs: fc.array(fc.array(fc.nat(SENTENCES.length - 1), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  { minLength: 1, maxLength: 4 },
);

/** The text of an edition: numbered sections of paragraphs, and a last line that makes each edition's bytes its own. */
function editionText(sections: ReadonlyArray<{ title: string; paragraphs: number[][] }>, version: string): string {
  const body = sections
    .map(
      ({ title, paragraphs }, i) =>
        `${i + 1}. ${title}\n\n${paragraphs.map((p) => p.map((s) => SENTENCES[s]).join(' ')).join('\n\n')}`,
    )
    .join('\n\n');
  return `${body}\n\nVersion ${version}.\n`;
}

let folder: string;
let store: EditionStore;
let run = 0;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-extend-'));
  store = await openStore(join(folder, 'store.db'));
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The series caches as reads see them (fingerprint and value, tails folded in), by kind. */
async function cachedValues(series: string): Promise<Record<string, unknown>> {
  return seriesCacheValues(store, series);
}

/** The caches as stored, bases and tails, by kind. */
async function storedValues(series: string): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const kind of SERIES_CACHE_KINDS) values[kind] = await store.getDerived(kind, series, ENGINE_VERSION);
  return values;
}

/** The caches a full collation of the series makes, the caches as they were stored put back afterwards. */
async function fullRecollation(series: string): Promise<Record<string, unknown>> {
  const before = await storedValues(series);
  await forgetSeriesCaches(store, series);
  await warmSeriesCaches(store, series);
  const full = await cachedValues(series);
  // Written whole by the full collation: no tail.
  for (const kind of SERIES_CACHE_KINDS.filter((k) => k.endsWith('-tail')))
    expect(await store.getDerived(kind, series, ENGINE_VERSION)).toBeUndefined();
  await forgetSeriesCaches(store, series);
  for (const [kind, value] of Object.entries(before))
    if (value !== undefined) await store.putDerived(kind, series, ENGINE_VERSION, value);
  return full;
}

/** Adds one edition file to a series (as `palimpsest add` does). */
async function addOne(series: string, text: string, label: string, date: string): Promise<void> {
  const file = join(folder, `${series}-${label}.txt`);
  writeFileSync(file, text);
  await addEditions(store, { series, lang: 'en', cwd: folder, editions: [{ source: file, label, date }] }, { now });
}

describe('series caches extended by the next edition', () => {
  it('equal a full recollation after every append, and after an edition inserted or removed in the middle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(edition, { minLength: 2, maxLength: 6 }),
        edition,
        fc.nat(),
        async (editions, inserted, pick) => {
          const series = `s${run++}`;
          let extended = 0;
          let tailed = 0;
          for (const [i, sections] of editions.entries()) {
            // Trees of earlier editions forgotten: an add that extends the caches reads at most the last one again.
            await store.clearDerived(TREE_KIND);
            await addOne(
              series,
              editionText(sections, `${i}`),
              `e${i}`,
              `2020-01-${String(10 + 2 * i).padStart(2, '0')}`,
            );
            const records = await store.listEditions(series);
            const trees = await store.derivedKeys(
              TREE_KIND,
              records.map((r) => r.sha256),
              ENGINE_VERSION,
            );
            const cached = await cachedValues(series);
            expect(cached[SERIES_COLLATION_KIND]).toBeDefined();
            if (i >= 1 && trees.size <= 2) extended++;
            if ((await storedValues(series))[`${SERIES_LINEAGE_KIND}-tail`] !== undefined) tailed++;
            expect(cached).toEqual(await fullRecollation(series));
          }
          // Every append after the first extends the caches.
          expect(extended).toBe(editions.length - 1);
          // The second edition's add wrote tails rather than the values whole (see GROWING in series-cache.ts).
          expect(tailed).toBeGreaterThan(0);
          // An edition dated between the first two, then one removed from the middle: collated again, still equal.
          await addOne(series, editionText(inserted, 'middle'), 'middle', '2020-01-11');
          expect(await cachedValues(series)).toEqual(await fullRecollation(series));
          const records = await store.listEditions(series);
          const middle = records[1 + (pick % Math.max(1, records.length - 2))];
          if (middle && records.length > 2) {
            await removeFromCorpus(store, series, middle.label);
            expect(await cachedValues(series)).toEqual(await fullRecollation(series));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
