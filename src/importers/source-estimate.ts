/**
 * Cheap estimates, from the raw bytes, of how much text a Markdown or HTML source holds, so that an input far over
 * the engine's capacity (`maxCharacters`) is refused in milliseconds instead of after a parse that takes a minute
 * (issue 9 item 3: a 20 MB Markdown file ran 93 s, a 20 MB HTML page 75 s, before E_LIMIT). One pass over the bytes,
 * no decoding: a character is a byte that is not a UTF-8 continuation byte (exact for UTF-8; about one per character
 * for the two-byte legacy encodings; UTF-16 counts half its bytes). The estimates are upper bounds of the extracted
 * text in all but pathological markup, and the caller allows a factor on top (`SOURCE_FACTOR`).
 */

/** How many times `maxCharacters` an estimate may reach before the source is refused unparsed. */
export const SOURCE_FACTOR = 2;

/** Whether `bytes` start with a UTF-16 byte order mark. */
function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** Characters of a plain or Markdown source: every character counts (markup is a small part of Markdown). */
export function estimateSourceCharacters(bytes: Uint8Array): number {
  if (isUtf16(bytes)) return Math.floor(bytes.length / 2);
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (((bytes[i] as number) & 0xc0) !== 0x80) count++;
  return count;
}

/** Whether `bytes` at `at` spell `word` (ASCII, lower case), ignoring case. */
function startsWithAt(bytes: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const byte = bytes[at + k];
    if (byte === undefined || (byte | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** The index of the first occurrence of ASCII `needle` (lower case) at or after `from`, ignoring case; else the end. */
function indexOfAscii(bytes: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  for (let i = from; i < bytes.length; i++) {
    if (((bytes[i] as number) | 0x20) === first && startsWithAt(bytes, i, needle)) return i;
  }
  return bytes.length;
}

/** Whether `byte` is ASCII white space. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c;
}

/**
 * Characters of text an HTML source can yield: non-blank characters outside tags, comments, scripts and styles,
 * a character reference (`&amp;`, `&#12354;`) counting as one. UTF-16 pages are not scanned (half their bytes).
 */
export function estimateHtmlCharacters(bytes: Uint8Array): number {
  if (isUtf16(bytes)) return Math.floor(bytes.length / 2);
  let count = 0;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte === 0x3c /* < */) {
      if (startsWithAt(bytes, i + 1, '!--')) i = indexOfAscii(bytes, '-->', i + 4) + 3;
      // A script or style runs to its end tag, which the next turn skips as a tag.
      else if (startsWithAt(bytes, i + 1, 'script')) i = indexOfAscii(bytes, '</script', i + 7);
      else if (startsWithAt(bytes, i + 1, 'style')) i = indexOfAscii(bytes, '</style', i + 6);
      else {
        i++;
        while (i < bytes.length && bytes[i] !== 0x3e /* > */) i++;
        i++;
      }
      continue;
    }
    if (byte === 0x26 /* & */) {
      let end = i + 1;
      while (end < bytes.length && end - i < 32 && bytes[end] !== 0x3b /* ; */ && !isSpace(bytes[end] as number)) end++;
      count++;
      i = bytes[end] === 0x3b ? end + 1 : i + 1;
      continue;
    }
    if (!isSpace(byte) && (byte & 0xc0) !== 0x80) count++;
    i++;
  }
  return count;
}
