/**
 * Test fixtures of the server: a real SQLite store in a temporary folder loaded with the bundled sample, a fixed
 * clock, and helpers to read problem+json answers. Not part of the build (tsconfig.build.json skips *.fixture.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadSample } from '../cli/sample.js';
import { type EditionStore, openStore } from '../store/index.js';
import type { Problem } from './problem.js';

/** The clock every test app uses. */
export const fixedNow = () => new Date('2026-01-02T03:04:05Z');

/** A store in a temporary folder with the sample loaded, and how to dispose of it. */
export interface SampleStore {
  store: EditionStore;
  folder: string;
  dispose(): Promise<void>;
}

/** Opens a fresh SQLite store in a temporary folder and loads the sample series `bluebook` (2020, 2022). */
export async function sampleStore(): Promise<SampleStore> {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-server-'));
  const store = await openStore(join(folder, 'store.db'));
  await loadSample(store, { now: fixedNow });
  return {
    store,
    folder,
    dispose: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Reads a problem+json response, checking its media type, shape and code; returns the problem. */
export async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Problem;
  expect({ status: response.status, code: problem.code }).toEqual({ status, code });
  expect(problem.status).toBe(status);
  expect(problem.type).toBe(`https://palimpsest.invalid/errors/${code}`);
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail).not.toMatch(/\n|\bat .*\.(?:ts|js):\d+/);
  return problem;
}

/** A multipart upload body: the file part and text fields. */
export function uploadForm(
  file: { bytes: Uint8Array | string; name: string; type?: string },
  fields: Record<string, string>,
): FormData {
  const form = new FormData();
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  form.set(
    'file',
    new File([bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }),
  );
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}
