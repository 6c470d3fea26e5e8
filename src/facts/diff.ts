/**
 * The diff of two editions' facts: which facts are new, dropped, or changed in value, each linked to the aligned
 * pair that holds it.
 *
 * 1. Place each fact in its aligned pair: the sentence pair whose old (new) side, or split/merged group, holds the
 *    fact's sentence; failing that, the block or section pair whose span holds the fact.
 * 2. Inside each pair, match old and new facts of the same identity (kind, key, value), in order (the k-th "Japan"
 *    of the old sentence with the k-th of the new): these did not change. Then facts of the same kind and key with
 *    another value are `changed` ("three nuclear tests" → "six nuclear tests"); then, when one date is left on
 *    each side of the pair, that date `changed` ("in force in 2017" → "in force in 2018").
 * 3. Across the document: a fact left over on one side whose identity the other edition holds anywhere is a
 *    mention of a known fact, moved or repeated, not a change. Facts left on both sides with the same kind and key
 *    (not a generic counter such as "times", not a date) are `changed`; the rest are `new` or `dropped`, each
 *    identity reported once, at its first place.
 * Every step treats the two sides alike, so swapping the editions swaps `new` and `dropped` (and old and new).
 */
import type { AlignedPair, Comparison, UnitRef } from '../model/comparison.js';
import type { Fact, FactChange } from './model.js';
import { GENERIC_QUANTITY_KEYS } from './quantities.js';

type Side = 'old' | 'new';

/** A fact's identity: what must be equal for two mentions to be the same fact unchanged. */
function identity(fact: Fact): string {
  return `${fact.kind}\u0000${fact.key}\u0000${fact.value ?? ''}`;
}

/** A fact's kind and key: what must be equal for two mentions to be one fact, whatever its value. */
function kindKey(fact: Fact): string {
  return `${fact.kind}\u0000${fact.key}`;
}

/** Group items by a key, keeping their order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Pair the items of two lists that share a key, in order; return the pairs and what is left on each side. */
function zip(
  olds: readonly Fact[],
  news: readonly Fact[],
  keyOf: (fact: Fact) => string,
): { pairs: Array<[Fact, Fact]>; old: Fact[]; new: Fact[] } {
  const newGroups = groupBy(news, keyOf);
  const used = new Set<Fact>();
  const pairs: Array<[Fact, Fact]> = [];
  const taken = new Map<string, number>();
  for (const fact of olds) {
    const key = keyOf(fact);
    const group = newGroups.get(key);
    const at = taken.get(key) ?? 0;
    const partner = group?.[at];
    if (partner === undefined) continue;
    taken.set(key, at + 1);
    pairs.push([fact, partner]);
    used.add(fact);
    used.add(partner);
  }
  return { pairs, old: olds.filter((f) => !used.has(f)), new: news.filter((f) => !used.has(f)) };
}

/**
 * Which aligned pair holds each fact's sentence on each side, and the pairs' order for sorting. Only the sentences that
 * hold facts are indexed, and pairs are ordered only when asked (`orderOf`): a long code has some ten thousand pairs
 * and a few hundred facts, and mapping every pair cost more than the whole diff.
 */
class PairIndex {
  private readonly sentences: Record<Side, Map<number, AlignedPair>> = { old: new Map(), new: new Map() };
  private spans: Record<Side, AlignedPair[]> | undefined;

  constructor(
    private readonly comparison: Comparison,
    facts: Record<Side, readonly Fact[]>,
  ) {
    const wanted: Record<Side, Set<number>> = {
      old: new Set(facts.old.map((fact) => fact.sentence)),
      new: new Set(facts.new.map((fact) => fact.sentence)),
    };
    if (wanted.old.size === 0 && wanted.new.size === 0) return;
    const add = (side: Side, unit: UnitRef | null | undefined, pair: AlignedPair) => {
      // The first pair that holds a sentence is its pair.
      if (unit && wanted[side].has(unit.index) && !this.sentences[side].has(unit.index)) {
        this.sentences[side].set(unit.index, pair);
      }
    };
    // Indexed: one cold pass over every pair of the comparison (for…of allocates an iterator result per pair), with
    // the test of `add` inline for the two sides, so a pair whose sentences hold no fact costs no call.
    const { pairs } = comparison;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as AlignedPair;
      if (pair.level !== 'sentence') continue;
      if (pair.old && wanted.old.has(pair.old.index)) add('old', pair.old, pair);
      if (pair.new && wanted.new.has(pair.new.index)) add('new', pair.new, pair);
      if (!pair.group) continue;
      for (const unit of pair.group) add(pair.relation === 'merged' ? 'old' : 'new', unit, pair);
    }
  }

  /** The block and section pairs with a position on each side, innermost level first; built when first needed. */
  private spansOf(side: Side): AlignedPair[] {
    if (this.spans === undefined) {
      const spans: Record<Side, AlignedPair[]> = { old: [], new: [] };
      for (const pair of this.comparison.pairs) {
        if (pair.level === 'sentence') continue;
        if (pair.old?.position) spans.old.push(pair);
        if (pair.new?.position) spans.new.push(pair);
      }
      // Blocks before sections: the innermost pair holding a span is found first.
      const rank = { sentence: 0, block: 1, section: 2 } as const;
      for (const s of ['old', 'new'] as const) spans[s].sort((a, b) => rank[a.level] - rank[b.level]);
      this.spans = spans;
    }
    return this.spans[side];
  }

  /** The pair holding a fact of one side, or undefined. */
  pairOf(fact: Fact, side: Side): AlignedPair | undefined {
    const bySentence = this.sentences[side].get(fact.sentence);
    if (bySentence) return bySentence;
    return this.spansOf(side).find((pair) => {
      const position = pair[side]?.position;
      return position !== undefined && position.start.offset <= fact.span.start && fact.span.end <= position.end.offset;
    });
  }

  /** The place in the comparison of each of these pairs (the last pair of an id, as a map of every pair has it). */
  orderOf(ids: ReadonlySet<string>): Map<string, number> {
    const order = new Map<string, number>();
    if (ids.size === 0) return order;
    this.comparison.pairs.forEach((pair, at) => {
      if (ids.has(pair.id)) order.set(pair.id, at);
    });
    return order;
  }
}

