import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/golden.js';
import { displayWidth } from '../text/display.js';
import { englishSeries, japaneseSeries } from '../trace/fixtures/series.js';
import { tracePhrase } from '../trace/trace.js';
import { kwicLine, renderTraceTable } from './trace-table.js';

describe('renderTraceTable', () => {
  it('matches the golden table of the English series', () => {
    expectGolden(
      import.meta.url,
      'series.table.txt',
      renderTraceTable(tracePhrase(englishSeries(), 'increasingly severe')),
    );
  });

  it('matches the golden table of the Japanese series', () => {
    expectGolden(
      import.meta.url,
      'japanese.table.txt',
      renderTraceTable(tracePhrase(japaneseSeries(), '安全保障', { locale: 'ja' })),
    );
  });

  it('states the trajectory and marks first, absent and back editions', () => {
    const table = renderTraceTable(tracePhrase(englishSeries(), 'increasingly severe'), { hits: false });
    expect(table).toContain('first 2016 · last 2020 · absent 2017–2018, back in 2019');
    expect(table).toMatch(/^2017 .* 0 {2}absent$/m);
    expect(table).toMatch(/^2019 .* 2 {2}█{30} back$/m);
    expect(table).not.toContain('§');
  });

  it('lists at most hitsPerEdition hits and says how many more', () => {
    const table = renderTraceTable(tracePhrase(englishSeries(), 'increasingly severe'), { hitsPerEdition: 1 });
    expect(table.match(/… and 1 more/g)).toHaveLength(2);
  });

  it('marks the match in bold for a colour terminal', () => {
    const table = renderTraceTable(tracePhrase(englishSeries(), 'tensions'), { style: 'ansi' });
    expect(table).toContain('\u001b[1;4mTensions\u001b[0m');
  });

  it('says when the phrase is found nowhere', () => {
    expect(renderTraceTable(tracePhrase(englishSeries(), 'hypersonic'))).toContain('not found in any edition');
  });
});

describe('kwicLine', () => {
  it('aligns the match in one column whatever the script, and never lets text drive the terminal', () => {
    const english = tracePhrase(englishSeries(), 'the').editions[3]?.hits ?? [];
    const japanese = tracePhrase(japaneseSeries(), '安全保障').editions[0]?.hits ?? [];
    for (const hit of [...english, ...japanese]) {
      const line = kwicLine(hit, 20);
      expect(displayWidth(line.slice(0, line.indexOf('[')))).toBe(21);
      expect(line).not.toMatch(/[\n\r\t]/);
    }
  });
});
