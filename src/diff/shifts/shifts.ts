/**
 * Policy-language shifts: which of a pair's word changes a reader of official policy looks for — an assessment
 * made graver, a commitment softened, an actor named or left unnamed, a region reframed, an instrument cited, a
 * negation or a quantifier changed — each with the words that carry it. The rules are lexicon look-ups on both
 * sides of each edit, counted (a term on both sides is no shift), then graded by the lexicon's grades; see
 * docs/shifts.md. In the spirit of the "hedges and boosters" of Hyland's metadiscourse (Hyland 1998, "Hedging in
 * scientific research articles") and of modality analysis in policy discourse: a fixed, readable lexicon rather
 * than a model, so a reader can see why a shift was labelled and add the words it missed.
 */
import { type AlignedPair, SHIFT_KINDS, type Shift, type ShiftKind, type WordChange } from '../../model/comparison.js';
import { readsAsOtherLatinLanguage } from '../../text/language.js';
import { beyond } from '../multiset.js';
import { lexiconFor, mayBeJapanese, type TermMatch } from './lexicon.js';

/** A match's term: what two matches must share to be one term on both sides. */
const termOf = (match: TermMatch): string => match.term;

/** Kinds whose terms are names: labelled only when the name is absent from the other side altogether. */
const NAME_KINDS: ReadonlySet<ShiftKind> = new Set(['actor', 'region', 'reference']);
/** Kinds whose grades say stronger or weaker. */
const GRADED_KINDS: ReadonlySet<ShiftKind> = new Set(['intensity', 'modality', 'scope']);

/** One edit of a pair: a run of deleted and inserted words (short kept runs between them bridged), with context. */
export interface Edit {
  /** The changed words on each side. */
  old: string;
  new: string;
  /** The same with up to two kept words on each side, so "strongly urges" → "urges" is seen whole. */
  oldInContext: string;
  newInContext: string;
}

const BRIDGE_WORDS = 2;
const SENTENCE_END = /[.!?。！？]/;

const SPACE = /\s/;

/**
 * Whether `text` has at most `limit` words (runs of non-space). Counts from the start and stops past the limit: a
 * kept run between two changes can be a whole chapter, and splitting it all to compare with 2 made editsOf
 * quadratic-ish on the large pairs. Same answer as `text.split(/\s+/).filter(Boolean).length <= limit`.
 */
function hasAtMostWords(text: string, limit: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    if (SPACE.test(text[i] as string)) inWord = false;
    else if (!inWord) {
      inWord = true;
      if (++words > limit) return false;
    }
  }
  return true;
}

/**
 * The last two words of `text` and what follows them, as `/(?:\S+\s*){0,2}$/u` finds it, read from the end. The
 * regular expression is end-anchored, so V8 tried it at every position of the text: on the large pairs, where a
 * kept run can be a whole chapter, that was ~150 ms of a compare. \s and \S are complements (also for astral
 * characters, which are never spaces), so the leftmost match is the start of the second-to-last run of
 * non-space, or of the last when there is one, or the empty string at the end when there is none.
 */
function lastWords(text: string): string {
  let end = text.length;
  while (end > 0 && SPACE.test(text[end - 1] as string)) end--;
  if (end === 0) return '';
  let start = end;
  for (let word = 0; word < 2; word++) {
    let i = start;
    while (i > 0 && SPACE.test(text[i - 1] as string)) i--;
    if (i === 0) break;
    while (i > 0 && !SPACE.test(text[i - 1] as string)) i--;
    start = i;
  }
  return text.slice(start);
}

function firstWords(text: string): string {
  return /^(?:\s*\S+){0,2}/u.exec(text)?.[0] ?? '';
}

/**
 * The edits of a word diff, in order. Kept runs of at most two words without a sentence end between two changes
 * are bridged, so "severe" → "the most severe and complex" is one edit, not two.
 */
export function editsOf(changes: readonly WordChange[]): Edit[] {
  const edits: Edit[] = [];
  let i = 0;
  while (i < changes.length) {
    if (changes[i]?.op === 'equal') {
      i++;
      continue;
    }
    let oldCore = '';
    let newCore = '';
    let j = i;
    for (; j < changes.length; j++) {
      const change = changes[j] as WordChange;
      if (change.op === 'delete') oldCore += change.text;
      else if (change.op === 'insert') newCore += change.text;
      else {
        const next = changes[j + 1];
        const bridge =
          next !== undefined &&
          next.op !== 'equal' &&
          hasAtMostWords(change.text, BRIDGE_WORDS) &&
          !SENTENCE_END.test(change.text);
        if (!bridge) break;
        oldCore += change.text;
        newCore += change.newText ?? change.text;
      }
    }
    const before = changes[i - 1];
    const after = changes[j];
    const beforeOld = before?.op === 'equal' ? lastWords(before.text) : '';
    const beforeNew = before?.op === 'equal' ? lastWords(before.newText ?? before.text) : '';
    const afterOld = after?.op === 'equal' ? firstWords(after.text) : '';
    const afterNew = after?.op === 'equal' ? firstWords(after.newText ?? after.text) : '';
    edits.push({
      old: oldCore.trim(),
      new: newCore.trim(),
      oldInContext: beforeOld + oldCore + afterOld,
      newInContext: beforeNew + newCore + afterNew,
    });
    i = j;
  }
  return edits;
}

