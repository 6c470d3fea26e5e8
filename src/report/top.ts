/**
 * "What matters first": the changes of a comparison ranked by rules a reader can read (docs/ranking.md), not by
 * an opaque score. Each change is put in the first tier whose rule it meets — a whole section inserted or deleted,
 * a fact whose value changed, a policy shift, a new or dropped fact, a unit inserted or deleted, a substantive
 * rewording, then minor changes — and within a tier the change with more words changed comes first, then reading
 * order. Cosmetic changes are never listed. Pure: the CLI, the reports, the API and the history all call it.
 */

import { editsOf } from '../diff/shifts/shifts.js';
import { type AlignedPair, type Comparison, SHIFT_KINDS, type Shift } from '../model/comparison.js';
import { buildStructure, kindName, placeOf, readingOrder, sectionTrail } from './structure.js';

/**
 * A fact change as the facts module reports it (src/facts, `FactChange`): only what ranking reads, so that module's
 * type satisfies it without either importing the other.
 */
export interface RankedFactInput {
  change: 'new' | 'dropped' | 'changed';
  kind: string;
  key: string;
  old?: { text: string };
  new?: { text: string };
  /** The AlignedPair id of the unit the fact sits in. */
  pair?: string;
}

/** The tiers of docs/ranking.md, most important first. */
export const TOP_RULES = ['section', 'fact-changed', 'shift', 'fact', 'unit', 'rewording', 'minor'] as const;

/** The rule that placed a change in the ranking (its tier). */
export type TopRule = (typeof TOP_RULES)[number];

/** One ranked change: one line for a reader, its place and the pair to link to. */
export interface TopChange {
  /** 1 for the change that matters most. */
  rank: number;
  rule: TopRule;
  /** The AlignedPair id to link to (`#pair-<id>` in the HTML report, the URL hash in the web app); null if none. */
  pair: string | null;
  /** Where it is: the section path a reader sees ("Chapter 3 › Section 1 › (1) Security …"). */
  path: string[];
  /** What changed, in one line of plain text (escape it where rendered: it quotes the document). */
  line: string;
  /** Words inserted or deleted: the tie-break within a tier, and the weight of a change in an overview. */
  words: number;
}

/** Options of `rankChanges`. */
export interface RankOptions {
  /** Fact changes between the editions (src/facts), ranked with the rest. */
  facts?: readonly RankedFactInput[];
  /** How many to return; all when absent. */
  limit?: number;
}

// Defined beside the report options, which the CLI loads on every run without this module's ranking code.
export { DEFAULT_TOP } from './options.js';

/** Kinds of shift in the order they rank within the shift tier: what a statement commits to before whom it names. */
const SHIFT_ORDER = ['negation', 'modality', 'intensity', 'scope', 'actor', 'region', 'reference'] as const;

/** Kinds of unit ranked as minor when inserted or deleted alone: furniture around the text, not its content. */
const FURNITURE = new Set(['caption', 'figure', 'note']);

const QUOTE_WORDS = 12;

/** Facts named on the line of the inserted or deleted unit that holds them; the rest are counted. */
const FACTS_NAMED = 4;

/** The order in which facts are named on their unit's line (kinds not listed come last). */
const HOSTED_KIND_ORDER = ['quantity', 'organisation', 'reference', 'date', 'place'];

const SPACE = /\s/;

/**
 * The words of a text: its runs of non-space characters (what splitting on white space and dropping the empty pieces
 * counts), counted in place — ranking counts the words of every changed unit, and splitting them all allocated
 * megabytes of pieces only to be counted.
 */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code < 0x80 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : SPACE.test(text[i] as string);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

/** Words inserted or deleted by a pair (its whole text when inserted or deleted). */
function wordsChanged(pair: AlignedPair): number {
  if (!pair.old || !pair.new) return countWords((pair.old ?? pair.new)?.text ?? '');
  let total = 0;
  for (const change of pair.changes) if (change.op !== 'equal') total += countWords(change.text);
  return total;
}

/** A quotation of a text's first words, shortened with an ellipsis, on one line. */
export function quote(text: string, words = QUOTE_WORDS): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ');
  const shown = all.slice(0, words).join(' ');
  // Japanese has no spaces: keep a quotation short by characters too.
  const short = shown.length > 90 ? `${shown.slice(0, 80)}…` : all.length > words ? `${shown}…` : shown;
  return `“${short}”`;
}

