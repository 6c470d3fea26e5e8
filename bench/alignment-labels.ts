/**
 * `npm run audit:labels`: scores the aligner against hand labels (issue 10, part 3). Not part of the tests.
 *
 * Each case is a folder test/alignment-labels/<case>/ holding old.<ext>, new.<ext> (short excerpts of two
 * consecutive editions from ../shared/corpora, see the README there) and labels.json:
 *   { "source": {...}, "links": [ { "old": [line…], "new": [line…], "relation": "...", "note"?: "..." }, … ] }
 * Units are the headings and blocks (paragraphs, list items) of each edition, named by the 1-based line of the
 * excerpt file where they start ("12h" for a heading that starts on line 12 together with a block, as an e-Gov
 * article without caption does). A link says how old units relate to new ones: one old and one new for
 * unchanged / modified / moved / renumbered / retitled; one old and several new for split; several old and one new
 * for merged; one old and no new for deleted; no old and one new for inserted. Every unit is in exactly one link.
 * Units are found by the product's importer and parser (importSource + parseImported, as the CLI does), so a case
 * measures alignment, not segmentation; the labeller checked each unit list by reading (--units prints it).
 *
 * Scoring rule:
 *  - Gold links: every (old unit, new unit) of the product old × new of a label; a deletion is (old unit, nothing),
 *    an insertion (nothing, new unit). A split of a into b, c gives (a,b) and (a,c).
 *  - Engine links: the same product over each section and block pair of compareDocuments (old plus its merged
 *    group × new plus its split group); sentence pairs are not scored (their blocks are). The document title pair
 *    counts like a heading.
 *  - A true positive is a link in both sets. Precision = TP / engine links, recall = TP / gold links, F1 their
 *    harmonic mean; per case and in total (micro: summed counts). An engine link that touches a unit missing from
 *    the labels is a false positive, and a gold link to a unit the parser did not produce a false negative (both
 *    also reported as warnings: they mean the labels and the parser disagree on units).
 *  - Relation accuracy: over the true-positive links with both sides, the share whose engine relation equals the
 *    label's relation. Reported apart from F1, with the confusions (label → engine) listed.
 * Options: --only CASE (repeatable), --units CASE (print the unit table of a case and exit; with --flatten, the
 * flattened edition's units after structure transfer, as scored), --draft CASE (print a
 * draft labels.json from a plain in-order pairing, not the aligner, for a labeller to correct), --json FILE,
 * --flatten old|new (issue 11: read that edition with every line break replaced by a space, as a text-only page
 * gives it, and without the importer's markup hints; offsets are unchanged, so units keep their labelled lines).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlignedPair, Relation, UnitRef } from '../src/model/comparison.js';
import type { BlockNode, DocumentNode, SectionNode } from '../src/model/tree.js';
import {
  compareDocuments,
  type ImportedEdition,
  importSource,
  normalizeKey,
  parseImported,
  parseText,
} from '../src/node.js';
import { transferStructure } from '../src/parse/transfer.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const casesRoot = join(repoRoot, 'test', 'alignment-labels');

/** One label: how some old units relate to some new units (by line; "12h" for a heading sharing line 12 with a block). */
interface Label {
  old: Array<number | string>;
  new: Array<number | string>;
  relation: Relation;
  note?: string;
}

/** A labels.json file. */
interface LabelFile {
  source: Record<string, unknown>;
  language?: string;
  links: Label[];
}

/** A unit of one edition as the parser sees it. */
interface Unit {
  line: number;
  kind: 'heading' | 'block';
  text: string;
}

/** One imported, parsed edition with the line each unit starts on. */
interface Edition {
  document: DocumentNode;
  units: Unit[];
  /** Line of a unit from its position offset. */
  lineOf(offset: number): number;
  /** Lines where both a heading and a block start (an e-Gov article without caption): the heading is `<line>h`. */
  shared: Set<number>;
  /** The imported edition the document was parsed from. */
  imported: ImportedEdition;
}

/** The name of a unit in labels: its line, with `h` for a heading on a line that also starts a block. */
const unitKey = (edition: Edition, line: number | null, heading: boolean): string | null =>
  line === null ? null : heading && edition.shared.has(line) ? `${line}h` : String(line);

/** The edition read as a flattened text (--flatten), if any. */
let flattenSide: 'old' | 'new' | null = null;

async function load(file: string, locale: string | undefined, side?: 'old' | 'new'): Promise<Edition> {
  const imported: ImportedEdition = await importSource(file);
  // A flattened edition: each line break becomes one space (\r\n two), so every offset stays where it was.
  const document =
    side !== undefined && side === flattenSide
      ? parseText(imported.text.replace(/[\r\n]/g, ' '), locale ? { locale } : {})
      : parseImported(imported, locale ? { locale } : {});
  return edition(imported, document);
}

