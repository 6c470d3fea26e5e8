import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import * as library from './node.js';

/** The values the package entry exports, exactly: adding or dropping one is a change of the public API. */
const CORE_EXPORTS = [
  'ENGINE_VERSION',
  'FACT_KINDS',
  'LineIndex',
  'MIRRORED_RELATION',
  'RELATIONS',
  'SHIFT_KINDS',
  'SIGNIFICANCES',
  'alignDocuments',
  'blame',
  'collateSeries',
  'compareDocuments',
  'compareTexts',
  'diffFacts',
  'diffPairs',
  'diffWords',
  'extractFacts',
  'factsReport',
  'formatChanges',
  'formatPair',
  'history',
  'normalize',
  'normalizeKey',
  'parseText',
  'rankChanges',
  'rebuild',
  'renderReport',
  'renderTraceCsv',
  'renderTraceJson',
  'renderTraceSvg',
  'renderTraceTable',
  'traceFacts',
  'tracePhrase',
];

describe('the package entry point', () => {
  it('exports exactly the public API (types aside, which the compiler checks)', () => {
    expect(Object.keys(core).sort()).toEqual(CORE_EXPORTS);
  });
});

describe('the Node entry point', () => {
  it('exports the core and the importers', async () => {
    expect(typeof library.compareDocuments).toBe('function');
    expect(typeof library.parseText).toBe('function');
    expect(library.FORMATS).toEqual(['text', 'markdown', 'html', 'pdf', 'docx']);
    const edition = await library.importEdition(new TextEncoder().encode('Title\n\n(1) First\n\nBody.'), { name: 'a' });
    const document = library.parseImported(edition);
    expect(document.title?.value).toBe('Title');
  });

  it('exports exactly the core plus the importers, the error class, the store and its use cases', () => {
    const importers = [
      'DEFAULT_LIMITS',
      'FORMATS',
      'PalimpsestError',
      'decodeText',
      'detectFormat',
      'importEdition',
      'importSource',
      'isFormat',
      'isPalimpsestError',
      'parseImported',
    ];
    const store = [
      'addEditionBytes',
      'addEditions',
      'blameEdition',
      'compareStored',
      'factsStored',
      'listCorpus',
      'openStore',
      'removeFromCorpus',
      'searchCorpus',
      'seriesHistory',
      'showSeries',
      'traceSeries',
      'traceSeriesFacts',
    ];
    expect(Object.keys(library).sort()).toEqual([...CORE_EXPORTS, ...importers, ...store].sort());
  });
});
