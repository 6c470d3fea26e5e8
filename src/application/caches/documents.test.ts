import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../parse/text.js';
import { searchUnits } from './documents.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'align', 'fixtures', 'repeated-heading', 'old.txt');

describe('searchUnits', () => {
  it('names which of several 附則 a unit is in, as the aligner does, and each unit’s path once', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const units = searchUnits(parseText(text, { locale: 'ja' }));
    const first = units.find((unit) => unit.text.startsWith('この法律は、公布の日'));
    const other = units.find((unit) => unit.text.startsWith('この法律は、民法改正法'));
    expect(first?.path).toContain('平成三〇年五月三〇日法律第三三号');
    expect(other?.path).toContain('平成二九年六月二日法律第四五号');
    expect(first?.path).not.toBe(other?.path);
    for (const unit of units) expect(text.slice(unit.start, unit.end)).toContain(unit.text.trim().slice(0, 5));
  });
});
