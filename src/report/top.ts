/**
 * "What matters first": the changes of a comparison ranked by rules a reader can read (docs/ranking.md), not by
 * an opaque score. Each change is put in the first tier whose rule it meets — a whole section inserted or deleted,
 * a fact whose value changed, a policy shift, a new or dropped fact, a unit inserted or deleted, a substantive
 * rewording, then minor changes — and within a tier the change with more words changed comes first, then reading
 * order. Cosmetic changes are never listed. Pure: the CLI, the reports, the API and the history all call it.
 */

import { editsOf } from '../diff/shifts/shifts.js';
import { type AlignedPair, type Comparison, SHIFT_KINDS, type Shift } from '../model/comparison.js';
import { kindName, ownInReadingOrder, placeOf, type SectionPaths, sectionPaths, sectionTrail } from './structure.js';

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
export function countWords(text: string): number {
  if (OTHER_SPACE.test(text)) return countWordsByCharacter(text);
  // Only U+0020 separates words here: each word is found by one native search for the space after it, instead of a
  // look at every character in the interpreter (ranking counts the whole text of every unit inserted or deleted).
  const length = text.length;
  let words = 0;
  let at = 0;
  while (at < length) {
    while (at < length && text.charCodeAt(at) === 0x20) at++;
    if (at === length) break;
    words++;
    const space = text.indexOf(' ', at);
    if (space < 0) break;
    at = space;
  }
  return words;
}

/** White space other than U+0020: a text holding some is counted character by character. */
const OTHER_SPACE = /[^\S ]/;

/** `countWords` of any text: each character tested against `\s`; exported as the oracle of its quicker path. */
export function countWordsByCharacter(text: string): number {
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
  const { changes } = pair;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i] as AlignedPair['changes'][number];
    if (change.op !== 'equal') total += countWords(change.text);
  }
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

/** Which rule of `candidateOf` listed a pair, so that its line is written (only when shown) as that rule words it. */
type PairForm = 'section' | 'shift' | 'whole' | 'renumbered' | 'reworded' | 'other';

/**
 * One ranked change before it is quoted and placed: a report shows the first ten of thousands of ranked changes, and
 * quoting and placing every one of them was most of the ranking's cost on the large pairs. The rank reads only tier,
 * within, words and order; the line is written from `unit` and `form` (or `fact`) for the shown ones, and a candidate
 * holds no closures, so ranking 10,000 pairs allocates 10,000 small records and nothing else.
 */
interface Candidate {
  rule: TopRule;
  /** The rule's place in TOP_RULES: compared first. */
  tier: number;
  pair: string | null;
  /**
   * Words changed, or NOT_COUNTED until a tie-break or the shown line needs them (`wordsOf`): a report shows ten of
   * thousands of changes, and most rank below the tenth by tier alone, so counting the words of every changed unit
   * (the whole text of each one inserted or deleted) was most of the ranking's cost.
   */
  words: number;
  /** Reading order, the last tie-break. */
  order: number;
  /** Order among shifts of the same tier (kind order); 0 elsewhere. */
  within: number;
  /** The pair a pair candidate lists, and the rule that listed it; null for a fact's candidate. */
  unit: AlignedPair | null;
  form: PairForm | null;
  /** The fact change a fact candidate lists, and the pair it sits in; null for a pair's candidate. */
  fact: RankedFactInput | null;
  factPair: AlignedPair | null;
}

/** Candidates in the order they were listed, and how to write the line of any of them. */
interface Ranking {
  candidates: Candidate[];
  describe: (candidate: Candidate) => { path: string[]; line: string };
}

/** `Candidate.words` of a pair candidate whose words are not counted yet. */
const NOT_COUNTED = -1;

/** The words a candidate changed, counted when first asked (a pair candidate's unit's `wordsChanged`). */
function wordsOf(candidate: Candidate): number {
  if (candidate.words === NOT_COUNTED) candidate.words = wordsChanged(candidate.unit as AlignedPair);
  return candidate.words;
}

/** Rank order: tier, then shift kind, then more words first, then reading order (ties keep listing order). */
function byRank(a: Candidate, b: Candidate): number {
  return a.tier - b.tier || a.within - b.within || wordsOf(b) - wordsOf(a) || a.order - b.order;
}

