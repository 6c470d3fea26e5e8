/**
 * The PostgreSQL server the tests run against, shared by every test file that needs one, so that the address and
 * the way SQL is run outside a store are written once. Each test makes schemas of its own on it.
 */
import pg from 'pg';

/** The tests' PostgreSQL server: PALIMPSEST_TEST_POSTGRES, or the local one CI starts (trust auth, database test). */
export const TEST_POSTGRES = process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs SQL on the test server outside any store; answers the failure's message instead of throwing (null: done). */
export async function postgresAdmin(text: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}
