/**
 * A real store that counts what is asked of it: every call is forwarded unchanged to the store it wraps (a decorator,
 * not a mock — the answers are the real store's), and tallied by method, with the kind for derived values
 * (`getDerivedJson comparison`, `getDerived tree`). What tests of "one pass through the cache" count.
 */
import type { EditionStore } from '../store/index.js';

/** Methods whose first argument is a derived kind, tallied with it. */
const BY_KIND = new Set(['getDerived', 'getDerivedJson', 'putDerived', 'derivedKeys', 'deleteDerived']);

/** A store that forwards to `store` and the tally of its calls, which `reset` empties. */
export interface CountingStore {
  store: EditionStore;
  calls: Map<string, number>;
  /** The number of calls tallied under `name` (`getEdition`, `getDerived tree`). */
  count(name: string): number;
  /** Every tally whose name starts with a read method (`get`, `list`, `derivedKeys`), by name, in name order. */
  reads(): Record<string, number>;
  reset(): void;
}

/** Wraps `store` in a counting decorator; the wrapped store stays usable and is closed through either. */
export function countingStore(store: EditionStore): CountingStore {
  const calls = new Map<string, number>();
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const name = BY_KIND.has(property) ? `${property} ${String(args[0])}` : property;
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: wrapped,
    calls,
    count: (name) => calls.get(name) ?? 0,
    reads: () =>
      Object.fromEntries(
        [...calls.entries()]
          .filter(([name]) => /^(get|list|derivedKeys)/.test(name))
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
    reset: () => calls.clear(),
  };
}