/** The changes of a comparison (and its fact changes), ranked by the rules of docs/ranking.md. */
export function rankChanges(comparison: Comparison, options: RankOptions = {}): TopChange[] {
  const { candidates, describe } = rankedCandidates(comparison, options.facts ?? []);
  // Array.prototype.sort is stable: ties keep listing (reading) order.
  candidates.sort(byRank);
  const limited = options.limit === undefined ? candidates : candidates.slice(0, Math.max(0, options.limit));
  return limited.map((candidate, i) => topChange(candidate, i, describe));
}

/**
 * The first `limit` ranked changes and how many there are in all: `rankChanges(…).slice(0, limit)` and its length,
 * with only the shown changes quoted and placed, and only they kept in order (a report shows ten of thousands).
 * Pass the comparison's section paths when they are at hand (a report's `buildStructure`).
 */
export function rankTop(
  comparison: Comparison,
  limit: number,
  facts: readonly RankedFactInput[] = [],
  sections?: SectionPaths,
): { shown: TopChange[]; total: number } {
  const { candidates, describe } = rankedCandidates(comparison, facts, sections);
  // As many as `slice(0, limit)` keeps (a fraction counts down, NaN as none); all of them by a full sort.
  const count = Math.max(0, Math.trunc(limit) || 0);
  const shown = count >= candidates.length ? candidates.sort(byRank) : firstRanked(candidates, count);
  return { shown: shown.map((candidate, i) => topChange(candidate, i, describe)), total: candidates.length };
}

/**
 * The first `limit` candidates of a stable sort by rank, without sorting them all: each candidate goes after every
 * kept one that ranks before it or ties with it (ties keep listing order, as the stable sort keeps them).
 */
