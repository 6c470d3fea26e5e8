import { describe, expect, it } from 'vitest';
import * as library from './node.js';

describe('the Node entry point', () => {
  it('exports the core and the importers', async () => {
    expect(typeof library.compareDocuments).toBe('function');
    expect(typeof library.parseText).toBe('function');
    expect(library.FORMATS).toEqual(['text', 'markdown', 'html', 'pdf', 'docx']);
    const edition = await library.importEdition(new TextEncoder().encode('Title\n\n(1) First\n\nBody.'), { name: 'a' });
    const document = library.parseImported(edition);
    expect(document.title?.value).toBe('Title');
  });
});
