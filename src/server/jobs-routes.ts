/**
 * GET /api/jobs and GET /api/jobs/{id} (issue 16): the queued jobs of a shared PostgreSQL store — imports and series
 * collations, newest first, failed ones with their coded error — so a client can follow the work `palimpsest worker`
 * processes do (an upload answered 202 names its job's URL here). A store without a queue (SQLite: every command
 * does its own work) answers an empty list saying so, and has no job to show (404).
 */
import type { Hono } from 'hono';
import { PalimpsestError } from '../errors/errors.js';
import { JobParamsSchema, JobsQuerySchema, parseInput } from './schemas.js';
import type { ServerServices } from './services.js';

/** Registers GET /api/jobs and GET /api/jobs/{id}. */
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

  app.get('/api/jobs/:id', async (c) => {
    const { id } = parseInput(JobParamsSchema, c.req.param(), 'path parameter');
    const [job] = jobs === undefined ? [] : await jobs.list({ ids: [id.toLowerCase()], limit: 1 });
    if (job === undefined) {
      throw new PalimpsestError(
        'E_NOT_FOUND',
        jobs === undefined
          ? 'no job queue: this store runs its work in the request that asks for it'
          : `no job ${id} (finished jobs are kept a day, failed ones a week)`,
      );
    }
    c.header('cache-control', 'no-store');
    return c.json(job);
  });
}
