/**
 * `npm run audit:shifts`: the policy-language shifts (docs/shifts.md) over every consecutive pair of the 116-edition
 * WordPress.com terms series, written to a TSV for reading by hand (issue 15's closing note). Not part of the tests.
 *
 * Needs ../shared/corpora (PALIMPSEST_CORPORA overrides it); says so and exits 2 when it is missing.
 * Output: /work/notes/wordpress-shifts.tsv, or the path given as the first argument. Columns: pair (edition files),
 * unit (pair id and relation), kind, change, direction, old words, new words, sentence (the edit: old ⟶ new, or the
 * text around a name in a whole inserted or deleted unit). A summary per kind goes to standard output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compareDocuments, importSource, parseImported } from '../src/node.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const output = process.argv[2] ?? '/work/notes/wordpress-shifts.tsv';
const SLUG = 'ota-contrib-versions/wordpress-com-terms-of-service';

interface ManifestEntry {
  slug: string;
  versions: Array<{ file: string; date: string }>;
}

const manifestPath = join(corpora, 'manifest.json');
if (!existsSync(manifestPath)) {
  process.stderr.write(
    `shifts-series: ${manifestPath} is missing: this audit reads ../shared/corpora (set PALIMPSEST_CORPORA to its folder)\n`,
  );
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
const series = manifest.find((entry) => entry.slug === SLUG);
if (!series) {
  process.stderr.write(`shifts-series: ${SLUG} is not in ${manifestPath}\n`);
  process.exit(2);
}

/** A TSV cell: tabs and line breaks would break the row. */
const cell = (text: string): string => text.replace(/[\t\r\n]+/g, ' ').trim();

const rows = [['pair', 'unit', 'kind', 'change', 'direction', 'old words', 'new words', 'sentence'].join('\t')];
const perKind = new Map<string, number>();
const started = performance.now();
let previous: { name: string; document: Awaited<ReturnType<typeof parseImported>> } | null = null;
for (const version of series.versions) {
  const file = join(corpora, version.file);
  const document = parseImported(await importSource(file));
  const name = basename(version.file).replace(/\.md$/, '');
  if (previous) {
    const comparison = compareDocuments(previous.document, document, { oldName: previous.name, newName: name });
    for (const pair of comparison.pairs) {
      for (const shift of pair.shifts ?? []) {
        perKind.set(shift.kind, (perKind.get(shift.kind) ?? 0) + 1);
        const sentence = `${shift.edit.old}${shift.edit.old && shift.edit.new ? ' ⟶ ' : ''}${shift.edit.new}`;
        rows.push(
          [
            `${previous.name} → ${name}`,
            `${pair.id} ${pair.relation}`,
            shift.kind,
            shift.change,
            shift.direction ?? '',
            shift.old,
            shift.new,
            sentence.length > 400 ? `${sentence.slice(0, 400)}…` : sentence,
          ]
            .map(cell)
            .join('\t'),
        );
      }
    }
  }
  previous = { name, document };
}
writeFileSync(output, `${rows.join('\n')}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `${series.versions.length} editions, ${series.versions.length - 1} pairs, ${rows.length - 1} shifts in ${seconds} s → ${output}\n`,
);
for (const [kind, count] of [...perKind].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${kind}\t${count}\n`);
