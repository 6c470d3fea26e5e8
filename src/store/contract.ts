/**
 * The one contract every EditionStore must keep, as a vitest suite defined for a factory of fresh store locations;
 * sqlite.test.ts and postgres.test.ts run it against the two adapters, so they cannot drift apart. It covers adds
 * (idempotent, refused, replaced), blob sharing, ordering, removal, derived caches, search in English and Japanese,
 * and transactions: a failing or killed writer leaves the store as it was, and concurrent writers either both
 * succeed or one gets E_STORE_BUSY — with real child processes, not mocks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError, type StoreErrorCode } from './errors.js';
import { jsonChunks } from './json-chunks.js';
import { openStore } from './open.js';
import type { AddEditionInput, EditionStore, SearchUnit } from './store.js';

/** A fresh, empty store location and how to dispose of it. */
export interface StoreLocation {
  /** A SQLite path or a PostgreSQL URL that `openStore` (also in a child process) accepts. */
  location: string;
  /** Removes what the location holds (temporary file, schema). */
  cleanup(): Promise<void>;
}

/** The child process the transaction tests start. */
const CHILD = fileURLToPath(new URL('./fixtures/add-child.ts', import.meta.url));

/** An add's input with defaults for what a test does not care about. */
export function editionInput(series: string, label: string, text: string, extra: Partial<AddEditionInput> = {}) {
  return {
    series,
    label,
    bytes: new TextEncoder().encode(text),
    source: { name: `${label}.txt` },
    format: 'text',
    encoding: 'utf-8',
    importedAt: '2024-05-01T12:00:00.000Z',
    engineVersion: '0.1.0',
    ...extra,
  } satisfies AddEditionInput;
}

/** The code of a rejected promise's StoreError (or the error's name, so a wrong error fails readably). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isStoreError(error)) return error.code;
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(error);
  }
  return 'resolved';
}

/** A running child process with its stdout events. */
interface Child {
  process: ChildProcess;
  events: Array<Record<string, unknown>>;
  /** Resolves with the first event satisfying `test` (rejects if the child exits first). */
  waitFor(test: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves when the child exits, with its exit code. */
  exited: Promise<number | null>;
  /** What the child wrote on stderr so far (for failure messages). */
  stderr(): string;
}

/** Starts the add child on `location` with a command. */
function startChild(location: string, command: object): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, location, JSON.stringify(command)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    test: (event: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }> = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const event = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
      buffer = buffer.slice(newline + 1);
      events.push(event);
      for (const waiter of waiters.filter((w) => w.test(event))) waiter.resolve(event);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    events,
    exited,
    stderr: () => stderr,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        const found = events.find(test);
        if (found !== undefined) return resolve(found);
        waiters.push({ test, resolve });
        void exited.then((code) => reject(new Error(`child exited (${code}) before the event; stderr: ${stderr}`)));
      }),
  };
}

/** A few short editions of one series, as search units: sentences with paths and offsets. */
function unitsOf(sentences: Array<[string, string]>): SearchUnit[] {
  let offset = 0;
  return sentences.map(([path, text]) => {
    const unit = { path, text, start: offset, end: offset + text.length };
    offset += text.length + 1;
    return unit;
  });
}

