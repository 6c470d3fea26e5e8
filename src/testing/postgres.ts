/**
 * The PostgreSQL server integration tests use (PALIMPSEST_TEST_POSTGRES, else the local one with trust auth), and a
 * fresh schema per test so that runs never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The server's URL. */
export const POSTGRES_SERVER = process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the server answers (within 3 s), with the reason when it does not. */
export async function postgresReachable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 3000 });
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

/**
 * When the server is down: in CI a failing test (CI must have PostgreSQL), elsewhere a warning that the suite named
 * `what` was skipped. Answers whether the tests can run.
 */
export async function requirePostgres(what: string): Promise<boolean> {
  const status = await postgresReachable();
  if (status.ok) return true;
  if (process.env.CI) {
    describe(what, () => {
      it('needs PostgreSQL in CI', () => {
        throw new Error(`PostgreSQL is not reachable at ${POSTGRES_SERVER} (${status.reason}); .ci/run must start it`);
      });
    });
  } else {
    console.warn(`[${what}] SKIPPED: ${POSTGRES_SERVER} is not reachable (${status.reason}).`);
  }
  return false;
}

/** Run SQL on the server outside any store. */
export async function postgresAdmin(text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A store URL with a schema of its own, and a function that drops it (and the job queue's schema beside it). */
export function freshPostgresStore(prefix = 'palimpsest_test'): { url: string; drop: () => Promise<void> } {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = new URL(POSTGRES_SERVER);
  url.searchParams.set('schema', schema);
  return {
    url: url.href,
    drop: async () => {
      await postgresAdmin(`drop schema if exists "${schema}" cascade`);
      await postgresAdmin(`drop schema if exists "${schema}_jobs" cascade`);
    },
  };
}
