/**
 * The adversarial phase of `npm run bench:api` (issue 9, item 7): 20 connections on compare, blame and search plus
 * one on /api/health, first quiet, then while an adversary (a process of its own) sends a pathological regex trace,
 * slow-body uploads and a large upload over and over. The server runs in a child process too, so that a request that
 * freezes its event loop freezes only it: the bench notices, reports it and kills the server instead of hanging.
 * Prints health p99 and the routes' p50/p99, quiet and under attack, and their ratio (the target: within 2×).
 *
 * BENCH_ATTACK picks the attacks (default `regex,slow,upload,oversize`); BENCH_UPLOAD_MB the large upload's size
 * (default 3.5: about the largest edition the engine accepts, 4 Mi characters and 50,000 lines); BENCH_UPLOAD_FILE an
 * edition file to upload instead (e.g. the 2 MB SGB V of /work/shared/corpora/large-pairs); BENCH_ATTACK_SECONDS how
 * long the load runs under attack (default BENCH_SECONDS; make it cover a whole upload). `oversize` uploads a text
 * over the engine's limit (refused with E_LIMIT) again and again.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { percentile } from './statistics.js';

/** The pathological regex of issue 9 (`([\w\s]|\w)*#`): catastrophic backtracking in a backtracking engine. */
export const PATHOLOGICAL_REGEX = '([\\w\\s]|\\w)*#';

/** What the attacker process is asked to do. */
export interface AttackRequest {
  url: string;
  seconds: number;
  kinds: string[];
  uploadBytes: number;
  /** An edition file to upload instead of a generated one. */
  uploadFile?: string;
  /** The series the large uploads go to (default `attack`). */
  uploadSeries?: string;
}

/** More characters than the engine accepts in one edition (4 Mi): an upload it must refuse with E_LIMIT. */
const OVERSIZE_BYTES = 4.5 * 1024 * 1024;

/** One attack's outcomes: status (or `timeout`/`closed`/`error`) → count, and the times taken. */
interface AttackOutcome {
  statuses: Record<string, number>;
  milliseconds: number[];
  note?: string;
}

