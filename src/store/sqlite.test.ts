import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, type Migration, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { defineStoreContract, editionInput } from './contract.js';
import { isStoreError } from './errors.js';
import { storeMigrations } from './migrations.js';
import { openStore } from './open.js';
import { openSqliteStore } from './sqlite.js';

const root = mkdtempSync(join(tmpdir(), 'palimpsest-store-'));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh SQLite file path in this run's temporary directory. */
const freshPath = () => join(root, `store-${++count}.db`);

defineStoreContract('SQLite', async () => {
  const location = freshPath();
  return { location, cleanup: async () => {} };
});

/** A SQLite store at `path` made by the first migration only, as an old Palimpsest left it. */
async function storeAtFirstMigration(path: string): Promise<{ raw: Database.Database; db: Kysely<never> }> {
  const raw = new Database(path);
  const db = new Kysely<never>({ dialect: new SqliteDialect({ database: raw }) });
  const { error } = await new Migrator({
    db,
    provider: {
      getMigrations: async () => ({ '0001_initial': storeMigrations('sqlite')['0001_initial'] as Migration }),
    },
  }).migrateToLatest();
  expect(error).toBeUndefined();
  return { raw, db };
}

describe('SQLite store specifics', () => {
  it('runs in WAL mode with foreign keys on', async () => {
    const path = freshPath();
    const store = await openStore(path);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('stores a text once, keeps its FTS5 rows in step, and drops it with its last unit (also by cascade)', async () => {
    const path = freshPath();
    const store = await openStore(path);
    const units = [
      { path: '1', text: 'alpha beta', start: 0, end: 10 },
      { path: '2', text: '法律の施行', start: 11, end: 16 },
      { path: '3', text: 'alpha beta', start: 17, end: 27 },
    ];
    await store.addEdition(editionInput('s', 'a', 'x'));
    await store.addEdition(editionInput('t', 'a', 'y'));
    await store.indexEdition('s', 'a', units, 'v1');
    await store.indexEdition('t', 'a', units, 'v1');
    const count = (raw: Database.Database, table: string) =>
      (raw.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const counts = () => {
      const raw = new Database(path, { readonly: true });
      try {
        const fts = raw.prepare("select count(*) as n from search_text_fts where search_text_fts match 'alpha'").get();
        return {
          units: count(raw, 'search_units'),
          texts: count(raw, 'search_texts'),
          trigram: (fts as { n: number }).n,
          grams: count(raw, 'search_gram_fts'),
        };
      } finally {
        raw.close();
      }
    };
    expect(counts()).toEqual({ units: 6, texts: 2, trigram: 1, grams: 1 });
    await store.removeSeries('s');
    expect(counts()).toEqual({ units: 3, texts: 2, trigram: 1, grams: 1 });
    await store.removeSeries('t');
    expect(counts()).toEqual({ units: 0, texts: 0, trigram: 0, grams: 0 });
    await store.close();
  });

  it('upgrades a store made before texts were shared, moving its search index (migration 0002)', async () => {
    const path = freshPath();
    const { raw, db } = await storeAtFirstMigration(path);
    raw.exec(`insert into series (id, name) values (1, 's');
      insert into blobs (sha256, size, bytes) values ('h', 1, x'00');
      insert into editions (id, series_id, label, sha256, source_name, format, imported_at, engine_version,
        indexed_with)
        values (1, 1, 'a', 'h', 'a.txt', 'text', 't', 'e', 'v1'), (2, 1, 'b', 'h', 'b.txt', 'text', 't', 'e', 'v1');
      insert into search_units (id, edition_id, ordinal, path, start_offset, end_offset)
        values (1, 1, 0, '1', 0, 9), (2, 1, 1, '2', 10, 15), (3, 2, 0, '1', 0, 9);
      insert into search_fts (rowid, text) values (1, 'The terms'), (2, '法律の施行'), (3, 'The terms');`);
    await db.destroy();
    const store = await openStore(path);
    expect((await store.search('terms')).map((hit) => `${hit.edition} ${hit.path} ${hit.snippet}`)).toEqual([
      'a 1 The [[terms]]',
      'b 1 The [[terms]]',
    ]);
    expect((await store.search('法律')).map((hit) => hit.snippet)).toEqual(['[[法律]]の施行']);
    expect((await store.getEdition('s', 'a'))?.indexedWith).toBe('v1');
    await store.removeEdition('s', 'a');
    expect((await store.search('terms')).map((hit) => hit.edition)).toEqual(['b']);
    await store.close();
    const after = new Database(path, { readonly: true });
    expect(after.prepare('select count(*) as n from search_texts').get()).toEqual({ n: 1 });
    expect(after.prepare("select count(*) as n from sqlite_master where name = 'search_fts'").get()).toEqual({ n: 0 });
    after.close();
  });

  it('refuses a file that is not a SQLite database with E_STORE', async () => {
    const path = freshPath();
    writeFileSync(path, 'this is a text file, not a database '.repeat(40));
    const error = await openStore(path).catch((e: unknown) => e);
    expect(isStoreError(error, 'E_STORE')).toBe(true);
    expect(String(error)).toContain(path);
  });

  it('refuses a path in a missing directory with E_STORE', async () => {
    const error = await openStore(join(root, 'missing', 'dir', 'store.db')).catch((e: unknown) => e);
    expect(isStoreError(error, 'E_STORE')).toBe(true);
  });

  it('refuses a store made by a newer Palimpsest (an unknown migration) with E_STORE', async () => {
    const path = freshPath();
    await (await openStore(path)).close();
    const raw = new Database(path);
    raw.prepare("insert into kysely_migration (name, timestamp) values ('9999_future', '2099-01-01')").run();
    raw.close();
    const error = await openStore(path).catch((e: unknown) => e);
    expect(isStoreError(error, 'E_STORE')).toBe(true);
    expect(String(error)).toContain('9999_future');
  });

  it('on a full disk (SQLITE_FULL), an add fails with E_STORE and commits nothing of the edition', async () => {
    const path = freshPath();
    await (await openStore(path)).close();
    const counter = new Database(path, { readonly: true });
    const pages = (counter.pragma('page_count', { simple: true }) as number) + 8;
    counter.close();
    // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does, at a size the test chooses: room
    // for one small edition, not for a large search index as well.
    const store = await openSqliteStore(path, { maxPageCount: pages });
    try {
      await store.addEdition(editionInput('s', 'kept', 'kept'));
      const before = await store.stats();
      const text = Array.from({ length: 4000 }, (_, i) => `sentence ${i} of a long edition`).join('\n');
      const units = text.split('\n').map((line, i) => ({ path: String(i), text: line, start: 0, end: line.length }));
      const error = await store
        .addEdition(editionInput('s', 'big', 'small bytes', { index: { units, engineVersion: 'v1' } }))
        .catch((e: unknown) => e);
      expect(isStoreError(error, 'E_STORE')).toBe(true);
      expect(String(error)).toMatch(/full/i);
      expect(await store.stats()).toEqual(before);
      expect(await store.getEdition('s', 'big')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('reads a store file it may not write (chmod 444) read-only, creating no store and writing nothing', async () => {
    const path = freshPath();
    const writer = await openStore(path);
    await writer.addEdition(
      editionInput('s', 'a', 'one', {
        index: { units: [{ path: '1', text: 'alpha', start: 0, end: 5 }], engineVersion: 'v1' },
      }),
    );
    await writer.close();
    chmodSync(path, 0o444);
    // Root ignores file modes, so the read-only connection (SQLITE_OPEN_READONLY) is what keeps this honest: SQLite
    // itself refuses any write through it, whoever runs the test.
    const reader = await openStore(path, { readOnly: true });
    try {
      expect((await reader.search('alpha')).map((hit) => hit.edition)).toEqual(['a']);
      await reader.putDerived('tree', 'k', 'v1', { made: 'by a read' });
      expect(await reader.stats()).toMatchObject({ editions: 1, derived: 0 });
    } finally {
      await reader.close();
    }
    chmodSync(path, 0o644);
    const missing = join(mkdtempSync(join(root, 'empty-')), 'palimpsest.db');
    const error = await openStore(missing, { readOnly: true }).catch((e: unknown) => e);
    expect(isStoreError(error, 'E_NO_STORE')).toBe(true);
    expect(readdirSync(join(missing, '..'))).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });

  it('does not migrate a store opened read-only: one that needs a migration is E_STORE, and stays as it was', async () => {
    const path = freshPath();
    const { db } = await storeAtFirstMigration(path);
    await db.destroy();
    const refused = await openStore(path, { readOnly: true }).catch((e: unknown) => e);
    expect(isStoreError(refused, 'E_STORE')).toBe(true);
    expect(String(refused)).toMatch(/needs upgrading/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('select count(*) as n from kysely_migration').get()).toEqual({ n: 1 });
    after.close();
    await (await openStore(path)).close();
    await (await openStore(path, { readOnly: true })).close();
  });
});
