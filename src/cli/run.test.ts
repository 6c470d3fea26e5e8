import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun as RunResult, runCli as runTestCli } from '../testing/cli.js';
import { type CliIo, run } from './run.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const OLD = 'examples/bluebook/2020-ch3-s1.txt';
const NEW = 'examples/bluebook/2022-ch3-s1.txt';

/** Run the real CLI in the repository root with string-collecting streams. */
function runCli(
  argv: string[],
  options: { env?: CliIo['env']; cwd?: string; tty?: boolean; columns?: number } = {},
): Promise<RunResult> {
  return runTestCli(argv, { ...options, cwd: options.cwd ?? repoRoot });
}

/** Assert the one-line failure contract: status, code, exactly one stderr line, no stack, nothing on stdout. */
function expectOneLineFailure(result: RunResult, status: number, code: string): string {
  expect(result.status).toBe(status);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n');
  expect(lines, result.stderr).toHaveLength(2);
  expect(lines[1]).toBe('');
  const line = lines[0] as string;
  expect(line.startsWith(`palimpsest: ${code}: `), line).toBe(true);
  expect(line).not.toMatch(/\bat .*:\d+:\d+/);
  return line;
}

/** Encodes text as Windows-1252: ASCII as is, and the sample's curly quotes and dashes at their 0x80–0x9F bytes. */
function encodeWindows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '…': 0x85 };
  return Uint8Array.from(
    [...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : (high[char] ?? 0x3f))),
  );
}

