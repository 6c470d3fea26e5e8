/** `palimpsest search QUERY [--series S] [--edition E] [--limit N] [--format terminal|json]`. */

import { searchCorpus } from '../application/index.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import type { SearchHit } from '../store/index.js';
import { type StoreCommandOptions, withStore } from './corpus-command.js';
import { type CliIo, shouldUseColor } from './io.js';

/** Options of the search command as commander parses them. */
export interface SearchCommandOptions extends StoreCommandOptions {
  series?: string;
  edition?: string;
  limit?: number;
  format: 'terminal' | 'json';
  color?: boolean;
}

/** One hit for a reader: `series edition › path  @offset` then the snippet, matches bracketed or bold. */
export function formatHit(hit: SearchHit, color: boolean): string {
  const where = [hit.series, hit.edition, ...(hit.path ? [hit.path] : [])].join(SECTION_PATH_SEPARATOR);
  const snippet = color
    ? hit.snippet.replace(/\[\[(.*?)\]\]/g, '\u001b[1;4m$1\u001b[22;24m')
    : hit.snippet.replace(/\[\[(.*?)\]\]/g, '[$1]');
  return `${where}  @${hit.matchStart}\n    ${snippet}`;
}

/** Run the search command and return its exit status (0 with or without hits). */
export async function searchCommand(query: string, options: SearchCommandOptions, io: CliIo): Promise<number> {
  const hits = await withStore(
    options,
    io,
    (store) =>
      searchCorpus(store, query, {
        ...(options.series === undefined ? {} : { series: options.series }),
        ...(options.edition === undefined ? {} : { edition: options.edition }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      }),
    'read',
  );
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, query, hits }, null, 2)}\n`);
    return 0;
  }
  if (hits.length === 0) {
    io.stdout.write(`No match for ${JSON.stringify(query)}.\n`);
    return 0;
  }
  const color = shouldUseColor(io.stdout, io.env, options.color !== false);
  io.stdout.write(
    `${hits.map((hit) => formatHit(hit, color)).join('\n')}\n\n${hits.length} hit${hits.length === 1 ? '' : 's'}\n`,
  );
  return 0;
}
