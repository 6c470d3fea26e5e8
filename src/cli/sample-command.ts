/**
 * `palimpsest sample`: load the bundled Bluebook pair (examples/bluebook, resolved from the package root, not the
 * working directory) into series `bluebook` as editions 2020 and 2022, then show its history, the blame of the
 * "(2) Territorial integrity" section of 2022 and the trace of "increasingly severe" — the README's first command.
 */
import { fileURLToPath } from 'node:url';
import { addEditions, blameEdition, seriesHistory, traceSeries } from '../application/index.js';
import { renderBlameTerminal, renderHistoryTerminal } from '../collate/index.js';
import { renderTraceTable } from '../trace/index.js';
import type { Clock } from './add-command.js';
import { type StoreCommandOptions, storeLocation, withStore } from './corpus-command.js';
import { type CliIo, shouldUseColor } from './io.js';

/** The series the sample loads. */
export const SAMPLE_SERIES = 'bluebook';
/** The section of 2022 whose blame the sample shows. */
export const SAMPLE_SECTION = ['(2)'];
/** The phrase the sample traces. */
export const SAMPLE_PHRASE = 'increasingly severe';

/** The bundled examples folder: two levels up from src/cli/ or dist/cli/. */
export function examplesFolder(): string {
  return fileURLToPath(new URL('../../examples/bluebook/', import.meta.url));
}

/** Run the sample command and return its exit status. */
export async function sampleCommand(
  options: StoreCommandOptions,
  io: CliIo,
  now: Clock = () => new Date(),
): Promise<number> {
  const folder = examplesFolder();
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;
  const color = shouldUseColor(io.stdout, io.env);
  const rule = (title: string) =>
    `\n━━ ${title} ${'━'.repeat(Math.max(3, Math.min(width ?? 80, 100) - title.length - 4))}\n\n`;
  await withStore(options, io, async (store) => {
    const added = await addEditions(
      store,
      {
        series: SAMPLE_SERIES,
        cwd: folder,
        lang: 'en',
        editions: [
          { source: `${folder}2020-ch3-s1.txt`, label: '2020', date: '2020' },
          { source: `${folder}2022-ch3-s1.txt`, label: '2022', date: '2022' },
        ],
      },
      { now },
    );
    const status = added.editions.map((e) => `${e.label} ${e.status}`).join(', ');
    io.stdout.write(`Series ${SAMPLE_SERIES} in ${storeLocation(options, io)}: ${status}\n`);
    io.stdout.write(rule(`palimpsest history ${SAMPLE_SERIES}`));
    io.stdout.write(
      renderHistoryTerminal(await seriesHistory(store, SAMPLE_SERIES, { top: 5 }), width ? { width } : {}),
    );
    io.stdout.write(rule(`palimpsest blame ${SAMPLE_SERIES} 2022 --section "(2)"`));
    const blame = await blameEdition(store, SAMPLE_SERIES, { edition: '2022', section: SAMPLE_SECTION });
    io.stdout.write(renderBlameTerminal(blame, { color, ...(width ? { width } : {}) }));
    io.stdout.write(rule(`palimpsest trace ${SAMPLE_SERIES} "${SAMPLE_PHRASE}"`));
    io.stdout.write(
      renderTraceTable(await traceSeries(store, SAMPLE_SERIES, SAMPLE_PHRASE), { style: color ? 'ansi' : 'plain' }),
    );
    io.stdout.write(
      '\nNext: palimpsest search territorial · palimpsest compare bluebook 2020 2022 · palimpsest add SERIES DIR\n',
    );
  });
  return 0;
}