/** What shift labelling needs to know besides the pair. */
export interface ShiftContext {
  /**
   * Whether the English lexicon reads the editions' Latin-script text (absent: it does). False for editions in
   * another Latin-script language (German, French): the English lexicon's words are not theirs, and what it found
   * there was acronyms and stray names (`editionLexicon`).
   */
  latin?: boolean;
  /** The whole text of the other edition, lower-cased, for names in inserted or deleted units (absent: not checked). */
  otherEdition?: (side: 'old' | 'new') => string;
}

/** The distinct spellings of some matches, joined as a reader reads them. */
function words(matches: readonly TermMatch[]): string {
  return [...new Set(matches.map((m) => m.text.replace(/\s+/g, ' ')))].join(' … ');
}

function maxGrade(matches: readonly TermMatch[]): number {
  return matches.reduce((max, m) => Math.max(max, m.grade), Number.NEGATIVE_INFINITY);
}

/** The direction of a shift of one kind from its removed and added terms, where the kind is graded. */
function directionOf(kind: ShiftKind, removed: TermMatch[], added: TermMatch[]): Shift['direction'] {
  if (kind === 'actor') {
    if (removed.length === 0 || added.length === 0) return undefined;
    const from = maxGrade(removed);
    const to = maxGrade(added);
    return to > from ? 'named' : to < from ? 'unnamed' : undefined;
  }
  if (!GRADED_KINDS.has(kind)) return undefined;
  if (removed.length > 0 && added.length > 0) {
    const from = maxGrade(removed);
    const to = maxGrade(added);
    return to > from ? 'stronger' : to < from ? 'weaker' : undefined;
  }
  // Scope added or dropped alone ("only" added) narrows or widens by what it says, not by its grade: no direction.
  if (kind === 'scope') return undefined;
  if (added.length > 0 && maxGrade(added) >= 2) return 'stronger';
  if (removed.length > 0 && maxGrade(removed) >= 2) return 'weaker';
  return undefined;
}

/** One shift per kind from the terms an edit removed and added. */
function shiftsOf(removed: TermMatch[], added: TermMatch[], edit: Shift['edit']): Shift[] {
  const shifts: Shift[] = [];
  for (const kind of SHIFT_KINDS) {
    const gone = removed.filter((m) => m.kind === kind);
    const come = added.filter((m) => m.kind === kind);
    if (gone.length === 0 && come.length === 0) continue;
    const shift: Shift = {
      kind,
      change: gone.length > 0 && come.length > 0 ? 'replaced' : come.length > 0 ? 'added' : 'removed',
      old: words(gone),
      new: words(come),
      edit,
    };
    const direction = directionOf(kind, gone, come);
    if (direction) shift.direction = direction;
    shifts.push(shift);
  }
  return shifts;
}

/** Whether a change's text, on either side, may hold kana or kanji (`mayBeJapanese`). */
function mayBeJapaneseChange(change: WordChange): boolean {
  return (
    mayBeJapanese(change.text) ||
    (change.op === 'equal' && change.newText !== undefined && mayBeJapanese(change.newText))
  );
}

/** Whether a unit's text is a heading or title, whose capitalised words are title case rather than names. */
function isHeading(pair: AlignedPair): boolean {
  const kind = (pair.new ?? pair.old)?.kind;
  return kind === 'heading' || kind === 'title';
}

/**
 * The shifts of one pair with both sides: per edit, the lexicon terms on each side beyond those on the other; a
 * name counts only when the other side's whole unit does not mention it (a case change is no new actor).
 */
export function pairShifts(pair: AlignedPair, context: ShiftContext = {}): Shift[] {
  if (!pair.old || !pair.new) return [];
  // Without the English lexicon only Japanese text has one, and an edit's text is taken from the changes: when none
  // may be Japanese, no edit has a lexicon, so none need be cut out (most pairs of a French or German code).
  if (context.latin === false && !pair.changes.some(mayBeJapaneseChange)) return [];
  const heading = isHeading(pair);
  const { old: oldRef, new: newRef } = pair;
  // Lower-cased only when a name asks: a unit can be a whole section.
  let oldUnit: string | undefined;
  let newUnit: string | undefined;
  const oldUnitText = (): string => (oldUnit ??= oldRef.text.toLowerCase());
  const newUnitText = (): string => (newUnit ??= newRef.text.toLowerCase());
  const shifts: Shift[] = [];
  for (const edit of editsOf(pair.changes)) {
    const lexicon = lexiconFor(edit.oldInContext + edit.newInContext, context.latin !== false);
    if (lexicon === null) continue;
    const keep = (match: TermMatch): boolean => !(heading && match.inferred);
    const oldMatches = lexicon.match(edit.oldInContext).filter(keep);
    const newMatches = lexicon.match(edit.newInContext).filter(keep);
    const removed = beyond(oldMatches, newMatches, termOf).filter(
      (m) => !NAME_KINDS.has(m.kind) || !newUnitText().includes(m.term.toLowerCase()),
    );
    const added = beyond(newMatches, oldMatches, termOf).filter(
      (m) => !NAME_KINDS.has(m.kind) || !oldUnitText().includes(m.term.toLowerCase()),
    );
    shifts.push(...shiftsOf(removed, added, { old: edit.old, new: edit.new }));
  }
  return shifts;
}

