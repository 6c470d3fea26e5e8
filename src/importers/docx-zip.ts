/**
 * Bounded ZIP reading for DOCX packages (ECMA-376 Part 2, Open Packaging Conventions, on PKWARE's APPNOTE ZIP).
 *
 * A zip bomb is refused before anything is inflated: the central directory is parsed by hand and every part's
 * declared uncompressed size, and their total, are checked against the limit. Declared sizes can lie, so inflation
 * is streamed in small input slices (fflate's `Inflate`) and stops as soon as the output passes the part's declared
 * size: a part can never cost more memory than it claimed, and it claimed less than the limit. Deflate expands
 * at most ~1032:1, so one 4 KiB slice yields at most ~4 MiB before the check runs.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { loadFflate } from './fflate.js';

/** One file of a ZIP archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated; anything else is refused when read. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** A budget shared by every part inflated in one import: bytes left and the time by which work must end. */
export interface InflateBudget {
  /** Decompressed bytes still allowed across all parts. */
  remaining: number;
  /** The limit as configured, for messages. */
  limit: number;
  /** `performance.now()` deadline. */
  deadline: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;
/** Input slice pushed to the inflater at a time; bounds the output produced between two limit checks. */
const INFLATE_SLICE = 4096;
/** Most entries read from a central directory; a DOCX has a few dozen. */
const MAX_ENTRIES = 65535;

/** Read the central directory of a ZIP archive; throws E_CORRUPT when `bytes` is not a readable ZIP. */
export function readZipDirectory(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string): PalimpsestError =>
    new PalimpsestError('E_CORRUPT', `${quoteFileName(file)} is not a readable DOCX: ${why}`, { file });
  if (bytes.length < 22) throw corrupt('too short to be a ZIP archive');
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (its comment is at most 65535 bytes).
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no ZIP end-of-central-directory record (not a ZIP, or truncated)');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (directoryOffset === ZIP64_MARKER || directorySize === ZIP64_MARKER || count === 0xffff) {
    throw corrupt('ZIP64 archives are not supported');
  }
  if (directoryOffset + directorySize > eocd) throw corrupt('the central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let at = directoryOffset;
  for (let index = 0; index < Math.min(count, MAX_ENTRIES); index++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw corrupt('damaged central directory');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > eocd) throw corrupt('damaged central directory');
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    if (
      entry.compressedSize === ZIP64_MARKER ||
      entry.uncompressedSize === ZIP64_MARKER ||
      entry.localHeaderOffset === ZIP64_MARKER
    ) {
      throw corrupt('ZIP64 archives are not supported');
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuse (E_LIMIT) an archive where one part, or all parts together, declare more than `limit` bytes. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], limit: number, file: string): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > limit) {
      throw new PalimpsestError(
        'E_LIMIT',
        `${quoteFileName(file)}: part ${entry.name} declares ${entry.uncompressedSize} bytes decompressed, over the ${limit}-byte limit (a zip bomb?)`,
        { file },
      );
    }
    total += entry.uncompressedSize;
  }
  if (total > limit) {
    throw new PalimpsestError(
      'E_LIMIT',
      `${quoteFileName(file)}: its parts declare ${total} bytes decompressed in all, over the ${limit}-byte limit (a zip bomb?)`,
      { file },
    );
  }
}

/**
 * Inflate one entry, never producing more than its declared size nor more than the budget: E_LIMIT when either is
 * passed, E_CORRUPT for damaged data or an unsupported method, E_TIMEOUT when the deadline passes.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, file: string): Uint8Array {
  const corrupt = (why: string, cause?: unknown): PalimpsestError =>
    new PalimpsestError('E_CORRUPT', `${quoteFileName(file)} is not a readable DOCX: part ${entry.name} ${why}`, {
      file,
      cause,
    });
  if (entry.flags & 1) throw corrupt('is encrypted');
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length) throw corrupt('lies outside the archive');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(header, true) !== LOCAL_SIGNATURE) throw corrupt('has a damaged local header');
  const dataStart = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > bytes.length) throw corrupt('is truncated');
  const data = bytes.subarray(dataStart, dataEnd);
  const cap = Math.min(entry.uncompressedSize, budget.remaining);
  const overLimit = (): PalimpsestError =>
    new PalimpsestError(
      'E_LIMIT',
      cap < entry.uncompressedSize
        ? `${quoteFileName(file)}: its parts decompress to more than the ${budget.limit}-byte limit (a zip bomb?)`
        : `${quoteFileName(file)}: part ${entry.name} decompresses beyond its declared ${entry.uncompressedSize} bytes (a zip bomb?)`,
      { file },
    );
  let output: Uint8Array;
  if (entry.method === 0) {
    if (data.length > cap) throw overLimit();
    output = data.slice();
  } else if (entry.method === 8) {
    // Chunks are kept and joined at the end, so a part that lies upwards about its size costs only what it holds.
    const chunks: Uint8Array[] = [];
    let written = 0;
    const inflater = new (loadFflate().Inflate)((chunk: Uint8Array) => {
      if (written + chunk.length > cap) throw overLimit();
      if (chunk.length > 0) chunks.push(chunk); // fflate hands over a fresh copy per call.
      written += chunk.length;
    });
    try {
      for (let at = 0; at < data.length; at += INFLATE_SLICE) {
        const end = Math.min(data.length, at + INFLATE_SLICE);
        inflater.push(data.subarray(at, end), end === data.length);
        if (performance.now() > budget.deadline) {
          throw new PalimpsestError('E_TIMEOUT', `${quoteFileName(file)}: decompressing ${entry.name} took too long`, {
            file,
          });
        }
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof PalimpsestError) throw error;
      throw corrupt('has damaged compressed data', error);
    }
    output = new Uint8Array(written);
    let offset = 0;
    for (const chunk of chunks) {
      output.set(chunk, offset);
      offset += chunk.length;
    }
  } else {
    throw corrupt(`uses compression method ${entry.method}, which DOCX does not use`);
  }
  budget.remaining -= output.length;
  return output;
}

/** CRC-32 (ISO 3309, the polynomial ZIP uses), to notice a damaged part whose data still inflates. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let index = 0; index < data.length; index++) {
    crc = (CRC_TABLE[(crc ^ (data[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
