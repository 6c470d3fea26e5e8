import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';
import type { CliIo } from './io.js';
import { readStdin, STDIN_NAME } from './stdin.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const OLD = 'examples/bluebook/2020-ch3-s1.txt';
const NEW = 'examples/bluebook/2022-ch3-s1.txt';

/** Run the CLI in the repository root with `stdin` as standard input. */
function cli(argv: string[], stdin?: string | Uint8Array | string[]) {
  return runCli(argv, { cwd: repoRoot, ...(stdin === undefined ? {} : { stdin }) });
}

describe('standard input as an edition (-)', () => {
  it('compares - with a file as it compares the same bytes read from a file, naming it <stdin>', async () => {
    const fromFile = await cli(['compare', OLD, NEW, '--format', 'json']);
    const fromStdin = await cli(['compare', OLD, '-', '--format', 'json'], readFileSync(`${repoRoot}${NEW}`, 'utf8'));
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.status).toBe(0);
    const [a, b] = [JSON.parse(fromFile.stdout), JSON.parse(fromStdin.stdout)];
    expect(b.new.name).toBe('<stdin>');
    expect(b.summary).toEqual(a.summary);
    expect(b.pairs).toEqual(a.pairs);
    const terminal = await cli(['compare', '-', NEW], readFileSync(`${repoRoot}${OLD}`));
    expect(terminal.stdout.split('\n')[0]).toBe(
      `Diplomatic Bluebook 2020 (<stdin>) → Diplomatic Bluebook 2022 (${NEW})`,
    );
  });

  it('reads input that arrives in chunks, split inside a character, and stops reading past the limit', async () => {
    const bytes = new TextEncoder().encode('第1条 目的\n\nこの法律は、国の安全を定める。\n');
    let pulled = 0;
    const pipe = (chunks: Uint8Array[]): CliIo => ({
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      env: {},
      cwd: repoRoot,
      stdin: (async function* () {
        for (const chunk of chunks) {
          pulled++;
          yield chunk;
        }
      })(),
    });
    const pieces = [bytes.slice(0, 5), bytes.slice(5, 20), bytes.slice(20)];
    expect(await readStdin(pipe(pieces), 1024)).toEqual(bytes);
    pulled = 0;
    const error = await readStdin(pipe([...pieces, ...pieces, ...pieces]), bytes.length + 10).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('E_TOO_LARGE');
    expect(pulled).toBe(5);
  });

  it('refuses standard input over --max-size with E_TOO_LARGE, as a file', async () => {
    const chunks = ['x'.repeat(9000), 'y'.repeat(9000), 'z'.repeat(9000)];
    const result = await cli(['compare', '-', NEW, '--max-size', '20k'], chunks);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `palimpsest: E_TOO_LARGE: cannot read '${STDIN_NAME}': more than the 20 KiB limit (raise it with --max-size)\n`,
    );
    // The limit is --max-size's, which the files have too: 18,000 bytes pass a 20 KiB limit.
    expect((await cli(['compare', '-', NEW, '--max-size', '20k'], chunks.slice(0, 2))).status).toBe(0);
  });
  it('refuses - for both editions, an empty standard input, and - where the run has no standard input', async () => {
    const both = await cli(['compare', '-', '-'], 'text');
    expect(both.status).toBe(2);
    expect(both.stderr).toBe("palimpsest: E_USAGE: standard input ('-') can stand for one edition only, not both\n");
    const empty = await cli(['compare', '-', NEW], '');
    expect(empty.stderr).toBe("palimpsest: E_EMPTY: cannot read '<stdin>': the file is empty\n");
    const none = await cli(['compare', '-', NEW]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("palimpsest: E_USAGE: '-' names standard input, which this run does not have\n");
  });
});
