/** Reports of `palimpsest trace SERIES PHRASE --facts`: a table per fact thread (terminal) and JSON. */
import type { FactTrace } from '../facts/trace.js';
import { collapseWhitespace, displayWidth, replaceControls } from '../text/display.js';

/** Document text for one terminal line. */
const plain = (text: string) => replaceControls(collapseWhitespace(text));

/** The fact trace as terminal text: per thread, one line per edition with its values, mentions and first text. */
export function renderFactTraceTable(trace: FactTrace): string {
  const lines = [
    `Facts matching “${plain(trace.phrase)}” in ${trace.editions.length} edition${trace.editions.length === 1 ? '' : 's'}: ${trace.threads.length} fact${trace.threads.length === 1 ? '' : 's'}`,
  ];
  const width = Math.max(0, ...trace.editions.map((edition) => displayWidth(plain(edition.label))));
  for (const thread of trace.threads) {
    lines.push(
      '',
      `${thread.kind} ${plain(thread.key)}${thread.label !== thread.key ? ` — ${plain(thread.label)}` : ''}`,
    );
    let previous: string | null = null;
    for (const cell of thread.editions) {
      const label = plain(cell.label);
      const pad = ' '.repeat(Math.max(0, width - displayWidth(label)));
      if (cell.mentions === 0) {
        lines.push(`  ${label}${pad}  —`);
        previous = null;
        continue;
      }
      const values = cell.values.join(', ');
      const changed = previous !== null && values !== previous ? '  (changed)' : '';
      const mentions = `${cell.mentions} mention${cell.mentions === 1 ? '' : 's'}`;
      lines.push(
        `  ${label}${pad}  ${values ? `${plain(values)} · ` : ''}${mentions} · “${plain(cell.text ?? '')}”${changed}`,
      );
      previous = values;
    }
  }
  if (trace.threads.length === 0) lines.push('', 'No fact matches.');
  return `${lines.join('\n')}\n`;
}

/** The fact trace as pretty-printed JSON. */
export function renderFactTraceJson(trace: FactTrace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}