/** An edition's units, named by the line of the imported text each starts on. */
function edition(imported: ImportedEdition, document: DocumentNode): Edition {
  const text = imported.text;
  const map = imported.sourceMap;
  // The source map gives the first original line of each span; lines inside a span follow its line breaks.
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = map.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((map[mid] as { start: number }).start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const span = found >= 0 ? map[found] : undefined;
    if (span?.source.line !== undefined) {
      return span.source.line + (text.slice(span.start, offset).match(/\n/g)?.length ?? 0);
    }
    return (text.slice(0, offset).match(/\n/g)?.length ?? 0) + 1;
  };
  const units: Unit[] = [];
  if (document.title?.position) {
    units.push({ line: lineOf(document.title.position.start.offset), kind: 'heading', text: document.title.value });
  }
  const walk = (nodes: Array<SectionNode | BlockNode>): void => {
    for (const node of nodes) {
      if (node.type === 'section') {
        const heading = node.children[0];
        if (heading.position)
          units.push({ line: lineOf(heading.position.start.offset), kind: 'heading', text: heading.value });
        walk(node.children.slice(1) as Array<SectionNode | BlockNode>);
      } else if (node.type === 'box') walk(node.children);
      else if (node.position) units.push({ line: lineOf(node.position.start.offset), kind: 'block', text: node.value });
    }
  };
  walk(document.children);
  const blockLines = new Set(units.filter((u) => u.kind === 'block').map((u) => u.line));
  const shared = new Set(units.filter((u) => u.kind === 'heading' && blockLines.has(u.line)).map((u) => u.line));
  return { document, units, lineOf, shared, imported };
}

