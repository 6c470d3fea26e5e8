/** `palimpsest trace SERIES PHRASE [--exact|--regex] [--format table|json|csv|svg] [--output FILE]`. */
import { traceSeries, traceSeriesFacts } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import {
  renderFactTraceJson,
  renderFactTraceTable,
  renderTraceCsv,
  renderTraceJson,
  renderTraceSvg,
  renderTraceTable,
} from '../report/index.js';
import { emit } from './blame-command.js';
import { TRACE_FORMATS } from './choices.js';
import { type StoreCommandOptions, withSeriesRead, withStore } from './corpus-command.js';
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
  /** Follow the facts whose key or text holds the phrase instead of the phrase itself (`--facts`). */
  facts?: boolean;
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
  if (options.facts) return traceFactsCommand(series, phrase, options, io);
  const mode = options.regex ? 'regex' : options.exact ? 'exact' : 'normalized';
  const result = await withSeriesRead(options, io, series, (store) =>
    traceSeries(store, series, phrase, {
      mode,
      ...(options.context === undefined ? {} : { context: options.context }),
    }),
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

/** `trace SERIES PHRASE --facts`: the facts matching PHRASE through the series, as a table or JSON. */
async function traceFactsCommand(
  series: string,
  phrase: string,
  options: TraceCommandOptions,
  io: CliIo,
): Promise<number> {
  if (options.exact || options.regex || options.context !== undefined) {
    throw new PalimpsestError(
      'E_USAGE',
      '--facts matches fact keys and texts: it takes no --exact, --regex or --context',
    );
  }
  if (options.format !== 'table' && options.format !== 'json') {
    throw new PalimpsestError('E_USAGE', `trace --facts writes table or json, not ${options.format}`);
  }
  const trace = await withStore(options, io, (store) => traceSeriesFacts(store, series, phrase), 'read');
  await emit(options.format === 'json' ? renderFactTraceJson(trace) : renderFactTraceTable(trace), options.output, io);
  return 0;
}