/** Defines the EditionStore contract suite for stores made by `fresh`. */
export function defineStoreContract(name: string, fresh: () => Promise<StoreLocation>): void {
  describe(`EditionStore contract: ${name}`, () => {
    let place: StoreLocation;
    let store: EditionStore;
    const children: Child[] = [];

    beforeEach(async () => {
      place = await fresh();
      store = await openStore(place.location);
    });

    afterEach(async () => {
      for (const child of children.splice(0)) {
        if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
        await child.exited;
      }
      await store.close();
      await place.cleanup();
    });

    /** Starts a child and remembers it so afterEach can stop it. */
    const child = (command: object) => {
      const started = startChild(place.location, command);
      children.push(started);
      return started;
    };

    describe('editions', () => {
      it('stores the original bytes exactly, with their provenance', async () => {
        // Shift_JIS bytes of 安全保障, a NUL and a 0xFF: bytes, not text, round-trip.
        const bytes = new Uint8Array([0x88, 0xc0, 0x91, 0x53, 0x95, 0xdb, 0x8f, 0xe1, 0x00, 0xff, 0x0a]);
        const result = await store.addEdition({
          ...editionInput('白書', '2022', ''),
          bytes,
          date: '2022-04-12',
          lang: 'ja',
          source: { name: 'https://example.org/b', finalUrl: 'https://example.org/b.txt', contentType: 'text/plain' },
          encoding: 'shift_jis',
        });
        expect(result.status).toBe('added');
        expect(result.edition).toEqual({
          series: '白書',
          label: '2022',
          date: '2022-04-12',
          lang: 'ja',
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: 11,
          source: { name: 'https://example.org/b', finalUrl: 'https://example.org/b.txt', contentType: 'text/plain' },
          format: 'text',
          encoding: 'shift_jis',
          importedAt: '2024-05-01T12:00:00.000Z',
          engineVersion: '0.1.0',
          indexedWith: null,
        });
        expect(await store.getEditionBytes('白書', '2022')).toEqual(bytes);
        expect(await store.getEdition('白書', '2022')).toEqual(result.edition);
      });

      it('is idempotent for identical bytes under the same label', async () => {
        await store.addEdition(editionInput('s', 'a', 'one'));
        const before = await store.stats();
        const again = await store.addEdition(editionInput('s', 'a', 'one', { importedAt: '2030-01-01T00:00:00Z' }));
        expect(again.status).toBe('unchanged');
        expect(again.edition.importedAt).toBe('2024-05-01T12:00:00.000Z');
        expect(await store.stats()).toEqual(before);
      });

      it('refuses different bytes under a taken label with E_EXISTS and changes nothing', async () => {
        await store.addEdition(editionInput('s', 'a', 'one'));
        await store.indexEdition('s', 'a', unitsOf([['1', 'one']]), 'v1');
        const before = await store.stats();
        expect(await codeOf(store.addEdition(editionInput('s', 'a', 'two')))).toBe('E_EXISTS');
        expect(await store.stats()).toEqual(before);
        expect(new TextDecoder().decode(await store.getEditionBytes('s', 'a'))).toBe('one');
      });

      it('refuses bytes the series holds under another label with E_DUPLICATE naming it, and changes nothing', async () => {
        await store.addEdition(editionInput('s', 'a', 'one'));
        await store.addEdition(editionInput('s', 'b', 'two'));
        const before = await store.stats();
        let message = '';
        let duplicateOf: string | undefined;
        try {
          await store.addEdition(editionInput('s', 'c', 'one'));
        } catch (error) {
          expect(isStoreError(error, 'E_DUPLICATE')).toBe(true);
          message = (error as Error).message;
          duplicateOf = (error as { duplicateOf?: string }).duplicateOf;
        }
        // The edition as data too, for the HTTP problem's duplicateOf.
        expect(duplicateOf).toBe('a');
        expect(message).toMatch(
          /^series "s" already holds these bytes as edition "a" \(sha256 [0-9a-f]{12}…\); not stored as "c"/,
        );
        // Nor may a replace turn one edition into a copy of another.
        expect(await codeOf(store.addEdition(editionInput('s', 'b', 'one', { replace: true })))).toBe('E_DUPLICATE');
        expect(await store.stats()).toEqual(before);
        expect((await store.listEditions('s')).map((edition) => edition.label)).toEqual(['a', 'b']);
        // The same bytes in another series, or again under their own label, are no duplicate.
        expect((await store.addEdition(editionInput('t', 'c', 'one'))).status).toBe('added');
        expect((await store.addEdition(editionInput('s', 'a', 'one'))).status).toBe('unchanged');
        const allowed = await store.addEdition(editionInput('s', 'c', 'one', { allowDuplicate: true }));
        expect(allowed.status).toBe('added');
        expect(allowed.edition.sha256).toBe((await store.getEdition('s', 'a'))?.sha256);
      });

      it('replaces an edition when asked, dropping its old blob and its search index', async () => {
        await store.addEdition(editionInput('s', 'a', 'one'));
        await store.indexEdition('s', 'a', unitsOf([['1', 'alpha beta gamma']]), 'v1');
        const result = await store.addEdition(editionInput('s', 'a', 'two', { replace: true, date: '2021' }));
        expect(result.status).toBe('replaced');
        if (result.status !== 'replaced') return;
        expect(result.previous.size).toBe(3);
        expect(result.edition.date).toBe('2021');
        expect(result.edition.indexedWith).toBeNull();
        expect(new TextDecoder().decode(await store.getEditionBytes('s', 'a'))).toBe('two');
        expect(await store.search('alpha')).toEqual([]);
        expect(await store.stats()).toMatchObject({ editions: 1, blobs: 1, blobBytes: 3, searchUnits: 0 });
      });

      it('indexes a text holding a NUL character (PostgreSQL text cannot store one)', async () => {
        await store.addEdition(editionInput('s', 'a', 'x'));
        await store.indexEdition('s', 'a', unitsOf([['1', 'nul\u0000byte here']]), 'v1');
        expect((await store.search('here')).map((h) => h.edition)).toEqual(['a']);
      });

      it('answers the units of a text many editions hold in edition order, at most `limit` of them', async () => {
        for (const label of ['a', 'b', 'c', 'd']) {
          await store.addEdition(editionInput('s', label, label));
          await store.indexEdition(
            's',
            label,
            unitsOf([
              ['1', 'Article 1'],
              ['2', `body ${label}`],
            ]),
            'v1',
          );
        }
        // Edition a indexed again (an engine upgrade): its units are now the newest rows, its place is still first.
        await store.indexEdition(
          's',
          'a',
          unitsOf([
            ['1', 'Article 1'],
            ['2', 'body a'],
          ]),
          'v2',
        );
        expect((await store.search('article')).map((hit) => hit.edition)).toEqual(['a', 'b', 'c', 'd']);
        expect((await store.search('article', { limit: 2 })).map((hit) => hit.edition)).toEqual(['a', 'b']);
        expect((await store.search('article', { series: 's', limit: 3 })).map((hit) => hit.edition)).toEqual([
          'a',
          'b',
          'c',
        ]);
      });

      it('indexes an edition only while it holds the bytes the units were made from', async () => {
        const first = await store.addEdition(editionInput('s', 'a', 'one'));
        // Another writer replaces the edition before this one indexes what it parsed from 'one'.
        const second = await store.addEdition(editionInput('s', 'a', 'two', { replace: true }));
        const stale = { sha256: first.edition.sha256 };
        expect(await store.indexEdition('s', 'a', unitsOf([['1', 'old words']]), 'v1', stale)).toBe(false);
        expect(await store.search('old')).toEqual([]);
        expect((await store.getEdition('s', 'a'))?.indexedWith).toBeNull();
        const current = { sha256: second.edition.sha256 };
        expect(await store.indexEdition('s', 'a', unitsOf([['1', 'new words']]), 'v1', current)).toBe(true);
        expect((await store.search('new')).map((h) => h.edition)).toEqual(['a']);
      });

      it('with replace and identical bytes, updates changed metadata and keeps the index', async () => {
        await store.addEdition(editionInput('s', 'a', 'one'));
        await store.indexEdition('s', 'a', unitsOf([['1', 'alpha beta']]), 'v1');
        expect((await store.addEdition(editionInput('s', 'a', 'one', { replace: true }))).status).toBe('unchanged');
        const result = await store.addEdition(editionInput('s', 'a', 'one', { replace: true, lang: 'en' }));
        expect(result.status).toBe('replaced');
        expect(result.edition).toMatchObject({ lang: 'en', indexedWith: 'v1' });
        expect(await store.search('alpha')).toHaveLength(1);
      });

      it('writes an edition with its index and derived values in one transaction, once per engine version', async () => {
        const index = { units: unitsOf([['1', 'alpha beta']]), engineVersion: 'v1' };
        const derived = [{ kind: 'tree', key: 'k-one', engineVersion: 'v1', value: { type: 'root' } }];
        const first = await store.addEdition(editionInput('s', 'a', 'one', { index, derived }));
        expect(first).toMatchObject({ status: 'added', indexed: true, edition: { indexedWith: 'v1' } });
        expect((await store.search('alpha')).map((hit) => hit.edition)).toEqual(['a']);
        expect(await store.getDerived('tree', 'k-one', 'v1')).toEqual({ type: 'root' });
        const before = await store.stats();
        const again = await store.addEdition(editionInput('s', 'a', 'one', { index, derived }));
        expect(again).toMatchObject({ status: 'unchanged', indexed: false });
        expect(await store.stats()).toEqual(before);
        // Another engine version re-indexes an unchanged edition.
        const newer = { units: unitsOf([['1', 'gamma delta']]), engineVersion: 'v2' };
        const reindexed = await store.addEdition(editionInput('s', 'a', 'one', { index: newer }));
        expect(reindexed).toMatchObject({ status: 'unchanged', indexed: true, edition: { indexedWith: 'v2' } });
        expect(await store.search('alpha')).toEqual([]);
        expect((await store.search('gamma')).map((hit) => hit.edition)).toEqual(['a']);
      });

      it('rolls back the edition when its index fails to store: nothing of it is committed', async () => {
        await store.addEdition(editionInput('s', 'kept', 'kept'));
        const before = await store.stats();
        // A real failure inside the add's transaction, after the blob and the edition row: a unit whose offsets
        // are not numbers violates the columns' types (NOT NULL on both stores).
        const broken = [{ path: '1', text: 'alpha', start: null, end: 5 }] as unknown as SearchUnit[];
        const failed = store.addEdition(
          editionInput('s', 'lost', 'lost', { index: { units: broken, engineVersion: 'v1' } }),
        );
        expect(await codeOf(failed)).toBe('E_STORE');
        expect(await store.stats()).toEqual(before);
        expect(await store.getEdition('s', 'lost')).toBeUndefined();
        expect(await store.search('alpha')).toEqual([]);
      });

      it('opened read-only: reads, keeps no derived value, refuses writes, and never migrates', async () => {
        await store.addEdition(
          editionInput('s', 'a', 'one', { index: { units: unitsOf([['1', 'alpha']]), engineVersion: 'v1' } }),
        );
        await store.putDerived('comparison', 'kept', 'v1', { kept: true });
        const before = await store.stats();
        const reader = await openStore(place.location, { readOnly: true });
        try {
          expect(reader.readOnly).toBe(true);
          expect((await reader.listEditions('s')).map((e) => e.label)).toEqual(['a']);
          expect((await reader.search('alpha')).map((hit) => hit.edition)).toEqual(['a']);
          await reader.putDerived('tree', 'k', 'v1', { made: 'by a read' });
          expect(await reader.getDerived('tree', 'k', 'v1')).toBeUndefined();
          // A read that remakes a series cache forgets its old tail: nothing, and no error, on a read-only store.
          expect(await reader.deleteDerived('comparison', 'kept')).toBe(false);
          expect(await reader.getDerived('comparison', 'kept', 'v1')).toEqual({ kept: true });
          expect(await codeOf(reader.addEdition(editionInput('s', 'b', 'two')))).toBe('E_USAGE');
          expect(await codeOf(reader.removeEdition('s', 'a'))).toBe('E_USAGE');
          expect(await codeOf(reader.clearDerived())).toBe('E_USAGE');
        } finally {
          await reader.close();
        }
        expect(await store.stats()).toEqual(before);
      });

      it('opened read-only where there is no store: E_NO_STORE, and no store is created', async () => {
        const other = await fresh();
        try {
          expect(await codeOf(openStore(other.location, { readOnly: true }))).toBe('E_NO_STORE');
          expect(await codeOf(openStore(other.location, { readOnly: true }))).toBe('E_NO_STORE');
          const created = await openStore(other.location);
          expect(await created.stats()).toMatchObject({ series: 0, editions: 0 });
          await created.close();
        } finally {
          await other.cleanup();
        }
      });

      it('stores identical bytes once, across labels and series, until the last edition goes', async () => {
        await store.addEdition(editionInput('s', 'a', 'same'));
        await store.addEdition(editionInput('s', 'b', 'same', { allowDuplicate: true }));
        await store.addEdition(editionInput('t', 'a', 'same'));
        expect(await store.stats()).toMatchObject({ series: 2, editions: 3, blobs: 1, blobBytes: 4 });
        await store.removeEdition('s', 'a');
        expect(await store.removeSeries('t')).toEqual({ editions: 1 });
        expect(await store.stats()).toMatchObject({ series: 1, editions: 1, blobs: 1 });
        expect(new TextDecoder().decode(await store.getEditionBytes('s', 'b'))).toBe('same');
        await store.removeEdition('s', 'b');
        expect(await store.stats()).toMatchObject({ series: 1, editions: 0, blobs: 0, blobBytes: 0 });
      });

      it('lists editions by date (undated last), then label with numbers in numeric order', async () => {
        for (const [label, date] of [
          ['v10', undefined],
          ['v2', undefined],
          ['2022', '2022-04'],
          ['2016', '2016'],
          ['2020b', '2020-06-01'],
          ['2020a', '2020-06-01'],
        ] as const) {
          await store.addEdition(editionInput('s', label, label, date === undefined ? {} : { date }));
        }
        const labels = (await store.listEditions('s')).map((edition) => edition.label);
        expect(labels).toEqual(['2016', '2020a', '2020b', '2022', 'v2', 'v10']);
      });

      it('lists the editions of several series in one read, each in order, unknown names left out', async () => {
        for (const [series, label, date] of [
          ['s', 'v10', undefined],
          ['s', 'v2', '2020'],
          ['t', 'b', '2021'],
          ['t', 'a', '2021'],
          ['u', 'x', '2022'],
        ] as const) {
          await store.addEdition(editionInput(series, label, `${series}${label}`, date === undefined ? {} : { date }));
        }
        const held = await store.listEditionsOf(['t', 'missing', 's', 't']);
        expect([...held.keys()].sort()).toEqual(['s', 't']);
        for (const [series, editions] of held) {
          expect(editions).toEqual(await store.listEditions(series));
        }
        expect(held.get('t')?.map((edition) => edition.label)).toEqual(['a', 'b']);
        expect(await store.listEditionsOf([])).toEqual(new Map());
      });

      it('lists series by name with edition counts and date ranges', async () => {
        await store.addEdition(editionInput('b', '1', 'x', { date: '2020' }));
        await store.addEdition(editionInput('b', '2', 'y', { date: '2016-01-02' }));
        await store.addEdition(editionInput('a', '1', 'z'));
        expect(await store.listSeries()).toEqual([
          { name: 'a', editionCount: 1, firstDate: null, lastDate: null },
          { name: 'b', editionCount: 2, firstDate: '2016-01-02', lastDate: '2020' },
        ]);
        expect(await store.getSeries('b')).toEqual({
          name: 'b',
          editionCount: 2,
          firstDate: '2016-01-02',
          lastDate: '2020',
        });
        expect(await store.getSeries('missing')).toBeUndefined();
        expect(await store.getEdition('b', 'missing')).toBeUndefined();
      });

      it('answers missing series and editions with E_NO_SERIES and E_NO_EDITION', async () => {
        await store.addEdition(editionInput('s', 'a', 'x'));
        const cases: Array<[() => Promise<unknown>, StoreErrorCode]> = [
          [() => store.listEditions('nope'), 'E_NO_SERIES'],
          [() => store.getEditionBytes('nope', 'a'), 'E_NO_SERIES'],
          [() => store.getEditionBytes('s', 'b'), 'E_NO_EDITION'],
          [() => store.removeEdition('s', 'b'), 'E_NO_EDITION'],
          [() => store.removeSeries('nope'), 'E_NO_SERIES'],
          [() => store.indexEdition('s', 'b', [], 'v1'), 'E_NO_EDITION'],
        ];
        for (const [call, code] of cases) expect(await codeOf(call())).toBe(code);
      });

      it('refuses malformed input with E_USAGE before touching the database', async () => {
        expect(await codeOf(store.addEdition(editionInput('s', '', 'x')))).toBe('E_USAGE');
        expect(await codeOf(store.addEdition(editionInput('', 'a', 'x')))).toBe('E_USAGE');
        expect(await codeOf(store.addEdition(editionInput('s', 'a\nb', 'x')))).toBe('E_USAGE');
        expect(await codeOf(store.addEdition(editionInput('s', 'a', 'x', { date: '12/04/2022' })))).toBe('E_USAGE');
        expect(await store.stats()).toMatchObject({ series: 0, editions: 0 });
      });

      it('keeps everything across close and reopen (migrations apply once)', async () => {
        await store.addEdition(editionInput('s', 'a', 'persist me'));
        await store.putDerived('tree', 'k', 'v1', { ok: true });
        await store.close();
        store = await openStore(place.location);
        expect(new TextDecoder().decode(await store.getEditionBytes('s', 'a'))).toBe('persist me');
        expect(await store.getDerived('tree', 'k', 'v1')).toEqual({ ok: true });
      });
    });

    describe('derived caches', () => {
      it('hits only for the engine version that made the value, and overwrites', async () => {
        const tree = { type: 'document', children: [{ type: 'sentence', value: '安全保障 "quoted" \u{1F600}' }] };
        await store.putDerived('tree', 'sha-1', '0.1.0', tree);
        expect(await store.getDerived('tree', 'sha-1', '0.1.0')).toEqual(tree);
        expect(await store.getDerived('tree', 'sha-1', '0.2.0')).toBeUndefined();
        expect(await store.getDerived('alignment', 'sha-1', '0.1.0')).toBeUndefined();
        await store.putDerived('tree', 'sha-1', '0.2.0', [1, 2]);
        expect(await store.getDerived('tree', 'sha-1', '0.1.0')).toBeUndefined();
        expect(await store.getDerived('tree', 'sha-1', '0.2.0')).toEqual([1, 2]);
      });

      it('tells which keys hold a value of a kind by an engine version, without reading them', async () => {
        await store.putDerived('comparison', 'a', 'v1', { a: 1 });
        await store.putDerived('comparison', 'b', 'v2', { b: 1 });
        await store.putDerived('tree', 'c', 'v1', { c: 1 });
        const found = await store.derivedKeys('comparison', ['a', 'b', 'c', 'd'], 'v1');
        expect([...found]).toEqual(['a']);
        expect((await store.derivedKeys('comparison', [], 'v1')).size).toBe(0);
        const many = Array.from({ length: 1200 }, (_, i) => `k${i}`);
        expect((await store.derivedKeys('comparison', [...many, 'a'], 'v1')).size).toBe(1);
      });

      it('hands back a value as its JSON text', async () => {
        await store.putDerived('comparison', 'k', 'v1', { name: '安全 "q"', list: [1, 2] });
        const json = await store.getDerivedJson('comparison', 'k', 'v1');
        expect(JSON.parse(json ?? 'null')).toEqual({ name: '安全 "q"', list: [1, 2] });
        expect(await store.getDerivedJson('comparison', 'k', 'v2')).toBeUndefined();
      });

      it('stores a large value in parts and reads it back whole; replacing, deleting and clearing drop its parts', async () => {
        // About 4 chunks of JSON_CHUNK_SIZE: several rows, one value.
        const large = {
          units: Array.from({ length: 1000 }, (_, i) => ({ id: i, text: `安全保障 ${'w'.repeat(1000)}` })),
        };
        const parts = (jsonChunks(large) ?? []).length;
        expect(parts).toBeGreaterThan(2);
        await store.putDerived('comparison', 'big', 'v1', large);
        await store.putDerived('comparison', 'other', 'v1', large);
        expect(await store.getDerived('comparison', 'big', 'v1')).toEqual(large);
        expect(await store.getDerivedJson('comparison', 'big', 'v1')).toBe(JSON.stringify(large));
        expect((await store.stats()).derived).toBe(2);
        // Replaced by a small value: no part of the large one is read with it.
        await store.putDerived('comparison', 'big', 'v1', { small: true });
        expect(await store.getDerived('comparison', 'big', 'v1')).toEqual({ small: true });
        await store.putDerived('comparison', 'big', 'v2', large);
        expect(await store.getDerived('comparison', 'big', 'v2')).toEqual(large);
        expect(await store.deleteDerived('comparison', 'big')).toBe(true);
        expect(await store.getDerived('comparison', 'big', 'v2')).toBeUndefined();
        expect(await store.getDerived('comparison', 'other', 'v1')).toEqual(large);
        expect(await store.clearDerived('comparison')).toEqual({ derived: 1, searchUnits: 0 });
        expect(await store.getDerivedJson('comparison', 'other', 'v1')).toBeUndefined();
      });

      it('hands back a value made by any engine version, stamped with it, until a newer one replaces it', async () => {
        expect(await store.getDerivedStamped('comparison', 'k')).toBeUndefined();
        const large = { units: Array.from({ length: 1000 }, (_, i) => `安全保障 ${i} ${'w'.repeat(1000)}`) };
        await store.putDerived('comparison', 'k', '0.1.0', large);
        expect(await store.getDerivedStamped('comparison', 'k')).toEqual({
          engineVersion: '0.1.0',
          json: JSON.stringify(large),
        });
        await store.putDerived('comparison', 'k', '0.2.0', { small: true });
        expect(await store.getDerivedStamped('comparison', 'k')).toEqual({
          engineVersion: '0.2.0',
          json: '{"small":true}',
        });
      });

      it("forgets the values other engines made, parts and all, and keeps this one's", async () => {
        const large = { units: Array.from({ length: 1000 }, (_, i) => `安全保障 ${i} ${'w'.repeat(1000)}`) };
        await store.putDerived('comparison', 'old', '0.1.0', large);
        await store.putDerived('comparison', 'new', '0.2.0', large);
        await store.putDerived('tree', 'old', '0.0.9', { tree: 1 });
        expect(await store.dropDerivedOf((version) => version !== '0.2.0')).toBe(2);
        expect(await store.getDerivedStamped('comparison', 'old')).toBeUndefined();
        expect(await store.getDerivedStamped('tree', 'old')).toBeUndefined();
        expect(await store.getDerived('comparison', 'new', '0.2.0')).toEqual(large);
        expect((await store.stats()).derived).toBe(1);
        expect(await store.dropDerivedOf((version) => version !== '0.2.0')).toBe(0);
      });

      it("records the engine version of a series' derived data, compare-and-set when asked", async () => {
        await store.addEdition(editionInput('s', 'a', 'One.'));
        await store.addEdition(editionInput('t', 'a', 'Two.'));
        expect(await store.seriesEngine('s')).toBeNull();
        expect(await store.seriesEngine('missing')).toBeUndefined();
        expect(await store.setSeriesEngine('s', '0.1.0', { from: null })).toBe(true);
        expect(await store.setSeriesEngine('s', '0.2.0', { from: null })).toBe(false);
        expect(await store.setSeriesEngine('s', '0.2.0', { from: '0.1.0' })).toBe(true);
        expect(await store.setSeriesEngine('t', 'rebuild')).toBe(true);
        expect(await store.seriesEngines()).toEqual(
          new Map([
            ['s', '0.2.0'],
            ['t', 'rebuild'],
          ]),
        );
        expect(await store.setSeriesEngine('missing', '0.1.0')).toBe(false);
      });

      it('deletes one value and leaves the others of its kind', async () => {
        await store.putDerived('series-blame', 'a', 'v1', 1);
        await store.putDerived('series-blame', 'b', 'v1', 2);
        expect(await store.deleteDerived('series-blame', 'a')).toBe(true);
        expect(await store.deleteDerived('series-blame', 'a')).toBe(false);
        expect(await store.getDerived('series-blame', 'a', 'v1')).toBeUndefined();
        expect(await store.getDerived('series-blame', 'b', 'v1')).toBe(2);
      });

      it('clears one kind, or everything including the search index', async () => {
        await store.addEdition(editionInput('s', 'a', 'x'));
        await store.indexEdition('s', 'a', unitsOf([['1', 'alpha beta']]), 'v1');
        await store.putDerived('tree', '1', 'v1', 1);
        await store.putDerived('lineage', '1', 'v1', 2);
        expect(await store.clearDerived('tree')).toEqual({ derived: 1, searchUnits: 0 });
        expect(await store.getDerived('lineage', '1', 'v1')).toBe(2);
        expect(await store.clearDerived()).toEqual({ derived: 1, searchUnits: 1 });
        expect(await store.getDerived('lineage', '1', 'v1')).toBeUndefined();
        expect(await store.search('alpha')).toEqual([]);
        expect((await store.getEdition('s', 'a'))?.indexedWith).toBeNull();
      });
    });

    describe('search', () => {
      beforeEach(async () => {
        await store.addEdition(editionInput('bluebook', '2020', 'x', { date: '2020' }));
        await store.addEdition(editionInput('bluebook', '2022', 'y', { date: '2022' }));
        await store.addEdition(editionInput('hakusho', '2022', 'z', { lang: 'ja' }));
        await store.indexEdition(
          'bluebook',
          '2020',
          unitsOf([
            ['1', 'The security environment surrounding Japan is increasingly testing.'],
            ['1 > (1)', 'Japan will work with the United States.'],
          ]),
          'v1',
        );
        await store.indexEdition(
          'bluebook',
          '2022',
          unitsOf([
            ['1', 'The security environment surrounding Japan is increasingly severe.'],
            ['1 > (2)', 'Severe, severe and SEVERE: the word appears again and again in this short sentence, severe.'],
            ['2', `A long paragraph ${'that goes on and on '.repeat(30)}and mentions severe once.`],
          ]),
          'v1',
        );
        await store.indexEdition(
          'hakusho',
          '2022',
          unitsOf([
            ['第1章', '日本を取り巻く安全保障環境は一層厳しさを増している。'],
            ['第1章 > 第2節', '外交は国益を守る。'],
            ['第2章', '経済安全保障の推進。'],
          ]),
          'v1',
        );
      });

      it('finds every unit holding all terms, case-insensitively, ranked and with marked snippets', async () => {
        const hits = await store.search('severe');
        expect(hits.map((hit) => `${hit.edition} ${hit.path}`)).toEqual(['2022 1 > (2)', '2022 1', '2022 2']);
        expect(hits[0]?.rank).toBeGreaterThan(hits[1]?.rank ?? Number.POSITIVE_INFINITY);
        expect(hits[1]?.rank).toBeGreaterThan(hits[2]?.rank ?? Number.POSITIVE_INFINITY);
        expect(hits[1]).toMatchObject({
          series: 'bluebook',
          edition: '2022',
          path: '1',
          start: 0,
          end: 66,
          matchStart: 59,
          matchEnd: 65,
          snippet: 'The security environment surrounding Japan is increasingly [[severe]].',
        });
        expect(hits[0]?.snippet).toContain('[[Severe]], [[severe]] and [[SEVERE]]');
        expect(hits[2]?.snippet.startsWith('…')).toBe(true);
        const both = await store.search('Increasingly  ENVIRONMENT');
        expect(both.map((hit) => hit.edition).sort()).toEqual(['2020', '2022']);
        expect(both[0]?.snippet).toContain('[[environment]] surrounding Japan is [[increasingly]]');
      });

      it('filters by series, edition and limit', async () => {
        const paths = (await store.search('Japan', { series: 'bluebook', edition: '2020' })).map((h) => h.path);
        expect(paths.sort()).toEqual(['1', '1 > (1)']);
        expect(await store.search('Japan', { series: 'hakusho' })).toEqual([]);
        expect(await store.search('Japan', { limit: 1 })).toHaveLength(1);
        expect(await store.search('severe', { series: 'bluebook', edition: '2020' })).toEqual([]);
      });

      it('finds Japanese words of three characters or more through the trigram index', async () => {
        const hits = await store.search('安全保障');
        expect(hits.map((hit) => hit.path).sort()).toEqual(['第1章', '第2章']);
        const first = hits.find((hit) => hit.path === '第1章');
        expect(first?.snippet).toBe('日本を取り巻く[[安全保障]]環境は一層厳しさを増している。');
        expect(first?.matchStart).toBe(7);
        expect((await store.search('厳しさを増している')).map((hit) => hit.path)).toEqual(['第1章']);
      });

      it('finds one- and two-character terms too (below the trigram size), alone or with others', async () => {
        expect((await store.search('外交')).map((hit) => hit.path)).toEqual(['第1章 > 第2節']);
        expect((await store.search('経済　推進')).map((hit) => hit.path)).toEqual(['第2章']);
        expect((await store.search('安全保障 日本')).map((hit) => hit.path)).toEqual(['第1章']);
        expect((await store.search('章')).length).toBe(0);
      });

      it('finds one-character Japanese terms wherever they stand in a run, and only where they are', async () => {
        expect((await store.search('国')).map((hit) => hit.path)).toEqual(['第1章 > 第2節']);
        // The first and the last character of a run of Japanese text.
        expect((await store.search('経')).map((hit) => hit.path)).toEqual(['第2章']);
        expect((await store.search('進')).map((hit) => hit.path)).toEqual(['第2章']);
        const hits = await store.search('障');
        expect(hits.map((hit) => hit.path).sort()).toEqual(['第1章', '第2章']);
        expect(hits.find((hit) => hit.path === '第2章')?.snippet).toBe('経済安全保[[障]]の推進。');
        expect(await store.search('章')).toEqual([]);
      });

      it('finds two-character Japanese terms only as adjacent characters, with their offsets', async () => {
        await store.indexEdition(
          'hakusho',
          '2022',
          unitsOf([
            ['1', '法律の施行。'],
            ['2', '法 律と法・律は別の語。'],
            ['3', 'この法律ABCと法律。'],
          ]),
          'v1',
        );
        const hits = await store.search('法律');
        expect(hits.map((hit) => hit.path).sort()).toEqual(['1', '3']);
        const third = hits.find((hit) => hit.path === '3');
        expect(third).toMatchObject({ start: 20, matchStart: 22, matchEnd: 24 });
        expect(third?.snippet).toBe('この[[法律]]ABCと[[法律]]。');
        // A unit holding the term twice in fewer characters ranks first.
        expect(hits[0]?.path).toBe('3');
        expect((await store.search('法・律')).map((hit) => hit.path)).toEqual(['2']);
        expect(await store.search('施法')).toEqual([]);
      });

      it('combines Japanese and English terms of every length in one query', async () => {
        await store.indexEdition(
          'hakusho',
          '2022',
          unitsOf([
            ['1', 'AI policy と法律の関係 (Japan).'],
            ['2', 'AI policy without the Japanese word.'],
            ['3', '法律 only, no English term.'],
            ['4', 'Japan の安全保障 policy.'],
          ]),
          'v1',
        );
        expect((await store.search('法律 policy')).map((hit) => hit.path)).toEqual(['1']);
        expect((await store.search('policy 法')).map((hit) => hit.path)).toEqual(['1']);
        expect((await store.search('AI 法律')).map((hit) => hit.path)).toEqual(['1']);
        expect((await store.search('安全保障 JAPAN')).map((hit) => hit.path)).toEqual(['4']);
        expect((await store.search('安全保障 法律')).map((hit) => hit.path)).toEqual([]);
        expect((await store.search('"policy と法律"')).map((hit) => hit.path)).toEqual(['1']);
      });

      it('ranks a very common term by relevance and stops at the limit, also within a series', async () => {
        const filler = (n: number) =>
          `Clause ${n} sets out the terms of the service in ${'some words '.repeat(n % 7)}plain words.`;
        for (const [series, count] of [
          ['common-a', 120],
          ['common-b', 80],
        ] as const) {
          await store.addEdition(editionInput(series, '1', series));
          const units = Array.from({ length: count }, (_, n) => filler(n));
          units.splice(37, 0, 'The terms: terms and terms.');
          await store.indexEdition(series, '1', unitsOf(units.map((text, n) => [`${n}`, text])), 'v1');
        }
        const hits = await store.search('TERMS', { limit: 7 });
        expect(hits).toHaveLength(7);
        expect(hits.slice(0, 2).map((hit) => `${hit.series} ${hit.path}`)).toEqual(['common-a 37', 'common-b 37']);
        expect(hits[0]?.snippet).toBe('The [[terms]]: [[terms]] and [[terms]].');
        for (const [index, hit] of hits.entries()) {
          expect(hit.snippet.toLowerCase()).toContain('[[terms]]');
          if (index > 0) expect(hit.rank).toBeLessThanOrEqual(hits[index - 1]?.rank as number);
        }
        expect(hits[1]?.rank).toBe(hits[0]?.rank);
        expect(hits[2]?.rank).toBeLessThan(hits[1]?.rank as number);
        const inB = await store.search('terms', { series: 'common-b', limit: 500 });
        expect(inB).toHaveLength(81);
        expect(new Set(inB.map((hit) => hit.series))).toEqual(new Set(['common-b']));
        expect(inB[0]?.path).toBe('37');
        expect(await store.search('terms', { limit: 1000 })).toHaveLength(202);
      });

      it('ranks units by term frequency and length, on every index', async () => {
        await store.indexEdition(
          'hakusho',
          '2022',
          unitsOf([
            ['long', `一つの長い段落は${'規定を置く。'.repeat(40)}法律に定める。`],
            ['once', '法律に定める。'],
            ['twice', '法律と法律。'],
            ['latin-long', `A long paragraph ${'with many words '.repeat(30)} about arbitration.`],
            ['latin-once', 'Arbitration rules.'],
            ['latin-twice', 'Arbitration, arbitration.'],
          ]),
          'v1',
        );
        expect((await store.search('法律')).map((hit) => hit.path)).toEqual(['twice', 'once', 'long']);
        expect((await store.search('法律に')).map((hit) => hit.path)).toEqual(['once', 'long']);
        expect((await store.search('arbitration')).map((hit) => hit.path)).toEqual([
          'latin-twice',
          'latin-once',
          'latin-long',
        ]);
      });

      it('finds a text shared by editions and series in each of them, until the last one holding it goes', async () => {
        const shared = 'A sentence every edition repeats word for word.';
        await store.addEdition(editionInput('other', '1', 'o'));
        await store.indexEdition('bluebook', '2020', unitsOf([['a', shared]]), 'v1');
        await store.indexEdition(
          'bluebook',
          '2022',
          unitsOf([
            ['b', 'Another sentence.'],
            ['c', shared],
          ]),
          'v1',
        );
        await store.indexEdition('other', '1', unitsOf([['d', shared]]), 'v1');
        const where = async (query: string, options = {}) =>
          (await store.search(query, options)).map((hit) => `${hit.series} ${hit.edition} ${hit.path} ${hit.start}`);
        expect(await where('repeats')).toEqual(['bluebook 2020 a 0', 'bluebook 2022 c 18', 'other 1 d 0']);
        expect(await where('repeats', { series: 'other' })).toEqual(['other 1 d 0']);
        expect(await where('repeats', { series: 'bluebook', edition: '2022' })).toEqual(['bluebook 2022 c 18']);
        await store.removeSeries('other');
        await store.indexEdition('bluebook', '2020', unitsOf([['z', 'Nothing shared.']]), 'v1');
        expect(await where('repeats')).toEqual(['bluebook 2022 c 18']);
        await store.removeEdition('bluebook', '2022');
        expect(await where('repeats')).toEqual([]);
        await store.indexEdition('bluebook', '2020', unitsOf([['y', shared]]), 'v1');
        expect(await where('repeats')).toEqual(['bluebook 2020 y 0']);
        expect((await store.clearDerived()).searchUnits).toBe(4);
        expect(await where('repeats')).toEqual([]);
      });

      it('treats query syntax literally and never throws on it', async () => {
        for (const query of ['"', 'severe"', 'NEAR(severe', 'sev*', '%', '_', '\\', 'AND', '-severe', "'; drop"]) {
          const hits = await store.search(query);
          expect(Array.isArray(hits)).toBe(true);
        }
        expect(await store.search('sev%re')).toEqual([]);
        expect(await store.search('sev_re')).toEqual([]);
        expect(await store.search('   ')).toEqual([]);
      });

      it('replaces the index of an edition and stamps it with the engine version', async () => {
        await store.indexEdition('bluebook', '2020', unitsOf([['9', 'Only a new sentence.']]), 'v2');
        expect(await store.search('testing')).toEqual([]);
        expect((await store.search('new sentence')).map((hit) => hit.path)).toEqual(['9']);
        expect((await store.getEdition('bluebook', '2020'))?.indexedWith).toBe('v2');
      });

      it('property: any substring of an indexed unit finds that unit', async () => {
        const alphabet = ['a', 'B', 'c', 'é', 'ß', '安', '全', 'ー', '!', '%', '_', '"', '\\', '*'];
        const word = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
        await fc.assert(
          fc.asyncProperty(
            fc.array(word, { minLength: 1, maxLength: 6 }),
            fc.nat(),
            fc.nat(),
            async (words, pick, cut) => {
              const text = words.join(' ');
              await store.indexEdition('hakusho', '2022', unitsOf([['p', text]]), 'v1');
              const chosen = words[pick % words.length] as string;
              const from = cut % chosen.length;
              const term = chosen.slice(from, from + 1 + (cut % 5));
              const hits = await store.search(term, { series: 'hakusho' });
              expect(hits.map((hit) => hit.path)).toEqual(['p']);
              expect(hits[0]?.snippet).toContain('[[');
            },
          ),
          { numRuns: 40 },
        );
      });

      it('searches the bundled Bluebook sample for "increasingly severe"', async () => {
        const path = (file: string) => fileURLToPath(new URL(`../../examples/bluebook/${file}`, import.meta.url));
        for (const label of ['2020', '2022']) {
          const text = readFileSync(path(`${label}-ch3-s1.txt`), 'utf8');
          const paragraphs: SearchUnit[] = [];
          for (const match of text.matchAll(/[^\n]+(?:\n[^\n]+)*/g)) {
            paragraphs.push({
              path: `¶${paragraphs.length + 1}`,
              text: match[0],
              start: match.index,
              end: match.index + match[0].length,
            });
          }
          await store.indexEdition('bluebook', label, paragraphs, 'v1');
        }
        const hits = await store.search('"increasingly severe"', { series: 'bluebook' });
        expect(hits.map((hit) => hit.edition)).toEqual(['2022']);
        expect(hits[0]?.snippet).toContain('is becoming [[increasingly severe]] at a more rapid pace');
        // Without quotes the words need not be adjacent nor in order; with quotes they must.
        expect((await store.search('severe increasingly', { series: 'bluebook' })).map((h) => h.edition)).toEqual([
          '2022',
        ]);
        expect(await store.search('"severe increasingly"', { series: 'bluebook' })).toEqual([]);
      });
    });

    describe('transactions', () => {
      it('rolls back an add that fails midway: no series, blob or edition is left', async () => {
        await store.close();
        store = await openStore(place.location, {
          hooks: {
            afterBlobInsert: () => {
              throw new Error('disk on fire');
            },
          },
        });
        await expect(store.addEdition(editionInput('s', 'a', 'never stored'))).rejects.toThrow('disk on fire');
        expect(await store.stats()).toEqual({
          series: 0,
          editions: 0,
          blobs: 0,
          blobBytes: 0,
          derived: 0,
          searchUnits: 0,
        });
      });

      it('leaves the store as before when a process is killed (SIGKILL) in the middle of an add', async () => {
        await store.addEdition(editionInput('s', 'kept', 'kept'));
        const before = await store.stats();
        const writer = child({ series: 's', labels: ['lost'], pause: true });
        await writer.waitFor((event) => event.event === 'paused');
        writer.process.kill('SIGKILL');
        await writer.exited;
        await store.close();
        store = await openStore(place.location);
        expect(await store.stats()).toEqual(before);
        expect((await store.listEditions('s')).map((edition) => edition.label)).toEqual(['kept']);
        expect((await store.addEdition(editionInput('s', 'after', 'after'))).status).toBe('added');
      });

      it('lets two processes add editions to one series at once: each add succeeds or says E_STORE_BUSY', async () => {
        const labels = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i}`);
        const first = child({ series: 'race', labels: labels('a') });
        const second = child({ series: 'race', labels: labels('b') });
        expect(await first.exited).toBe(0);
        expect(await second.exited).toBe(0);
        const outcomes = [...first.events, ...second.events].filter((e) => e.event === 'added' || e.event === 'error');
        expect(outcomes).toHaveLength(16);
        for (const outcome of outcomes) {
          if (outcome.event === 'error') expect(outcome.code).toBe('E_STORE_BUSY');
        }
        const added = outcomes.filter((e) => e.event === 'added').map((e) => e.label as string);
        const stored = (await store.listEditions('race')).map((edition) => edition.label);
        expect(stored.sort()).toEqual(added.sort());
        // With the default 5 s wait, nobody should actually have been turned away.
        expect(added).toHaveLength(16);
      });

      it('lets four processes create and fill a brand-new store at once', async () => {
        const other = await fresh();
        try {
          const writers = [1, 2, 3, 4].map((n) =>
            startChild(other.location, { series: 'new', labels: [`p${n}-a`, `p${n}-b`] }),
          );
          children.push(...writers);
          for (const writer of writers)
            expect(await writer.exited, `${JSON.stringify(writer.events)} ${writer.stderr()}`).toBe(0);
          const errors = writers.flatMap((writer) => writer.events.filter((e) => e.event === 'error'));
          expect(errors).toEqual([]);
          const check = await openStore(other.location);
          expect((await check.listEditions('new')).length).toBe(8);
          await check.close();
        } finally {
          await other.cleanup();
        }
      });

      it('says E_STORE_BUSY when another writer holds the store longer than the busy timeout', async () => {
        await store.addEdition(editionInput('s', 'first', 'first'));
        const holder = child({ series: 's', labels: ['held'], pause: true });
        await holder.waitFor((event) => event.event === 'paused');
        const impatient = await openStore(place.location, { busyTimeoutMs: 200 });
        try {
          const started = performance.now();
          expect(await codeOf(impatient.addEdition(editionInput('s', 'blocked', 'blocked')))).toBe('E_STORE_BUSY');
          expect(performance.now() - started).toBeLessThan(4000);
          holder.process.kill('SIGKILL');
          await holder.exited;
          expect((await impatient.addEdition(editionInput('s', 'blocked', 'blocked'))).status).toBe('added');
        } finally {
          await impatient.close();
        }
        expect((await store.listEditions('s')).map((edition) => edition.label)).toEqual(['blocked', 'first']);
      });
    });
  });
}
