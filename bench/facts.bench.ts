/**
 * `npm run bench:facts`: fact extraction and the facts diff on the large pairs of ../shared/corpora/large-pairs
 * (and the bundled sample), beside the comparison of the same pair measured in the same run — the facts route
 * answers from a cached comparison, so what it adds is extraction and diff. Not part of the tests. Options:
 * --runs N (default 3). PALIMPSEST_CORPORA overrides the corpus folder.
 *
 * Time: performance.now() in this process, median of N runs; each run starts again from the parsed trees.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compareDocuments } from '../src/compare/compare.js';
import { diffFacts, extractFacts } from '../src/facts/index.js';
import { parseText } from '../src/parse/text.js';
import { median } from './statistics.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = process.env.PALIMPSEST_CORPORA ?? resolve(repoRoot, '../../shared/corpora');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;

const pairs: Array<{ id: string; old: string; new: string }> = [
  {
    id: 'bluebook sample',
    old: join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'),
    new: join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'),
  },
  ...['code-civil-fr-1979-vs-2026', 'sgb5-de-2012-vs-2022'].map((id) => ({
    id,
    old: join(corpora, 'large-pairs', `${id}-old.md`),
    new: join(corpora, 'large-pairs', `${id}-new.md`),
  })),
];

/** Milliseconds of `work`, median of `runs`, and its last result. */
function time<T>(work: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = work();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result: result as T };
}

console.log(
  `facts bench: ${runs} runs, median; ${cpus().length} cores; load ${process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '?'}`,
);
console.log('| pair | characters | compare (peer) | extract ×2 | diffFacts | facts (old/new) | changes |');
console.log('|---|---|---|---|---|---|---|');
for (const pair of pairs) {
  if (!existsSync(pair.old) || !existsSync(pair.new)) {
    console.log(`| ${pair.id} | skipped: not found under ${corpora} |`);
    continue;
  }
  const older = parseText(readFileSync(pair.old, 'utf8'));
  const newer = parseText(readFileSync(pair.new, 'utf8'));
  const compared = time(() => compareDocuments(older, newer));
  const extracted = time(() => [extractFacts(older), extractFacts(newer)] as const);
  const [oldFacts, newFacts] = extracted.result;
  const diffed = time(() => diffFacts(compared.result, oldFacts, newFacts));
  const characters = (older.position?.end.offset ?? 0) + (newer.position?.end.offset ?? 0);
  console.log(
    `| ${pair.id} | ${characters.toLocaleString('en')} | ${compared.ms.toFixed(0)} ms | ${extracted.ms.toFixed(0)} ms | ${diffed.ms.toFixed(0)} ms | ${oldFacts.length}/${newFacts.length} | ${diffed.result.length} |`,
  );
}