/** The changes between the facts of the old and the new edition of a comparison. */
export function diffFacts(comparison: Comparison, oldFacts: Fact[], newFacts: Fact[]): FactChange[] {
  const index = new PairIndex(comparison, { old: oldFacts, new: newFacts });
  const changes: FactChange[] = [];
  const pairIdOf = (fact: Fact, side: Side) => index.pairOf(fact, side)?.id;
  const changed = (old: Fact, fact: Fact, key: string): FactChange => {
    const change: FactChange = { change: 'changed', kind: fact.kind, key, old, new: fact };
    const pair = pairIdOf(fact, 'new') ?? pairIdOf(old, 'old');
    // `key` is the new fact's: for a date that changed inside its pair, its new value (the old one is `old.key`).
    if (pair !== undefined) change.pair = pair;
    return change;
  };

  // 1–2. Inside each aligned pair.
  const byPair: Record<Side, Map<string, Fact[]>> = { old: new Map(), new: new Map() };
  const leftover: Record<Side, Fact[]> = { old: [], new: [] };
  for (const [side, facts] of [
    ['old', oldFacts],
    ['new', newFacts],
  ] as const) {
    for (const fact of facts) {
      const pair = pairIdOf(fact, side);
      if (pair === undefined) leftover[side].push(fact);
      else {
        const list = byPair[side].get(pair);
        if (list) list.push(fact);
        else byPair[side].set(pair, [fact]);
      }
    }
  }
  const pairIds = new Set([...byPair.old.keys(), ...byPair.new.keys()]);
  for (const id of pairIds) {
    const same = zip(byPair.old.get(id) ?? [], byPair.new.get(id) ?? [], identity);
    const valued = zip(same.old, same.new, kindKey);
    for (const [old, fact] of valued.pairs) changes.push(changed(old, fact, fact.key));
    const oldDates = valued.old.filter((fact) => fact.kind === 'date');
    const newDates = valued.new.filter((fact) => fact.kind === 'date');
    let olds = valued.old;
    let news = valued.new;
    if (oldDates.length === 1 && newDates.length === 1) {
      const [old, fact] = [oldDates[0] as Fact, newDates[0] as Fact];
      changes.push(changed(old, fact, fact.key));
      olds = olds.filter((f) => f !== old);
      news = news.filter((f) => f !== fact);
    }
    leftover.old.push(...olds);
    leftover.new.push(...news);
  }

  // 3. Across the document.
  const known: Record<Side, Set<string>> = {
    old: new Set(oldFacts.map(identity)),
    new: new Set(newFacts.map(identity)),
  };
  const byPlace = (a: Fact, b: Fact) => a.sentence - b.sentence || a.span.start - b.span.start;
  const olds = leftover.old.filter((fact) => !known.new.has(identity(fact))).sort(byPlace);
  const news = leftover.new.filter((fact) => !known.old.has(identity(fact))).sort(byPlace);
  const specific = (fact: Fact) => fact.kind !== 'date' && !GENERIC_QUANTITY_KEYS.has(fact.key);
  const moved = zip(olds.filter(specific), news.filter(specific), kindKey);
  const seenChange = new Set<string>();
  for (const [old, fact] of moved.pairs) {
    const id = `${identity(old)}\u0000${identity(fact)}`;
    if (seenChange.has(id)) continue;
    seenChange.add(id);
    changes.push(changed(old, fact, fact.key));
  }
  const inMoved = new Set(moved.pairs.flat());
  const once = (facts: Fact[]) => {
    const seen = new Set<string>();
    return facts.filter((fact) => {
      if (inMoved.has(fact) || seen.has(identity(fact))) return false;
      seen.add(identity(fact));
      return true;
    });
  };
  for (const fact of once(news)) {
    const change: FactChange = { change: 'new', kind: fact.kind, key: fact.key, new: fact };
    const pair = pairIdOf(fact, 'new');
    if (pair !== undefined) change.pair = pair;
    changes.push(change);
  }
  for (const fact of once(olds)) {
    const change: FactChange = { change: 'dropped', kind: fact.kind, key: fact.key, old: fact };
    const pair = pairIdOf(fact, 'old');
    if (pair !== undefined) change.pair = pair;
    changes.push(change);
  }

  // Reading order: by the pair's place in the comparison, then by the fact's place.
  const order = index.orderOf(new Set(changes.flatMap((change) => (change.pair === undefined ? [] : [change.pair]))));
  const orderOf = (change: FactChange) => (change.pair === undefined ? -1 : (order.get(change.pair) ?? -1));
  const placeOf = (change: FactChange) => (change.new ?? change.old)?.span.start ?? 0;
  return changes.sort((a, b) => orderOf(a) - orderOf(b) || placeOf(a) - placeOf(b));
}
