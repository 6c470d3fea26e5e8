/**
 * What a worker does with each kind of job (see job-queue.ts), and how the side that asked for an add enqueues it.
 * The steps are the in-process add's own (`storeEditions`, `alignSeries`), so a store filled by workers holds what
 * the same files added in process would (the tests compare the two stores).
 */
import { PalimpsestError } from '../../errors/errors.js';
import type { Format } from '../../importers/types.js';
import type { ImportJobData, JobHandlers, JobQueue } from '../../queue/job-queue.js';
import type { EditionStore } from '../../store/index.js';
import {
  type AddEditionsInput,
  alignSeries,
  type EditionSourceInput,
  refuseDuplicateFiles,
  storeEditions,
} from '../use-cases/add.js';

/** The handlers a worker process runs: imports store one edition, then ask for their series' collation. */
export function jobHandlers(store: EditionStore, queue: JobQueue, now: () => Date): JobHandlers {
  return {
    async import(data) {
      const bytes = await queue.staged(data.staged);
      if (bytes === undefined) {
        // A run that stored the edition and released the bytes, then died before the queue heard it finished.
        const held = (await store.getSeries(data.series)) ? await store.listEditions(data.series) : [];
        const same = held.find((record) => record.label === data.label && record.sha256 === data.staged);
        if (same === undefined) {
          throw new PalimpsestError('E_JOB', `the bytes of edition ${JSON.stringify(data.label)} are no longer staged`);
        }
        await queue.enqueueCollate({ series: data.series });
        return { status: 'unchanged', sha256: same.sha256 };
      }
      const [added] = await storeEditions(store, importInput(data, bytes), { now });
      if (added === undefined) throw new PalimpsestError('E_INTERNAL', 'an import job stored no edition');
      await queue.enqueueCollate({ series: data.series });
      return { status: added.status, sha256: added.record.sha256 };
    },
    async collate({ series }) {
      return { aligned: await alignSeries(store, series) };
    },
  };
}

/** The add input of one import job. */
function importInput(data: ImportJobData, bytes: Uint8Array): AddEditionsInput {
  const edition: EditionSourceInput = {
    source: data.source,
    bytes,
    label: data.label,
    ...(data.date === undefined ? {} : { date: data.date }),
    ...(data.finalUrl === undefined ? {} : { finalUrl: data.finalUrl }),
    ...(data.contentType === undefined ? {} : { contentType: data.contentType }),
  };
  return {
    series: data.series,
    editions: [edition],
    cwd: '/',
    ...(data.lang === undefined ? {} : { lang: data.lang }),
    ...(data.replace ? { replace: true } : {}),
    ...(data.allowDuplicate ? { allowDuplicate: true } : {}),
    ...(data.from === undefined ? {} : { from: data.from as Format }),
    ...(data.encoding === undefined ? {} : { encoding: data.encoding }),
    ...(data.maxBytes === undefined ? {} : { maxBytes: data.maxBytes }),
    jobs: 1,
  };
}

/** One edition of a queued add, its bytes read by the caller (files and standard input read where the user is). */
export interface QueuedEdition {
  source: string;
  label: string;
  date?: string;
  bytes: Uint8Array;
}

/**
 * Enqueue an add: refuse duplicates up front as the in-process add does (nothing is enqueued then), stage each
 * edition's bytes and enqueue one import job per edition. Answers the job ids in the editions' order.
 */
export async function enqueueAdd(
  store: EditionStore,
  queue: JobQueue,
  input: Omit<AddEditionsInput, 'editions' | 'jobs' | 'cwd'> & { editions: readonly QueuedEdition[] },
): Promise<string[]> {
  if (input.series.trim() === '') throw new PalimpsestError('E_USAGE', 'the series name is empty');
  if (!input.allowDuplicate && input.editions.length > 1) {
    await refuseDuplicateFiles(store, { ...input, cwd: '/', editions: input.editions });
  }
  const ids: string[] = [];
  for (const edition of input.editions) {
    const staged = await queue.stage(edition.bytes);
    ids.push(
      await queue.enqueueImport({
        series: input.series,
        label: edition.label,
        source: edition.source,
        staged,
        ...(edition.date === undefined ? {} : { date: edition.date }),
        ...(input.lang === undefined ? {} : { lang: input.lang }),
        ...(input.from === undefined ? {} : { from: input.from }),
        ...(input.encoding === undefined ? {} : { encoding: input.encoding }),
        ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }),
        ...(input.replace ? { replace: true } : {}),
        ...(input.allowDuplicate ? { allowDuplicate: true } : {}),
      }),
    );
  }
  return ids;
}
