import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defineStoreContract } from './contract.js';
import { isStoreError } from './errors.js';
import { openStore } from './open.js';

/** The PostgreSQL server the tests use; each test gets a schema of its own on it. */
const server = process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the server answers (within 3 s), with the reason when it does not. */
async function reachable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

const status = await reachable();
const run = `palimpsest_test_${randomBytes(4).toString('hex')}`;
let count = 0;
const schemas: string[] = [];

/** Runs SQL on the server outside any store. */
async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The store URL of a schema. */
function urlOf(schema: string): string {
  const url = new URL(server);
  url.searchParams.set('schema', schema);
  return url.href;
}

if (!status.ok) {
  if (process.env.CI) {
    describe('PostgreSQL store', () => {
      it('needs PostgreSQL in CI', () => {
        throw new Error(`PostgreSQL is not reachable at ${server} (${status.reason}); .ci/run must start it`);
      });
    });
  } else {
    console.warn(
      `[store] PostgreSQL tests SKIPPED: ${server} is not reachable (${status.reason}). ` +
        'Set PALIMPSEST_TEST_POSTGRES or start PostgreSQL to run them; in CI they fail instead.',
    );
  }
}

describe.skipIf(!status.ok)('PostgreSQL store', () => {
  afterAll(async () => {
    for (const schema of schemas) await admin(`drop schema if exists "${schema}" cascade`);
  });

  defineStoreContract('PostgreSQL', async () => {
    const schema = `${run}_${++count}`;
    schemas.push(schema);
    return { location: urlOf(schema), cleanup: () => admin(`drop schema if exists "${schema}" cascade`) };
  });

  describe('PostgreSQL store specifics', () => {
    it('indexes unit text with a pg_trgm GIN index', async () => {
      const schema = `${run}_${++count}`;
      schemas.push(schema);
      await (await openStore(urlOf(schema))).close();
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      const result = await client.query('select indexdef from pg_indexes where schemaname = $1 and indexname = $2', [
        schema,
        'search_units_text_trgm',
      ]);
      await client.end();
      expect(result.rows[0]?.indexdef).toMatch(/USING gin \(text .*gin_trgm_ops\)/);
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

    it('answers an unreachable server with E_STORE and hides the password in messages', async () => {
      const error = await openStore('postgres://someone:hunter2@127.0.0.1:1/nowhere').catch((e: unknown) => e);
      expect(isStoreError(error, 'E_STORE')).toBe(true);
      expect(String(error)).not.toContain('hunter2');
      expect(String(error)).toContain('postgres://someone:***@127.0.0.1:1/nowhere');
    });
  });
});