/** A text of about `bytes` bytes shaped like a real edition: numbered articles of ordinary paragraphs. */
function largeEdition(bytes: number, variant: number): string {
  const words = ['treaty', 'delegation', 'minister', 'cooperation', 'region', 'security', 'agreement', 'dialogue'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    if (i % 25 === 1) parts.push(`## Article ${Math.ceil(i / 25)}\n\n`);
    const picked = Array.from({ length: 24 }, (_, j) => words[(i * 7 + j * 3 + variant) % words.length]);
    const line = `Paragraph ${i}. The ${picked.join(' ')} continued in ${1990 + (i % 30)} (${variant}).\n\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

const record = (outcome: AttackOutcome, status: string, started: number) => {
  outcome.statuses[status] = (outcome.statuses[status] ?? 0) + 1;
  outcome.milliseconds.push(performance.now() - started);
};

/** Traces the pathological regex again and again, each with a 10 s client timeout. */
async function regexAttack(request: AttackRequest, until: number): Promise<AttackOutcome> {
  const outcome: AttackOutcome = { statuses: {}, milliseconds: [] };
  const url = new URL(
    `api/series/bluebook/trace?mode=regex&phrase=${encodeURIComponent(PATHOLOGICAL_REGEX)}`,
    request.url,
  );
  while (performance.now() < until) {
    const started = performance.now();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      record(outcome, String(response.status), started);
    } catch (error) {
      record(outcome, (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', started);
    }
  }
  return outcome;
}

/**
 * Slow bodies: `connections` uploads at a time, each announcing 8 MB and sending one byte every 200 ms; records what
 * the server answered and how long it kept the connection.
 */
async function slowAttack(request: AttackRequest, until: number, connections = 4): Promise<AttackOutcome> {
  const outcome: AttackOutcome = { statuses: {}, milliseconds: [] };
  const { hostname, port } = new URL(request.url);
  const one = () =>
    new Promise<void>((done) => {
      const started = performance.now();
      const socket = connect(Number(port), hostname);
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('error', () => {});
      socket.on('connect', () => {
        socket.write(
          'POST /api/series/slow/editions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
            'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 8000000\r\n\r\n--b\r\n',
        );
        timer = setInterval(() => {
          // The attacker gives up at the end of the phase, whatever the server did.
          if (performance.now() > until + 1000) socket.destroy();
          else if (!socket.destroyed) socket.write('x');
        }, 200);
      });
      socket.on('close', () => {
        clearInterval(timer);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
        record(outcome, status ?? (performance.now() > until ? 'held to the end' : 'closed'), started);
        done();
      });
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  return outcome;
}

/**
 * Uploads a large edition again and again (replacing it, alternating two texts so each is a real import); with
 * `series` 'oversize', a text over the engine's limit that must be refused.
 */
async function uploadAttack(
  request: AttackRequest,
  until: number,
  texts: Blob[],
  series = 'attack',
): Promise<AttackOutcome> {
  const outcome: AttackOutcome = { statuses: {}, milliseconds: [] };
  const url = new URL(`api/series/${series}/editions`, request.url);
  for (let i = 0; performance.now() < until; i++) {
    const form = new FormData();
    form.set('file', texts[i % texts.length] as Blob, 'large.md');
    form.set('label', 'large');
    form.set('replace', 'true');
    const started = performance.now();
    try {
      const response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(300_000) });
      const body = await response.text();
      const code = /"code":"(E_[A-Z_]+)"/.exec(body)?.[1];
      record(outcome, code ? `${response.status} ${code}` : String(response.status), started);
      if (!response.ok && series !== 'oversize') outcome.note = body.slice(0, 200);
    } catch (error) {
      record(outcome, (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', started);
    }
  }
  return outcome;
}

/** The attacker process: prints `ready` once its payloads are built, then a JSON summary when the time is up. */
export async function attackProcess(request: AttackRequest): Promise<void> {
  const uploadFile = request.uploadFile === undefined ? undefined : readFileSync(request.uploadFile, 'utf8');
  const texts = request.kinds.includes('upload')
    ? [0, 1].map(
        (variant) =>
          new Blob(
            [uploadFile === undefined ? largeEdition(request.uploadBytes, variant) : `${uploadFile}\n\n(${variant})\n`],
            {
              type: 'text/markdown',
            },
          ),
      )
    : [];
  const oversized = request.kinds.includes('oversize')
    ? [new Blob([largeEdition(OVERSIZE_BYTES, 0)], { type: 'text/markdown' })]
    : [];
  process.stdout.write('ready\n');
  const until = performance.now() + request.seconds * 1000;
  const attacks: Record<string, Promise<AttackOutcome>> = {};
  if (request.kinds.includes('regex')) attacks.regex = regexAttack(request, until);
  if (request.kinds.includes('slow')) attacks.slow = slowAttack(request, until);
  if (request.kinds.includes('upload')) attacks.upload = uploadAttack(request, until, texts, request.uploadSeries);
  if (request.kinds.includes('oversize')) attacks.oversize = uploadAttack(request, until, oversized, 'oversize');
  const summary: Record<string, AttackOutcome> = {};
  for (const [kind, attack] of Object.entries(attacks)) summary[kind] = await attack;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** The server process: serves the store at `storePath` on a free loopback port and prints its URL. */
export async function serveProcess(storePath: string): Promise<void> {
  const { openStore } = await import('../src/store/index.js');
  const { startServer } = await import('../src/server/serve.js');
  const store = await openStore(storePath);
  const server = await startServer({ store, storeLocation: storePath, host: '127.0.0.1', port: 0 });
  // How long the event loop was held at a stretch: what an upload's main-thread work costs every other request.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.stdout.write(`${server.url}\n`);
  process.once('SIGTERM', () => {
    delay.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    process.stderr.write(
      `server event loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms\n`,
    );
    void server.close().then(() => store.close().then(() => process.exit(0)));
  });
}

/** Spawns `benchFile` in a mode and resolves with the child once it printed its first line. */
export function startChild(
  benchFile: string,
  cwd: string,
  args: string[],
): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', benchFile, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        child.stdout?.off('data', onData);
        resolve({ child, line: out.slice(0, newline).trim() });
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${args[0]} process exited with ${code} before it was ready`)));
  });
}

/** The rest of a child's stdout once it exits (its last line), or null if it does not exit within `timeout`. */
export function lastLine(child: ChildProcess, timeoutMilliseconds: number): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const timer = setTimeout(() => resolve(null), timeoutMilliseconds);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(out.trim().split('\n').at(-1) ?? '');
    });
  });
}

