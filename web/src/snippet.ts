/**
 * Splitting a search snippet into plain and marked parts. The store marks every match as `[[…]]`
 * (src/store/store.ts, SearchHit.snippet); the page turns marked parts into `<mark>` elements built as text nodes.
 */

/** One part of a snippet. */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

/** The parts of a snippet in order; an unclosed `[[` is kept as plain text. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  while (at < snippet.length) {
    const open = snippet.indexOf('[[', at);
    const close = open < 0 ? -1 : snippet.indexOf(']]', open + 2);
    if (open < 0 || close < 0) {
      parts.push({ text: snippet.slice(at), marked: false });
      break;
    }
    if (open > at) parts.push({ text: snippet.slice(at, open), marked: false });
    parts.push({ text: snippet.slice(open + 2, close), marked: true });
    at = close + 2;
  }
  return parts.filter((p) => p.text.length > 0);
}
