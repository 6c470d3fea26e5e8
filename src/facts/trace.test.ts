import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/text.js';
import { traceFacts } from './trace.js';

const edition = (label: string, body: string) => ({
  label,
  date: label,
  document: parseText(`Report ${label}\n\n${body}\n`),
});

describe('traceFacts', () => {
  const series = [
    edition('2016', 'North Korea conducted three nuclear tests. Japan supports the UN.'),
    edition(
      '2017',
      'North Korea conducted six nuclear tests. Japan deployed staff to the Multinational Force and Observers (MFO).',
    ),
    edition('2018', 'North Korea conducted six nuclear tests. The MFO has two headquarter personnel.'),
  ];

  it('follows a count through a series, with its value per edition', () => {
    const trace = traceFacts(series, 'nuclear test');
    expect(trace.threads.map((thread) => [thread.kind, thread.key])).toEqual([['quantity', 'nuclear test']]);
    const [thread] = trace.threads;
    expect(thread?.editions.map((cell) => [cell.label, cell.values, cell.text])).toEqual([
      ['2016', ['3'], 'three nuclear tests'],
      ['2017', ['6'], 'six nuclear tests'],
      ['2018', ['6'], 'six nuclear tests'],
    ]);
  });

  it('follows an organisation by its acronym, absent before it appears', () => {
    const trace = traceFacts(series, 'mfo');
    expect(trace.threads).toHaveLength(1);
    expect(trace.threads[0]?.label).toBe('Multinational Force and Observers (MFO)');
    expect(trace.threads[0]?.editions.map((cell) => cell.mentions)).toEqual([0, 1, 1]);
  });

  it('falls back to facts whose text holds the phrase when no key equals it', () => {
    const trace = traceFacts(series, 'personnel');
    expect(trace.threads.map((thread) => thread.key)).toEqual(['headquarter personnel']);
    expect(traceFacts(series, 'nothing like this').threads).toEqual([]);
  });
});
