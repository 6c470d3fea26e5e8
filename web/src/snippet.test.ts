import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet.js';

describe('snippetParts', () => {
  it('splits marked matches from plain text', () => {
    expect(snippetParts('… protect [[territorial]] and [[maritime]] …')).toEqual([
      { text: '… protect ', marked: false },
      { text: 'territorial', marked: true },
      { text: ' and ', marked: false },
      { text: 'maritime', marked: true },
      { text: ' …', marked: false },
    ]);
  });

  it('keeps markup-looking text as plain text and an unclosed marker as written', () => {
    expect(snippetParts('<img src=x onerror=alert(1)> [[<script>]]')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: '<script>', marked: true },
    ]);
    expect(snippetParts('a [[b')).toEqual([{ text: 'a [[b', marked: false }]);
    expect(snippetParts('')).toEqual([]);
  });
});
