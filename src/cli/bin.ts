/**
 * The composition root of the `palimpsest` binary: the only module that touches `process`. It hands the real
 * streams, environment and working directory to `run()` and turns the returned status into the exit code.
 */
import { run } from './run.js';

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