/** Ends a child: SIGTERM, then SIGKILL if it has not exited within 3 s (a frozen event loop ignores SIGTERM). */
export async function stopChild(child: ChildProcess): Promise<'exited' | 'killed'> {
  if (child.exitCode !== null || child.signalCode !== null) return 'exited';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timely = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
  if (timely) return 'exited';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

/** What a load process measured (as in api.bench.ts). */
interface Measured {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
}

/** The routes under load and their connections (20 on compare, blame and search) and health's one. */
const ROUTES = [
  { name: 'health', path: 'api/health', connections: 1 },
  { name: 'compare (cached)', path: 'api/series/bluebook/compare?old=2020&new=2022', connections: 7 },
  { name: 'blame', path: 'api/series/bluebook/blame', connections: 7 },
  { name: 'search', path: 'api/search?q=territorial%20integrity', connections: 6 },
];

/** Runs the adversarial phase against a server on `storePath`; returns Markdown lines for the report. */
export async function adversarialPhase(options: {
  benchFile: string;
  cwd: string;
  storePath: string;
  seconds: number;
  drive: (request: { url: string; connections: number; seconds: number }) => Promise<Measured>;
}): Promise<string[]> {
  const kinds = (process.env.BENCH_ATTACK ?? 'regex,slow,upload,oversize').split(',').filter((k) => k !== '');
  const uploadFile = process.env.BENCH_UPLOAD_FILE || undefined;
  const uploadBytes = uploadFile
    ? readFileSync(uploadFile).byteLength
    : Math.round(Number(process.env.BENCH_UPLOAD_MB ?? 3.5) * 1024 * 1024);
  const { seconds } = options;
  const server = await startChild(options.benchFile, options.cwd, ['--serve', options.storePath]);
  const url = server.line;
  const lines: string[] = [];
  try {
    for (const route of ROUTES) {
      const response = await fetch(new URL(route.path, url));
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${route.name}: ${response.status}`);
    }
    const attackSeconds = Number(process.env.BENCH_ATTACK_SECONDS ?? seconds);
    const measure = (duration: number) =>
      Promise.all(
        ROUTES.map((route) =>
          options.drive({ url: new URL(route.path, url).href, connections: route.connections, seconds: duration }),
        ),
      );
    console.error('adversarial phase: quiet…');
    const quiet = await measure(seconds);
    const attackRequest: AttackRequest = {
      url,
      seconds: attackSeconds + 2,
      kinds,
      uploadBytes,
      ...(uploadFile ? { uploadFile } : {}),
    };
    const attacker = await startChild(options.benchFile, options.cwd, ['--attack', JSON.stringify(attackRequest)]);
    const summaryLine = lastLine(attacker.child, (attackSeconds + 330) * 1000);
    console.error(`adversarial phase: under attack (${kinds.join(', ')})…`);
    // The attacks get going (the first upload is on the wire) before the load starts.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const attacked = await measure(attackSeconds);
    const healthAfter = await fetch(new URL('api/health', url), { signal: AbortSignal.timeout(15_000) }).then(
      (r) => `${r.status}`,
      (e: Error) => e.name,
    );
    // A frozen server never answers the attacker either: stop the server so the attacker's requests end.
    const frozen = healthAfter !== '200';
    const ended = frozen ? await stopChild(server.child) : 'running';
    const summaryText = await summaryLine;
    await stopChild(attacker.child);
    const summary = summaryText ? (JSON.parse(summaryText) as Record<string, AttackOutcome>) : {};

    // NaN (no responses) crosses the process boundary as null.
    const missing = (v: number | null) => v === null || Number.isNaN(v);
    const ms = (v: number | null) =>
      missing(v) ? '—' : (v as number) < 10 ? (v as number).toFixed(1) : (v as number).toFixed(0);
    const ratio = (a: number | null, b: number | null) =>
      missing(a) || missing(b) || b === 0 ? '—' : ((a as number) / (b as number)).toFixed(2);
    lines.push(
      `\n### Adversarial phase (issue 9): ${seconds} s quiet, then ${attackSeconds} s under attack (${kinds.join(', ')})\n`,
    );
    lines.push(
      'Server in a child process (worker pool on), load from one autocannon process per route; the attacker is ' +
        'a process of its own. Latencies in ms.\n',
    );
    lines.push(
      '| route | connections | quiet p50 | quiet p99 | attack p50 | attack p99 | p50 ratio | p99 ratio | quiet ok | attack ok (failed) |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [i, route] of ROUTES.entries()) {
      const q = quiet[i] as Measured;
      const a = attacked[i] as Measured;
      const failed = a.non2xx + a.errors + a.timeouts;
      lines.push(
        `| ${route.name} | ${route.connections} | ${ms(q.p50)} | ${ms(q.p99)} | ${ms(a.p50)} | ${ms(a.p99)} | ` +
          `${ratio(a.p50, q.p50)} | ${ratio(a.p99, q.p99)} | ${q.ok} | ${a.ok}${failed ? ` (${failed})` : ''} |`,
      );
    }
    lines.push('');
    for (const [kind, outcome] of Object.entries(summary)) {
      const statuses = Object.entries(outcome.statuses)
        .map(([status, count]) => `${status} ×${count}`)
        .join(', ');
      lines.push(
        `- attack ${kind}: ${statuses || 'nothing answered'}; time per attempt p50 ${ms(percentile(outcome.milliseconds, 50))} ms, ` +
          `max ${ms(outcome.milliseconds.length > 0 ? Math.max(...outcome.milliseconds) : Number.NaN)} ms${outcome.note ? ` (${outcome.note})` : ''}.`,
      );
    }
    if (kinds.includes('upload')) {
      lines.push(
        `- large upload: ${(uploadBytes / 1024 / 1024).toFixed(1)} MiB Markdown${uploadFile ? ` (${uploadFile})` : ' (generated)'}.`,
      );
    }
    if (kinds.includes('oversize')) {
      lines.push(
        `- oversized upload: ${(OVERSIZE_BYTES / 1024 / 1024).toFixed(1)} MiB Markdown, over the 4 Mi-character limit.`,
      );
    }
    lines.push(
      frozen
        ? `- The server did NOT answer /api/health within 15 s after the attack (${healthAfter}): frozen, or its event loop held by an upload's work; it was ${ended} (SIGTERM, then SIGKILL after 3 s).`
        : '- The server answered /api/health after the attack.',
    );
  } finally {
    await stopChild(server.child);
  }
  return lines;
}
