/**
 * The time budget of one import. Importers call `check()` between steps of synchronous work (parse5, the DOCX walker,
 * Markdown chunks) and wrap asynchronous steps in `race()` (pdf.js, the whole import); both end the import with one
 * E_TIMEOUT error naming the file. Synchronous library calls cannot be interrupted, so `check()` is the finest grain.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';

/** A deadline for one import, with the error it ends in. */
export class TimeBudget {
  /** `performance.now()` value after which the budget is spent. */
  readonly deadline: number;

  /** Start a budget of `timeoutMs` for importing `name`; `what` names the work in the message ("the PDF import"). */
  constructor(
    private readonly name: string,
    private readonly timeoutMs: number,
    private readonly what: string,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }

  /** The E_TIMEOUT error of this budget. */
  error(): PalimpsestError {
    return new PalimpsestError(
      'E_TIMEOUT',
      `cannot import ${quoteFileName(this.name)}: ${this.what} took longer than its ${this.timeoutMs} ms time budget`,
      { file: this.name },
    );
  }

  /** Throw E_TIMEOUT when the budget is spent. */
  check(): void {
    if (performance.now() > this.deadline) throw this.error();
  }

  /** `work`, or E_TIMEOUT when it has not settled by the deadline. */
  async race<T>(work: Promise<T>): Promise<T> {
    if (!Number.isFinite(this.timeoutMs)) return work;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.error()), Math.max(0, this.deadline - performance.now()));
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
