/**
 * HTTP API benchmark (issue 5, item 6): latency p50/p95/p99 and throughput of compare (cached and uncached), blame
 * and search under concurrent load. The server runs in this process on a loopback port over a temporary SQLite store
 * holding the bundled sample (series `bluebook`) and, when ../shared/corpora is present, the 1 MB large pair (series
 * `large`, read from the corpora manifest); the load comes from a SECOND process running autocannon, bounded in
 * connections and seconds per scenario. p95 is computed exactly from every response time the load process sees
 * (autocannon's own summary stops at p90/p97.5/p99). Prints a Markdown table. Not part of the tests.
 *
 * Then the adversarial phase of api-adversarial.ts (issue 9): the same routes quiet and while an attacker sends a
 * pathological regex, slow bodies and a large upload.
 *
 * Run: `npm run bench:api` (PALIMPSEST_CORPORA overrides the corpora folder; BENCH_SECONDS the seconds per scenario;
 * BENCH_ONLY keeps the scenarios whose name contains it, `adversarial` only that phase; BENCH_ATTACK, BENCH_UPLOAD_MB,
 * BENCH_UPLOAD_FILE and BENCH_ATTACK_SECONDS as in api-adversarial.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  type AttackRequest,
  adversarialPhase,
  attackProcess,
  lastLine,
  serveProcess,
  startChild,
  stopChild,
} from './api-adversarial.js';
import { percentile } from './statistics.js';

const benchFile = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(benchFile), '..');

/** What the load process is asked to do. */
interface LoadRequest {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as answers come. */
  rate?: number;
}

/** What the load process reports. */
interface LoadResult {
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  bytes: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The few autocannon types this file uses (autocannon ships no types). */
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, time: number) => void): void;
  on(event: 'done', listener: (result: { errors: number; timeouts: number; duration: number }) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

/** The load process: run autocannon against one URL and print a LoadResult as JSON on stdout. */
async function loadProcess(request: LoadRequest): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const times: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let bytes = 0;
  const started = performance.now();
  const instance = autocannon({
    url: request.url,
    headers: request.headers ?? {},
    connections: request.connections,
    duration: request.seconds,
    timeout: 60,
    ...(request.rate === undefined ? {} : { overallRate: request.rate }),
  });
  instance.on('response', (_client, status, size, time) => {
    times.push(time);
    bytes += size;
    if ((status >= 200 && status < 300) || status === 304) ok++;
    else non2xx++;
  });
  const summary = await new Promise<{ errors: number; timeouts: number }>((done) => instance.on('done', done));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const result: LoadResult = {
    responses: times.length,
    ok,
    non2xx,
    errors: summary.errors,
    timeouts: summary.timeouts,
    seconds,
    bytes,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1) ?? Number.NaN,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs one scenario from a second process and returns what it measured. */
function drive(request: LoadRequest): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', benchFile, '--load', JSON.stringify(request)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || line === '') fail(new Error(`the load process exited with ${code}: ${out.slice(0, 500)}`));
      else done(JSON.parse(line) as LoadResult);
    });
  });
}

/** One manifest entry of ../shared/corpora (only the fields used here). */
interface ManifestEntry {
  slug: string;
  kind?: string;
  language?: string;
  versions: { file: string; date: string; bytes: number }[];
}

/** The smallest large pair of the corpora manifest (the "1 MB pair"), or a reason why there is none. */
function largePair(corpora: string): { entry: ManifestEntry } | { missing: string } {
  const manifest = join(corpora, 'manifest.json');
  if (!existsSync(manifest)) return { missing: `no ${manifest}` };
  const entries = (JSON.parse(readFileSync(manifest, 'utf8')) as ManifestEntry[]).filter(
    (e) =>
      e.kind === 'large-pair' && e.versions.length === 2 && e.versions.every((v) => existsSync(join(corpora, v.file))),
  );
  const size = (e: ManifestEntry) => e.versions.reduce((sum, v) => sum + v.bytes, 0);
  const entry = entries.sort((a, b) => size(a) - size(b))[0];
  return entry ? { entry } : { missing: `no large pair listed in ${manifest} with both files present` };
}

