/** `palimpsest trace SERIES PHRASE [--exact|--regex] [--format table|json|csv|svg] [--output FILE]`. */
import { traceSeries } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import { renderTraceCsv, renderTraceJson, renderTraceSvg, renderTraceTable } from '../report/index.js';
import { emit } from './blame-command.js';
import { TRACE_FORMATS } from './choices.js';
import { type StoreCommandOptions, withStore } from './corpus-command.js';
import { type CliIo, shouldUseColor } from './io.js';

export { TRACE_FORMATS };

/** Options of the trace command as commander parses them. */
export interface TraceCommandOptions extends StoreCommandOptions {
  exact?: boolean;
  regex?: boolean;
  format: (typeof TRACE_FORMATS)[number];
  output?: string;
  context?: number;
  color?: boolean;
}

/** Run the trace command and return its exit status. */
export async function traceCommand(
  series: string,
  phrase: string,
  options: TraceCommandOptions,
  io: CliIo,
): Promise<number> {
  if (options.exact && options.regex)
    throw new PalimpsestError('E_USAGE', '--exact and --regex cannot be used together');
  const mode = options.regex ? 'regex' : options.exact ? 'exact' : 'normalized';
  const result = await withStore(
    options,
    io,
    (store) =>
      traceSeries(store, series, phrase, {
        mode,
        ...(options.context === undefined ? {} : { context: options.context }),
      }),
    'read',
  );
  let text: string;
  if (options.format === 'json') text = renderTraceJson(result);
  else if (options.format === 'csv') text = renderTraceCsv(result);
  else if (options.format === 'svg') text = renderTraceSvg(result);
  else {
    const ansi = options.output === undefined && shouldUseColor(io.stdout, io.env, options.color !== false);
    text = renderTraceTable(result, { style: ansi ? 'ansi' : 'plain' });
  }
  await emit(text, options.output, io);
  return 0;
}
