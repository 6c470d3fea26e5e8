/**
 * An edition the engine cannot process is refused before anything is written (issue 9 item 3): `add` and an upload
 * of text over the capacity limits (src/importers/index.ts, assertWithinCapacity) fail with E_LIMIT and leave the
 * store exactly as it was, on SQLite and on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../errors/code-of.fixture.js';
import { isPalimpsestError } from '../../errors/errors.js';
import { DEFAULT_LIMITS } from '../../importers/types.js';
import { type EditionStore, openStore } from '../../store/index.js';
import { postgresAdmin as admin, TEST_POSTGRES as server } from '../../store/postgres.fixture.js';
import {
  SERIES_BLAME_KIND,
  SERIES_HISTORY_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_TRACE_KIND,
} from '../caches/series-cache.js';
import { addEditions } from './add.js';
import { blameEdition } from './blame.js';
import { compareStored } from './compare.js';
import { seriesHistory } from './history.js';
import { traceSeries } from './trace.js';
import { addEditionBytes } from './upload.js';

const now = () => new Date('2024-01-02T03:04:05Z');

const hasPostgres = (await admin('select 1')) === null;
const schema = `palimpsest_capacity_${randomBytes(4).toString('hex')}`;
let folder: string;
/** One line more than an edition may have: about 150 KB, refused before parsing. */
const overLines = Array.from({ length: DEFAULT_LIMITS.maxLines + 1 }, (_, i) => `l${i % 10}`).join('\n');
/** 20,000 two-letter paragraphs (80 KB): under the line limit, over the blocks its 40,000 characters may make. */
const overBlocks = Array.from({ length: 20_000 }, (_, i) => `b${i % 10}`).join('\n\n');

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-capacity-'));
  writeFileSync(join(folder, 'small.txt'), '1. Scope\n\nThis text is small. It fits.\n');
  writeFileSync(join(folder, 'lines.txt'), overLines);
  writeFileSync(join(folder, 'blocks.txt'), overBlocks);
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  if (hasPostgres) await admin(`drop schema if exists "${schema}" cascade`);
});

/** Everything a store holds that an add could change. */
async function snapshot(store: EditionStore) {
  const editions = await store.listEditions('S');
  return { stats: await store.stats(), series: await store.listSeries(), editions };
}

const stores: Array<[string, () => Promise<EditionStore>]> = [
  ['SQLite', () => openStore(join(folder, 'store.db'))],
  ['PostgreSQL', () => openStore(`${server}${server.includes('?') ? '&' : '?'}schema=${schema}`)],
];

describe.each(stores)('an edition over the capacity limits on %s', (kind, open) => {
  it.skipIf(kind === 'PostgreSQL' && !hasPostgres)(
    'is refused with E_LIMIT and leaves the store unchanged',
    async () => {
      const store = await open();
      try {
        await addEditions(
          store,
          { series: 'S', editions: [{ source: 'small.txt', label: 'a' }], cwd: folder },
          { now },
        );
        const before = await snapshot(store);
        expect(before.stats.editions).toBe(1);
        const add = addEditions(
          store,
          { series: 'S', editions: [{ source: 'lines.txt', label: 'b' }], cwd: folder },
          { now },
        );
        expect(await codeOf(add)).toBe('E_LIMIT');
        const upload = addEditionBytes(
          store,
          { series: 'S', label: 'c', bytes: new TextEncoder().encode(overLines), sourceName: 'lines.txt' },
          { now },
        );
        expect(await codeOf(upload)).toBe('E_LIMIT');
        // A new series is not created either.
        const elsewhere = addEditions(
          store,
          { series: 'T', editions: [{ source: 'lines.txt', label: 'b' }], cwd: folder },
          { now },
        );
        expect(await codeOf(elsewhere)).toBe('E_LIMIT');
        // Too many blocks for their text is found after parsing, still before anything is stored.
        const blocks = addEditions(
          store,
          { series: 'S', editions: [{ source: 'blocks.txt', label: 'd' }], cwd: folder },
          { now },
        );
        await expect(blocks).rejects.toSatisfy(
          (error) =>
            isPalimpsestError(error) &&
            error.code === 'E_LIMIT' &&
            /make \d+ blocks and headings, more than the \d+ an edition of that length/.test(error.message),
        );
        const uploadBlocks = addEditionBytes(
          store,
          { series: 'S', label: 'e', bytes: new TextEncoder().encode(overBlocks), sourceName: 'blocks.txt' },
          { now },
        );
        expect(await codeOf(uploadBlocks)).toBe('E_LIMIT');
        expect(await snapshot(store)).toEqual(before);
      } finally {
        await store.close();
      }
    },
  );
});

