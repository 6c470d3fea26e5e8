/**
 * `npm run bench:shifts`: what issue 15 adds to a compare of the large pairs (../shared/corpora/large-pairs;
 * PALIMPSEST_CORPORA overrides the corpora folder), beside its peer measured in the same run: shift labelling
 * (`labelShifts`) and ranking (`rankChanges`) against the compare that makes their input (parse, align, diff).
 * Median of 3 runs each. Says so and exits 2 when the corpora are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { labelShifts } from '../src/diff/shifts/shifts.js';
import { type AlignedPair, compareDocuments, parseText } from '../src/index.js';
import { rankChanges } from '../src/report/top.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const folder = join(corpora, 'large-pairs');
if (!existsSync(folder)) {
  process.stderr.write(`shifts-cost: ${folder} is missing: set PALIMPSEST_CORPORA to ../shared/corpora\n`);
  process.exit(2);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

for (const name of ['code-civil-fr-1979-vs-2026', 'sgb5-de-2012-vs-2022']) {
  const oldText = readFileSync(join(folder, `${name}-old.md`), 'utf8');
  const newText = readFileSync(join(folder, `${name}-new.md`), 'utf8');
  const compare: number[] = [];
  const label: number[] = [];
  const rank: number[] = [];
  let shifts = 0;
  for (let run = 0; run < 3; run++) {
    let started = performance.now();
    const comparison = compareDocuments(parseText(oldText), parseText(newText));
    compare.push(performance.now() - started);
    // Labelling again on a copy without shifts: the cost compare pays for them.
    const bare: AlignedPair[] = comparison.pairs.map(({ shifts: _shifts, ...pair }) => pair);
    started = performance.now();
    labelShifts(bare);
    label.push(performance.now() - started);
    shifts = bare.reduce((n, pair) => n + (pair.shifts?.length ?? 0), 0);
    started = performance.now();
    rankChanges(comparison, { limit: 10 });
    rank.push(performance.now() - started);
  }
  const ms = (value: number) => `${Math.round(value)} ms`;
  process.stdout.write(
    `${name}: compare (parse+align+diff+shifts) ${ms(median(compare))} · labelShifts ${ms(median(label))} (${shifts} shifts) · rankChanges ${ms(median(rank))}\n`,
  );
}
