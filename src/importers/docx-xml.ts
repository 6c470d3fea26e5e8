/**
 * A small, forgiving, linear-time XML tokenizer for the parts of a DOCX (document.xml, styles.xml, numbering.xml,
 * footnotes.xml). It is SAX-like (after the Simple API for XML): it calls back for start tags, end tags and text and
 * builds no tree, so a 10 MB document.xml costs one pass and no per-node objects beyond the attribute maps.
 *
 * Why not a DOM (cheerio in xmlMode)? We need only a handful of WordprocessingML elements in document order, and a
 * streaming walk keeps memory flat. Hostile input is harmless here: entities other than the five predefined ones and
 * numeric references are never expanded (no DOCTYPE processing, so no "billion laughs"), and malformed markup ends the
 * scan early instead of throwing — the caller decides whether what it got is enough.
 *
 * Names are resolved against `xmlns` declarations: elements of WordprocessingML (transitional or strict) come out as
 * `w:name` whatever prefix the file used, markup compatibility as `mc:name`; other namespaces keep `{uri}name`.
 */

/** The WordprocessingML namespaces (ECMA-376 transitional and ISO 29500 strict), both reported as prefix `w`. */
const KNOWN_NAMESPACES: Readonly<Record<string, string>> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
};

/** Callbacks of a scan; `name` is the resolved name (`w:p`), attributes are keyed by local name (`val`, `id`). */
export interface XmlHandler {
  start(name: string, attributes: Readonly<Record<string, string>>, selfClosing: boolean): void;
  end(name: string): void;
  text(value: string): void;
}

/** What a scan found besides the events: whether the markup ended cleanly. */
export interface XmlScanResult {
  /** False when the scan stopped at malformed markup (an unterminated tag, comment or CDATA section). */
  complete: boolean;
  /** Offset where scanning stopped. */
  offset: number;
}

/** How many open elements an end tag may implicitly close when its own end tags are missing. */
const MAX_RECOVERY_DEPTH = 16;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode the predefined entities and numeric character references; unknown entities are kept as written. */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, body: string) => {
    if (body.charCodeAt(0) === 35 /* # */) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(code);
    }
    return PREDEFINED_ENTITIES[body] ?? whole;
  });
}

