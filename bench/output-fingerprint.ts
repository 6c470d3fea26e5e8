/**
 * `npm run bench:fingerprint`: one SHA-256 over everything the engine outputs on the shared corpora, so that a speed
 * change can show it changed nothing a user sees. Not part of the tests.
 *
 * For every consecutive pair of editions of every series in manifest.json (the large pairs are series there too), it
 * hashes, in order: the imported edition of each file as the CLI imports it (importEdition: text, hints, source map,
 * diagnostics), the JSON of compareTexts on the two files' raw text, and the JSON of compareDocuments on the two
 * imported and parsed editions (parseImported with the manifest's language, as the alignment audit compares them).
 *
 * Options: --corpora DIR (default ../shared/corpora beside the repository), --only TEXT (series whose slug starts with TEXT; repeatable), --series (print one hash per
 * series as well, to find which one changed). Prints the hash on standard output; exit status 0, or 2 when the
 * corpora or the manifest are missing (and says so).
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compareDocuments, compareTexts, importEdition, parseImported } from '../src/node.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One series of the manifest (only the fields read here). */
interface ManifestEntry {
  slug: string;
  language?: string;
  versions: Array<{ file: string }>;
}

function parseArgs(argv: string[]) {
  const options = { corpora: resolve(repoRoot, '../shared/corpora'), only: [] as string[], series: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--series') options.series = true;
    else if (arg === '--corpora' && value) {
      options.corpora = resolve(value);
      i++;
    } else if (arg === '--only' && value) {
      options.only.push(value);
      i++;
    }
  }
  return options;
}

/** Feeds a value to the hash as its JSON, length-prefixed so that no two sequences of values hash alike. */
function feed(hashes: Hash[], value: unknown): void {
  const json = JSON.stringify(value);
  for (const hash of hashes) hash.update(`${json.length}:`).update(json);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const manifestPath = join(options.corpora, 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.log(`Fingerprint cannot run: no manifest.json in ${options.corpora} (use --corpora DIR).`);
    process.exitCode = 2;
    return;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
  const series = manifest.filter((s) => options.only.length === 0 || options.only.some((o) => s.slug.startsWith(o)));
  const total = createHash('sha256');
  const started = performance.now();
  let pairs = 0;
  for (const entry of series) {
    const own = createHash('sha256');
    const hashes = [total, own];
    feed(hashes, entry.slug);
    const locale = entry.language ? { locale: entry.language } : {};
    let previous: { name: string; text: string; edition: Awaited<ReturnType<typeof importEdition>> } | null = null;
    for (const version of entry.versions) {
      const bytes = readFileSync(join(options.corpora, version.file));
      const edition = await importEdition(bytes, { name: version.file });
      feed(hashes, edition);
      const current = { name: version.file, text: bytes.toString('utf8'), edition };
      if (previous) {
        const names = { oldName: previous.name, newName: current.name, ...locale };
        feed(hashes, compareTexts(previous.text, current.text, names));
        const older = parseImported(previous.edition, locale);
        const newer = parseImported(current.edition, locale);
        feed(hashes, compareDocuments(older, newer, names));
        pairs++;
      }
      previous = current;
    }
    if (options.series) console.log(`${own.digest('hex')}  ${entry.slug}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(`${series.length} series, ${pairs} pairs, ${seconds} s\n`);
  console.log(`${total.digest('hex')}  all`);
}

await main();
