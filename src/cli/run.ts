/**
 * The command-line interface as a plain function: `run(argv, io)` parses arguments with commander, runs the command
 * and returns the exit status. It never touches `process`; bin.ts (the composition root) passes the real streams,
 * environment and working directory. Failures are mapped here, at the edge: a PalimpsestError becomes one line
 * `palimpsest: CODE: message` and the catalogue's exit status; anything else is a bug (E_INTERNAL).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  ERROR_CATALOGUE,
  EXIT_INPUT,
  EXIT_USAGE,
  formatErrorLine,
  formatSize,
  isPalimpsestError,
  PalimpsestError,
} from '../errors/errors.js';
import { FACT_KINDS, type FactKind } from '../facts/model.js';
import { encodingName } from '../importers/text.js';
import { FORMATS } from '../importers/types.js';
import { SHIFT_KINDS, type ShiftKind } from '../model/comparison.js';
import { DEFAULT_TOP, REPORT_FORMATS } from '../report/options.js';
import { ENGINE_VERSION } from '../version.js';
import type { AddCommandOptions } from './add-command.js';
import type { BlameCommandOptions } from './blame-command.js';
import { BLAME_FORMATS, FACTS_FORMATS, parsePort, TRACE_FORMATS } from './choices.js';
import type { CompareCommandOptions } from './compare-command.js';
import type { FormatOption, RebuildCommandOptions, StoreCommandOptions } from './corpus-command.js';
import type { FactsCommandOptions } from './facts-command.js';
import type { HistoryCommandOptions } from './history-command.js';
import { type CliIo, isFlagSet } from './io.js';
import type { SearchCommandOptions } from './search-command.js';
import type { ServeCommandOptions } from './serve-command.js';
import { DEFAULT_MAX_SIZE, parseSize } from './size.js';
import type { TraceCommandOptions } from './trace-command.js';
import type { JobsCommandOptions, WorkerCommandOptions } from './worker-command.js';

export type { CliIo, CliStream } from './io.js';

/** Help width when the stream is not a terminal, so help text is the same in every test and pipe. */
const DEFAULT_HELP_WIDTH = 80;

/** Mutable state of one run, shared by the commander callbacks. */
interface RunState {
  exitCode: number;
  /** The (sub)command being parsed, for the `--help` hint in usage errors. */
  commandPath: string;
  /** `compare --exit-code` was given: status 1 means "different", so input failures answer EXIT_USAGE (2). */
  exitCodeOption?: boolean;
}

function parseMaxSize(value: string): number {
  const bytes = parseSize(value);
  if (bytes === null) throw new InvalidArgumentError(`Expected a size such as 10MB, 500k or 1048576, got '${value}'.`);
  return bytes;
}

function parseWidth(value: string): number {
  const width = Number(value);
  if (!/^\d+$/.test(value.trim()) || width < 20 || width > 10_000) {
    throw new InvalidArgumentError(`Expected a whole number of columns (at least 20), got '${value}'.`);
  }
  return width;
}

/** Parses --shift: shift kinds separated by commas (docs/shifts.md). */
function parseShiftKinds(value: string): ShiftKind[] {
  const kinds = value
    .split(',')
    .map((kind) => kind.trim())
    .filter((kind) => kind !== '');
  const unknown = kinds.filter((kind) => !(SHIFT_KINDS as readonly string[]).includes(kind));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `Expected shift kinds separated by commas (${SHIFT_KINDS.join(', ')}), got '${unknown[0] ?? value}'.`,
    );
  }
  return kinds as ShiftKind[];
}

function parseEncoding(value: string): string {
  if (encodingName(value) === null) {
    throw new InvalidArgumentError(
      `Expected an encoding label such as utf-8, shift_jis, euc-jp, iso-2022-jp or windows-1252, got '${value}'.`,
    );
  }
  return value;
}

/** The --store option of every store command. */
function storeOption(): Option {
  return new Option(
    '--store <path-or-url>',
    'the store: a SQLite file or a postgres:// URL (default $PALIMPSEST_STORE, else ./palimpsest.db)',
  );
}

function parsePositive(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new InvalidArgumentError(`Expected a whole number ≥ 1, got '${value}'.`);
  return Number(value);
}

