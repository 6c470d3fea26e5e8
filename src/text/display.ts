/**
 * Text for fixed-width displays, the ground floor every renderer stands on: whitespace and control-character
 * clean-up, display width of East Asian text (UAX #11), and word wrapping that keeps ANSI styles intact.
 * It imports nothing. All loops work on char codes so that a large report allocates per word at most, never per
 * character.
 */

/** One run of whitespace (line breaks inside a block included) becomes one space, so a unit reads as one line. */
export function collapseWhitespace(text: string): string {
  // Most units are single-spaced already: test before building a new string.
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/**
 * Replaces control characters with visible stand-ins (C0 as U+2400 control pictures, DEL as ␡, C1 as U+FFFD), so
 * that document text can never drive the terminal (escape sequences, bells, cursor moves). Tabs and line breaks
 * should be collapsed before.
 */
export function replaceControls(text: string): string {
  let start = 0;
  let parts: string[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      parts ??= [];
      parts.push(text.slice(start, i));
      parts.push(code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd');
      start = i + 1;
    }
  }
  if (!parts) return text;
  parts.push(text.slice(start));
  return parts.join('');
}

/** Whitespace other than single spaces, or a control character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NEEDS_CLEANING = /[^\S ]| {2}|[\u0000-\u001f\u007f-\u009f]/;

/** Document text made safe and single-line for a terminal or Markdown line. */
export function plainText(text: string): string {
  // One regex scan tells most texts need nothing (the two steps below would scan twice).
  return NEEDS_CLEANING.test(text) ? replaceControls(collapseWhitespace(text)) : text;
}

/** True for code points a terminal draws two columns wide (CJK, Hangul, fullwidth forms, most emoji). */
export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** True for combining marks and other zero-width code points. */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x3099 && code <= 0x309a) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    code === 0xfeff
  );
}

/** Columns a string occupies in a terminal, ignoring ANSI SGR sequences (`ESC [ … m`). */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    if (code > 0xffff) i++;
    if (code === 0x1b) {
      while (i < text.length && text.charCodeAt(i) !== 0x6d) i++;
      continue;
    }
    if (isZeroWidth(code)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** The SGR sequence that ends every style. */
const RESET = '\u001b[0m';

/** Closing punctuation that must not start a line in Japanese (kinsoku shori): it may hang past the margin instead. */
function isClosingPunctuation(code: number): boolean {
  return (
    code === 0x3001 || // 、
    code === 0x3002 || // 。
    code === 0x300d || // 」
    code === 0x300f || // 』
    code === 0x3009 || // 〉
    code === 0x3011 || // 】
    code === 0xff09 || // ）
    code === 0xff0c || // ，
    code === 0xff0e || // ．
    code === 0xff01 || // ！
    code === 0xff1f || // ？
    code === 0x30fc // ー
  );
}

/**
 * A character that is not one column wide on its own line of words: an escape (a style), a zero-width or wide code
 * point, closing punctuation that may hang, a surrogate. Every other code unit but the space is one column of a word.
 */
const NOT_PLAIN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the styles wrapLine must keep.
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: code units are what is sought, combining marks alone.
  /[\u001b\u0300-\u036f\u1100-\u115f\u200b-\u200f\u2e80-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe00-\ufe4f\ufeff\uff00-\uffef]/;

/** Display widths of the indents wrapped lines start with: a report wraps thousands of paragraphs with a handful. */
const INDENT_WIDTHS = new Map<string, number>();

/** `displayWidth` of an indent, measured once per distinct indent (a few dozen kept at most). */
function indentWidth(indent: string): number {
  let width = INDENT_WIDTHS.get(indent);
  if (width === undefined) {
    if (INDENT_WIDTHS.size >= 64) INDENT_WIDTHS.clear();
    width = displayWidth(indent);
    INDENT_WIDTHS.set(indent, width);
  }
  return width;
}

/** The space, the only break in plain text. */
const SPACE = 0x20;

/**
 * `wrapLine` of a plain text (no character NOT_PLAIN matches): its words are its runs of non-spaces, one column per
 * character, so a line from word start `start` holds every word ending within `width` columns, found by one search
 * back from that column (lastIndexOf) instead of a walk over every character — run cold, the walk was the report's
 * most expensive loop. The same lines as the general walk below (a property test compares them).
 */
function wrapPlain(lines: string[], text: string, width: number, firstIndent: string, restIndent: string): void {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === SPACE) start++;
  let last = text.length;
  while (last > start && text.charCodeAt(last - 1) === SPACE) last--;
  if (start >= last) {
    lines.push(firstIndent);
    return;
  }
  let prefix = firstIndent;
  let limit = start + width - indentWidth(firstIndent);
  const restWidth = indentWidth(restIndent);
  while (limit < last) {
    // The last space at or before the margin ends the line's last whole word; none after `start`: the first word is
    // longer than the line and stands alone.
    const space = text.lastIndexOf(' ', limit);
    let end: number;
    if (space > start) {
      end = space;
      while (text.charCodeAt(end - 1) === SPACE) end--;
    } else {
      end = text.indexOf(' ', start);
      if (end < 0 || end >= last) break;
    }
    lines.push(prefix + text.slice(start, end));
    start = end;
    while (text.charCodeAt(start) === SPACE) start++;
    prefix = restIndent;
    limit = start + width - restWidth;
  }
  lines.push(prefix + text.slice(start, last));
}