let dir: string;
let oldPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'palimpsest-cli-'));
  oldPath = join(repoRoot, OLD);
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'binary.bin'), Uint8Array.from([0x54, 0x65, 0x78, 0x74, 0x00, 0x01, 0x02]));
  writeFileSync(join(dir, 'latin1.txt'), Uint8Array.from([...Buffer.from('Code civil, '), 0xe9, 0x74, 0xe9]));
  writeFileSync(join(dir, 'image.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  writeFileSync(join(dir, 'cp1252-copy.txt'), encodeWindows1252(readFileSync(oldPath, 'utf8')));
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'blank.txt'), '  \n\n\t \n');
  writeFileSync(join(dir, 'large.txt'), 'x'.repeat(2048));
  writeFileSync(join(dir, 'bom.txt'), `\ufeff${readFileSync(oldPath, 'utf8')}`);
  writeFileSync(join(dir, 'locked.txt'), 'secret');
  chmodSync(join(dir, 'locked.txt'), 0o000);
  symlinkSync('loop.txt', join(dir, 'loop.txt'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('palimpsest compare on the sample pair', () => {
  it('prints a terminal report without colour when stdout is not a terminal', async () => {
    const result = await runCli(['compare', OLD, NEW]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(100);
    expect(result.stdout).toContain('Territorial');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('colours the terminal report only on a TTY, unless NO_COLOR, --no-color or FORCE_COLOR decide', async () => {
    const tty = await runCli(['compare', OLD, NEW], { tty: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColorEnv = await runCli(['compare', OLD, NEW], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColorEnv.stdout).not.toContain('\u001b[');
    const noColorFlag = await runCli(['compare', OLD, NEW, '--no-color'], { tty: true });
    expect(noColorFlag.stdout).not.toContain('\u001b[');
    const forced = await runCli(['compare', OLD, NEW], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
  });

  it('prints a JSON comparison naming both files', async () => {
    const result = await runCli(['compare', OLD, NEW, '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const comparison = JSON.parse(result.stdout);
    expect(comparison.schemaVersion).toBe(1);
    expect(comparison.old.name).toBe(OLD);
    expect(comparison.new.name).toBe(NEW);
    expect(comparison.pairs.length).toBeGreaterThan(0);
  });

  it('prints Markdown and HTML reports', async () => {
    const md = await runCli(['compare', OLD, NEW, '--format', 'md']);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^#/m);
    expect(md.stdout).toContain('Territorial');
    const html = await runCli(['compare', OLD, NEW, '--format', 'html']);
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/<html[\s>]/i);
    expect(html.stdout).toContain('Territorial');
  });

  it('accepts the comparison switches', async () => {
    const result = await runCli([
      'compare',
      OLD,
      NEW,
      '--unchanged',
      '--significance',
      'substantive',
      '--ignore-case',
      '--ignore-punctuation',
      '--width',
      '100',
      '--max-size',
      '1MB',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
  });

  it('accepts a UTF-8 byte order mark: the file compares equal to the same text without one', async () => {
    const result = await runCli(['compare', join(dir, 'bom.txt'), OLD, '--format', 'json']);
    expect(result.status).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.old.characters).toBe(comparison.new.characters);
    expect(comparison.summary.blocks.unchanged).toBeGreaterThan(0);
    expect(comparison.summary.blocks.modified + comparison.summary.blocks.inserted).toBe(0);
  });

  it('reads Windows-1252 text without being told, and warns with the byte offset when a forced encoding fails', async () => {
    const detected = await runCli(['compare', join(dir, 'latin1.txt'), join(dir, 'latin1.txt'), '--format', 'json']);
    // Detected, not declared: a guess, said so with the byte that ruled UTF-8 out.
    expect(detected.stderr).toMatch(
      /^palimpsest: warning: '.*latin1\.txt': no byte order mark or declared charset: decoded as windows-1252, a guess from the first byte that is not UTF-8, at byte offset 12 \(line 1, byte 0xE9\)/,
    );
    expect(detected.status).toBe(0);
    expect(JSON.stringify(JSON.parse(detected.stdout).pairs)).toContain('Code civil, été');
    const forced = await runCli(['compare', OLD, join(dir, 'latin1.txt'), '--encoding', 'utf-8', '--format', 'json']);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(
      /^palimpsest: warning: '.*latin1\.txt': bytes that are not valid utf-8 were replaced by U\+FFFD; the first at byte offset 12 \(line 1, byte 0xE9\), the last of 2 at byte offset 14 \(line 1, byte 0xE9\)\n$/,
    );
    const comparison = JSON.parse(forced.stdout);
    expect(comparison.new.diagnostics.map((d: { code: string }) => d.code)).toContain('undecodable-bytes');
  });

  it('compares a Windows-1252 copy of the sample with the UTF-8 original as unchanged throughout', async () => {
    const result = await runCli(['compare', join(dir, 'cp1252-copy.txt'), OLD, '--format', 'json']);
    expect(result.stderr).toMatch(/^palimpsest: warning: '.*cp1252-copy\.txt': .*decoded as windows-1252, a guess/);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.old.characters).toBe(comparison.new.characters);
    expect(comparison.summary.blocks.unchanged).toBe(comparison.old.blocks);
    expect(comparison.summary.blocks.modified + comparison.summary.blocks.inserted).toBe(0);
  });

  it('writes the report to --output and nothing to stdout, leaving no temporary file', async () => {
    const target = join(dir, 'out', 'report.html');
    mkdirSync(join(dir, 'out'), { recursive: true });
    const result = await runCli(['compare', OLD, NEW, '--format', 'html', '--output', target]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expect(readFileSync(target, 'utf8')).toMatch(/<html[\s>]/i);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.html']);
  });

  it('resolves relative paths against io.cwd', async () => {
    const result = await runCli(['compare', '2020-ch3-s1.txt', '2022-ch3-s1.txt', '--format', 'json'], {
      cwd: join(repoRoot, 'examples/bluebook'),
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).old.name).toBe('2020-ch3-s1.txt');
  });
});

describe('help and version', () => {
  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help for the program and for compare, on stdout with status 0', async () => {
    const main = await runCli(['--help']);
    expect(main.status).toBe(0);
    expect(main.stdout).toContain('compare');
    expect(main.stdout).toContain('Exit status');
    const compare = await runCli(['compare', '--help']);
    expect(compare.status).toBe(0);
    for (const option of [
      '--format',
      '--output',
      '--unchanged',
      '--exit-code',
      '--significance',
      '--ignore-case',
      '--max-size',
      '--from',
      '--encoding',
    ]) {
      expect(compare.stdout).toContain(option);
    }
    expect(compare.stderr).toBe('');
  });

  it('prints the help on stderr and fails as a usage error when no command is given', async () => {
    const result = await runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: palimpsest');
  });

  it('prints with `help COMMAND` what `COMMAND --help` prints, and lists the help command', async () => {
    for (const command of ['compare', 'add', 'blame', 'trace', 'serve']) {
      const asOption = await runCli([command, '--help']);
      const asCommand = await runCli(['help', command]);
      expect(asCommand, command).toEqual(asOption);
      expect(asCommand.status).toBe(0);
      expect(asCommand.stdout).toContain(`Usage: palimpsest ${command}`);
    }
    expect(await runCli(['help'])).toEqual(await runCli(['--help']));
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}help \[command\] +show help for a command/m);
  });

  it('refuses `help` of an unknown command as a usage error, with a suggestion', async () => {
    const line = expectOneLineFailure(await runCli(['help', 'compre']), 2, 'E_USAGE');
    expect(line).toContain("unknown command 'compre'");
    expect(line).toContain('compare');
  });
});

describe('compare --exit-code: the answer as the exit status, as diff and git diff --exit-code give it', () => {
  it('exits 1 when the editions differ, 0 when they do not, with the same report on stdout', async () => {
    const differ = await runCli(['compare', OLD, NEW, '--exit-code']);
    expect(differ.status).toBe(1);
    expect(differ.stderr).toBe('');
    expect(differ.stdout).toBe((await runCli(['compare', OLD, NEW])).stdout);
    const same = await runCli(['compare', OLD, OLD, '--exit-code', '--format', 'json']);
    expect(same.status).toBe(0);
    expect(JSON.parse(same.stdout).schemaVersion).toBe(1);
    // Without --exit-code, a comparison that found changes still succeeds.
    expect((await runCli(['compare', OLD, NEW])).status).toBe(0);
  });

  it('counts only changes at or above --significance', async () => {
    // A serial comma dropped: a cosmetic change, and the only one.
    const text = readFileSync(oldPath, 'utf8');
    expect(text).toContain('land, sea, and airspace');
    writeFileSync(join(dir, 'cosmetic.txt'), text.replace('land, sea, and airspace', 'land, sea and airspace'));
    const args = ['compare', oldPath, join(dir, 'cosmetic.txt'), '--exit-code', '--output', join(dir, 'out.md')];
    expect((await runCli([...args, '--format', 'md'])).status).toBe(1);
    expect((await runCli([...args, '--significance', 'minor'])).status).toBe(0);
    expect((await runCli([...args, '--significance', 'substantive'])).status).toBe(0);
    expect((await runCli(['compare', OLD, NEW, '--exit-code', '--significance', 'substantive'])).status).toBe(1);
  });

  it('keeps 1 for "different": an unreadable input exits 2, bad arguments 2, an unwritable output 3', async () => {
    const missing = expectOneLineFailure(await runCli(['compare', 'nope.txt', NEW, '--exit-code']), 2, 'E_NOT_FOUND');
    expect(missing).toContain("'nope.txt'");
    expectOneLineFailure(await runCli(['compare', OLD, NEW, '--exit-code', '--format', 'pdf']), 2, 'E_USAGE');
    const output = join(dir, 'missing-directory', 'out.txt');
    expectOneLineFailure(await runCli(['compare', OLD, NEW, '--exit-code', '--output', output]), 3, 'E_WRITE');
    // Without --exit-code the input problem keeps its usual status.
    expectOneLineFailure(await runCli(['compare', 'nope.txt', NEW]), 1, 'E_NOT_FOUND');
  });
});

describe('compare --unchanged (was --context, which trace uses for a number of characters)', () => {
  it('shows unchanged units; the old spelling still works, with a warning', async () => {
    const changesOnly = await runCli(['compare', OLD, NEW, '--width', '100']);
    const unchanged = await runCli(['compare', OLD, NEW, '--width', '100', '--unchanged']);
    expect(unchanged.stderr).toBe('');
    expect(unchanged.stdout.length).toBeGreaterThan(changesOnly.stdout.length);
    for (const old of ['--context', '-c']) {
      const deprecated = await runCli(['compare', OLD, NEW, '--width', '100', old]);
      expect(deprecated.status).toBe(0);
      expect(deprecated.stdout).toBe(unchanged.stdout);
      expect(deprecated.stderr).toBe(
        "palimpsest: warning: compare's --context is deprecated, use --unchanged (trace's --context counts characters)\n",
      );
    }
    expect((await runCli(['compare', '--help'])).stdout).not.toContain('--context');
  });
});

describe('bad input: one line on stderr with the code, a non-zero status, no --output file', () => {
  const cases: Array<{ name: string; argv: () => string[]; status: number; code: string; mentions: RegExp }> = [
    {
      name: 'a missing file',
      argv: () => ['compare', 'nope.txt', NEW],
      status: 1,
      code: 'E_NOT_FOUND',
      mentions: /cannot read 'nope\.txt': no such file$/,
    },
    {
      name: 'a directory',
      argv: () => ['compare', OLD, join(dir, 'a-directory')],
      status: 1,
      code: 'E_IS_DIRECTORY',
      mentions: /a-directory'.*directory/,
    },
    {
      name: 'a binary file',
      argv: () => ['compare', join(dir, 'binary.bin'), NEW],
      status: 1,
      code: 'E_UNSUPPORTED_FORMAT',
      mentions: /binary\.bin'.*NUL byte at byte offset 4/,
    },
    {
      name: 'an image',
      argv: () => ['compare', OLD, join(dir, 'image.png')],
      status: 1,
      code: 'E_UNSUPPORTED_FORMAT',
      mentions: /image\.png'.*PNG image/,
    },
    {
      name: 'a text file read as PDF',
      argv: () => ['compare', OLD, NEW, '--from-new', 'pdf'],
      status: 1,
      code: 'E_CORRUPT',
      mentions: /2022-ch3-s1\.txt'/,
    },
    {
      name: 'an unknown --from format',
      argv: () => ['compare', OLD, NEW, '--from', 'rtf'],
      status: 2,
      code: 'E_USAGE',
      mentions: /'rtf' is invalid.*text, markdown, html, pdf, docx/,
    },
    {
      name: 'an unknown --encoding',
      argv: () => ['compare', OLD, NEW, '--encoding', 'klingon-8'],
      status: 2,
      code: 'E_USAGE',
      mentions: /Expected an encoding label.*'klingon-8'/,
    },
    {
      name: 'a URL that is not http(s)',
      argv: () => ['compare', 'ftp://example.org/a.txt', NEW],
      status: 2,
      code: 'E_URL',
      mentions: /'ftp:\/\/example\.org\/a\.txt': only http and https URLs/,
    },
    {
      name: 'an empty file',
      argv: () => ['compare', join(dir, 'empty.txt'), NEW],
      status: 1,
      code: 'E_EMPTY',
      mentions: /empty\.txt'.*empty/,
    },
    {
      name: 'a whitespace-only file',
      argv: () => ['compare', OLD, join(dir, 'blank.txt')],
      status: 1,
      code: 'E_EMPTY',
      mentions: /blank\.txt'.*whitespace/,
    },
    {
      name: 'a file over --max-size',
      argv: () => ['compare', join(dir, 'large.txt'), NEW, '--max-size', '1k'],
      status: 1,
      code: 'E_TOO_LARGE',
      mentions: /large\.txt': 2 KiB \(2048 bytes\) is over the 1 KiB limit \(raise it with --max-size\)$/,
    },
    {
      name: 'an unreadable file',
      argv: () => ['compare', OLD, join(dir, 'locked.txt')],
      status: 1,
      code: 'E_READ',
      mentions: /locked\.txt': permission denied/,
    },
    {
      name: 'a symbolic link loop',
      argv: () => ['compare', join(dir, 'loop.txt'), NEW],
      status: 1,
      code: 'E_READ',
      mentions: /loop\.txt': too many levels of symbolic links/,
    },
    {
      name: 'an unknown format',
      argv: () => ['compare', OLD, NEW, '--format', 'pdf'],
      status: 2,
      code: 'E_USAGE',
      mentions: /'pdf' is invalid.*terminal, json, md, html.*see 'palimpsest compare --help'/,
    },
    {
      name: 'a missing argument',
      argv: () => ['compare', OLD],
      status: 2,
      code: 'E_USAGE',
      mentions: /missing required argument 'new'/,
    },
    {
      name: 'an unknown option',
      argv: () => ['compare', OLD, NEW, '--colour-scheme', 'dark'],
      status: 2,
      code: 'E_USAGE',
      mentions: /unknown option '--colour-scheme'/,
    },
    {
      name: 'an invalid --max-size',
      argv: () => ['compare', OLD, NEW, '--max-size', 'huge'],
      status: 2,
      code: 'E_USAGE',
      mentions: /Expected a size such as 10MB/,
    },
    {
      name: 'an unknown command',
      argv: () => ['frobnicate', OLD],
      status: 2,
      code: 'E_USAGE',
      mentions: /unknown command 'frobnicate'.*see 'palimpsest --help'/,
    },
  ];

  // Running as root ignores file permissions, so the unreadable-file case cannot be staged there.
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  for (const testCase of cases) {
    const skip = testCase.name === 'an unreadable file' && isRoot;
    it.skipIf(skip)(`${testCase.name} → ${testCase.code}, exit ${testCase.status}`, async () => {
      const output = join(dir, `never-${testCase.code}-${testCase.name.replace(/\W+/g, '-')}.txt`);
      const result = await runCli([...testCase.argv(), '--output', output]);
      const line = expectOneLineFailure(result, testCase.status, testCase.code);
      expect(line).toMatch(testCase.mentions);
      expect(existsSync(output)).toBe(false);
    });
  }

  it('leaves an existing --output file untouched when the run fails', async () => {
    const output = join(dir, 'previous-report.md');
    writeFileSync(output, 'previous report\n');
    const result = await runCli(['compare', OLD, join(dir, 'empty.txt'), '--format', 'md', '--output', output]);
    expectOneLineFailure(result, 1, 'E_EMPTY');
    expect(readFileSync(output, 'utf8')).toBe('previous report\n');
  });

  it('cannot write into a missing directory → E_WRITE, exit 3, no file and no temporary left', async () => {
    const output = join(dir, 'no-such-directory', 'report.md');
    const result = await runCli(['compare', OLD, NEW, '--format', 'md', '--output', output]);
    const line = expectOneLineFailure(result, 3, 'E_WRITE');
    expect(line).toContain('no such directory');
    expect(existsSync(join(dir, 'no-such-directory'))).toBe(false);
  });

  it('cannot write over a directory → E_WRITE, and the directory is left as it was', async () => {
    const output = join(dir, 'a-directory');
    const result = await runCli(['compare', OLD, NEW, '--output', output]);
    expectOneLineFailure(result, 3, 'E_WRITE');
    expect(readdirSync(output)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('unexpected failures', () => {
  /** Streams whose stdout fails with an error that is not a PalimpsestError, as a bug would. */
  async function runWithBrokenStdout(env: CliIo['env']): Promise<{ status: number; stderr: string }> {
    let stderr = '';
    const io: CliIo = {
      stdout: {
        write: () => {
          throw new TypeError('stdout went away');
        },
      },
      stderr: {
        write: (text) => {
          stderr += text;
        },
      },
      env,
      cwd: repoRoot,
    };
    return { status: await run(['compare', OLD, NEW], io), stderr };
  }

  it('are reported as E_INTERNAL in one line with a hint to report them, without a stack', async () => {
    const { status, stderr } = await runWithBrokenStdout({});
    expectOneLineFailure({ status, stderr, stdout: '' }, 70, 'E_INTERNAL');
    expect(stderr).toContain('stdout went away');
    expect(stderr).toContain('please report it');
  });

  it('print the stack trace only with PALIMPSEST_DEBUG=1', async () => {
    const { status, stderr } = await runWithBrokenStdout({ PALIMPSEST_DEBUG: '1' });
    expect(status).toBe(70);
    expect(stderr.split('\n')[0]).toMatch(/^palimpsest: E_INTERNAL: /);
    expect(stderr).toMatch(/TypeError: stdout went away\n\s+at /);
  });
});