const ms = (value: number | null) =>
  value === null || Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(1) : value.toFixed(0);

async function main(): Promise<void> {
  const { addEditions } = await import('../src/application/index.js');
  const { loadSample } = await import('../src/cli/sample.js');
  const { openStore } = await import('../src/store/index.js');
  const { startServer } = await import('../src/server/serve.js');
  const { ENGINE_VERSION } = await import('../src/version.js');
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const corpora = resolve(repoRoot, process.env.PALIMPSEST_CORPORA ?? '../shared/corpora');
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-bench-api-'));
  const store = await openStore(join(folder, 'store.db'));
  const now = () => new Date();
  const notes: string[] = [];
  try {
    await loadSample(store, { now });
    const pair = largePair(corpora);
    let large: { old: string; new: string; name: string; newFile: string } | null = null;
    if ('entry' in pair) {
      const [older, newer] = pair.entry.versions as [ManifestEntry['versions'][0], ManifestEntry['versions'][0]];
      const label = (v: { date: string }) => v.date.slice(0, 4);
      const t = performance.now();
      await addEditions(
        store,
        {
          series: 'large',
          cwd: corpora,
          ...(pair.entry.language ? { lang: pair.entry.language } : {}),
          editions: [older, newer].map((v) => ({ source: v.file, label: label(v), date: v.date })),
        },
        { now },
      );
      large = { old: label(older), new: label(newer), name: pair.entry.slug, newFile: join(corpora, newer.file) };
      // The series the background uploads of issue 12's scenario replace their edition in: with the older edition
      // beside it, every upload recollates a real 1 MB pair.
      await addEditions(
        store,
        {
          series: 'uploads',
          cwd: corpora,
          ...(pair.entry.language ? { lang: pair.entry.language } : {}),
          editions: [{ source: older.file, label: label(older), date: older.date }],
        },
        { now },
      );
      notes.push(
        `Series \`large\` = ${pair.entry.slug} (${(older.bytes / 1e6).toFixed(2)} → ${(newer.bytes / 1e6).toFixed(2)} MB), ` +
          `imported and aligned in ${(performance.now() - t).toFixed(0)} ms before the server started.`,
      );
    } else {
      notes.push(`The large pair is SKIPPED: ${pair.missing} (set PALIMPSEST_CORPORA to the corpora folder).`);
    }

    // With the store's location, uploads run whole on the pool's writer thread, as under `palimpsest serve`.
    const storeLocation = join(folder, 'store.db');
    const server = await startServer({ store, storeLocation, host: '127.0.0.1', port: 0, now });
    // The baseline of the offloading scenarios: the same app with no worker pool (heavy work on the event loop).
    let onEventLoop: Awaited<ReturnType<typeof startServer>> | undefined;
    const scenarios: {
      name: string;
      path: string;
      connections: number;
      revalidate?: boolean;
      /** A path loaded from a second load process (1 connection) for the scenario's whole duration. */
      background?: string;
      /** Run against the server without a worker pool. */
      withoutPool?: boolean;
      /** An edition file uploaded again and again (replacing itself) by a process of its own meanwhile. */
      backgroundUpload?: string;
      /** Request headers of the measured load. */
      headers?: Record<string, string>;
      /** Paced load: requests per second (a monitor's probe), so that every stall of the loop shows in p99. */
      rate?: number;
    }[] = [
      { name: 'health (baseline)', path: 'api/health', connections: 10 },
      { name: 'compare sample, cached', path: 'api/series/bluebook/compare?old=2020&new=2022', connections: 10 },
      {
        name: 'compare sample, uncached (ignoreCase)',
        path: 'api/series/bluebook/compare?old=2020&new=2022&ignoreCase=true',
        connections: 10,
      },
      { name: 'blame sample (latest)', path: 'api/series/bluebook/blame', connections: 10 },
      { name: 'search "territorial integrity"', path: 'api/search?q=territorial%20integrity', connections: 10 },
    ];
    if (large) {
      const compare = `api/series/large/compare?old=${large.old}&new=${large.new}`;
      scenarios.push(
        // Each of these takes hundreds of ms of one event loop: fewer connections keep the queue (and so the
        // latency a client sees) within the scenario's seconds; the table names the connections used.
        { name: 'compare 1 MB pair, cached', path: compare, connections: 2 },
        {
          name: 'compare 1 MB pair, revalidated (If-None-Match → 304)',
          path: compare,
          connections: 10,
          revalidate: true,
        },
        { name: 'compare 1 MB pair, uncached (ignoreCase)', path: `${compare}&ignoreCase=true`, connections: 1 },
        { name: 'blame 1 MB pair (latest)', path: 'api/series/large/blame', connections: 2 },
        { name: 'search "responsabilité"', path: 'api/search?q=responsabilit%C3%A9', connections: 10 },
        // Issue 5 review: an uncached comparison runs on the server's worker pool, so health keeps answering.
        {
          name: 'health while an uncached 1 MB compare runs (worker pool)',
          path: 'api/health',
          connections: 1,
          background: `${compare}&ignoreCase=true`,
        },
        // Issue 12: nothing big runs on the event loop — an uncached compare's 15 MB of JSON is made and serialised on
        // a worker, an upload's import and recollation on the writer thread — so health stays as quick as when quiet.
        // A probe every 10 ms rather than one connection flat out: thousands of quick answers between two stalls
        // would hide a 300 ms stall below p99, while a paced probe waits through it again and again.
        { name: 'health probe every 10 ms, quiet', path: 'api/health', connections: 1, rate: 100 },
        {
          name: 'health probe every 10 ms while an uncached 1 MB compare and a 1 MB upload run',
          path: 'api/health',
          connections: 1,
          rate: 100,
          background: `${compare}&ignoreCase=true`,
          backgroundUpload: large.newFile,
        },
        {
          name: 'compare 1 MB pair, cached, Accept-Encoding: br, gzip',
          path: compare,
          connections: 2,
          headers: { 'accept-encoding': 'br, gzip' },
        },
        {
          name: 'health while an uncached 1 MB compare runs (no pool: event loop)',
          path: 'api/health',
          connections: 1,
          background: `${compare}&ignoreCase=true`,
          withoutPool: true,
        },
      );
    }

    const rows: string[] = [];
    const only = process.env.BENCH_ONLY;
    try {
      for (const scenario of scenarios.filter((s) => only === undefined || s.name.includes(only))) {
        if (scenario.withoutPool)
          onEventLoop ??= await startServer({ store, host: '127.0.0.1', port: 0, now, workers: 0 });
        const base = scenario.withoutPool && onEventLoop ? onEventLoop.url : server.url;
        const url = new URL(scenario.path, base).href;
        // One request first: fills whatever cache the route uses, and shows what a cold request costs.
        const t = performance.now();
        const first = await fetch(url, { headers: scenario.headers ?? {} });
        const firstBody = await first.arrayBuffer();
        const cold = performance.now() - t;
        if (!first.ok) throw new Error(`${scenario.name}: ${first.status} ${new TextDecoder().decode(firstBody)}`);
        console.error(`${scenario.name}: first request ${cold.toFixed(0)} ms, ${firstBody.byteLength} bytes; loading…`);
        const tag = first.headers.get('etag');
        const headers: Record<string, string> = {
          ...(scenario.headers ?? {}),
          ...(scenario.revalidate && tag ? { 'if-none-match': tag } : {}),
        };
        const uploader = scenario.backgroundUpload
          ? await startChild(benchFile, repoRoot, [
              '--attack',
              JSON.stringify({
                url: base,
                seconds: seconds + 1,
                kinds: ['upload'],
                uploadBytes: 0,
                uploadFile: scenario.backgroundUpload,
                uploadSeries: 'uploads',
              } satisfies AttackRequest),
            ])
          : undefined;
        const uploads = uploader ? lastLine(uploader.child, (seconds + 330) * 1000) : undefined;
        // The server runs in this process: how long its event loop was held at a stretch during the scenario.
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const background =
          scenario.background === undefined
            ? undefined
            : drive({ url: new URL(scenario.background, base).href, connections: 1, seconds });
        const result = await drive({
          url,
          headers,
          connections: scenario.connections,
          seconds,
          ...(scenario.rate === undefined ? {} : { rate: scenario.rate }),
        });
        const behind = background ? await background : undefined;
        delay.disable();
        if (behind) notes.push(`${scenario.name}: ${behind.ok} background compares, p50 ${ms(behind.p50)} ms.`);
        // The background's last requests may still be running on the server: let them end before the next scenario.
        if (behind || uploader) await new Promise((resolve) => setTimeout(resolve, 5000));
        if (scenario.headers?.['accept-encoding'] && result.responses > 0) {
          notes.push(
            `${scenario.name}: ${(result.bytes / result.responses / 1024).toFixed(0)} KiB on the wire per response ` +
              `(${first.headers.get('content-encoding') ?? 'identity'}; ${(firstBody.byteLength / 1024).toFixed(0)} KiB decoded).`,
          );
        }
        if (uploader && uploads) {
          const summary = await uploads;
          await stopChild(uploader.child);
          const outcome = summary ? (JSON.parse(summary) as { upload?: { statuses: Record<string, number> } }) : {};
          const statuses = Object.entries(outcome.upload?.statuses ?? {})
            .map(([status, count]) => `${status} ×${count}`)
            .join(', ');
          notes.push(
            `${scenario.name}: background uploads of ${scenario.backgroundUpload}: ${statuses || 'none answered'}.`,
          );
        }
        const failures = result.non2xx + result.errors + result.timeouts;
        rows.push(
          `| ${scenario.name} | ${scenario.connections} | ${(firstBody.byteLength / 1024).toFixed(0)} KiB | ${ms(cold)} | ` +
            `${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${ms(result.max)} | ` +
            `${(result.ok / result.seconds).toFixed(1)} | ${result.ok}${failures ? ` (${failures} failed)` : ''} | ` +
            `${ms(delay.percentile(99) / 1e6)} / ${ms(delay.max / 1e6)} |`,
        );
      }
    } finally {
      await server.close();
      await onEventLoop?.close();
    }

    console.log(
      `\n### HTTP API under load (engine ${ENGINE_VERSION}, Node ${process.version}, ${cpus().length} cores)\n`,
    );
    console.log(
      `Server in one process on 127.0.0.1 (SQLite store), load from a second process (autocannon), ${seconds} s per ` +
        'scenario after one warm-up request. Latencies in ms, measured by the load process per response; ' +
        "p95 computed from every response time. Loop delay: how late the server's event loop ran a 1 ms timer " +
        '(monitorEventLoopDelay) during the scenario, p99 and max.\n',
    );
    console.log(
      '| scenario | connections | first body | first request | p50 | p95 | p99 | max | requests/s | responses | loop delay p99 / max |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
    console.log('');
    for (const note of notes) console.log(`- ${note}`);

    if (only === undefined || 'adversarial'.includes(only) || only.includes('adversarial')) {
      const lines = await adversarialPhase({
        benchFile,
        cwd: repoRoot,
        storePath: join(folder, 'store.db'),
        seconds,
        drive,
      });
      for (const line of lines) console.log(line);
    }
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
const argument = process.argv[3] ?? '';
if (mode === '--load') await loadProcess(JSON.parse(argument) as LoadRequest);
else if (mode === '--attack') {
  await attackProcess(JSON.parse(argument) as AttackRequest);
  process.exit(0);
} else if (mode === '--serve') await serveProcess(argument);
else await main();
