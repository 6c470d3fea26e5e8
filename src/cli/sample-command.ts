/**
 * `palimpsest sample`: the README's first command. It loads the bundled Bluebook pair into series `bluebook`
 * (editions 2020 and 2022) and shows what the tool is for, in the order a reader needs it: the redline of 2020 → 2022,
 * the series' history, the blame of "(2) Territorial integrity" (renumbered from (3)) and the trace of
 * "increasingly severe" — each under the command that prints it alone.
 */

import { blameEdition, compareStored, factsStored, seriesHistory, traceSeries } from '../application/index.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import { renderBlameTerminal, renderHistoryTerminal, renderReport, renderTraceTable } from '../report/index.js';
import type { Clock } from './add-command.js';
import { reportOptionsFor } from './compare-command.js';
import { type StoreCommandOptions, withStore } from './corpus-command.js';
import { type CliIo, shouldUseColor } from './io.js';
import { loadSample, SAMPLE_EDITIONS, SAMPLE_PHRASE, SAMPLE_SECTION, SAMPLE_SERIES } from './sample.js';

/** Run the sample command and return its exit status. */
export async function sampleCommand(
  options: StoreCommandOptions,
  io: CliIo,
  now: Clock = () => new Date(),
): Promise<number> {
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;
  const color = shouldUseColor(io.stdout, io.env);
  const rule = (title: string) =>
    `\n━━ ${title} ${'━'.repeat(Math.max(3, Math.min(width ?? 80, 100) - title.length - 4))}\n\n`;
  const [older, newer] = SAMPLE_EDITIONS.map((e) => e.label) as [string, string];
  await withStore(options, io, async (store) => {
    const added = await loadSample(store, { now });
    const status = added.editions.map((e) => `${e.label} ${e.status}`).join(', ');
    io.stdout.write(`Series ${SAMPLE_SERIES} in ${store.location}: ${status}\n`);

    io.stdout.write(rule(`palimpsest compare ${SAMPLE_SERIES} ${older} ${newer}`));
    const comparison = await compareStored(store, SAMPLE_SERIES, older, newer);
    const facts = (await factsStored(store, SAMPLE_SERIES, older, newer, { comparison })).changes;
    io.stdout.write(renderReport(comparison, 'terminal', { ...reportOptionsFor({ format: 'terminal' }, io), facts }));

    io.stdout.write(rule(`palimpsest history ${SAMPLE_SERIES}`));
    io.stdout.write(
      renderHistoryTerminal(await seriesHistory(store, SAMPLE_SERIES, { top: 5 }), width ? { width } : {}),
    );

    io.stdout.write(
      rule(`palimpsest blame ${SAMPLE_SERIES} ${newer} --section "${SAMPLE_SECTION.join(SECTION_PATH_SEPARATOR)}"`),
    );
    const blame = await blameEdition(store, SAMPLE_SERIES, { edition: newer, section: SAMPLE_SECTION });
    io.stdout.write(renderBlameTerminal(blame, { color, ...(width ? { width } : {}) }));

    io.stdout.write(rule(`palimpsest trace ${SAMPLE_SERIES} "${SAMPLE_PHRASE}"`));
    io.stdout.write(
      renderTraceTable(await traceSeries(store, SAMPLE_SERIES, SAMPLE_PHRASE), { style: color ? 'ansi' : 'plain' }),
    );
    io.stdout.write(
      `\nNext: palimpsest search territorial · palimpsest serve --sample (the web app) · palimpsest add SERIES DIR\n`,
    );
  });
  return 0;
}
