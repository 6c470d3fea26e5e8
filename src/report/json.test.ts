import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import type { Comparison } from '../model/comparison.js';
import { sampleComparison } from './fixtures/sample-comparison.js';
import { renderJson, renderJsonChunks } from './json.js';

const schemaUrl = new URL('../../schema/comparison.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, 'utf8'));
// ajv is CommonJS; under NodeNext its class is the default export's `default` (it points at itself at run time).
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(schema);

/** A deep copy of the sample, to break. */
const copy = (): Comparison => JSON.parse(renderJson(sampleComparison()));

describe('renderJson', () => {
  it('is the whole comparison, pretty-printed, and reads back equal', () => {
    const comparison = sampleComparison();
    const json = renderJson(comparison);
    expect(json).toBe(`${JSON.stringify(comparison, null, 2)}\n`);
    expect(JSON.parse(json)).toEqual(comparison);
  });
});

describe('renderJsonChunks', () => {
  const joined = (value: unknown) => [...renderJsonChunks(value as Comparison)].join('');

  it('gives renderJson text in pieces, for a real comparison with many pairs', () => {
    const oldText = Array.from({ length: 400 }, (_, i) => `Article ${i}\n\nLe texte ${i} reste ${i % 7}.`).join('\n\n');
    const newText = oldText.replace(/reste 3/g, 'devient 3').replace('Article 5\n', 'Article 5 bis\n');
    const comparison = compareTexts(oldText, newText, { oldName: 'a', newName: 'b' });
    expect(comparison.pairs.length).toBeGreaterThan(100);
    const pieces = [...renderJsonChunks(comparison)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(renderJson(comparison));
    expect(joined(sampleComparison())).toBe(renderJson(sampleComparison()));
  });
});

describe('comparison.schema.json', () => {
  it('is a draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts a realistic comparison', () => {
    const valid = validate(JSON.parse(renderJson(sampleComparison())));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('accepts what the engine produces for the Bluebook sample', () => {
    const read = (year: number) =>
      readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');
    const comparison = compareTexts(read(2020), read(2022), { oldName: '2020', newName: '2022' });
    const valid = validate(JSON.parse(renderJson(comparison)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(comparison.pairs.length).toBeGreaterThan(10);
  });

  it.each([
    ['an unknown relation', (c: Comparison) => Object.assign(c.pairs[0] ?? {}, { relation: 'reworded' })],
    ['a missing summary', (c: Comparison) => Reflect.deleteProperty(c, 'summary')],
    [
      'an insertion without significance',
      (c: Comparison) => c.pairs[0]?.changes.push({ op: 'insert', text: 'x' } as never),
    ],
    ['a similarity above 1', (c: Comparison) => Object.assign(c.pairs[0] ?? {}, { similarity: 1.5 })],
    ['an undocumented field', (c: Comparison) => Object.assign(c, { extra: true })],
    ['a wrong schema version', (c: Comparison) => Object.assign(c, { schemaVersion: 2 })],
    [
      'a position without offset',
      (c: Comparison) => Reflect.deleteProperty(c.old.diagnostics[0]?.position?.start ?? {}, 'offset'),
    ],
  ])('rejects %s', (_name, breakIt) => {
    const broken = copy();
    breakIt(broken);
    expect(validate(broken)).toBe(false);
  });

  it('documents every field of the model, and every field with a description', () => {
    const interfaces = modelInterfaces();
    const definitions: Record<string, { properties?: Record<string, unknown> }> = {
      ...schema.$defs,
      Comparison: schema,
    };
    for (const name of ['Comparison', 'EditionSummary', 'AlignedPair', 'UnitRef', 'Diagnostic', 'Position', 'Point']) {
      const fields = interfaces.get(name);
      expect(fields, name).toBeDefined();
      expect(Object.keys(definitions[name]?.properties ?? {}).sort(), name).toEqual(fields?.sort());
    }
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object') {
        for (const [key, value] of Object.entries(record.properties)) {
          if (!(value as { description?: string }).description) undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, value] of Object.entries(record)) walk(value, `${path}/${key}`);
    };
    walk(schema, '#');
    expect(undocumented).toEqual([]);
  });
});

/** Property names of the interfaces declared in the model files, read with the TypeScript parser. */
function modelInterfaces(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const file of ['../model/comparison.ts', '../model/tree.ts']) {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const names = node.members
        .filter(ts.isPropertySignature)
        .map((member) => (ts.isIdentifier(member.name) ? member.name.text : member.name.getText(source)));
      result.set(node.name.text, names);
    });
  }
  return result;
}
