/**
 * Adding one edition from bytes already in memory (an HTTP upload) rather than from a path: the same steps as
 * `addEditions` — import within the size limit, parse before storing (a file the engine cannot read never enters the
 * store), store the bytes with their provenance, cache the tree, index it for search, then align the series — but
 * nothing is read from or written to the file system, so an uploader's file name is only ever provenance text.
 */
import { PalimpsestError } from '../errors/errors.js';
import { importEdition, parseImported } from '../importers/index.js';
import type { AddEditionResult, EditionRecord, EditionStore } from '../store/index.js';
import { ENGINE_VERSION } from '../version.js';
import { type AddDependencies, alignSeries, storeParsedEdition } from './add.js';

/** One edition given as bytes. */
export interface EditionBytesInput {
  series: string;
  label: string;
  bytes: Uint8Array;
  /** The name the bytes came under (an upload's file name): shown in messages and kept as provenance only. */
  sourceName: string;
  /** ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string;
  /** Language of the edition (`en`, `ja`…), used to segment words. */
  lang?: string;
  /** Replace an edition whose label is taken by different bytes instead of refusing (E_EXISTS). */
  replace?: boolean;
  /** Largest input in bytes (E_TOO_LARGE beyond it). */
  maxBytes?: number;
}

/** The outcome of `addEditionBytes`. */
export interface EditionBytesResult {
  status: AddEditionResult['status'];
  edition: EditionRecord;
  /** Consecutive pairs of the series aligned (or found aligned in the cache). */
  aligned: number;
}

/** Add one edition from its bytes, then align its series (the upload use case of the HTTP API). */
export async function addEditionBytes(
  store: EditionStore,
  input: EditionBytesInput,
  dependencies: Pick<AddDependencies, 'now'>,
): Promise<EditionBytesResult> {
  if (input.series.trim() === '') throw new PalimpsestError('E_USAGE', 'the series name is empty');
  if (input.label.trim() === '') throw new PalimpsestError('E_USAGE', 'the edition label is empty');
  const imported = await importEdition(input.bytes, {
    name: input.sourceName,
    ...(input.maxBytes === undefined ? {} : { limits: { maxBytes: input.maxBytes } }),
  });
  const document = parseImported(imported, input.lang ? { locale: input.lang } : {});
  const { result } = await storeParsedEdition(
    store,
    {
      series: input.series,
      label: input.label,
      bytes: input.bytes,
      ...(input.date ? { date: input.date } : {}),
      ...(input.lang ? { lang: input.lang } : {}),
      source: { name: input.sourceName },
      format: imported.format,
      ...(imported.encoding ? { encoding: imported.encoding } : {}),
      importedAt: dependencies.now().toISOString(),
      engineVersion: ENGINE_VERSION,
      ...(input.replace ? { replace: true } : {}),
    },
    document,
  );
  const record = result.edition;
  const aligned = await alignSeries(store, input.series);
  const stored = (await store.getEdition(record.series, record.label)) ?? record;
  return { status: result.status, edition: stored, aligned };
}