function firstRanked(candidates: readonly Candidate[], limit: number): Candidate[] {
  const kept: Candidate[] = [];
  if (limit === 0) return kept;
  for (const candidate of candidates) {
    if (kept.length === limit && byRank(candidate, kept[limit - 1] as Candidate) >= 0) continue;
    let at = kept.length;
    while (at > 0 && byRank(candidate, kept[at - 1] as Candidate) < 0) at--;
    kept.splice(at, 0, candidate);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

function topChange(
  candidate: Candidate,
  i: number,
  describe: (candidate: Candidate) => { path: string[]; line: string },
): TopChange {
  const { path, line } = describe(candidate);
  return { rank: i + 1, rule: candidate.rule, pair: candidate.pair, path, line, words: wordsOf(candidate) };
}

/**
 * The pairs a comparison's fact changes sit in and every pair enclosing those, by id (the last pair of an id wins, as
 * in a map of all pairs). The facts of a comparison are few and its pairs many: a map of these few, found in a pass
 * per level of nesting, costs a fraction of a map of every pair.
 */
function enclosingPairs(pairs: readonly AlignedPair[], facts: readonly RankedFactInput[]): Map<string, AlignedPair> {
  const found = new Map<string, AlignedPair>();
  let wanted = new Set<string>();
  for (const fact of facts) if (fact.pair) wanted.add(fact.pair);
  while (wanted.size > 0) {
    const level = new Map<string, AlignedPair>();
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as AlignedPair;
      if (wanted.has(pair.id) && !level.has(pair.id)) level.set(pair.id, pair);
    }
    wanted = new Set<string>();
    for (const [id, pair] of level) {
      found.set(id, pair);
      if (pair.parent && !found.has(pair.parent) && !level.has(pair.parent)) wanted.add(pair.parent);
    }
  }
  return found;
}

/** A pair's shift of the kind that ranks first (the first of `orderedShifts`), or undefined. */
function firstShift(pair: AlignedPair): Shift | undefined {
  let first: Shift | undefined;
  let best = 0;
  const shifts = pair.shifts;
  if (shifts === undefined) return first;
  for (let i = 0; i < shifts.length; i++) {
    const shift = shifts[i] as Shift;
    const order = SHIFT_ORDER.indexOf(shift.kind as (typeof SHIFT_ORDER)[number]);
    if (first === undefined || order < best) {
      first = shift;
      best = order;
    }
  }
  return first;
}

/** The candidate of a pair listed by a rule. */
function pairCandidate(
  pair: AlignedPair,
  order: number,
  rule: TopRule,
  form: PairForm,
  words: number,
  within: number,
): Candidate {
  return {
    rule,
    tier: TOP_RULES.indexOf(rule),
    pair: pair.id,
    words,
    order,
    within,
    unit: pair,
    form,
    fact: null,
    factPair: null,
  };
}

/** Every change as a candidate, in listing order (pairs in reading order, then facts), with the way to describe one. */
function rankedCandidates(comparison: Comparison, facts: readonly RankedFactInput[], sections?: SectionPaths): Ranking {
  // Sections and blocks, gathered by an indexed loop (no callback per pair, cold).
  const units: AlignedPair[] = [];
  for (let i = 0; i < comparison.pairs.length; i++) {
    const pair = comparison.pairs[i] as AlignedPair;
    if (pair.level !== 'sentence') units.push(pair);
  }
  const ordered = ownInReadingOrder(units);
  let paths = sections;
  const placeOfPair = (pair: AlignedPair): string[] => {
    const side = pair.new ? 'new' : 'old';
    const unit = pair[side];
    if (!unit) return [];
    paths ??= sectionPaths(comparison);
    return placeOf(unit, side === 'new' ? paths.sectionByNewPath : paths.sectionByOldPath, side);
  };
  // A whole section inserted or deleted is one change: its blocks are not listed again.
  // Indexed loops over the pairs: ranking runs once, cold, where for…of allocates an iterator result per pair.
  const wholeSections = new Set<string>();
  for (let i = 0; i < ordered.length; i++) {
    const p = ordered[i] as AlignedPair;
    if (p.level === 'section' && (p.relation === 'inserted' || p.relation === 'deleted')) wholeSections.add(p.id);
  }
  const sectionWords = new Map<string, number>();
  const sectionBlocks = new Map<string, number>();
  if (wholeSections.size > 0) {
    for (let i = 0; i < ordered.length; i++) {
      const pair = ordered[i] as AlignedPair;
      if (pair.level !== 'block' || !pair.parent || !wholeSections.has(pair.parent)) continue;
      sectionWords.set(pair.parent, (sectionWords.get(pair.parent) ?? 0) + wordsChanged(pair));
      sectionBlocks.set(pair.parent, (sectionBlocks.get(pair.parent) ?? 0) + 1);
    }
  }

  // The facts' pairs and their enclosing ones: only these need a reading order and a candidate by id.
  const byId = facts.length > 0 ? enclosingPairs(comparison.pairs, facts) : new Map<string, AlignedPair>();
  const orderOf = new Map<string, number>();
  const candidateByPair = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  for (let order = 0; order < ordered.length; order++) {
    const pair = ordered[order] as AlignedPair;
    const listed = byId.size > 0 && byId.has(pair.id);
    if (listed) orderOf.set(pair.id, order);
    const candidate = candidateOf(pair, order);
    if (candidate) {
      candidates.push(candidate);
      if (listed) candidateByPair.set(pair.id, candidate);
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
    const rule = fact.change === 'changed' ? 'fact-changed' : 'fact';
    candidates.push({
      rule,
      tier: TOP_RULES.indexOf(rule),
      pair: pair?.id ?? null,
      words: countWords(fact.new?.text ?? fact.old?.text ?? ''),
      order: pair ? (orderOf.get(pair.id) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER,
      within: 0,
      unit: null,
      form: null,
      fact,
      factPair: pair ?? null,
    });
  }

  const describe = (candidate: Candidate): { path: string[]; line: string } => {
    const described = candidate.fact
      ? describeFact(candidate.fact, candidate.factPair)
      : { path: placeOfPair(candidate.unit as AlignedPair), line: pairLine(candidate) };
    const named = hosted.get(candidate);
    if (named === undefined) return described;
    // Counts first, then who and what is named, then dates and places: what a reader of the news looks for.
    const weight = (fact: RankedFactInput) => HOSTED_KIND_ORDER.indexOf(fact.kind) >>> 0;
    const sorted = [...named].sort((a, b) => weight(a) - weight(b));
    const shown = [...new Set(sorted.map((fact) => quote((fact.new ?? fact.old)?.text ?? fact.key, 6)))];
    const more = shown.length > FACTS_NAMED ? ` and ${shown.length - FACTS_NAMED} more` : '';
    const what = named[0]?.change === 'dropped' ? 'facts dropped' : 'new facts';
    return { ...described, line: `${described.line}; ${what}: ${shown.slice(0, FACTS_NAMED).join(', ')}${more}` };
  };
  return { candidates, describe };

  function describeFact(fact: RankedFactInput, pair: AlignedPair | null): { path: string[]; line: string } {
    const old = fact.old ? quote(fact.old.text, 10) : '';
    const now = fact.new ? quote(fact.new.text, 10) : '';
    const line =
      fact.change === 'changed'
        ? `${fact.kind} changed: ${old} → ${now}`
        : `${fact.kind} ${fact.change}: ${old || now}`;
    return { path: pair ? placeOfPair(pair) : [], line };
  }

  function candidateOf(pair: AlignedPair, order: number): Candidate | null {
    if (pair.significance === 'none' || pair.significance === 'cosmetic') return null;
    if (pair.level === 'block' && pair.parent && wholeSections.has(pair.parent)) return null;
    if (wholeSections.has(pair.id))
      return pairCandidate(pair, order, 'section', 'section', sectionWords.get(pair.id) ?? 0, 0);
    // Counted when a tie-break or the shown line needs them (`wordsOf`).
    const words = NOT_COUNTED;
    const first = firstShift(pair);
    // A heading's shifts come with its retitling (below): its words are a title, not a statement of policy.
    if (pair.old && pair.new && first !== undefined && pair.level !== 'section') {
      return pairCandidate(
        pair,
        order,
        'shift',
        'shift',
        words,
        SHIFT_ORDER.indexOf(first.kind as (typeof SHIFT_ORDER)[number]),
      );
    }
    if (!pair.old || !pair.new) {
      const unit = (pair.new ?? pair.old) as NonNullable<AlignedPair['new']>;
      const furniture = FURNITURE.has(unit.kind) || pair.significance !== 'substantive';
      return pairCandidate(pair, order, furniture ? 'minor' : 'unit', 'whole', words, 0);
    }
    if (pair.level === 'section' && pair.relation === 'renumbered' && pair.old.label && pair.new.label) {
      return pairCandidate(pair, order, 'minor', 'renumbered', words, 0);
    }
    if (pair.significance === 'substantive') return pairCandidate(pair, order, 'rewording', 'reworded', words, 0);
    return pairCandidate(pair, order, 'minor', 'other', words, 0);
  }

  /** The line of a pair's candidate, as the rule that listed it words it. */
  function pairLine(candidate: Candidate): string {
    const pair = candidate.unit as AlignedPair;
    const kind = kindName(pair);
    const shifts = orderedShifts(pair);
    const names = shifts.length > 0 ? `; ${shifts.map(shiftPhrase).join('; ')}` : '';
    switch (candidate.form) {
      case 'section': {
        const unit = (pair.new ?? pair.old) as NonNullable<AlignedPair['new']>;
        const blocks = sectionBlocks.get(pair.id) ?? 0;
        const words = wordsOf(candidate);
        return `section ${pair.relation}: ${quote(sectionTrail(unit).at(-1) ?? unit.text)} (${blocks} ${blocks === 1 ? 'block' : 'blocks'}, ${words} words)${names}`;
      }
      case 'shift':
        return shifts.map(shiftPhrase).join('; ');
      case 'whole': {
        const unit = (pair.new ?? pair.old) as NonNullable<AlignedPair['new']>;
        return `${kind} ${pair.relation}: ${quote(unit.text)}${names}`;
      }
      case 'renumbered': {
        const old = pair.old as NonNullable<AlignedPair['old']>;
        const now = pair.new as NonNullable<AlignedPair['new']>;
        // A title differing only in case is the cosmetic part of the change: the renumbering is what a reader needs.
        const retitled =
          (old.title ?? '').toLowerCase() !== (now.title ?? '').toLowerCase() ? `; title ${mainEdit(pair)}` : '';
        return `section renumbered: ${old.label} → ${now.label}${retitled}`;
      }
      case 'reworded': {
        const what = pair.level === 'section' ? `section ${pair.relation}` : `${kind} reworded`;
        return `${what}: ${mainEdit(pair)}${names}`;
      }
      default: {
        const what = pair.level === 'section' ? `section ${pair.relation}` : `${kind} ${pair.relation}`;
        return `${what}${pair.changes.some((c) => c.op !== 'equal') ? `: ${mainEdit(pair)}` : ''}`;
      }
    }
  }
}

/** Every shift kind, re-exported for callers that list them beside the ranking. */
export { SHIFT_KINDS };