describe('the blocks an edition may have', () => {
  afterEach(() => {
    delete process.env.PALIMPSEST_MAX_BLOCKS;
  });

  it('grow with its text: one more per 256 characters beyond PALIMPSEST_MAX_BLOCKS', async () => {
    const store = await openStore(join(folder, 'blocks.db'));
    try {
      process.env.PALIMPSEST_MAX_BLOCKS = '50';
      // 100 short blocks: 50 + 400 / 256 = 51 allowed. 100 blocks of 300 characters: 50 + 117 allowed.
      writeFileSync(join(folder, 'short.txt'), Array.from({ length: 100 }, (_, i) => `s${i}`).join('\n\n'));
      const sentence = 'A paragraph long enough to pay for itself in the memory of an add. ';
      const long = Array.from({ length: 100 }, (_, i) => `${sentence.repeat(4)}${i}.`).join('\n\n');
      writeFileSync(join(folder, 'long.txt'), long);
      const add = (source: string) =>
        addEditions(store, { series: 'B', editions: [{ source, label: source }], cwd: folder }, { now });
      expect(await codeOf(add('short.txt'))).toBe('E_LIMIT');
      expect((await add('long.txt')).editions.map((e) => e.status)).toEqual(['added']);
      // Added under a raised limit, the short edition is refused on reads that need its tree once it is lowered.
      process.env.PALIMPSEST_MAX_BLOCKS = '200';
      await addEditions(store, { series: 'C', editions: [{ source: 'short.txt', label: 's' }], cwd: folder }, { now });
      process.env.PALIMPSEST_MAX_BLOCKS = '50';
      await store.clearDerived();
      expect(await codeOf(blameEdition(store, 'C'))).toBe('E_LIMIT');
    } finally {
      await store.close();
    }
  });
});

describe('an edition stored over the capacity limits (by an older version, or under raised limits)', () => {
  afterEach(() => {
    delete process.env.PALIMPSEST_MAX_CHARACTERS;
  });

  it('makes blame, history, trace and an uncached compare refuse promptly with E_LIMIT saying to remove or re-add it', async () => {
    const store = await openStore(join(folder, 'over.db'));
    try {
      const text = (n: number) => `1. Scope\n\n${'This sentence is one of many in the edition. '.repeat(n)}\n`;
      writeFileSync(join(folder, 'e1.txt'), text(40));
      writeFileSync(join(folder, 'e2.txt'), text(41));
      const editions = [
        { source: 'e1.txt', label: 'e1' },
        { source: 'e2.txt', label: 'e2' },
      ];
      await addEditions(store, { series: 'O', editions, cwd: folder }, { now });
      // The limits shrink under the stored editions: the cached series values are stale, the trees cached.
      process.env.PALIMPSEST_MAX_CHARACTERS = '1000';
      await store.clearDerived(SERIES_LINEAGE_KIND);
      await store.clearDerived(SERIES_BLAME_KIND);
      await store.clearDerived(SERIES_HISTORY_KIND);
      await store.clearDerived(SERIES_TRACE_KIND);
      // (A comparison cached by the add is still answered: it needs no tree.)
      const reads = () => [blameEdition(store, 'O'), seriesHistory(store, 'O'), traceSeries(store, 'O', 'sentence')];
      for (const read of reads()) {
        await expect(read).rejects.toSatisfy(
          (error) =>
            isPalimpsestError(error) &&
            error.code === 'E_LIMIT' &&
            /edition 'e1' of series 'O' is over the limits .*palimpsest remove 'O' 'e1'/.test(error.message),
        );
      }
      // Without cached trees the stored bytes are refused before they are parsed; the bytes' size alone can tell.
      await store.clearDerived();
      const uncached = () => [...reads(), compareStored(store, 'O', 'e1', 'e2')];
      for (const read of uncached()) expect(await codeOf(read)).toBe('E_LIMIT');
      process.env.PALIMPSEST_MAX_CHARACTERS = '100';
      for (const read of uncached()) expect(await codeOf(read)).toBe('E_LIMIT');
    } finally {
      await store.close();
    }
  });
});