/** Parses --kind: a comma-separated list of fact kinds. */
function parseFactKinds(value: string): FactKind[] {
  const kinds = value
    .split(',')
    .map((kind) => kind.trim())
    .filter((kind) => kind !== '');
  const unknown = kinds.filter((kind) => !(FACT_KINDS as readonly string[]).includes(kind));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `Expected fact kinds among ${FACT_KINDS.join(', ')} (comma-separated), got '${value}'.`,
    );
  }
  return kinds as FactKind[];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`Expected a whole number, got '${value}'.`);
  return Number(value);
}

/** The corpus commands of issue 4: add, list, show, remove, rebuild, history, blame, trace, search, sample. */
function registerCorpusCommands(program: Command, io: CliIo, state: RunState, now: () => Date): void {
  const terminalOrJson = () =>
    new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal');
  program
    .command('add')
    .description('add editions to a series (a file, a URL, several files or a directory)')
    .argument('<series>', 'the series (created on its first edition)')
    .argument(
      '<sources...>',
      'files, http(s) URLs or directories (several or a directory: labels from file names), or - for standard input',
    )
    .option('-e, --edition <label>', 'the edition label (one source only; default the file name without extension)')
    .option('-d, --date <date>', 'the edition date: YYYY, YYYY-MM or YYYY-MM-DD')
    .option('-l, --lang <lang>', 'the language of the editions (en, ja…)')
    .option('--replace', 'replace an edition whose label is taken by different bytes')
    .option('--allow-duplicate', 'store bytes another edition of the series already holds (refused by default)')
    .option('--no-wait', 'with a PostgreSQL store: enqueue the imports and return without waiting for a worker')
    .addOption(new Option('--from <format>', 'read the editions as FORMAT instead of detecting it').choices(FORMATS))
    .addOption(new Option('--encoding <label>', 'decode text inputs as LABEL').argParser(parseEncoding))
    .addOption(new Option('--max-size <size>', 'refuse inputs larger than SIZE').argParser(parseMaxSize))
    .addOption(
      new Option(
        '-j, --jobs <n>',
        'worker threads that import and align (default $PALIMPSEST_JOBS, else cores − 1; 1: in process)',
      ).argParser(parsePositive),
    )
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  palimpsest add bluebook examples/bluebook/2022-ch3-s1.txt --edition 2022 --date 2022',
        '  palimpsest add wordpress path/to/versions/      (a directory: labels and dates from file names)',
        '  curl -s https://example.org/terms | palimpsest add terms - --edition 2024-05 --date 2024-05',
        '',
        'A file name starting with a date (05-2012-09-26_91fa488.md) gives the edition its date.',
        'Bytes the series already holds under another label are refused (E_DUPLICATE, naming that edition):',
        'a text that went back to an earlier wording is added with --allow-duplicate.',
      ].join('\n'),
    )
    .action(async (series: string, sources: string[], options: AddCommandOptions) => {
      state.exitCode = await (await import('./add-command.js')).addCommand(series, sources, options, io, now);
    });

  program
    .command('list')
    .description('list the series in the store')
    .addOption(terminalOrJson())
    .addOption(storeOption())
    .action(async (options: StoreCommandOptions & FormatOption) => {
      state.exitCode = await (await import('./corpus-command.js')).listCommand(options, io);
    });

  program
    .command('show')
    .description('show the editions of a series with their provenance')
    .argument('<series>', 'the series')
    .addOption(terminalOrJson())
    .addOption(storeOption())
    .action(async (series: string, options: StoreCommandOptions & FormatOption) => {
      state.exitCode = await (await import('./corpus-command.js')).showCommand(series, options, io);
    });

  program
    .command('remove')
    .description('remove a series, or one edition of it')
    .argument('<series>', 'the series')
    .argument('[edition]', 'only this edition')
    .addOption(storeOption())
    .action(async (series: string, edition: string | undefined, options: StoreCommandOptions) => {
      state.exitCode = await (await import('./corpus-command.js')).removeCommand(series, edition, options, io);
    });

  program
    .command('rebuild')
    .description('clear every derived cache and rebuild trees, alignments and the search index with this engine')
    .option('--no-wait', 'with a PostgreSQL store: enqueue one rebuild job per series and return at once')
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        'On SQLite the rebuild runs here. On PostgreSQL it is one job per series for palimpsest worker (this command',
        'works alongside while it waits); nothing is cleared first, and reads serve the old caches, marked stale,',
        'until each series is rebuilt.',
      ].join('\n'),
    )
    .action(async (options: RebuildCommandOptions) => {
      state.exitCode = await (await import('./corpus-command.js')).rebuildCommand(options, io);
    });

  program
    .command('history')
    .description('the editions of a series in order, with what changed between consecutive editions')
    .argument('<series>', 'the series')
    .addOption(terminalOrJson())
    .addOption(
      new Option('--top [n]', 'most significant changes and policy shifts shown per step (default 5)').argParser(
        parsePositive,
      ),
    )
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addOption(new Option('-w, --width <columns>', 'wrap terminal output at COLUMNS').argParser(parseWidth))
    .addOption(storeOption())
    .action(async (series: string, options: HistoryCommandOptions) => {
      state.exitCode = await (await import('./history-command.js')).historyCommand(series, options, io);
    });

  program
    .command('blame')
    .description('for every sentence (and word) of an edition, the edition that introduced it')
    .argument('<series>', 'the series')
    .argument('[edition]', 'the edition (default the latest)')
    .option('--section <path>', "only this section, e.g. '(2)' or 'Chapter 3 > (2)'")
    .addOption(new Option('-f, --format <format>', 'output format').choices(BLAME_FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--ids', "show each line's lineage id (terminal; JSON and HTML always have them)")
    .option('--no-color', 'never colour the output')
    .addOption(new Option('-w, --width <columns>', 'wrap terminal output at COLUMNS').argParser(parseWidth))
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        "Each line gives the edition a sentence (or a heading's section) first appeared in with its present",
        'wording, then the text, then its history. With --ids a lineage id comes after the edition: L<e>.<n>',
        'for a sentence, S<e>.<n> for a heading: the n-th sentence (section) of edition e, both counted from',
        '0, where it was first seen. A unit keeps its id through rewording, renumbering and moves, so the same',
        'id in the blame of two editions (and in the JSON) is the same unit. It is not a line number.',
      ].join('\n'),
    )
    .action(async (series: string, edition: string | undefined, options: BlameCommandOptions) => {
      state.exitCode = await (await import('./blame-command.js')).blameCommand(series, edition, options, io);
    });

  program
    .command('trace')
    .description('occurrences of a phrase in every edition of a series, with context')
    .argument('<series>', 'the series')
    .argument('<phrase>', 'the phrase (case, quotes and width folded unless --exact)')
    .option('--exact', 'match the phrase exactly as written')
    .option('--regex', 'the phrase is a regular expression (RE2 syntax, /pattern/ims for flags)')
    .option('--facts', 'follow the facts (counts, dates, laws, organisations) whose key or text holds the phrase')
    .addOption(new Option('-f, --format <format>', 'output format').choices(TRACE_FORMATS).default('table'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addOption(new Option('--context <chars>', 'characters of context each side').argParser(parseCount))
    .option('--no-color', 'never colour the output')
    .addOption(storeOption())
    .action(async (series: string, phrase: string, options: TraceCommandOptions) => {
      state.exitCode = await (await import('./trace-command.js')).traceCommand(series, phrase, options, io);
    });

  program
    .command('search')
    .description('full-text search over every stored edition')
    .argument('<query>', 'words that must all occur (Japanese works too)')
    .option('--series <series>', 'only this series')
    .option('--edition <label>', 'only this edition (with --series)')
    .addOption(new Option('-n, --limit <n>', 'most hits shown (default 20)').argParser(parsePositive))
    .addOption(terminalOrJson())
    .option('--no-color', 'never colour the output')
    .addOption(storeOption())
    .action(async (query: string, options: SearchCommandOptions) => {
      state.exitCode = await (await import('./search-command.js')).searchCommand(query, options, io);
    });

  program
    .command('sample')
    .description('load the bundled Bluebook pair as series "bluebook" and show its history, blame and a trace')
    .addOption(storeOption())
    .action(async (options: StoreCommandOptions) => {
      state.exitCode = await (await import('./sample-command.js')).sampleCommand(options, io, now);
    });
}

/** `serve` (the HTTP API and the web app, issue 5) and the queue's `worker` and `jobs` (issue 16): the commands that run beside a shared store. */
function registerServeCommand(program: Command, io: CliIo, state: RunState, now: () => Date): void {
  program
    .command('worker')
    .description('run the queued jobs of a PostgreSQL store (imports, series alignment, rebuilds) until Ctrl-C')
    .addOption(new Option('-c, --concurrency <n>', 'jobs at once in this process (default 1)').argParser(parsePositive))
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  palimpsest worker --store postgres://db/palimpsest --concurrency 2',
        '',
        "Start any number of workers on any number of machines: they share one queue in the store's database.",
        'With a PostgreSQL store, add enqueues one import job per edition and works alongside the workers while',
        'it waits (add --no-wait returns at once); palimpsest jobs lists the jobs and their errors.',
        'A worker of a newer engine enqueues the rebuild of every series an older engine derived (once per series);',
        'reads answer from the older caches, marked stale, until each series is rebuilt.',
      ].join('\n'),
    )
    .action(async (options: WorkerCommandOptions) => {
      state.exitCode = await (await import('./worker-command.js')).workerCommand(options, io);
    });

  program
    .command('jobs')
    .description('list the queued jobs of a PostgreSQL store, newest first, with the errors of failed ones')
    .option('-s, --series <series>', 'only the jobs of this series')
    .option('--failed', 'only the jobs that failed after their retries (the dead-letter state)')
    .addOption(new Option('-n, --limit <n>', 'most jobs to list (default 50)').argParser(parsePositive))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .addOption(storeOption())
    .action(async (options: JobsCommandOptions) => {
      state.exitCode = await (await import('./worker-command.js')).jobsCommand(options, io);
    });

  program
    .command('serve')
    .description('serve the web app and the HTTP API over the store until Ctrl-C')
    .addOption(
      new Option('--host <address>', 'address to bind (off loopback, writes need a token)').default('127.0.0.1'),
    )
    .addOption(
      new Option('--port <port>', 'port to listen on (0 picks a free one)')
        .argParser((value: string) => {
          const port = parsePort(value);
          if (Number.isNaN(port)) throw new InvalidArgumentError(`Expected a port number 0-65535, got '${value}'.`);
          return port;
        })
        .default(4321),
    )
    .addOption(
      new Option('--token <token>', 'bearer token writes need (prefer $PALIMPSEST_TOKEN: arguments are visible to ps)'),
    )
    .option('--sample', 'load the bundled Bluebook pair as series "bluebook" first')
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  palimpsest serve --sample                 then open http://127.0.0.1:4321/',
        '  PALIMPSEST_TOKEN=secret palimpsest serve --host 0.0.0.0 --store postgres://db/palimpsest',
        '',
        'Reads are public. Uploads and deletions need "Authorization: Bearer TOKEN" when a token is set, and are',
        'refused when the server binds off loopback without one.',
      ].join('\n'),
    )
    .action(async (options: ServeCommandOptions) => {
      state.exitCode = await (await import('./serve-command.js')).serveCommand(options, io, now);
    });
}