/** The case folders, each with old.*, new.* and labels.json. */
function cases(): string[] {
  return readdirSync(casesRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function editionFile(folder: string, side: 'old' | 'new'): string {
  const name = readdirSync(folder).find((f) => f.startsWith(`${side}.`));
  if (!name) throw new Error(`${folder} has no ${side}.* file`);
  return join(folder, name);
}

const linkKey = (o: number | string | null, n: number | string | null): string => `${o ?? '-'}>${n ?? '-'}`;

/** The result of one case. */
interface CaseScore {
  case: string;
  gold: number;
  engine: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  relationTotal: number;
  relationCorrect: number;
  confusions: string[];
  missed: string[];
  spurious: string[];
  warnings: string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** The two editions of a case as the comparison reads them (a flattened one after structure transfer). */
async function loadPair(folder: string, locale: string | undefined): Promise<[Edition, Edition]> {
  let oldEdition = await load(editionFile(folder, 'old'), locale, 'old');
  let newEdition = await load(editionFile(folder, 'new'), locale, 'new');
  if (flattenSide) {
    // The comparison reads the flattened edition with the other's structure (structure transfer): name its units
    // as the comparison sees them, or a heading and a block of the untransferred parse would share a line key.
    const [older, newer] = transferStructure(oldEdition.document, newEdition.document);
    if (older !== oldEdition.document) oldEdition = edition(oldEdition.imported, older);
    if (newer !== newEdition.document) newEdition = edition(newEdition.imported, newer);
  }
  return [oldEdition, newEdition];
}

async function scoreCase(name: string): Promise<CaseScore> {
  const folder = join(casesRoot, name);
  const labels = JSON.parse(readFileSync(join(folder, 'labels.json'), 'utf8')) as LabelFile;
  const locale = labels.language;
  const [oldEdition, newEdition] = await loadPair(folder, locale);
  const warnings: string[] = [];

  // Gold links, and the label behind each.
  const gold = new Map<string, Label>();
  const labelled = { old: new Set<string>(), new: new Set<string>() };
  for (const label of labels.links) {
    label.old = label.old.map(String);
    label.new = label.new.map(String);
    for (const o of label.old as string[]) {
      if (labelled.old.has(o)) warnings.push(`old line ${o} is in two labels`);
      labelled.old.add(o);
    }
    for (const n of label.new as string[]) {
      if (labelled.new.has(n)) warnings.push(`new line ${n} is in two labels`);
      labelled.new.add(n);
    }
    const olds: Array<string | number | null> = label.old.length > 0 ? label.old : [null];
    const news: Array<string | number | null> = label.new.length > 0 ? label.new : [null];
    for (const o of olds) for (const n of news) gold.set(linkKey(o, n), label);
  }
  for (const [side, edition] of [
    ['old', oldEdition],
    ['new', newEdition],
  ] as const) {
    const keys = edition.units.map((u) => unitKey(edition, u.line, u.kind === 'heading') as string);
    const lines = new Set(keys);
    edition.units.forEach((u, i) => {
      if (!labelled[side].has(keys[i] as string)) warnings.push(`${side} ${u.kind} at line ${keys[i]} is not labelled`);
    });
    for (const l of labelled[side])
      if (!lines.has(l)) warnings.push(`${side} line ${l} is labelled but is no unit of the parse`);
  }

  // Engine links from section and block pairs.
  const comparison = compareDocuments(oldEdition.document, newEdition.document, locale ? { locale } : {});
  const engine = new Map<string, AlignedPair>();
  const lineOfRef = (edition: Edition, ref: UnitRef): string | null =>
    unitKey(
      edition,
      ref.position ? edition.lineOf(ref.position.start.offset) : null,
      ref.kind === 'heading' || ref.kind === 'title',
    );
  for (const pair of comparison.pairs) {
    if (pair.level === 'sentence') continue;
    const olds = pair.old ? [pair.old, ...(pair.relation === 'merged' ? (pair.group ?? []) : [])] : [];
    const news = pair.new ? [pair.new, ...(pair.relation === 'split' ? (pair.group ?? []) : [])] : [];
    const oldLines = olds.length > 0 ? olds.map((r) => lineOfRef(oldEdition, r)) : [null];
    const newLines = news.length > 0 ? news.map((r) => lineOfRef(newEdition, r)) : [null];
    for (const o of oldLines) for (const n of newLines) engine.set(linkKey(o, n), pair);
  }

  let truePositives = 0;
  let relationTotal = 0;
  let relationCorrect = 0;
  const confusions: string[] = [];
  const missed: string[] = [];
  const spurious: string[] = [];
  for (const [key, label] of gold) {
    const pair = engine.get(key);
    if (!pair) {
      missed.push(`${key} (${label.relation})`);
      continue;
    }
    truePositives++;
    if (label.old.length > 0 && label.new.length > 0) {
      relationTotal++;
      if (pair.relation === label.relation) relationCorrect++;
      else confusions.push(`${key}: ${label.relation} → ${pair.relation}`);
    }
  }
  for (const [key, pair] of engine) if (!gold.has(key)) spurious.push(`${key} (${pair.relation})`);
  const precision = ratio(truePositives, engine.size);
  const recall = ratio(truePositives, gold.size);
  return {
    case: name,
    gold: gold.size,
    engine: engine.size,
    truePositives,
    precision,
    recall,
    f1: f1Of(precision, recall),
    relationTotal,
    relationCorrect,
    confusions,
    missed,
    spurious,
    warnings,
  };
}

/** A draft labels.json from a plain in-order pairing (exact texts first, then word Dice ≥ 0.5 in order). */
async function draft(name: string, locale: string | undefined): Promise<LabelFile> {
  const folder = join(casesRoot, name);
  const a = (await load(editionFile(folder, 'old'), locale)).units;
  const b = (await load(editionFile(folder, 'new'), locale)).units;
  const key = (u: Unit) => `${u.kind}:${normalizeKey(u.text).replace(/\s+/g, ' ').trim()}`;
  // Longest common subsequence of exact keys.
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (table[i] as Int32Array)[j] =
        key(a[i] as Unit) === key(b[j] as Unit)
          ? ((table[i + 1] as Int32Array)[j + 1] as number) + 1
          : Math.max((table[i + 1] as Int32Array)[j] as number, (table[i] as Int32Array)[j + 1] as number);
  const links: Label[] = [];
  const gap = (olds: Unit[], news: Unit[]) => {
    let j = 0;
    for (const o of olds) {
      let k = j;
      while (k < news.length && !(news[k]?.kind === o.kind && wordDice(o.text, (news[k] as Unit).text) >= 0.5)) k++;
      if (k < news.length) {
        for (; j < k; j++) links.push({ old: [], new: [(news[j] as Unit).line], relation: 'inserted' });
        links.push({ old: [o.line], new: [(news[k] as Unit).line], relation: 'modified' });
        j = k + 1;
      } else links.push({ old: [o.line], new: [], relation: 'deleted' });
    }
    for (; j < news.length; j++) links.push({ old: [], new: [(news[j] as Unit).line], relation: 'inserted' });
  };
  let i = 0;
  let j = 0;
  let gi = 0;
  let gj = 0;
  while (i < n && j < m) {
    if (key(a[i] as Unit) === key(b[j] as Unit)) {
      gap(a.slice(gi, i), b.slice(gj, j));
      links.push({ old: [(a[i] as Unit).line], new: [(b[j] as Unit).line], relation: 'unchanged' });
      i++;
      j++;
      gi = i;
      gj = j;
    } else if (((table[i + 1] as Int32Array)[j] as number) >= ((table[i] as Int32Array)[j + 1] as number)) i++;
    else j++;
  }
  gap(a.slice(gi), b.slice(gj));
  return { source: {}, ...(locale ? { language: locale } : {}), links };
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
function wordDice(x: string, y: string): number {
  const bag = (t: string) =>
    new Set([...segmenter.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment.toLowerCase()));
  const p = bag(x);
  const q = bag(y);
  let shared = 0;
  for (const w of p) if (q.has(w)) shared++;
  return p.size + q.size === 0 ? 1 : (2 * shared) / (p.size + q.size);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only: string[] = [];
  let json: string | undefined;
  let listing: { arg: '--units' | '--draft'; value: string; language?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--units' || arg === '--draft') && value) {
      // A language may follow the case for a case without labels.json yet.
      const language = argv[i + 2]?.startsWith('--') === false ? argv[i + 2] : undefined;
      listing = language === undefined ? { arg, value } : { arg, value, language };
      i += language === undefined ? 1 : 2;
    } else if (arg === '--only' && value) {
      only.push(value);
      i++;
    } else if (arg === '--flatten' && (value === 'old' || value === 'new')) {
      flattenSide = value;
      i++;
    } else if (arg === '--json' && value) {
      json = resolve(value);
      i++;
    } else {
      process.stderr.write(`alignment-labels: unknown option ${arg}\n`);
      process.exit(2);
    }
  }
  if (listing) {
    const folder = join(casesRoot, listing.value);
    const language = (() => {
      try {
        return (JSON.parse(readFileSync(join(folder, 'labels.json'), 'utf8')) as LabelFile).language;
      } catch {
        return listing.language;
      }
    })();
    if (listing.arg === '--draft') {
      process.stdout.write(`${JSON.stringify(await draft(listing.value, language), null, 1)}\n`);
      return;
    }
    // With --flatten, the flattened edition's units as the comparison sees them (after structure transfer).
    const editions = await loadPair(folder, language);
    for (const [side, edition] of [
      ['old', editions[0]],
      ['new', editions[1]],
    ] as const) {
      for (const u of edition.units)
        process.stdout.write(
          `${side}\t${unitKey(edition, u.line, u.kind === 'heading')}\t${u.kind}\t${u.text.slice(0, 80).replace(/\n/g, '⏎')}\n`,
        );
    }
    return;
  }
  const names = cases().filter((c) => only.length === 0 || only.includes(c));
  const scores: CaseScore[] = [];
  for (const name of names) scores.push(await scoreCase(name));
  const lines = [
    '| case | gold links | engine links | TP | precision | recall | F1 | relation accuracy |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const pct = (x: number) => x.toFixed(3);
  for (const s of scores) {
    lines.push(
      `| ${s.case} | ${s.gold} | ${s.engine} | ${s.truePositives} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.relationCorrect}/${s.relationTotal} |`,
    );
  }
  const sum = (f: (s: CaseScore) => number) => scores.reduce((t, s) => t + f(s), 0);
  const tp = sum((s) => s.truePositives);
  const p = ratio(
    tp,
    sum((s) => s.engine),
  );
  const r = ratio(
    tp,
    sum((s) => s.gold),
  );
  const rc = sum((s) => s.relationCorrect);
  const rt = sum((s) => s.relationTotal);
  lines.push(
    `| **total** | ${sum((s) => s.gold)} | ${sum((s) => s.engine)} | ${tp} | ${pct(p)} | ${pct(r)} | ${pct(f1Of(p, r))} | ${rc}/${rt} (${pct(ratio(rc, rt))}) |`,
  );
  lines.push('');
  for (const s of scores) {
    if (s.missed.length + s.spurious.length + s.confusions.length + s.warnings.length === 0) continue;
    lines.push(`${s.case}:`);
    for (const w of s.warnings) lines.push(`  warning: ${w}`);
    if (s.missed.length > 0) lines.push(`  missed (old>new line): ${s.missed.join(', ')}`);
    if (s.spurious.length > 0) lines.push(`  spurious: ${s.spurious.join(', ')}`);
    if (s.confusions.length > 0) lines.push(`  relation (label → engine): ${s.confusions.join(', ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (json) {
    writeFileSync(
      json,
      `${JSON.stringify({ precision: p, recall: r, f1: f1Of(p, r), relationAccuracy: ratio(rc, rt), cases: scores }, null, 1)}\n`,
    );
  }
}

await main();
