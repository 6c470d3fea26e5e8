/**
 * Series and editions: list, show, upload, get and delete. Reads call the application's use cases; the upload reads
 * the multipart body in memory within the size limit (nothing is written to disk) and hands the bytes to
 * `addEditionBytes`, whose importers decide the format from the content. With a job queue (a shared PostgreSQL store,
 * issue 16) the upload is enqueued instead (`enqueueUpload`) and answered 202 Accepted with the job's URL
 * (RFC 9110 §15.3.3), and a series says whether work on it is pending (`readiness`).
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  addEditionBytes,
  enqueueUpload,
  listCorpus,
  removeFromCorpus,
  seriesReadiness,
  showSeries,
  storeReopenable,
} from '../application/index.js';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { publicEditionRecord } from './public-record.js';
import {
  EditionParamsSchema,
  parseInput,
  SeriesParamsSchema,
  UploadFieldsSchema,
  UploadParamsSchema,
} from './schemas.js';
import type { ServerServices } from './services.js';

/** Room for the multipart framing and text fields around the file, beyond the file's own limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Longest uploaded file name kept as provenance. */
const MAX_FILE_NAME = 200;

/** An uploaded file's name as provenance: its last path segment, without control characters, at most 200 chars. */
export function uploadName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const clean = last.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return (clean === '' || clean === '.' || clean === '..' ? 'upload' : clean).slice(0, MAX_FILE_NAME);
}

/** Registers the series and edition routes. */
export function registerSeriesRoutes(app: Hono, services: ServerServices): void {
  const { store, pool, storeLocation, jobs } = services;

  // A removal re-collates the editions that remain (a newly adjacent pair may need comparing): on the writer thread
  // when the server has one, like an upload.
  const remove = async (series: string, edition?: string): Promise<number> => {
    if (!pool?.writesOffThread || !storeReopenable(store, storeLocation)) {
      return removeFromCorpus(store, series, edition);
    }
    const done = await pool.write({
      kind: 'remove',
      store: { location: storeLocation },
      series,
      ...(edition === undefined ? {} : { edition }),
    });
    if (done.kind !== 'remove') throw new Error(`a write task answered ${done.kind} to a removal`);
    return done.removed;
  };

  app.get('/api/series', async (c) => c.json(await listCorpus(store)));

  app.get('/api/series/:series', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    const shown = await showSeries(store, series);
    // The real clock, not the uploads' (a test's fixed one): job times are the database's.
    const readiness = await seriesReadiness(jobs, series, shown.editions, new Date());
    // With a queue the readiness changes as workers go: never cached then.
    if (jobs !== undefined) c.header('cache-control', 'no-store');
    return c.json({ series: shown.series, editions: shown.editions.map(publicEditionRecord), readiness });
  });

  app.delete('/api/series/:series', async (c) => {
    const { series } = parseInput(SeriesParamsSchema, c.req.param(), 'path parameter');
    return c.json({ removed: await remove(series) });
  });

  app.get('/api/series/:series/editions/:edition', async (c) => {
    const { series, edition } = parseInput(EditionParamsSchema, c.req.param(), 'path parameter');
    const shown = await showSeries(store, series);
    const record = shown.editions.find((e) => e.label === edition);
    if (record === undefined)
      throw new PalimpsestError(
        'E_NO_EDITION',
        `series ${quoteFileName(series)} has no edition ${quoteFileName(edition)}`,
      );
    return c.json(publicEditionRecord(record));
  });

  app.delete('/api/series/:series/editions/:edition', async (c) => {
    const { series, edition } = parseInput(EditionParamsSchema, c.req.param(), 'path parameter');
    await remove(series, edition);
    return c.body(null, 204);
  });

  const limit = services.maxUploadBytes;
  app.post(
    '/api/series/:series/editions',
    bodyLimit({
      maxSize: limit + MULTIPART_OVERHEAD,
      onError: () => {
        throw new PalimpsestError('E_TOO_LARGE', `the upload is larger than the limit of ${limit} bytes`);
      },
    }),
    async (c) => {
      const { series } = parseInput(UploadParamsSchema, c.req.param(), 'path parameter');
      const type = c.req.header('content-type') ?? '';
      if (/^multipart\/form-data\s*$/i.test(type)) {
        throw new PalimpsestError('E_USAGE', 'the multipart/form-data content type has no boundary parameter');
      }
      if (!/^multipart\/form-data\s*;/i.test(type)) {
        // 415: the body's media type is the problem (a JSON body, say), not its content.
        throw new PalimpsestError(
          'E_UNSUPPORTED_FORMAT',
          `an upload must be sent as multipart/form-data with a file field, not ${JSON.stringify(type.split(';')[0]?.trim().slice(0, 100) || 'no content type')}`,
        );
      }
      let form: FormData;
      try {
        form = await c.req.raw.formData();
      } catch (error) {
        if (error instanceof PalimpsestError) throw error;
        throw new PalimpsestError('E_USAGE', 'the multipart/form-data body is malformed', { cause: error });
      }
      const file = form.get('file');
      if (!(file instanceof File)) throw new PalimpsestError('E_USAGE', "form field 'file' is required (a file)");
      const text = (name: string) => {
        const value = form.get(name);
        return typeof value === 'string' && value !== '' ? value : undefined;
      };
      const fields = parseInput(
        UploadFieldsSchema,
        {
          label: text('label'),
          date: text('date'),
          lang: text('lang'),
          replace: text('replace'),
          allowDuplicate: text('allowDuplicate'),
        },
        'form field',
      );
      if (file.size > limit) {
        throw new PalimpsestError('E_TOO_LARGE', `the file is ${file.size} bytes, over the limit of ${limit} bytes`);
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const input = {
        series,
        label: fields.label,
        bytes,
        sourceName: uploadName(file.name),
        maxBytes: limit,
        ...(fields.date ? { date: fields.date } : {}),
        ...(fields.lang ? { lang: fields.lang } : {}),
        ...(fields.replace === 'true' ? { replace: true } : {}),
        ...(fields.allowDuplicate === 'true' ? { allowDuplicate: true } : {}),
      };
      if (jobs !== undefined) {
        // A worker imports it: answered at once with where to follow the job.
        const id = await enqueueUpload(store, jobs, input);
        const url = `/api/jobs/${id}`;
        // The job is enqueued: from here on the answer is 202 whatever happens. A worker may have taken it already.
        const listed = await jobs.list({ ids: [id], limit: 1 }).catch(() => []);
        const job = listed[0] ?? {
          id,
          kind: 'import',
          state: 'waiting',
          series,
          label: fields.label,
          retries: 0,
          createdAt: new Date().toISOString(),
        };
        c.header('location', url);
        return c.json({ job, url }, 202);
      }
      const result = await addEditionBytes(store, input, {
        now: services.now,
        ...(pool ? { pool } : {}),
        ...(storeLocation === undefined ? {} : { storeLocation }),
      });
      return c.json({ ...result, edition: publicEditionRecord(result.edition) }, 201);
    },
  );
}
