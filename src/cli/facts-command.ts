/**
 * `palimpsest facts OLD NEW` and `palimpsest facts SERIES A B`: the facts of two editions that are new, dropped or
 * changed in value (issue 15 part 1), as terminal text, JSON (schema/facts.schema.json), Markdown or CSV.
 */
import { factsStored } from '../application/index.js';
import { compareDocuments } from '../compare/compare.js';
import { PalimpsestError } from '../errors/errors.js';
import { type FactKind, factsReport } from '../facts/index.js';
import type { Format } from '../importers/types.js';
import { type FactsFormat, renderFacts } from '../report/index.js';
import { emit } from './blame-command.js';
import { type CompareCommandOptions, importInput } from './compare-command.js';
import { type StoreCommandOptions, withStore } from './corpus-command.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_SIZE } from './size.js';
import { isStdin, STDIN_NAME } from './stdin.js';

/** Options of the facts command as commander parses them. */
export interface FactsCommandOptions extends StoreCommandOptions {
  format: FactsFormat;
  output?: string;
  /** Only these kinds (`--kind quantity,date`). */
  kind?: FactKind[];
  maxSize?: number;
  from?: Format;
  encoding?: string;
}

/** Run `facts OLD NEW` (two files) or, with a third argument, `facts SERIES A B` (two stored editions). */
export async function factsCommand(
  first: string,
  second: string,
  third: string | undefined,
  options: FactsCommandOptions,
  io: CliIo,
): Promise<number> {
  const kinds = options.kind ? { kinds: options.kind } : {};
  if (third !== undefined) {
    const report = await withStore(options, io, (store) => factsStored(store, first, second, third, kinds), 'read');
    await emit(renderFacts(report, options.format), options.output, io);
    return 0;
  }
  if (isStdin(first) && isStdin(second)) {
    throw new PalimpsestError('E_USAGE', "standard input ('-') can stand for one edition only, not both");
  }
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  const importOptions = {
    format: 'terminal',
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
  } as CompareCommandOptions;
  const older = await importInput(first, options.from, importOptions, io, maxSize);
  const newer = await importInput(second, options.from, importOptions, io, maxSize);
  const comparison = compareDocuments(older.document, newer.document, {
    oldName: isStdin(first) ? STDIN_NAME : first,
    newName: isStdin(second) ? STDIN_NAME : second,
  });
  const report = factsReport(comparison, older.document, newer.document, kinds);
  await emit(renderFacts(report, options.format), options.output, io);
  return 0;
}