/** About this many characters of a unit around a name, cut at spaces, as the edit of a whole-unit shift. */
function around(text: string, match: TermMatch, reach = 80): string {
  let start = Math.max(0, match.start - reach);
  let end = Math.min(text.length, match.end + reach);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > match.end ? text.lastIndexOf(' ', end) : end;
  return text.slice(start, end).trim();
}

/**
 * The shifts of an inserted or deleted unit: only names (actors, regions, instruments) that the other edition
 * never mentions — "Indo-Pacific" appearing in a new section is a shift; a new paragraph's "will" is not.
 */
export function unitShifts(pair: AlignedPair, context: ShiftContext = {}): Shift[] {
  const unit = pair.new ?? pair.old;
  if (!unit || (pair.old && pair.new) || !context.otherEdition) return [];
  const side = pair.new ? 'new' : 'old';
  const lexicon = lexiconFor(unit.text, context.latin !== false);
  if (lexicon === null) return [];
  const other = context.otherEdition(side);
  const heading = isHeading(pair);
  const seen = new Set<string>();
  const names = lexicon.match(unit.text).filter((m) => {
    if (!NAME_KINDS.has(m.kind) || (heading && m.inferred) || m.grade === 0) return false;
    const key = m.term.toLowerCase();
    if (seen.has(key) || other.includes(key)) return false;
    seen.add(key);
    return true;
  });
  const first = names[0];
  if (!first) return [];
  const sentence = around(unit.text, first);
  const edit = side === 'new' ? { old: '', new: sentence } : { old: sentence, new: '' };
  return side === 'new' ? shiftsOf([], names, edit) : shiftsOf(names, [], edit);
}

/** Block texts read to tell an edition's language: enough to decide, few enough to cost nothing on a long code. */
const LANGUAGE_SAMPLE = 400;

/**
 * Whether the English lexicon reads the Latin-script text of the editions compared: with a locale, when it is
 * English or Japanese (a Japanese edition's Latin-script runs are names and acronyms); without, unless a sample of
 * the pairs' block texts reads as another Latin-script language (`readsAsOtherLatinLanguage`). German and French
 * editions get no shifts until they have a lexicon of their own (docs/shifts.md).
 */
export function englishLexiconApplies(pairs: readonly AlignedPair[], locale?: string): boolean {
  if (locale !== undefined) return /^(?:en|ja)\b/i.test(locale);
  const blocks = pairs.filter((pair) => pair.level === 'block');
  const step = Math.max(1, Math.ceil(blocks.length / LANGUAGE_SAMPLE));
  const texts: string[] = [];
  for (let i = 0; i < blocks.length; i += step) {
    const pair = blocks[i] as AlignedPair;
    texts.push((pair.new ?? pair.old)?.text ?? '');
  }
  return !readsAsOtherLatinLanguage(texts);
}

/**
 * Label the policy-language shifts of a comparison's section and block pairs (the units reports list), setting
 * `shifts` on the pairs that have some. Sentence pairs are left alone: their block carries the same edits. The
 * pairs are changed in place: call it on the fresh pairs of `diffPairs`. `locale` is the editions' language when
 * known (see `englishLexiconApplies`).
 */
export function labelShifts(pairs: AlignedPair[], locale?: string): AlignedPair[] {
  const editionText = { old: '', new: '' };
  let built = false;
  const otherEdition = (side: 'old' | 'new'): string => {
    if (!built) {
      const parts = { old: [] as string[], new: [] as string[] };
      for (const pair of pairs) {
        if (pair.level === 'sentence') continue;
        if (pair.old) parts.old.push(pair.old.text);
        if (pair.new) parts.new.push(pair.new.text);
      }
      editionText.old = parts.old.join('\n').toLowerCase();
      editionText.new = parts.new.join('\n').toLowerCase();
      built = true;
    }
    return side === 'new' ? editionText.old : editionText.new;
  };
  const context: ShiftContext = { otherEdition, latin: englishLexiconApplies(pairs, locale) };
  for (const pair of pairs) {
    if (pair.level === 'sentence' || pair.significance === 'none' || pair.significance === 'cosmetic') continue;
    const shifts = pair.old && pair.new ? pairShifts(pair, context) : unitShifts(pair, context);
    if (shifts.length > 0) pair.shifts = shifts;
  }
  return pairs;
}
