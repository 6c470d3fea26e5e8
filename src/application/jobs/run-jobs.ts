/**
 * What a worker does with each kind of job (see job-queue.ts), and how the side that asked for an add enqueues it.
 * The steps are the in-process add's own (`storeEditions`, `alignSeries`), so a store filled by workers holds what
 * the same files added in process would (the tests compare the two stores).
 */
import { PalimpsestError } from '../../errors/errors.js';
import type { Format } from '../../importers/types.js';
import type { ImportJobData, JobHandlers, JobQueue } from '../../queue/job-queue.js';
import type { EditionStore } from '../../store/index.js';
import { ENGINE_VERSION, isNewerEngine } from '../../version.js';
import {
  type AddEditionsInput,
  alignSeries,
  type EditionSourceInput,
  refuseDuplicateFiles,
  storeEditions,
} from '../use-cases/add.js';
import { rebuildRequest, rebuildSeries, seriesRebuildNeed } from '../use-cases/rebuild.js';

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
      // Collation and rebuild are one job (CollateJobData.rebuild): what it does follows the engine version the
      // store records for the series, so a rebuild folded into a waiting collation is carried out all the same.
      const engine = await store.seriesEngine(series);
      const need = engine === undefined ? 'none' : seriesRebuildNeed(engine);
      if (need === 'none') return { aligned: await alignSeries(store, series) };
      const rebuilt = await rebuildSeries(store, series, { replace: need === 'replace', from: engine ?? null });
      // The last series of an upgrade rebuilt: the older engines' values are served no more (reads are strict once
      // every series is this engine's), so they go — orphans included, such as comparisons of pairs no longer
      // consecutive, which no rebuild replaces. Only older engines' values: a newer worker may have started since.
      const engines = [...(await store.seriesEngines()).values()];
      if (engines.every((one) => one === ENGINE_VERSION)) {
        await store.dropDerivedOf((version) => isNewerEngine(ENGINE_VERSION, version));
      }
      return { aligned: rebuilt.aligned };
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

/** One series' rebuild job: its id, or null when it was folded into a collation of the series already waiting. */
export interface EnqueuedRebuild {
  series: string;
  job: string | null;
}

/**
 * After an engine upgrade (a worker starting with a newer engine than the one the store records for a series):
 * enqueue the rebuild of every series whose derived data this engine has not made, once per series and engine
 * version however many workers start at once (`JobQueue.enqueueRebuild`'s `once`). Series recorded as this engine's,
 * or a newer one's, are left alone. Answers the series enqueued (a job null: one was there already).
 */
export async function enqueueUpgradeRebuilds(store: EditionStore, queue: JobQueue): Promise<EnqueuedRebuild[]> {
  const enqueued: EnqueuedRebuild[] = [];
  for (const [series, engine] of await store.seriesEngines()) {
    if (seriesRebuildNeed(engine) === 'none') continue;
    const job = await queue.enqueueRebuild({ series }, { once: `${ENGINE_VERSION} from ${engine ?? 'unknown'}` });
    enqueued.push({ series, job });
  }
  return enqueued;
}

/**
 * `palimpsest rebuild` on PostgreSQL: ask for the rebuild of every series (or of `only`) — recorded in the store, so a
 * collation already waiting carries it out — and enqueue one rebuild job per series. Answers each series' job: the
 * one enqueued, or the waiting collation it was folded into.
 */
export async function enqueueRebuilds(
  store: EditionStore,
  queue: JobQueue,
  only?: readonly string[],
): Promise<EnqueuedRebuild[]> {
  const engines = await store.seriesEngines();
  const names = only ?? [...engines.keys()];
  const enqueued: EnqueuedRebuild[] = [];
  for (const series of names) {
    // A series a newer engine derived is left to it: this engine's workers would replace its values with older ones.
    const engine = engines.get(series);
    if (engine !== undefined && engine !== null && isNewerEngine(engine, ENGINE_VERSION)) continue;
    if (!(await store.setSeriesEngine(series, rebuildRequest()))) {
      throw new PalimpsestError('E_NO_SERIES', `no series '${series}' in ${store.location}`);
    }
    let job = await queue.enqueueRebuild({ series });
    if (job === null) {
      // Folded into a waiting collation — which may have started since, after the request was recorded.
      const pending = await queue.list({ series, states: ['waiting', 'running'], limit: 20 });
      job = pending.find((one) => one.kind !== 'import')?.id ?? null;
    }
    enqueued.push({ series, job });
  }
  return enqueued;
}
