/** `palimpsest blame SERIES [EDITION] [--section PATH] [--format terminal|json|html] [--output FILE]`. */
import { blameEdition } from '../application/index.js';
import { renderBlameHtml, renderBlameJson, renderBlameTerminal } from '../report/index.js';
import { BLAME_FORMATS } from './choices.js';
import { type StoreCommandOptions, withSeriesRead } from './corpus-command.js';
import { writeOutputFile } from './files.js';
import { type CliIo, shouldUseColor } from './io.js';

export { BLAME_FORMATS };

/** Options of the blame command as commander parses them. */
export interface BlameCommandOptions extends StoreCommandOptions {
  section?: string;
  format: (typeof BLAME_FORMATS)[number];
  output?: string;
  color?: boolean;
  width?: number;
  /** Show lineage ids in the terminal listing (`--ids`). */
  ids?: boolean;
}

/** Split a --section argument into labels: `Chapter 3 > (2)`, `Chapter 3 › (2)` or `Chapter 3/(2)`. */
export function parseSectionPath(value: string): string[] {
  return value
    .split(/\s*(?:›|>|\/)\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Write a rendered report to --output or standard output. */
export async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (output === undefined) io.stdout.write(body);
  else await writeOutputFile(output, io.cwd, body);
}

/** Run the blame command and return its exit status. */
export async function blameCommand(
  series: string,
  edition: string | undefined,
  options: BlameCommandOptions,
  io: CliIo,
): Promise<number> {
  const result = await withSeriesRead(options, io, series, (store) =>
    blameEdition(store, series, {
      ...(edition === undefined ? {} : { edition }),
      ...(options.section === undefined ? {} : { section: parseSectionPath(options.section) }),
    }),
  );
  let text: string;
  if (options.format === 'json') text = renderBlameJson(result);
  else if (options.format === 'html') text = renderBlameHtml(result);
  else {
    const toTerminal = options.output === undefined;
    const width = options.width ?? (toTerminal && io.stdout.isTTY ? io.stdout.columns : undefined);
    text = renderBlameTerminal(result, {
      color: toTerminal && shouldUseColor(io.stdout, io.env, options.color !== false),
      ...(width === undefined ? {} : { width }),
      ...(options.ids ? { ids: true } : {}),
    });
  }
  await emit(text, options.output, io);
  return 0;
}