/**
 * Greedy word wrap (the classic first-fit line breaker) of one logical line to `width` columns. Breaks at spaces and
 * between wide (CJK) characters, never inside a word; a word longer than the line gets a line of its own. The first
 * line starts with `firstIndent`, the others with `restIndent`. ANSI styles open at a break are closed at the end of
 * the line and reopened after the next indent, so indentation is never underlined or struck through.
 *
 * Each line is one slice of `text` (plus indent and style repairs) rather than a string built word by word: reports
 * wrap megabytes, and per-word concatenation was most of their cost in allocation and garbage collection.
 */
export function wrapLine(text: string, width: number, firstIndent = '', restIndent = firstIndent): string[] {
  const lines: string[] = [];
  wrapLineInto(lines, text, width, firstIndent, restIndent);
  return lines;
}

/**
 * `wrapLine`'s lines appended to `lines`: for a report that gathers all its lines in one list, which then needs no list
 * of its own per wrapped paragraph.
 */
export function wrapLineInto(
  lines: string[],
  text: string,
  width: number,
  firstIndent = '',
  restIndent = firstIndent,
): void {
  if (NOT_PLAIN.test(text)) wrapStyled(lines, text, width, firstIndent, restIndent);
  else wrapPlain(lines, text, width, firstIndent, restIndent);
}

/**
 * `wrapLine` by the walk over every character that styled and wide text takes, for any text: the oracle that the
 * quicker path for plain text is checked against (display.test.ts).
 */
export function wrapLineByWalk(text: string, width: number, firstIndent = '', restIndent = firstIndent): string[] {
  const lines: string[] = [];
  wrapStyled(lines, text, width, firstIndent, restIndent);
  return lines;
}

/**
 * `wrapLineInto` of any text, styles and wide characters included: a walk over every character. A function of its own
 * so that the closure it needs is made for these texts only, not for every plain one.
 */
function wrapStyled(lines: string[], text: string, width: number, firstIndent: string, restIndent: string): void {
  const restWidth = displayWidth(restIndent);
  const length = text.length;
  let prefix = firstIndent;
  let column = displayWidth(firstIndent);
  // The current line is prefix + text.slice(lineStart, lineEnd); lineStart is -1 while it holds no word yet.
  let lineStart = -1;
  let lineEnd = 0;
  // Spaces seen since the last word, styles in force at lineEnd, and styles opened since (they belong to the next
  // word, so a break before that word moves them to the next line).
  let spaces = 0;
  let active = '';
  let opening = '';
  let openingStart = -1;
  let i = 0;

  const place = (start: number, end: number, tokenWidth: number, hangs: boolean): void => {
    if (lineStart < 0) lineStart = openingStart >= 0 ? openingStart : start;
    else if (column + spaces + tokenWidth > width && !hangs) {
      lines.push(
        active ? `${prefix}${text.slice(lineStart, lineEnd)}${RESET}` : prefix + text.slice(lineStart, lineEnd),
      );
      prefix = restIndent + active;
      column = restWidth;
      lineStart = openingStart >= 0 ? openingStart : start;
    } else column += spaces;
    active += opening;
    opening = '';
    openingStart = -1;
    spaces = 0;
    column += tokenWidth;
    lineEnd = end;
  };

  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 0x20) {
      spaces++;
      i++;
    } else if (code === 0x1b) {
      let end = i;
      while (end < length && text.charCodeAt(end) !== 0x6d) end++;
      end++;
      if (end - i === RESET.length && text.startsWith(RESET, i)) {
        active = '';
        opening = '';
        openingStart = -1;
        if (lineStart >= 0) {
          column += spaces;
          spaces = 0;
          lineEnd = end;
        }
      } else {
        if (openingStart < 0) openingStart = i;
        opening += text.slice(i, end);
      }
      i = end;
    } else {
      const point = code < 0x1100 ? code : (text.codePointAt(i) as number);
      if (code >= 0x1100 && (isWide(point) || isClosingPunctuation(point))) {
        const size = point > 0xffff ? 2 : 1;
        place(i, i + size, isWide(point) ? 2 : 1, isClosingPunctuation(point));
        i += size;
      } else {
        // Scan one word, measuring it on the way; Latin text takes the cheap branch for every character.
        let end = i;
        let wordWidth = 0;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c < 0x300) {
            if (c === 0x20 || c === 0x1b) break;
            wordWidth++;
            end++;
            continue;
          }
          const p = text.codePointAt(end) as number;
          if (end > i && (isWide(p) || isClosingPunctuation(p))) break;
          if (!isZeroWidth(p)) wordWidth++;
          end += p > 0xffff ? 2 : 1;
        }
        place(i, end, wordWidth, false);
        i = end;
      }
    }
  }
  if (lineStart < 0) lines.push(prefix);
  else
    lines.push(active ? `${prefix}${text.slice(lineStart, lineEnd)}${RESET}` : prefix + text.slice(lineStart, lineEnd));
}
