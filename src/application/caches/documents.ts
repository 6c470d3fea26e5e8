/**
 * Derived data of stored editions: parsed trees (kind `tree`, keyed by the bytes' SHA-256), comparisons of two
 * editions (kind `comparison`, keyed `${shaA}:${shaB}`) and search units. Every value is a cache stamped with the
 * engine version (docs/design.md, "The model": raw inputs are immutable, everything derived is a cache): a miss
 * re-derives it from the stored bytes, so an engine upgrade needs only `palimpsest rebuild` or nothing at all.
 */

import { type CompareOptions, compareDocuments } from '../../compare/compare.js';
import { PalimpsestError, quoteFileName } from '../../errors/errors.js';
import {
  assertSourceWithinCapacity,
  importAndParse,
  isFormat,
  raiseAdvice,
  resolveLimits,
} from '../../importers/index.js';
import { SOURCE_FACTOR } from '../../importers/source-estimate.js';
import { CHARACTERS_PER_EXTRA_BLOCK } from '../../importers/types.js';
import type { Comparison } from '../../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../../model/section-path.js';
import type { BlockNode, DocumentNode, HeadingNode, SectionNode } from '../../model/tree.js';
import type { EditionRecord, EditionStore, SearchUnit } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import type { AlignPool } from '../workers/align-pool.js';

/** Cache kind of parsed trees. */
export const TREE_KIND = 'tree';
/** Cache kind of comparisons between two editions. */
export const COMPARISON_KIND = 'comparison';

/** Parses stored bytes into a tree the way `add` did (same format and encoding). */
export async function parseStoredBytes(record: EditionRecord, bytes: Uint8Array): Promise<DocumentNode> {
  const options = {
    name: record.source.name,
    ...(isFormat(record.format) ? { from: record.format } : {}),
    ...(record.encoding ? { encoding: record.encoding } : {}),
    ...(record.source.contentType ? { contentType: record.source.contentType } : {}),
  };
  return (await importAndParse(bytes, options, record.lang)).document;
}

/**
 * The parsed tree of a stored edition: from the cache, or parsed from its bytes and cached. An edition over the
 * capacity limits (stored by an older version, or under limits raised then) is refused with E_LIMIT before any
 * large work — reading it would take minutes and gigabytes, then fail (issue 9 item 3).
 */
export async function editionDocument(store: EditionStore, record: EditionRecord): Promise<DocumentNode> {
  try {
    const limits = resolveLimits(undefined);
    const format = isFormat(record.format) ? record.format : undefined;
    // A source whose size may prove it too large is looked at first (one pass over its bytes, nothing parsed).
    if (format !== undefined && record.size > SOURCE_FACTOR * limits.maxCharacters) {
      assertSourceWithinCapacity(
        await store.getEditionBytes(record.series, record.label),
        format,
        record.source.name,
        limits,
      );
    }
    const cached = await store.getDerived<DocumentNode>(TREE_KIND, record.sha256, ENGINE_VERSION);
    if (cached !== undefined) {
      assertTreeWithinCapacity(cached, record.source.name, limits);
      return cached;
    }
    const document = await parseStoredBytes(record, await store.getEditionBytes(record.series, record.label));
    assertTreeWithinCapacity(document, record.source.name, limits);
    await store.putDerived(TREE_KIND, record.sha256, ENGINE_VERSION, document);
    return document;
  } catch (error) {
    if (error instanceof PalimpsestError && error.code === 'E_LIMIT') throw overCapacity(record, error);
    throw error;
  }
}

/** E_LIMIT for a stored edition the engine will not process, saying what to do about it. */
function overCapacity(record: EditionRecord, cause: PalimpsestError): PalimpsestError {
  const detail = cause.message.replace(/^cannot import [^:]*: /, '').replace(/ \([^()]*\)$/, '');
  return new PalimpsestError(
    'E_LIMIT',
    `edition ${quoteFileName(record.label)} of series ${quoteFileName(record.series)} is over the limits of this ` +
      `engine (${detail}): remove it (palimpsest remove ${quoteFileName(record.series)} ` +
      `${quoteFileName(record.label)}) and add it again split into ` +
      'parts, or raise the limits (PALIMPSEST_MAX_CHARACTERS, PALIMPSEST_MAX_LINES, PALIMPSEST_MAX_BLOCKS)',
    { file: record.source.name, cause },
  );
}

/**
 * E_LIMIT when a tree holds more than the limits allow: its last offset past `maxCharacters`, more blocks than
 * `maxLines` (every block is at least one non-blank line), or more blocks and headings than `maxBlocks` plus one per
 * `CHARACTERS_PER_EXTRA_BLOCK` characters of its text (what `add` can hold within 20× the input + 200 MB: the
 * memory of a block does not shrink with its text). Cheap: one walk over the tree's nodes.
 */
export function assertTreeWithinCapacity(
  document: DocumentNode,
  name: string,
  limits: { maxCharacters: number; maxLines: number; maxBlocks: number },
): void {
  let end = document.position?.end.offset ?? 0;
  let blocks = 0;
  const visit = (node: DocumentNode['children'][number]): void => {
    blocks++;
    end = Math.max(end, node.position?.end.offset ?? 0);
    if (node.type === 'section') for (const child of node.children) visit(child as DocumentNode['children'][number]);
  };
  for (const child of document.children) visit(child);
  const allowance = limits.maxBlocks + Math.floor(end / CHARACTERS_PER_EXTRA_BLOCK);
  let what: string | undefined;
  if (end > limits.maxCharacters) {
    what = `its text has ${end} characters, more than the ${limits.maxCharacters} one edition may have (${raiseAdvice('maxCharacters')})`;
  } else if (blocks > limits.maxLines) {
    what = `its text has ${blocks} blocks, more than the ${limits.maxLines} non-blank lines one edition may have (${raiseAdvice('maxLines')})`;
  } else if (blocks > allowance) {
    what =
      `its ${end} characters make ${blocks} blocks and headings, more than the ${allowance} an edition of that ` +
      `length may have (${limits.maxBlocks}, and one more per ${CHARACTERS_PER_EXTRA_BLOCK} characters: join ` +
      `short lines into paragraphs, ${raiseAdvice('maxBlocks')})`;
  }
  if (what !== undefined) {
    throw new PalimpsestError('E_LIMIT', `cannot import ${quoteFileName(name)}: ${what}`, { file: name });
  }
}

