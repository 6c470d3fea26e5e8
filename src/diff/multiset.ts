/** Multiset difference of two lists of keyed items, shared by the significance rules and the shift labeller. */

/** The items of `items` not matched by an item of `other` with the same key (multiset difference), in order. */
export function beyond<T>(items: readonly T[], other: readonly T[], keyOf: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of other) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  const rest: T[] = [];
  for (const item of items) {
    const count = counts.get(keyOf(item)) ?? 0;
    if (count > 0) counts.set(keyOf(item), count - 1);
    else rest.push(item);
  }
  return rest;
}
