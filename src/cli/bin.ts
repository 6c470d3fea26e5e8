/**
 * The composition root of the `palimpsest` binary: the only module that touches `process`. It hands the real
 * streams, environment and working directory to `run()` and turns the returned status into the exit code.
 */
import { setFlagsFromString } from 'node:v8';
import { run } from './run.js';

/**
 * How V8 sizes the heap for the one-shot commands, a complement to keeping the live data small (add.ts,
 * series-cache.ts, json-chunks.ts) for issue 9 item 3: memory within 20× the input + 200 MB. Both flags are read by
 * V8 at every collection, so they apply when set here, before any work; `serve`, long-running, keeps V8's defaults.
 *
 * - The old generation grows by 20% past what the last full collection kept, not up to 4× (V8's default for a
 *   machine with memory to spare): a second `add` of SGB V, whose live data is at most ~60 MB, peaked at 330 MB of
 *   RSS, 30,000 short lines at 600 MB, nearly all of it garbage. A command runs for seconds; the extra collections
 *   were lost in the noise of `add` and `compare`.
 * - For `add` and `compare`, the young generation stays at its initial size instead of doubling up to 2 × 16 MB:
 *   the second add of the Code civil 1979 → 2026 went from 233 to 188 MB, SGB V from 215 to 180, a 200-page PDF from
 *   221 to 186, for 10-15% more CPU time (more objects survive to the old generation). A compare of the Code civil
 *   pair went from 170 to 131 MB for 0.2 s more (2.3 → 2.5 s, medians of 4, load 2), inside issue 12's 150 MB.
 *   (`--max-semi-space-size` would be cheaper in time, but V8 reads it only when the heap is made, before this runs.)
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * How much bytecode a function runs before V8 compiles it with TurboFan, for the one-shot commands (V8's default is
 * 66 KB). A command runs its code once, cold: at the default, hundreds of the engine's functions qualify within the
 * first second and the optimising compiler's background work takes the second core from the garbage collector,
 * often for code that has already done most of its work. At 500 KB only the functions that stay hot are optimised:
 * `compare` of the Code civil pair took 2.09 → 1.78 s and 3.1 → 2.3 s of CPU, SGB V 2.58 → 2.12 s, the Bluebook
 * sample 0.36 → 0.33 s (medians of 5–7, interleaved; 1 MB was no better). The flag is read whenever a function's
 * budget is reset, so it applies when set here. `serve`, long-running and warm, keeps V8's default.
 */
const INTERRUPT_BUDGET = 500_000;
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command !== 'serve') {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
if (command === 'add' || command === 'compare') setFlagsFromString('--semi-space-growth-factor=1');

// A reader that stops early (`palimpsest compare a b | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** Signals that ask a long-running command (`serve`) to stop; handlers are installed only while one runs. */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Calls `listener` once on SIGINT or SIGTERM; returns the function that removes the handlers again. */
function onShutdown(listener: () => void): () => void {
  const handler = () => listener();
  for (const signal of SHUTDOWN_SIGNALS) process.once(signal, handler);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, handler);
  };
}

/** Standard input, touched only when a command reads it (`-`): creating process.stdin on a terminal has effects. */
const stdin: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator](),
};

const status = await run(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), onShutdown, stdin },
  () => new Date(),
);
// Set the code rather than calling process.exit so buffered output to pipes is flushed first.
process.exitCode = status;
