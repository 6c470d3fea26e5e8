import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isPalimpsestError, PalimpsestError } from '../../errors/errors.js';
import { parseText } from '../../parse/text.js';
import { AlignPool, runInOrder, unwrapOutcome } from './align-pool.js';
import { compareEditions, parseEdition } from './align-worker.js';
import { BACKGROUND_NICE } from './thread-priority.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const OLD = readFileSync(join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'));
const NEW = readFileSync(join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'));

/** The nice value of each thread of this process, by thread id (Linux; empty elsewhere). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  if (process.platform !== 'linux') return values;
  for (const id of readdirSync('/proc/self/task')) {
    try {
      // Field 19 of stat (nice) is the 17th after the command name's closing parenthesis.
      const fields = readFileSync(`/proc/self/task/${id}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      values.set(Number(id), Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return values;
}

/** The rejection of `work`, or a failure when it resolves. */
async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('runInOrder', () => {
  it('finishes every item in order with at most `window` tasks started ahead (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (delays, window) => {
          const finished: number[] = [];
          let running = 0;
          let mostRunning = 0;
          await runInOrder(
            delays,
            window,
            async (delay, index) => {
              running++;
              mostRunning = Math.max(mostRunning, running);
              await new Promise((resolve) => setTimeout(resolve, delay));
              return index * 10;
            },
            async (result, _delay, index) => {
              running--;
              expect(result).toBe(index * 10);
              finished.push(index);
            },
          );
          expect(finished).toEqual(delays.map((_, i) => i));
          expect(mostRunning).toBeLessThanOrEqual(window);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('stops at the first failure in item order, even when a later task failed first', async () => {
    const finished: number[] = [];
    const error = await rejectionOf(
      runInOrder(
        [0, 1, 2, 3],
        4,
        async (index) => {
          // Item 3 fails at once, item 1 later: item 1's failure is the one reported, and item 3's is never unhandled.
          if (index === 3) throw new Error('three');
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (index === 1) throw new Error('one');
          return index;
        },
        async (result) => {
          finished.push(result);
        },
      ),
    );
    expect((error as Error).message).toBe('one');
    expect(finished).toEqual([0]);
  });
});

describe('worker outcomes', () => {
  it('rebuilds a coded failure as the same PalimpsestError, and a bug as a plain Error with its stack', () => {
    const coded = (() => {
      try {
        unwrapOutcome({
          status: 'failed',
          failure: { code: 'E_EMPTY', message: "cannot read 'a.txt'", file: 'a.txt' },
        });
      } catch (error) {
        return error;
      }
    })();
    expect(coded).toBeInstanceOf(PalimpsestError);
    expect(coded).toMatchObject({ code: 'E_EMPTY', message: "cannot read 'a.txt'", file: 'a.txt', exitCode: 1 });
    const bug = (() => {
      try {
        unwrapOutcome({ status: 'failed', failure: { message: 'boom', stack: 'Error: boom\n    at here' } });
      } catch (error) {
        return error;
      }
    })();
    expect(isPalimpsestError(bug)).toBe(false);
    expect((bug as Error).stack).toBe('Error: boom\n    at here');
    expect(unwrapOutcome({ status: 'done', value: 42 })).toBe(42);
  });

  it('refuses a job count that is not a whole number ≥ 1', () => {
    for (const jobs of [0, -1, 1.5, Number.NaN]) {
      expect(() => new AlignPool(jobs)).toThrow(PalimpsestError);
    }
  });
});

describe('the worker pool', () => {
  const pool = new AlignPool(2);
  afterAll(() => pool.close());

  it('runs in process for one job or a batch of one task, and starts threads only for a batch of two', () => {
    const single = new AlignPool(1);
    expect(single.for(10).window).toBe(1);
    expect(single.started).toBe(false);
    expect(pool.for(1).window).toBe(1);
    expect(pool.started).toBe(false);
    expect(pool.for(2).window).toBe(4);
    expect(pool.started).toBe(true);
  });

  it('parses and compares on worker threads exactly as in process', async () => {
    const workers = pool.for(2);
    const name = 'examples/bluebook/2020-ch3-s1.txt';
    const [inProcess, onWorker] = await Promise.all([
      parseEdition({ bytes: OLD, options: { name }, locale: 'en' }),
      workers.parse({ bytes: OLD, options: { name }, locale: 'en' }),
    ]);
    expect(onWorker.format).toBe(inProcess.format);
    expect(onWorker.encoding).toBe(inProcess.encoding);
    expect(onWorker.document).toEqual(inProcess.document);
    expect(onWorker.serialized?.byteLength).toBeGreaterThan(1000);

    const newer = parseText(NEW.toString('utf8'), { locale: 'en' });
    const options = { locale: 'en', oldName: '2020', newName: '2022' };
    const expected = compareEditions({ older: inProcess.document, newer, options });
    // The worker takes a tree either as the serialized bytes a worker made or as the tree itself.
    const fromBytes = await workers.compare({ older: onWorker.serialized ?? inProcess.document, newer, options });
    expect(fromBytes).toEqual(expected);
    expect(fromBytes.summary.sections.renumbered).toBeGreaterThan(0);
  });

  it('turns a failure inside a worker into the same coded PalimpsestError as in process', async () => {
    const task = { bytes: new Uint8Array(0), options: { name: 'empty.txt' } };
    const inProcess = await rejectionOf(parseEdition(task));
    const onWorker = await rejectionOf(pool.for(2).parse(task));
    expect(isPalimpsestError(onWorker)).toBe(true);
    expect(onWorker).toBeInstanceOf(PalimpsestError);
    expect(onWorker).toMatchObject({
      code: 'E_EMPTY',
      message: (inProcess as Error).message,
      file: 'empty.txt',
    });
  });

  it('reports a bug inside a worker as a plain error with the worker’s message', async () => {
    const broken = { type: 'document' } as unknown as ReturnType<typeof parseText>;
    const task = { older: broken, newer: broken, options: {} };
    const inProcess = await rejectionOf(Promise.resolve().then(() => compareEditions(task)));
    const onWorker = await rejectionOf(pool.for(2).compare(task));
    expect(isPalimpsestError(onWorker)).toBe(false);
    expect((onWorker as Error).message).toBe((inProcess as Error).message);
  });

  it('sends even one task with one job to a thread when offloading, counting it as pending until it answers', async () => {
    const offloading = new AlignPool(1, { offload: true });
    const niceBefore = threadNiceValues();
    try {
      const workers = offloading.for(1);
      expect(offloading.started).toBe(true);
      expect(workers.window).toBe(2);
      const task = {
        older: parseText('A one.\n'),
        newer: parseText('A two.\n'),
        options: { oldName: 'a', newName: 'b' },
      };
      const answer = workers.compare(task);
      expect(offloading.pending).toBe(1);
      expect(await answer).toEqual(compareEditions(task));
      expect(offloading.pending).toBe(0);
      if (process.platform === 'linux') {
        // Its thread runs at the background priority (thread-priority.ts); no thread that ran before was lowered.
        const niceAfter = threadNiceValues();
        const started = [...niceAfter].filter(([id]) => !niceBefore.has(id)).map(([, nice]) => nice);
        expect(started).toContain(BACKGROUND_NICE);
        for (const [id, nice] of niceBefore) if (niceAfter.has(id)) expect(niceAfter.get(id)).toBe(nice);
      }
    } finally {
      await offloading.close();
    }
    expect(offloading.started).toBe(false);
  });

  it('destroys its threads on close, and runs a late task in process rather than starting threads again', async () => {
    const other = new AlignPool(2);
    await other.for(3).compare({
      older: parseText('A.\n'),
      newer: parseText('B.\n'),
      options: {},
    });
    expect(other.started).toBe(true);
    await other.close();
    expect(other.started).toBe(false);
    const late = { older: parseText('C.\n'), newer: parseText('D.\n'), options: {} };
    expect(await other.for(3).compare(late)).toEqual(compareEditions(late));
    expect(other.started).toBe(false);
    await other.close();
  });

  it('refuses work over its queue with E_BUSY instead of queueing without end', async () => {
    const busy = new AlignPool(1, { offload: true, maxQueue: 1 });
    try {
      const workers = busy.for(1);
      const task = { older: parseText(OLD.toString('utf8')), newer: parseText(NEW.toString('utf8')), options: {} };
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => workers.compare(task)));
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((e) => isPalimpsestError(e) && e.code === 'E_BUSY')).toBe(true);
      expect(outcomes[0]).toEqual({ status: 'fulfilled', value: compareEditions(task) });
    } finally {
      await busy.close();
    }
  });
});