/** One shift as a reader reads it: "intensity stronger: “testing … uncertain” → “increasingly severe”". */
export function shiftPhrase(shift: Shift): string {
  const how = shift.direction ?? shift.change;
  const old = shift.old === '' ? '' : quote(shift.old, 8);
  const now = shift.new === '' ? '' : quote(shift.new, 8);
  const words =
    shift.change === 'replaced' ? `${old} → ${now}` : shift.change === 'added' ? `${now} added` : `${old} removed`;
  return `${shift.kind}${how === shift.change ? '' : ` ${how}`}: ${words}`;
}

/** A pair's shifts, most important kind first. */
function orderedShifts(pair: AlignedPair): Shift[] {
  const order = (shift: Shift): number => SHIFT_ORDER.indexOf(shift.kind as (typeof SHIFT_ORDER)[number]);
  return [...(pair.shifts ?? [])].sort((a, b) => order(a) - order(b));
}

/** The largest edit of a pair (most words changed), as "“old words” → “new words”": what a reader should see first. */
function mainEdit(pair: AlignedPair): string {
  let best: { old: string; new: string } | undefined;
  let most = -1;
  for (const edit of editsOf(pair.changes)) {
    const words = countWords(edit.old) + countWords(edit.new);
    if (words > most) {
      best = edit;
      most = words;
    }
  }
  if (!best) return '';
  if (best.old === '') return `${quote(best.new, 10)} added`;
  if (best.new === '') return `${quote(best.old, 10)} removed`;
  return `${quote(best.old, 10)} → ${quote(best.new, 10)}`;
}

interface Candidate {
  rule: TopRule;
  pair: string | null;
  /**
   * Its place and line, written when asked: a report shows the first ten of thousands of ranked changes, and
   * quoting and placing every one of them was most of the ranking's cost on the large pairs. The rank itself reads
   * only rule, within, words and order, none of which depends on these.
   */
  describe: () => { path: string[]; line: string };
  words: number;
  /** Reading order, the last tie-break. */
  order: number;
  /** Order among shifts of the same tier (kind order); 0 elsewhere. */
  within: number;
}

/** The changes of a comparison (and its fact changes), ranked by the rules of docs/ranking.md. */
export function rankChanges(comparison: Comparison, options: RankOptions = {}): TopChange[] {
  const candidates = rankedCandidates(comparison, options.facts ?? []);
  const limited = options.limit === undefined ? candidates : candidates.slice(0, Math.max(0, options.limit));
  return limited.map(topChange);
}

/**
 * The first `limit` ranked changes and how many there are in all: `rankChanges(…).slice(0, limit)` and its length,
 * with only the shown changes quoted and placed.
 */
export function rankTop(
  comparison: Comparison,
  limit: number,
  facts: readonly RankedFactInput[] = [],
): { shown: TopChange[]; total: number } {
  const candidates = rankedCandidates(comparison, facts);
  return { shown: candidates.slice(0, Math.max(0, limit)).map(topChange), total: candidates.length };
}

function topChange(candidate: Candidate, i: number): TopChange {
  const { path, line } = candidate.describe();
  return { rank: i + 1, rule: candidate.rule, pair: candidate.pair, path, line, words: candidate.words };
}