/** Build a fresh commander program for one run (commander keeps parse state, so programs are not reused). */
function buildProgram(io: CliIo, state: RunState, now: () => Date): Command {
  const program = new Command('palimpsest');
  const helpWidth = (stream: CliIo['stdout']) => (stream.isTTY && stream.columns ? stream.columns : DEFAULT_HELP_WIDTH);
  program
    .description('Compare editions of official texts: structure-aware alignment, redlines ranked by significance.')
    .version(ENGINE_VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command (the same as COMMAND --help)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own error text is rewritten into our one-line format in `run`, so swallow it here.
      outputError: () => undefined,
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError(true)
    .hook('preSubcommand', (_parent, subcommand) => {
      state.commandPath = `palimpsest ${subcommand.name()}`;
    })
    .addHelpText(
      'after',
      [
        '',
        'Exit status: 0 success, 1 a problem with an input file, 2 bad arguments,',
        `3 the output cannot be written, ${ERROR_CATALOGUE.E_INTERNAL.exitCode} an internal error (a bug).`,
        'compare --exit-code: 0 no differences, 1 differences, 2 bad arguments or an unreadable input.',
        'Error codes are listed in docs/errors.md.',
        '',
        'Environment: NO_COLOR disables colours, FORCE_COLOR forces them,',
        'PALIMPSEST_DEBUG=1 prints stack traces.',
      ].join('\n'),
    );

  program
    .command('compare')
    .description('compare two editions of a text and report what changed')
    .argument('<old>', 'the older edition: a text, Markdown, HTML, PDF or DOCX file, an http(s) URL, or - (stdin)')
    .argument('<new>', 'the newer edition: a text, Markdown, HTML, PDF or DOCX file, an http(s) URL, or - (stdin)')
    .argument('[newer]', 'with three arguments (SERIES A B): compare stored editions A and B of SERIES')
    .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output (replaced only on success)')
    .option('--unchanged', 'show unchanged units too, and changed ones whole (default: changes only, elided)')
    .addOption(new Option('-c, --context', 'deprecated spelling of --unchanged').hideHelp())
    .option('--exit-code', 'exit 1 when the editions differ at or above --significance, 0 when not')
    .addOption(
      new Option('-s, --significance <level>', 'show only changes of at least this significance').choices([
        'minor',
        'substantive',
      ]),
    )
    .addOption(
      new Option(
        '--top [n]',
        `print only the N changes that matter most (default ${DEFAULT_TOP}; docs/ranking.md)`,
      ).argParser(parsePositive),
    )
    .addOption(
      new Option(
        '--shift <kinds>',
        `show only pairs with these policy shifts, comma-separated: ${SHIFT_KINDS.join(', ')}`,
      ).argParser(parseShiftKinds),
    )
    .option('-i, --ignore-case', 'treat letters differing only in case as equal')
    .option('-p, --ignore-punctuation', 'treat differences in punctuation as equal')
    .addOption(
      new Option('--max-size <size>', `refuse input files larger than SIZE (e.g. 10MB, 500k)`)
        .argParser(parseMaxSize)
        .default(DEFAULT_MAX_SIZE, formatSize(DEFAULT_MAX_SIZE)),
    )
    .addOption(
      new Option('--from <format>', 'read both editions as FORMAT instead of detecting it from the content').choices(
        FORMATS,
      ),
    )
    .addOption(new Option('--from-old <format>', 'read the old edition as FORMAT').choices(FORMATS))
    .addOption(new Option('--from-new <format>', 'read the new edition as FORMAT').choices(FORMATS))
    .addOption(
      new Option('--encoding <label>', 'decode text, Markdown and HTML inputs as LABEL (e.g. shift_jis)').argParser(
        parseEncoding,
      ),
    )
    .option('--no-color', 'never colour the output')
    .addOption(new Option('-w, --width <columns>', 'wrap terminal output at COLUMNS').argParser(parseWidth))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  palimpsest compare examples/bluebook/2020-ch3-s1.txt examples/bluebook/2022-ch3-s1.txt',
        '  palimpsest compare old.txt new.txt --format html --output changes.html',
        '  palimpsest compare old.txt new.txt --format json --significance substantive',
        '  palimpsest compare old.txt new.txt --top 5                  (only the five changes that matter most)',
        '  palimpsest compare old.txt new.txt --shift intensity,modality',
        '  palimpsest compare 2020.pdf https://www.mofa.go.jp/policy/other/bluebook/2022/html/chapter3/c030101.html',
        '  palimpsest compare old-sjis.txt new.docx --from-old text --encoding shift_jis',
        '  palimpsest compare bluebook 2020 2022            (two stored editions of a series)',
        '  curl -s https://example.org/terms | palimpsest compare terms-2023.html -   (- is standard input)',
        '  palimpsest compare old.txt new.txt --exit-code --significance substantive > /dev/null || echo changed',
        '',
        'Exit status with --exit-code (as diff and git diff --exit-code): 0 the editions do not differ at or',
        'above --significance (any change counts without it), 1 they do, 2 bad arguments or an input that',
        'cannot be read, 3 the output cannot be written, 70 an internal error. Without --exit-code a',
        'successful compare exits 0 and an unreadable input 1.',
      ].join('\n'),
    )
    .addOption(storeOption())
    .action(
      async (
        oldName: string,
        newName: string,
        newer: string | undefined,
        options: CompareCommandOptions & StoreCommandOptions,
      ) => {
        // With --exit-code, 1 means "different": an input that cannot be read answers 2, as diff's "trouble" does.
        state.exitCodeOption = options.exitCode === true;
        if (options.context === true) {
          io.stderr.write(
            "palimpsest: warning: compare's --context is deprecated, use --unchanged (trace's --context counts characters)\n",
          );
        }
        state.exitCode =
          newer === undefined
            ? await (await import('./compare-command.js')).compareCommand(oldName, newName, options, io)
            : await (await import('./history-command.js')).compareStoredCommand(oldName, newName, newer, options, io);
      },
    );

  program
    .command('facts')
    .description('the facts (counts, dates, laws, organisations, places) new, dropped or changed between two editions')
    .argument('<old>', 'the older edition (a file, an http(s) URL or -), or with three arguments the series')
    .argument('<new>', 'the newer edition, or with three arguments the older stored edition')
    .argument('[newer]', 'with three arguments (SERIES A B): compare the facts of stored editions A and B')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FACTS_FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addOption(
      new Option('-k, --kind <kinds>', `only these kinds, comma-separated (${FACT_KINDS.join(', ')})`).argParser(
        parseFactKinds,
      ),
    )
    .addOption(
      new Option('--max-size <size>', 'refuse input files larger than SIZE')
        .argParser(parseMaxSize)
        .default(DEFAULT_MAX_SIZE, formatSize(DEFAULT_MAX_SIZE)),
    )
    .addOption(new Option('--from <format>', 'read both editions as FORMAT instead of detecting it').choices(FORMATS))
    .addOption(new Option('--encoding <label>', 'decode text inputs as LABEL').argParser(parseEncoding))
    .addOption(storeOption())
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  palimpsest facts examples/bluebook/2020-ch3-s1.txt examples/bluebook/2022-ch3-s1.txt',
        '  palimpsest facts bluebook 2020 2022 --format json --kind quantity,date',
        '',
        'A fact is new or dropped when no mention of it (same kind, key and value) is left in the other edition,',
        'changed when the same fact has another value in the same aligned sentence ("three tests" → "six tests").',
      ].join('\n'),
    )
    .action(async (first: string, second: string, third: string | undefined, options: FactsCommandOptions) => {
      state.exitCode = await (await import('./facts-command.js')).factsCommand(first, second, third, options, io);
    });

  registerCorpusCommands(program, io, state, now);
  registerServeCommand(program, io, state, now);

  return program;
}

