/**
 * What the CLI needs from its surroundings, passed in by the composition root (bin.ts) so that `run()` is a plain
 * function a test can call with captured streams.
 */

/** A stream the CLI writes to; `process.stdout` fits, and so does a test's string collector. */
export interface CliStream {
  write(text: string): void;
  /** True when the stream is an interactive terminal (colours and progress only then). */
  isTTY?: boolean;
  /** Terminal width in columns, when known. */
  columns?: number;
}

/** The CLI's view of its environment. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Environment variables (NO_COLOR, FORCE_COLOR, PALIMPSEST_DEBUG…). */
  env: Record<string, string | undefined>;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /**
   * Calls `listener` once when the process is asked to stop (SIGINT, SIGTERM); returns a function that stops
   * listening. Only long-running commands (`serve`) use it, so other commands keep the default Ctrl-C behaviour.
   */
  onShutdown?: (listener: () => void) => () => void;
  /**
   * Standard input, read when an edition is named `-` (`compare - new.txt`, `add S - --edition X`); absent, `-` is
   * refused. `process.stdin` fits (an async iterable of byte chunks), and so does a test's array of chunks.
   */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** True when an environment flag is set to something other than empty, `0` or `false`. */
export function isFlagSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * Whether to colour output written to `stream`: never with --no-color; always when FORCE_COLOR is set (to anything
 * but 0/false); never when NO_COLOR is set and non-empty (https://no-color.org); otherwise only on a TTY.
 */
export function shouldUseColor(stream: CliStream, env: CliIo['env'], colorOption = true): boolean {
  if (!colorOption) return false;
  if (env.FORCE_COLOR !== undefined) return isFlagSet(env.FORCE_COLOR) || env.FORCE_COLOR === '';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