/** Every change as a candidate, sorted by rank (Array.prototype.sort is stable: ties keep reading order). */
function rankedCandidates(comparison: Comparison, facts: readonly RankedFactInput[]): Candidate[] {
  const structure = buildStructure(comparison);
  const ordered = readingOrder(comparison.pairs.filter((p) => p.level !== 'sentence'));
  const orderOf = new Map(ordered.map((pair, i) => [pair.id, i]));
  const byId = new Map(comparison.pairs.map((p) => [p.id, p]));
  const placeOfPair = (pair: AlignedPair): string[] => {
    const side = pair.new ? 'new' : 'old';
    const unit = pair[side];
    if (!unit) return [];
    return placeOf(unit, side === 'new' ? structure.sectionByNewPath : structure.sectionByOldPath, side);
  };
  // A whole section inserted or deleted is one change: its blocks are not listed again.
  const wholeSections = new Set(
    ordered
      .filter((p) => p.level === 'section' && (p.relation === 'inserted' || p.relation === 'deleted'))
      .map((p) => p.id),
  );
  const sectionWords = new Map<string, number>();
  const sectionBlocks = new Map<string, number>();
  for (const pair of ordered) {
    if (pair.level !== 'block' || !pair.parent || !wholeSections.has(pair.parent)) continue;
    sectionWords.set(pair.parent, (sectionWords.get(pair.parent) ?? 0) + wordsChanged(pair));
    sectionBlocks.set(pair.parent, (sectionBlocks.get(pair.parent) ?? 0) + 1);
  }

  const candidates: Candidate[] = [];
  const candidateByPair = new Map<string, Candidate>();
  for (const pair of ordered) {
    const candidate = candidateOf(pair);
    if (candidate) {
      candidates.push(candidate);
      candidateByPair.set(pair.id, candidate);
    }
  }
  // A fact new in an inserted unit (or dropped with a deleted one) that is listed already is news of that unit, not a
  // line of its own: it is named on the unit's line, so a new special feature does not fill the summary with its facts.
  const hosted = new Map<Candidate, RankedFactInput[]>();
  /** The fact's pair, then the pairs enclosing it, innermost first. */
  function* enclosing(fact: RankedFactInput): Generator<AlignedPair> {
    for (
      let pair = fact.pair ? byId.get(fact.pair) : undefined;
      pair;
      pair = pair.parent ? byId.get(pair.parent) : undefined
    ) {
      yield pair;
    }
  }
  const hostOf = (fact: RankedFactInput): Candidate | undefined => {
    if (fact.change === 'changed') return undefined;
    const relation = fact.change === 'new' ? 'inserted' : 'deleted';
    for (const pair of enclosing(fact)) {
      if (pair.relation !== relation) return undefined;
      const host = candidateByPair.get(pair.id);
      if (host) return host;
    }
    return undefined;
  };
  // A new or dropped name a policy shift of its unit already quotes ("reference: “United Nations Convention…” added")
  // is said once, on the shift's line.
  const saidByShift = (fact: RankedFactInput): boolean => {
    const text = (fact.change === 'new' ? fact.new : fact.old)?.text;
    if (fact.change === 'changed' || text === undefined) return false;
    for (const pair of enclosing(fact)) {
      const host = candidateByPair.get(pair.id);
      if (host === undefined) continue;
      return (
        host.rule === 'shift' &&
        (pair.shifts ?? []).some((shift) => {
          // A shift quotes its words as pieces joined by " … " ("United Nations Convention on the Law of the Sea … UNCLOS").
          const pieces = (fact.change === 'new' ? shift.new : shift.old).split(' … ').filter((w) => w.length >= 3);
          return pieces.some((piece) => text.includes(piece) || piece.includes(text));
        })
      );
    }
    return false;
  };
  for (const fact of facts) {
    if (saidByShift(fact)) continue;
    const host = hostOf(fact);
    if (host) {
      const named = hosted.get(host) ?? [];
      named.push(fact);
      hosted.set(host, named);
      continue;
    }
    const pair = fact.pair ? byId.get(fact.pair) : undefined;
    const describe = () => {
      const old = fact.old ? quote(fact.old.text, 10) : '';
      const now = fact.new ? quote(fact.new.text, 10) : '';
      const line =
        fact.change === 'changed'
          ? `${fact.kind} changed: ${old} → ${now}`
          : `${fact.kind} ${fact.change}: ${old || now}`;
      return { path: pair ? placeOfPair(pair) : [], line };
    };
    candidates.push({
      rule: fact.change === 'changed' ? 'fact-changed' : 'fact',
      pair: pair?.id ?? null,
      describe,
      words: countWords(fact.new?.text ?? fact.old?.text ?? ''),
      order: pair ? (orderOf.get(pair.id) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER,
      within: 0,
    });
  }
  for (const [host, named] of hosted) {
    // Counts first, then who and what is named, then dates and places: what a reader of the news looks for.
    const weight = (fact: RankedFactInput) => HOSTED_KIND_ORDER.indexOf(fact.kind) >>> 0;
    const describe = host.describe;
    host.describe = () => {
      const described = describe();
      const sorted = [...named].sort((a, b) => weight(a) - weight(b));
      const shown = [...new Set(sorted.map((fact) => quote((fact.new ?? fact.old)?.text ?? fact.key, 6)))];
      const more = shown.length > FACTS_NAMED ? ` and ${shown.length - FACTS_NAMED} more` : '';
      const what = named[0]?.change === 'dropped' ? 'facts dropped' : 'new facts';
      return { ...described, line: `${described.line}; ${what}: ${shown.slice(0, FACTS_NAMED).join(', ')}${more}` };
    };
  }
  candidates.sort(
    (a, b) =>
      TOP_RULES.indexOf(a.rule) - TOP_RULES.indexOf(b.rule) ||
      a.within - b.within ||
      b.words - a.words ||
      a.order - b.order,
  );
  return candidates;

  function candidateOf(pair: AlignedPair): Candidate | null {
    if (pair.significance === 'none' || pair.significance === 'cosmetic') return null;
    if (pair.level === 'block' && pair.parent && wholeSections.has(pair.parent)) return null;
    const base = { pair: pair.id, order: orderOf.get(pair.id) ?? 0, within: 0 };
    const place = (line: () => string) => () => ({ path: placeOfPair(pair), line: line() });
    const kind = kindName(pair);
    if (wholeSections.has(pair.id)) {
      const unit = (pair.new ?? pair.old) as NonNullable<AlignedPair['new']>;
      const blocks = sectionBlocks.get(pair.id) ?? 0;
      const words = sectionWords.get(pair.id) ?? 0;
      const names = () =>
        (pair.shifts ?? []).length > 0 ? `; ${orderedShifts(pair).map(shiftPhrase).join('; ')}` : '';
      return {
        ...base,
        rule: 'section',
        describe: place(
          () =>
            `section ${pair.relation}: ${quote(sectionTrail(unit).at(-1) ?? unit.text)} (${blocks} ${blocks === 1 ? 'block' : 'blocks'}, ${words} words)${names()}`,
        ),
        words,
      };
    }
    const words = wordsChanged(pair);
    const shifts = orderedShifts(pair);
    // A heading's shifts come with its retitling (below): its words are a title, not a statement of policy.
    if (pair.old && pair.new && shifts.length > 0 && pair.level !== 'section') {
      const first = shifts[0] as Shift;
      return {
        ...base,
        rule: 'shift',
        describe: place(() => shifts.map(shiftPhrase).join('; ')),
        words,
        within: SHIFT_ORDER.indexOf(first.kind as (typeof SHIFT_ORDER)[number]),
      };
    }
    if (!pair.old || !pair.new) {
      const unit = (pair.new ?? pair.old) as NonNullable<AlignedPair['new']>;
      const furniture = FURNITURE.has(unit.kind) || pair.significance !== 'substantive';
      const names = () => (shifts.length > 0 ? `; ${shifts.map(shiftPhrase).join('; ')}` : '');
      return {
        ...base,
        rule: furniture ? 'minor' : 'unit',
        describe: place(() => `${kind} ${pair.relation}: ${quote(unit.text)}${names()}`),
        words,
      };
    }
    if (pair.level === 'section' && pair.relation === 'renumbered' && pair.old.label && pair.new.label) {
      const { old, new: now } = pair;
      // A title differing only in case is the cosmetic part of the change: the renumbering is what a reader needs.
      const retitled = () =>
        (old.title ?? '').toLowerCase() !== (now.title ?? '').toLowerCase() ? `; title ${mainEdit(pair)}` : '';
      return {
        ...base,
        rule: 'minor',
        describe: place(() => `section renumbered: ${old.label} → ${now.label}${retitled()}`),
        words,
      };
    }
    if (pair.significance === 'substantive') {
      const what = pair.level === 'section' ? `section ${pair.relation}` : `${kind} reworded`;
      const names = () => (shifts.length > 0 ? `; ${shifts.map(shiftPhrase).join('; ')}` : '');
      return { ...base, rule: 'rewording', describe: place(() => `${what}: ${mainEdit(pair)}${names()}`), words };
    }
    const what = pair.level === 'section' ? `section ${pair.relation}` : `${kind} ${pair.relation}`;
    const detail = () => (pair.changes.some((c) => c.op !== 'equal') ? `: ${mainEdit(pair)}` : '');
    return { ...base, rule: 'minor', describe: place(() => `${what}${detail()}`), words };
  }
}

/** Every shift kind, re-exported for callers that list them beside the ranking. */
export { SHIFT_KINDS };
