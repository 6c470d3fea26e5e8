import { randomBytes } from 'node:crypto';
import { Kysely, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_SERVER, postgresAdmin, requirePostgres } from '../testing/postgres.js';
import { defineStoreContract, editionInput } from './contract.js';
import { isStoreError } from './errors.js';
import { storeMigrations } from './migrations.js';
import { openStore } from './open.js';

/** The PostgreSQL server the tests use (src/testing/postgres.ts); each test gets a schema of its own on it. */
const server = POSTGRES_SERVER;
const available = await requirePostgres('PostgreSQL store');
const run = `palimpsest_test_${randomBytes(4).toString('hex')}`;
let count = 0;
const schemas: string[] = [];

/** Runs a parameterised query on the server outside any store; answers its rows. */
const query = postgresAdmin;

/** Runs SQL on the server outside any store. */
async function admin(text: string): Promise<void> {
  await postgresAdmin(text);
}

/** The store URL of a schema. */
function urlOf(schema: string): string {
  const url = new URL(server);
  url.searchParams.set('schema', schema);
  return url.href;
}

describe.skipIf(!available)('PostgreSQL store', () => {
  afterAll(async () => {
    for (const schema of schemas) await admin(`drop schema if exists "${schema}" cascade`);
  });

  defineStoreContract('PostgreSQL', async () => {
    const schema = `${run}_${++count}`;
    schemas.push(schema);
    return { location: urlOf(schema), cleanup: () => admin(`drop schema if exists "${schema}" cascade`) };
  });

  describe('PostgreSQL store specifics', () => {
    it('indexes each distinct text once: lower case under pg_trgm, grams under GIN', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      await (await openStore(urlOf(schema))).close();
      const rows = await query('select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = $2', [
        schema,
        'search_texts',
      ]);
      const definition = (name: string) => rows.find((row) => row.indexname === name)?.indexdef;
      expect(definition('search_texts_folded_trgm')).toMatch(/USING gin \(folded .*gin_trgm_ops\)/);
      expect(definition('search_texts_grams')).toMatch(/USING gin \(grams\)/);
    });

    it('drops a text with the last unit holding it, also when a series cascades away', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      const store = await openStore(urlOf(schema));
      const units = [
        { path: '1', text: 'alpha beta', start: 0, end: 10 },
        { path: '2', text: '法律の施行', start: 11, end: 16 },
        { path: '3', text: 'alpha beta', start: 17, end: 27 },
      ];
      for (const series of ['s', 't']) {
        await store.addEdition(editionInput(series, 'a', series));
        await store.indexEdition(series, 'a', units, 'v1');
      }
      const texts = async () =>
        (await query(`select text, grams from "${schema}".search_texts order by id`, [])).map((row) => [
          row.text,
          row.grams,
        ]);
      expect(await texts()).toEqual([
        ['alpha beta', null],
        ['法律の施行', ['法', '法律', '律', '律の', 'の', 'の施', '施', '施行', '行']],
      ]);
      await store.removeSeries('s');
      expect(await texts()).toHaveLength(2);
      await store.removeSeries('t');
      expect(await texts()).toEqual([]);
      await store.close();
    });

    it('upgrades a store made before texts were shared, moving its search index (migration 0002)', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      await admin(`create schema "${schema}"`);
      const pool = new pg.Pool({ connectionString: server, options: `-c search_path="${schema}",public`, max: 1 });
      const db = new Kysely<never>({ dialect: new PostgresDialect({ pool }) });
      const { error } = await new Migrator({
        db,
        provider: {
          getMigrations: async () => ({ '0001_initial': storeMigrations('postgres')['0001_initial'] as Migration }),
        },
        migrationTableSchema: schema,
      }).migrateToLatest();
      expect(error).toBeUndefined();
      await sql`insert into series (id, name) values (1, 's');
        insert into blobs (sha256, size, bytes) values ('h', 1, '\\x00');
        insert into editions (id, series_id, label, sha256, source_name, format, imported_at, engine_version,
          indexed_with)
          values (1, 1, 'a', 'h', 'a.txt', 'text', 't', 'e', 'v1'), (2, 1, 'b', 'h', 'b.txt', 'text', 't', 'e', 'v1');
        insert into search_units (id, edition_id, ordinal, path, start_offset, end_offset, text)
          values (1, 1, 0, '1', 0, 9, 'The terms'), (2, 1, 1, '2', 10, 15, '法律の施行'), (3, 2, 0, '1', 0, 9, 'The terms');
        select setval('series_id_seq', 1); select setval('editions_id_seq', 2);
        select setval('search_units_id_seq', 3);`.execute(db);
      await db.destroy();
      const store = await openStore(urlOf(schema));
      expect((await store.search('terms')).map((hit) => `${hit.edition} ${hit.path} ${hit.snippet}`)).toEqual([
        'a 1 The [[terms]]',
        'b 1 The [[terms]]',
      ]);
      expect((await store.search('法律')).map((hit) => hit.snippet)).toEqual(['[[法律]]の施行']);
      await store.removeEdition('s', 'a');
      expect((await store.search('terms')).map((hit) => hit.edition)).toEqual(['b']);
      // New units reuse the moved texts: the digests the migration computed are the ones the adapter computes.
      await store.indexEdition('s', 'b', [{ path: '9', text: 'The terms', start: 0, end: 9 }], 'v2');
      expect(await query(`select count(*)::int as n from "${schema}".search_texts`, [])).toEqual([{ n: 1 }]);
      await store.close();
    });

    it('refuses a store made by a newer Palimpsest (an unknown migration) with E_STORE', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      await (await openStore(urlOf(schema))).close();
      await admin(`insert into "${schema}".kysely_migration (name, timestamp) values ('9999_future', '2099-01-01')`);
      const error = await openStore(urlOf(schema)).catch((e: unknown) => e);
      expect(isStoreError(error, 'E_STORE')).toBe(true);
      expect(String(error)).toContain('9999_future');
    });

    it('rolls back an edition whose index write fails on the server (a failing statement): nothing committed', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      const store = await openStore(urlOf(schema));
      try {
        await store.addEdition(editionInput('s', 'kept', 'kept'));
        const before = await store.stats();
        // A real failing statement in the add's transaction, after the edition row: a trigger refusing the units.
        await admin(`create function "${schema}".refuse() returns trigger language plpgsql as
          $$ begin raise exception 'could not extend file: No space left on device'; end $$;
          create trigger refuse before insert on "${schema}".search_units for each statement
          execute function "${schema}".refuse()`);
        const units = [{ path: '1', text: 'alpha', start: 0, end: 5 }];
        const error = await store
          .addEdition(editionInput('s', 'lost', 'lost', { index: { units, engineVersion: 'v1' } }))
          .catch((e: unknown) => e);
        expect(isStoreError(error, 'E_STORE')).toBe(true);
        expect(String(error)).toContain('No space left on device');
        expect(await store.stats()).toEqual(before);
        expect(await store.getEdition('s', 'lost')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('does not create a schema or migrate for a read-only open', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      const error = await openStore(urlOf(schema), { readOnly: true }).catch((e: unknown) => e);
      expect(isStoreError(error, 'E_NO_STORE')).toBe(true);
      expect(await query('select 1 from pg_namespace where nspname = $1', [schema])).toEqual([]);
      await admin(`create schema "${schema}"`);
      const empty = await openStore(urlOf(schema), { readOnly: true }).catch((e: unknown) => e);
      expect(isStoreError(empty, 'E_NO_STORE')).toBe(true);
      expect(await query('select count(*)::int as n from pg_tables where schemaname = $1', [schema])).toEqual([
        { n: 0 },
      ]);
    });

    it('answers an unreachable server with E_STORE and hides the password in messages', async () => {
      const error = await openStore('postgres://someone:hunter2@127.0.0.1:1/nowhere').catch((e: unknown) => e);
      expect(isStoreError(error, 'E_STORE')).toBe(true);
      expect(String(error)).not.toContain('hunter2');
      expect(String(error)).toContain('postgres://someone:***@127.0.0.1:1/nowhere');
      const malformed = await openStore('postgres://someone:hunter2@[bad').catch((e: unknown) => e);
      expect(isStoreError(malformed, 'E_STORE')).toBe(true);
      expect(String(malformed)).not.toContain('hunter2');
    });
  });
});
