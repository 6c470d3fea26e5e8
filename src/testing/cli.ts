/** The real CLI run in process for tests: `run(argv, io)` with streams that collect what is written. */
import type { CliIo } from '../cli/io.js';
import { run } from '../cli/run.js';

/** The result of one run: exit status and everything written to each stream. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Where and how the CLI runs. */
export interface RunCliOptions {
  cwd: string;
  env?: CliIo['env'];
  /** Whether both streams claim to be a terminal (default false). */
  tty?: boolean;
  /** Terminal width of standard output, when given. */
  columns?: number;
  /** Terminal width of standard error, when given (progress lines read it). */
  stderrColumns?: number;
  /** The clock the commands read (for stable import dates). */
  now?: () => Date;
  /** What standard input holds (read when an edition is named `-`), given as one chunk or several. */
  stdin?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

/** Standard input made of `chunks`, yielded one at a time as a pipe would. */
async function* chunksOf(input: NonNullable<RunCliOptions['stdin']>): AsyncGenerator<string | Uint8Array> {
  const chunks = typeof input === 'string' || input instanceof Uint8Array ? [input] : input;
  for (const chunk of chunks) yield chunk;
}

/** Runs the CLI with `argv` and string-collecting streams; resolves with the status and both streams' text. */
export async function runCli(argv: string[], options: RunCliOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty === true;
  const io: CliIo = {
    stdout: {
      write: (text) => {
        stdout += text;
      },
      isTTY: tty,
      ...(options.columns ? { columns: options.columns } : {}),
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
      isTTY: tty,
      ...(options.stderrColumns ? { columns: options.stderrColumns } : {}),
    },
    env: options.env ?? {},
    cwd: options.cwd,
    ...(options.stdin === undefined ? {} : { stdin: chunksOf(options.stdin) }),
  };
  const status = await (options.now ? run(argv, io, options.now) : run(argv, io));
  return { status, stdout, stderr };
}