// Attributes: name="value" or name='value'. The regex is applied only to the inside of one tag.
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Scan `xml`, calling `handler` in document order; stops early (complete: false) at malformed markup. */
export function scanXml(xml: string, handler: XmlHandler): XmlScanResult {
  // Namespace scopes: a stack of prefix maps, pushed only by elements that declare namespaces.
  const scopes: Array<{ depth: number; map: Map<string, string> }> = [];
  let prefixes = new Map<string, string>([['xml', 'xml']]);
  const openNames: string[] = [];
  const length = xml.length;
  let offset = 0;
  while (offset < length) {
    const lt = xml.indexOf('<', offset);
    if (lt < 0) {
      emitText(xml.slice(offset), handler);
      return { complete: openNames.length === 0, offset: length };
    }
    if (lt > offset) emitText(xml.slice(offset, lt), handler);
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close < 0) return { complete: false, offset: lt };
        offset = close + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const close = xml.indexOf(']]>', lt + 9);
        if (close < 0) return { complete: false, offset: lt };
        if (close > lt + 9) handler.text(xml.slice(lt + 9, close));
        offset = close + 3;
      } else {
        // A DOCTYPE or other declaration: skipped, never interpreted (internal subsets are not expanded).
        const close = skipDeclaration(xml, lt);
        if (close < 0) return { complete: false, offset: lt };
        offset = close;
      }
      continue;
    }
    if (next === 63 /* ? */) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) return { complete: false, offset: lt };
      offset = close + 2;
      continue;
    }
    const gt = findTagEnd(xml, lt + 1);
    if (gt < 0) return { complete: false, offset: lt };
    offset = gt + 1;
    if (next === 47 /* / */) {
      const rawName = xml.slice(lt + 2, gt).trim();
      // Close the matching open element, tolerating a missing end tag in between (malformed but recoverable).
      // The search looks back a bounded number of levels so that stray end tags cannot make the scan quadratic.
      let index = openNames.length - 1;
      const floor = Math.max(0, openNames.length - MAX_RECOVERY_DEPTH);
      while (index >= floor && openNames[index] !== rawName) index--;
      if (index < floor) continue;
      while (openNames.length > index) {
        const depth = openNames.length;
        const closing = openNames.pop() as string;
        handler.end(resolveName(closing, prefixes));
        while (scopes.length > 0 && (scopes[scopes.length - 1] as { depth: number }).depth === depth) {
          scopes.pop();
          prefixes = scopes.length > 0 ? (scopes[scopes.length - 1] as { map: Map<string, string> }).map : baseMap();
        }
      }
      continue;
    }
    let inner = xml.slice(lt + 1, gt);
    const selfClosing = inner.endsWith('/');
    if (selfClosing) inner = inner.slice(0, -1);
    const nameEnd = inner.search(/[\s]/);
    const rawName = nameEnd < 0 ? inner : inner.slice(0, nameEnd);
    if (rawName.length === 0) continue;
    const attributes: Record<string, string> = {};
    let declared: Map<string, string> | undefined;
    if (nameEnd >= 0) {
      ATTRIBUTE.lastIndex = nameEnd;
      for (let match = ATTRIBUTE.exec(inner); match !== null; match = ATTRIBUTE.exec(inner)) {
        const attributeName = match[1] as string;
        const value = decodeXmlEntities(match[2] ?? match[3] ?? '');
        if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) {
          declared ??= new Map(prefixes);
          declared.set(attributeName === 'xmlns' ? '' : attributeName.slice(6), value);
          continue;
        }
        const colon = attributeName.indexOf(':');
        attributes[colon < 0 ? attributeName : attributeName.slice(colon + 1)] = value;
      }
    }
    if (declared) {
      prefixes = declared;
      scopes.push({ depth: openNames.length + 1, map: declared });
    }
    const name = resolveName(rawName, prefixes);
    handler.start(name, attributes, selfClosing);
    if (selfClosing) {
      handler.end(name);
      if (declared) {
        scopes.pop();
        prefixes = scopes.length > 0 ? (scopes[scopes.length - 1] as { map: Map<string, string> }).map : baseMap();
      }
    } else {
      openNames.push(rawName);
    }
  }
  return { complete: openNames.length === 0, offset: length };
}

function baseMap(): Map<string, string> {
  return new Map([['xml', 'xml']]);
}

function emitText(raw: string, handler: XmlHandler): void {
  if (raw.length > 0) handler.text(decodeXmlEntities(raw));
}

/** The offset of the `>` ending the tag opened before `from`, skipping `>` inside quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let index = from; index < xml.length; index++) {
    const code = xml.charCodeAt(index);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 34 || code === 39) {
      quote = code;
    } else if (code === 62 /* > */) {
      return index;
    } else if (code === 60 /* < */) {
      return -1; // A tag never contains `<` outside quotes: the markup is broken.
    }
  }
  return -1;
}

/** The offset just past a `<!…>` declaration, counting nested `[ … ]` internal subsets; -1 when unterminated. */
function skipDeclaration(xml: string, from: number): number {
  let brackets = 0;
  for (let index = from + 2; index < xml.length; index++) {
    const code = xml.charCodeAt(index);
    if (code === 91) brackets++;
    else if (code === 93) brackets = Math.max(0, brackets - 1);
    else if (code === 62 && brackets === 0) return index + 1;
  }
  return -1;
}

function resolveName(rawName: string, prefixes: Map<string, string>): string {
  const colon = rawName.indexOf(':');
  const prefix = colon < 0 ? '' : rawName.slice(0, colon);
  const local = colon < 0 ? rawName : rawName.slice(colon + 1);
  const uri = prefixes.get(prefix);
  if (uri === undefined) return prefix === '' ? local : `${prefix}:${local}`;
  const known = KNOWN_NAMESPACES[uri];
  return known ? `${known}:${local}` : `{${uri}}${local}`;
}
