/**
 * One computation per key at a time: concurrent requests for the same uncached answer share the first one's promise
 * instead of each taking a slot of the worker pool's queue (issue 9: 20 concurrent identical compares took 20 slots
 * and 17 were refused with E_BUSY). Nothing is kept once the computation settles — results that should outlive it are
 * the store's caches' business — so a failure is shared by those waiting on it and the next request tries afresh.
 */
export class InFlight {
  readonly #running = new Map<string, Promise<unknown>>();

  /** The result of `work`, or of the computation already running under `key`. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running !== undefined) return running as Promise<T>;
    const started = work().finally(() => {
      this.#running.delete(key);
    });
    this.#running.set(key, started);
    return started;
  }

  /** Computations running now. */
  get size(): number {
    return this.#running.size;
  }
}
