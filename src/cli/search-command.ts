/** `palimpsest search QUERY [--series S] [--edition E] [--limit N] [--format terminal|json]`. */

import { searchGrouped } from '../application/index.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
import type { SearchGroup, SearchHit } from '../store/index.js';
import { type StoreCommandOptions, staleNote, withStore } from './corpus-command.js';
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

/**
 * Where else a text found stands, under its hit: "in 14 editions: 2011–2024" and the editions between that lack it
 * ("…, not 2015, 2016"); nothing for a text found in one edition, which its hit already names.
 */
export function formatEditions(group: SearchGroup): string {
  if (group.editions.length < 2) return '';
  const span = `${group.editions[0]}–${group.editions.at(-1)}`;
  const gaps = group.gaps.length === 0 ? '' : `, not ${group.gaps.join(', ')}`;
  return `\n    in ${group.editions.length} editions: ${span}${gaps}`;
}

/** Run the search command and return its exit status (0 with or without hits). */
export async function searchCommand(query: string, options: SearchCommandOptions, io: CliIo): Promise<number> {
  const { groups, hits, truncated, stale, kind } = await withStore(
    options,
    io,
    async (store) => ({
      ...(await searchGrouped(store, query, {
        ...(options.series === undefined ? {} : { series: options.series }),
        ...(options.edition === undefined ? {} : { edition: options.edition }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      })),
      kind: store.kind,
    }),
    'read',
  );
  if (stale !== undefined) io.stderr.write(`palimpsest: note: ${staleNote(stale.engineVersion, kind)}\n`);
  if (options.format === 'json') {
    // Schema 2: `--limit` counts texts (groups), and `groups` lists each text once with its editions.
    io.stdout.write(
      `${JSON.stringify({ schemaVersion: 2, query, groups, hits, truncated, ...(stale ? { stale } : {}) }, null, 2)}\n`,
    );
    return 0;
  }
  if (groups.length === 0) {
    io.stdout.write(`No match for ${JSON.stringify(query)}.\n`);
    return 0;
  }
  const color = shouldUseColor(io.stdout, io.env, options.color !== false);
  const results = groups.map((group) => `${formatHit(group.hit, color)}${formatEditions(group)}`).join('\n');
  const count = `${groups.length} result${groups.length === 1 ? '' : 's'} (${hits.length} hit${hits.length === 1 ? '' : 's'} in all)`;
  io.stdout.write(`${results}\n\n${count}${truncated ? '; more hits than were read: narrow the query' : ''}\n`);
  return 0;
}
