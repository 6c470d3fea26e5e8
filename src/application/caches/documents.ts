/**
 * Derived data of stored editions: parsed trees (kind `tree`, keyed by the bytes' SHA-256), comparisons of two
 * editions (kind `comparison`, keyed by both editions' bytes and labels and the language: `comparisonKey`) and search
 * units. Every value is a cache stamped with the engine version (docs/design.md, "The model": raw inputs are
 * immutable, everything derived is a cache): a miss re-derives it from the stored bytes, so an engine upgrade needs
 * only `palimpsest rebuild` or nothing at all.
 */

import { sectionPathLabels } from '../../align/units.js';
import { type CompareOptions, compareDocuments } from '../../compare/compare.js';
import { PalimpsestError, quoteFileName } from '../../errors/errors.js';
import {
  assertSourceWithinCapacity,
  type ImportOptions,
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

/** The import options that read stored bytes the way `add` did (same format, encoding and declared type). */
function storedImportOptions(record: EditionRecord): ImportOptions {
  return {
    name: record.source.name,
    ...(isFormat(record.format) ? { from: record.format } : {}),
    ...(record.encoding ? { encoding: record.encoding } : {}),
    ...(record.source.contentType ? { contentType: record.source.contentType } : {}),
  };
}

/** Parses stored bytes into a tree the way `add` did (same format and encoding). */
export async function parseStoredBytes(record: EditionRecord, bytes: Uint8Array): Promise<DocumentNode> {
  return (await importAndParse(bytes, storedImportOptions(record), record.lang)).document;
}

/**
 * A stored edition's tree as `editionTree` answers it: the tree, and its V8 serialization when a worker thread parsed
 * it (what a comparison on the pool takes instead of cloning the tree again).
 */
export interface EditionTree {
  document: DocumentNode;
  serialized?: Uint8Array;
}

/**
 * The parsed tree of a stored edition: from the cache, or parsed from its bytes and cached. An edition over the
 * capacity limits (stored by an older version, or under limits raised then) is refused with E_LIMIT before any
 * large work — reading it would take minutes and gigabytes, then fail (issue 9 item 3).
 */
export async function editionDocument(store: EditionStore, record: EditionRecord): Promise<DocumentNode> {
  return (await editionTree(store, record)).document;
}

/**
 * `editionDocument`, with a cache miss parsed where `execution` says: on its pool when it has one (a server's
 * offloading pool sends it to a worker thread, so a 1 MB edition's parse does not hold the event loop), else in
 * process. One read of the tree cache either way; none with `replace`, which parses and stores the tree again.
 */
export async function editionTree(
  store: EditionStore,
  record: EditionRecord,
  execution: ComparisonExecution = {},
  options: { replace?: boolean } = {},
): Promise<EditionTree> {
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
    // `replace` (a rebuild asked for): parsed again and stored over the cached tree, never read from it.
    const cached = options.replace
      ? undefined
      : await store.getDerived<DocumentNode>(TREE_KIND, record.sha256, ENGINE_VERSION);
    if (cached !== undefined) {
      assertTreeWithinCapacity(cached, record.source.name, limits);
      return { document: cached };
    }
    const bytes = await store.getEditionBytes(record.series, record.label);
    const parsed: EditionTree = execution.pool
      ? await execution.pool.for(1).parse({
          bytes,
          options: storedImportOptions(record),
          ...(record.lang ? { locale: record.lang } : {}),
        })
      : { document: await parseStoredBytes(record, bytes) };
    // The pool's parse asserts the capacity itself; asserting again costs one walk over the tree.
    assertTreeWithinCapacity(parsed.document, record.source.name, limits);
    await store.putDerived(TREE_KIND, record.sha256, ENGINE_VERSION, parsed.document);
    return { document: parsed.document, ...(parsed.serialized ? { serialized: parsed.serialized } : {}) };
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

/**
 * Version of a cached comparison's shape, in its key: 2 since pairs carry `shifts` (a cached one without is a miss),
 * 3 since editions in another Latin-script language than English get no shifts (docs/shifts.md).
 */
const COMPARISON_SHAPE = 3;

/**
 * Cache key of the comparison of two editions: everything the stored value was made from and under, as data — both
 * editions' bytes (SHA-256), the labels it names them by (its summaries' `name`s) and the language its words were
 * segmented in (by default the newer edition's, as every use case compares). The engine version is the value's
 * stamp, and only default options are cached (`isDefault`). A stored comparison is served under its own key only,
 * so its JSON text can go out as stored without being looked into; the same bytes under other labels (another
 * series) are a key of their own (docs/decisions/0009).
 */
export function comparisonKey(
  older: EditionRecord,
  newer: EditionRecord,
  options: Pick<CompareOptions, 'locale'> = editionLocale(newer),
): string {
  return JSON.stringify([
    COMPARISON_SHAPE,
    older.sha256,
    newer.sha256,
    older.label,
    newer.label,
    options.locale ?? null,
  ]);
}

/** The compare options an edition asks for: its language, when it has one (what every use case compares in). */
export function editionLocale(record: EditionRecord): Pick<CompareOptions, 'locale'> {
  return record.lang ? { locale: record.lang } : {};
}

/** Whether comparison options are the defaults, whose results may be cached. */
function isDefault(options: CompareOptions): boolean {
  return options.ignoreCase !== true && options.ignorePunctuation !== true;
}

/**
 * The cached comparison of two stored editions under `options`, or undefined on a miss (or for options whose results
 * are not cached): one read of the comparison cache. Callers check it before loading trees: a hit needs neither.
 */
export async function cachedComparison(
  store: EditionStore,
  older: EditionRecord,
  newer: EditionRecord,
  options: CompareOptions = {},
): Promise<Comparison | undefined> {
  if (!isDefault(options)) return undefined;
  return store.getDerived<Comparison>(COMPARISON_KIND, comparisonKey(older, newer, options), ENGINE_VERSION);
}

/**
 * `cachedComparison` as the JSON text it is stored as (a 15 MB comparison need not be parsed to be sent): one read
 * of the comparison cache. The key names these editions' labels, so the text names them too.
 */
export async function cachedComparisonJson(
  store: EditionStore,
  older: EditionRecord,
  newer: EditionRecord,
  options: CompareOptions = {},
): Promise<string | undefined> {
  if (!isDefault(options)) return undefined;
  return store.getDerivedJson(COMPARISON_KIND, comparisonKey(older, newer, options), ENGINE_VERSION);
}

/**
 * Where an uncached comparison runs: without a pool in process (the CLI, which has nothing else to do meanwhile); with
 * one, where the pool puts a single task (an offloading pool, a server's, sends it to a worker thread so the event loop
 * keeps answering other requests; the trees cross by structured clone as in align-pool.ts). Trees missing from the
 * cache are parsed there too (`editionTree`).
 */
export interface ComparisonExecution {
  /** The worker pool to run the comparison on; the caller owns and closes it. */
  pool?: AlignPool;
}

/** A stored edition with its tree (or the tree's V8 serialization from a worker, see `EditionTree`). */
export interface StoredTree {
  record: EditionRecord;
  document: DocumentNode;
  serialized?: Uint8Array;
}

/**
 * Compares two stored editions whose comparison the caller found uncached, and caches it when the options are the
 * defaults: no read of the comparison cache.
 */
export async function makeComparison(
  store: EditionStore,
  older: StoredTree,
  newer: StoredTree,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<Comparison> {
  const named: CompareOptions = { ...options, oldName: older.record.label, newName: newer.record.label };
  const comparison = execution.pool
    ? await execution.pool.for(1).compare({
        older: older.serialized ?? older.document,
        newer: newer.serialized ?? newer.document,
        options: named,
      })
    : compareDocuments(older.document, newer.document, named);
  if (isDefault(options)) {
    await store.putDerived(
      COMPARISON_KIND,
      comparisonKey(older.record, newer.record, options),
      ENGINE_VERSION,
      comparison,
    );
  }
  return comparison;
}

/** The comparison of two stored editions with their trees: from the cache, else made and cached (`makeComparison`). */
export async function editionComparison(
  store: EditionStore,
  older: StoredTree,
  newer: StoredTree,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<Comparison> {
  const cached = await cachedComparison(store, older.record, newer.record, options);
  return cached ?? makeComparison(store, older, newer, options, execution);
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
  // Paths are labelled as the aligner labels them (sectionPathLabels), so a hit in one of several 附則 names which.
  const visitChildren = (children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>, path: readonly string[]) => {
    const labels = sectionPathLabels(children);
    let section = 0;
    for (const child of children) {
      if (child.type === 'section') visitSection(child, [...path, labels[section++] as string]);
      else if (child.type !== 'heading') visitBlock(child, path);
    }
  };
  const visitSection = (section: SectionNode, path: readonly string[]) => {
    const heading = section.children[0];
    push(heading.value, path, heading);
    visitChildren(section.children, path);
  };
  if (document.title) push(document.title.value, [], document.title);
  visitChildren(document.children, []);
  return units;
}
