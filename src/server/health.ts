/**
 * The health check's view of the store: one cheap round trip (`select 1`) within a time budget. `/api/health` said
 * ok while PostgreSQL was down (issue 9); now it answers 503 when the store does not answer. Concurrent checks share
 * one round trip, so a monitor polling hard (or a load test) costs the database one query at a time, and a store
 * that hangs rather than refuses is reported when the budget runs out instead of holding every check.
 */
import { PalimpsestError } from '../errors/errors.js';
import type { EditionStore } from '../store/index.js';

/** Default time budget of the store check, in ms. */
export const STORE_CHECK_MILLISECONDS = 2000;

/** The outcome of a store check: reachable with its round-trip time, or not with the reason. */
export type StoreHealth = { ok: true; milliseconds: number } | { ok: false; error: PalimpsestError };

/** Checks a store's reachability, sharing one check among concurrent callers. */
export class StoreHealthCheck {
  readonly #store: EditionStore;
  readonly #budget: number;
  #inFlight: Promise<StoreHealth> | undefined;

  /** A check of `store` that gives up after `budgetMilliseconds`. */
  constructor(store: EditionStore, budgetMilliseconds = STORE_CHECK_MILLISECONDS) {
    this.#store = store;
    this.#budget = budgetMilliseconds;
  }

  /** The store's state now: a round trip started by this call or one already under way. */
  check(): Promise<StoreHealth> {
    this.#inFlight ??= this.#run().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #run(): Promise<StoreHealth> {
    const started = performance.now();
    const kind = this.#store.kind;
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<'overrun'>((resolve) => {
      timer = setTimeout(() => resolve('overrun'), this.#budget);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([this.#store.ping(), overrun]);
      if (outcome === 'overrun') {
        return {
          ok: false,
          error: new PalimpsestError('E_STORE', `the ${kind} store did not answer within ${this.#budget} ms`),
        };
      }
      return { ok: true, milliseconds: performance.now() - started };
    } catch (error) {
      // The store's own message names its location: this one is safe for a response, the cause goes to the log.
      return {
        ok: false,
        error: new PalimpsestError('E_STORE', `the ${kind} store cannot be reached`, { cause: error }),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
