/**
 * GET /api/jobs (issue 16): the queued jobs of a shared PostgreSQL store — imports and series collations, newest
 * first, failed ones with their coded error — so a client can follow the work `palimpsest worker` processes do. A
 * store without a queue (SQLite: every command does its own work) answers an empty list saying so.
 */
import type { Hono } from 'hono';
import { JobsQuerySchema, parseInput } from './schemas.js';
import type { ServerServices } from './services.js';

/** Registers GET /api/jobs. */
export function registerJobRoutes(app: Hono, { jobs }: ServerServices): void {
  app.get('/api/jobs', async (c) => {
    const query = parseInput(JobsQuerySchema, c.req.query(), 'query parameter');
    if (jobs === undefined) return c.json({ schemaVersion: 1, queue: false, jobs: [] });
    const listed = await jobs.list({
      ...(query.series === undefined ? {} : { series: query.series }),
      ...(query.state === undefined ? {} : { states: [query.state] }),
      limit: query.limit,
    });
    // Jobs change by the second: never cached.
    c.header('cache-control', 'no-store');
    return c.json({ schemaVersion: 1, queue: true, jobs: listed });
  });
}