/**
 * `palimpsest help COMMAND` as `palimpsest COMMAND --help`, and `palimpsest help` as `palimpsest --help`, so both
 * print the same text by construction; `help NOPE` becomes `NOPE`, which commander refuses as an unknown command
 * (with its "did you mean" suggestion) like any other.
 */
function helpAsOption(argv: readonly string[], program: Command): string[] {
  if (argv[0] !== 'help') return [...argv];
  const name = argv[1];
  if (name === undefined || name.startsWith('-')) return ['--help'];
  const known = program.commands.some((command) => command.name() === name || command.aliases().includes(name));
  return known ? [name, '--help'] : [name];
}

/** Turn a commander usage error into our E_USAGE error (commander's text minus its `error: ` prefix). */
function usageError(error: CommanderError, state: RunState): PalimpsestError {
  const text = error.message
    .replace(/^error:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return new PalimpsestError('E_USAGE', `${text} (see '${state.commandPath} --help')`, { cause: error });
}

/** Write the one-line message for a failure (plus the stack with PALIMPSEST_DEBUG=1) and return the exit status. */
function reportFailure(error: unknown, io: CliIo): number {
  const debug = isFlagSet(io.env.PALIMPSEST_DEBUG);
  let known: PalimpsestError;
  if (isPalimpsestError(error)) known = error;
  else {
    const detail = error instanceof Error ? error.message : String(error);
    known = new PalimpsestError(
      'E_INTERNAL',
      `unexpected error: ${detail} — this is a bug in Palimpsest; please report it with the output of ` +
        'PALIMPSEST_DEBUG=1 palimpsest …',
      { cause: error },
    );
  }
  io.stderr.write(`${formatErrorLine(known)}\n`);
  if (debug) {
    const original = known.code === 'E_INTERNAL' ? known.cause : known;
    const stack = original instanceof Error ? (original.stack ?? String(original)) : String(original);
    io.stderr.write(`${stack}\n`);
    if (original instanceof Error && original.cause !== undefined)
      io.stderr.write(`cause: ${String(original.cause)}\n`);
  }
  return known.exitCode;
}

/**
 * Run the CLI with `argv` (the arguments after the program name) and return the exit status: 0 on success, or the
 * catalogue's status for the failure (1 input, 2 usage, 3 output, 70 internal). Never throws. `now` is the clock
 * stamped on imports (bin.ts passes the real one).
 */
export async function run(argv: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const state: RunState = { exitCode: 0, commandPath: 'palimpsest' };
  try {
    const program = buildProgram(io, state, now);
    if (argv.length === 0) {
      // No command: show the help where errors go, and fail as a usage error.
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync(helpAsOption(argv, program), { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end the parse by "exiting" with status 0.
      if (error.exitCode === 0) return 0;
      return reportFailure(usageError(error, state), io);
    }
    const status = reportFailure(error, io);
    return state.exitCodeOption === true && status === EXIT_INPUT ? EXIT_USAGE : status;
  }
}
