import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { defineStoreContract, editionInput } from './contract.js';
import { isStoreError } from './errors.js';
import { openStore } from './open.js';

const root = mkdtempSync(join(tmpdir(), 'palimpsest-store-'));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh SQLite file path in this run's temporary directory. */
const freshPath = () => join(root, `store-${++count}.db`);

defineStoreContract('SQLite', async () => {
  const location = freshPath();
  return { location, cleanup: async () => {} };
});

describe('SQLite store specifics', () => {
  it('runs in WAL mode with foreign keys on', async () => {
    const path = freshPath();
    const store = await openStore(path);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps the FTS5 table in step with search units, also when a series cascades away', async () => {
    const path = freshPath();
    const store = await openStore(path);
    await store.addEdition(editionInput('s', 'a', 'x'));
    await store.indexEdition('s', 'a', [{ path: '1', text: 'alpha beta', start: 0, end: 10 }], 'v1');
    await store.removeSeries('s');
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('select count(*) as n from search_fts').get()).toEqual({ n: 0 });
    raw.close();
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
});
