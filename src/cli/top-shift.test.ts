import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const OLD = 'examples/bluebook/2020-ch3-s1.txt';
const NEW = 'examples/bluebook/2022-ch3-s1.txt';

describe('compare --top and --shift', () => {
  it('prints only the summary of what matters most with --top N, in the terminal and as JSON', async () => {
    const terminal = await runCli(['compare', OLD, NEW, '--top', '2'], { cwd: repoRoot });
    expect(terminal.status).toBe(0);
    expect(terminal.stdout).toContain('What matters most (2 of 7)');
    expect(terminal.stdout).toContain('  1. section inserted: “Fifth Anniversary');
    // Only the summary: no redline follows.
    expect(terminal.stdout).not.toContain('paragraph modified');
    const json = await runCli(['compare', OLD, NEW, '--top', '--format', 'json'], { cwd: repoRoot });
    const top = JSON.parse(json.stdout) as {
      total: number;
      changes: Array<{ rank: number; rule: string; pair: string }>;
    };
    expect(top.total).toBe(7);
    expect(top.changes.map((c) => c.rule)).toEqual([
      'section',
      'section',
      'shift',
      'rewording',
      'rewording',
      'rewording',
      'minor',
    ]);
  });

  it('puts the summary above the full redline without --top', async () => {
    const result = await runCli(['compare', OLD, NEW, '--format', 'md'], { cwd: repoRoot });
    const summary = result.stdout.indexOf('## What matters most');
    expect(summary).toBeGreaterThan(0);
    expect(result.stdout.indexOf('## New section:')).toBeGreaterThan(summary);
    expect(result.stdout).toContain('](#chapter-3--section-1--1--1-security-environment-surrounding-japan)');
    expect(result.stdout).toContain('## Chapter 3 › Section 1 › 1 › (1) Security Environment Surrounding Japan');
  });

  it('shows only the pairs carrying the asked shifts with --shift, and refuses an unknown kind', async () => {
    const result = await runCli(['compare', OLD, NEW, '--shift', 'region', '--format', 'json'], { cwd: repoRoot });
    const comparison = JSON.parse(result.stdout) as {
      pairs: Array<{ level: string; shifts?: Array<{ kind: string }> }>;
    };
    const blocks = comparison.pairs.filter((p) => p.level === 'block');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block.shifts?.map((s) => s.kind)).toContain('region');
    const bad = await runCli(['compare', OLD, NEW, '--shift', 'intensity,tone'], { cwd: repoRoot });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^palimpsest: E_USAGE: .*got 'tone'/);
  });
});