/** Cache key of the comparison of two editions' bytes (default options only are cached). */
export function comparisonKey(older: EditionRecord, newer: EditionRecord): string {
  return `${older.sha256}:${newer.sha256}`;
}

/** Whether comparison options are the defaults, whose results may be cached. */
function isDefault(options: CompareOptions): boolean {
  return options.ignoreCase !== true && options.ignorePunctuation !== true;
}

/**
 * The cached comparison of two stored editions, or undefined on a miss (or for options whose results are not
 * cached). Callers check it before loading trees: a hit needs neither.
 */
export async function cachedComparison(
  store: EditionStore,
  older: EditionRecord,
  newer: EditionRecord,
  options: CompareOptions = {},
): Promise<Comparison | undefined> {
  if (!isDefault(options)) return undefined;
  const cached = await store.getDerived<Comparison>(COMPARISON_KIND, comparisonKey(older, newer), ENGINE_VERSION);
  return cached === undefined ? undefined : relabel(cached, older.label, newer.label);
}

/**
 * The cached comparison of two stored editions as its stored JSON text, when it was made under these editions' labels
 * (a comparison is cached by bytes, so a pair shared with another series may carry that series' labels: then, or on
 * a miss, undefined). The labels are found as the summaries' `name` fields, which no other object of a comparison has.
 */
export async function cachedComparisonJson(
  store: EditionStore,
  older: EditionRecord,
  newer: EditionRecord,
  options: CompareOptions = {},
): Promise<string | undefined> {
  if (!isDefault(options)) return undefined;
  const json = await store.getDerivedJson(COMPARISON_KIND, comparisonKey(older, newer), ENGINE_VERSION);
  if (json === undefined) return undefined;
  const named = (side: 'old' | 'new', label: string) => json.includes(`"${side}":{"name":${JSON.stringify(label)},`);
  return named('old', older.label) && named('new', newer.label) ? json : undefined;
}

/**
 * Where an uncached comparison runs: without a pool in process (the CLI, which has nothing else to do meanwhile); with
 * one, where the pool puts a single task (an offloading pool, a server's, sends it to a worker thread so the event loop
 * keeps answering other requests; the trees cross by structured clone as in align-pool.ts).
 */
export interface ComparisonExecution {
  /** The worker pool to run the comparison on; the caller owns and closes it. */
  pool?: AlignPool;
}

/** The comparison of two stored editions: cached under their SHA-256s when the options are the defaults. */
export async function editionComparison(
  store: EditionStore,
  older: { record: EditionRecord; document: DocumentNode },
  newer: { record: EditionRecord; document: DocumentNode },
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<Comparison> {
  const cached = await cachedComparison(store, older.record, newer.record, options);
  if (cached !== undefined) return cached;
  const cacheable = isDefault(options);
  const key = comparisonKey(older.record, newer.record);
  const named: CompareOptions = { ...options, oldName: older.record.label, newName: newer.record.label };
  const comparison = execution.pool
    ? await execution.pool.for(1).compare({ older: older.document, newer: newer.document, options: named })
    : compareDocuments(older.document, newer.document, named);
  if (cacheable) await store.putDerived(COMPARISON_KIND, key, ENGINE_VERSION, comparison);
  return comparison;
}

/** A cached comparison keyed by bytes may have been made under other labels: name it after these editions. */
function relabel(comparison: Comparison, oldName: string, newName: string): Comparison {
  comparison.old.name = oldName;
  comparison.new.name = newName;
  return comparison;
}

/** Label of a heading in a section path: its numbering label, else its title. */
function headingLabel(heading: HeadingNode): string {
  return heading.label ?? heading.title;
}

/**
 * The search units of a tree: every heading and every block (boxes contribute their inner blocks), with the path of
 * enclosing section labels and the unit's offsets in the edition's text.
 */
export function searchUnits(document: DocumentNode): SearchUnit[] {
  const units: SearchUnit[] = [];
  const push = (
    text: string,
    path: readonly string[],
    node: { position?: { start: { offset: number }; end: { offset: number } } },
  ) => {
    if (text.trim() === '') return;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start + text.length;
    units.push({ path: path.join(SECTION_PATH_SEPARATOR), text, start, end });
  };
  const visitBlock = (block: BlockNode, path: readonly string[]) => {
    if (block.type === 'box') {
      if (block.title) push(block.title, path, {});
      for (const inner of block.children) push(inner.value, path, inner);
    } else push(block.value, path, block);
  };
  const visitSection = (section: SectionNode, parentPath: readonly string[]) => {
    const [heading, ...rest] = section.children;
    const path = [...parentPath, headingLabel(heading)];
    push(heading.value, path, heading);
    for (const child of rest) {
      if (child.type === 'section') visitSection(child, path);
      else visitBlock(child, path);
    }
  };
  if (document.title) push(document.title.value, [], document.title);
  for (const child of document.children) {
    if (child.type === 'section') visitSection(child, []);
    else visitBlock(child, []);
  }
  return units;
}
