/**
 * The composition root of the `palimpsest` binary: the only module that touches `process`. It hands the real
 * streams, environment and working directory to `run()` and turns the returned status into the exit code.
 */
import { setFlagsFromString } from 'node:v8';
import { run } from './run.js';

/**
 * How far V8 lets the heap grow past what the last full collection kept, for the one-shot commands (issue 9 item 3:
 * memory within 20× the input + 200 MB). By default V8 grows the heap up to 4× the live data before collecting it
 * again, so a second `add` of SGB V (live data at most ~60 MB) peaked at 330 MB of RSS, and 30,000 short lines at
 * 600 MB, nearly all of it garbage. Growing by 20% instead keeps the peak near the live data; a command runs for
 * seconds, so the extra collections cost little (measured on `add` and `compare`). The factor is read at every
 * collection, so it applies when set here, before any work; `serve`, long-running, keeps V8's default. A complement
 * to keeping the live data small (add.ts, series-cache.ts), not a substitute.
 */
const HEAP_GROWING_PERCENT = 20;
if (process.argv[2] !== 'serve') setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

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

const status = await run(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), onShutdown },
  () => new Date(),
);
// Set the code rather than calling process.exit so buffered output to pipes is flushed first.
process.exitCode = status;
