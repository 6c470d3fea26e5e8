import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Run the real composition root in a child process, as `node --import tsx src/cli/bin.ts ARGS`. */
function spawnBin(args: string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
}

describe('the palimpsest binary (composition root)', () => {
  it('compares the sample pair with the real process streams and exits 0', () => {
    const child = spawnBin([
      'compare',
      'examples/bluebook/2020-ch3-s1.txt',
      'examples/bluebook/2022-ch3-s1.txt',
      '--format',
      'json',
    ]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout).new.name).toBe('examples/bluebook/2022-ch3-s1.txt');
  });

  it('turns a bad input into the exit status and one stderr line', () => {
    const child = spawnBin(['compare', 'nope.txt', 'examples/bluebook/2022-ch3-s1.txt']);
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe("palimpsest: E_NOT_FOUND: cannot read 'nope.txt': no such file\n");
  });

  it('reads an edition piped to standard input as -, and exits 1 with --exit-code when it differs', () => {
    const text = readFileSync(`${repoRoot}examples/bluebook/2022-ch3-s1.txt`, 'utf8');
    const args = ['compare', 'examples/bluebook/2020-ch3-s1.txt', '-', '--format', 'json', '--exit-code'];
    const child = spawnBin(args, {}, text);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    expect(JSON.parse(child.stdout).new.name).toBe('<stdin>');
    const same = spawnBin(['compare', 'examples/bluebook/2022-ch3-s1.txt', '-', '--exit-code'], {}, text);
    expect(same.status).toBe(0);
  });
});
