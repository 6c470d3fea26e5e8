import { defineConfig } from 'vitest/config';

/**
 * Tests that need more than one process's memory: a database (SQLite files, PostgreSQL), worker threads, a listening
 * server, the built binary, Chromium, or thousands of generated inputs. `npm test` runs them with the rest;
 * `npx vitest run --project unit` leaves them out and runs in seconds.
 */
const INTEGRATION = [
  // Chromium and the built binary
  'web/e2e/**/*.test.ts',
  'src/cli/bin.test.ts',
  // the stores' contract tests and everything that opens a store
  'src/store/sqlite.test.ts',
  'src/store/postgres.test.ts',
  'src/server/postgres.test.ts',
  'src/queue/pg-boss-queue.test.ts',
  'src/queue/rebuild-jobs.test.ts',
  'src/server/queued-upload.test.ts',
  'src/application/use-cases/add.test.ts',
  'src/application/use-cases/capacity.test.ts',
  'src/application/use-cases/commit.test.ts',
  'src/application/use-cases/corpus.test.ts',
  'src/application/caches/series-cache.test.ts',
  'src/application/caches/series-extend.test.ts',
  'src/application/use-cases/upload.test.ts',
  'src/cli/add-command.test.ts',
  'src/cli/corpus-command.test.ts',
  'src/cli/facts-store.test.ts',
  // worker threads, and the HTTP app over a store (server.fixture.ts) in process or listening
  'src/application/workers/align-pool.test.ts',
  'src/server/app.test.ts',
  'src/server/compare-cache.test.ts',
  'src/server/facts-route.test.ts',
  'src/server/compress.test.ts',
  'src/server/offload.test.ts',
  'src/server/openapi.test.ts',
  'src/server/security.test.ts',
  'src/server/serve.test.ts',
  'src/server/static.test.ts',
  'src/server/upload.test.ts',
  'src/server/upload-offload.test.ts',
  'src/cli/serve-command.test.ts',
  // property tests and fuzzing over thousands of generated inputs, and inputs of tens of thousands of units
  'src/importers/markdown-plain.test.ts',
  'src/importers/html-hostile.test.ts',
  'src/importers/pdf-hostile.test.ts',
  'src/importers/import-hostile.test.ts',
  'src/importers/markdown-limits-properties.test.ts',
  'src/report/json-properties.test.ts',
  'src/report/trace-csv-properties.test.ts',
  'src/report/many-pairs.test.ts',
  // the README's examples, run by a real Node process, one of them over a SQLite store
  'src/readme.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: INTEGRATION,
          // Unit tests call functions over values: no store, server, thread or process state outlives a test (the
          // few that set an environment variable restore it). So their files share worker threads and the modules
          // those loaded, instead of a fresh process each: that halves the CPU time of the run (module loading was
          // most of it) and changes no result.
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
