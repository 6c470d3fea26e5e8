/**
 * Fingerprints of units for matching: an exact key, a bag of word hashes and a set of word-shingle hashes.
 * Shingling follows Broder, "On the resemblance and containment of documents" (1997): the resemblance of two texts
 * is the Jaccard index of their sets of contiguous word n-grams. Hashes are 32-bit FNV-1a, which is fast in JS and
 * good enough here because every candidate is re-scored on its words before it is accepted.
 */

/**
 * A unit's fingerprints. Arrays are sorted ascending so set operations are linear merges. Everything but the key is
 * computed on first use: most blocks of a long edition pair as unique exact matches on their key alone and never
 * need a word bag or shingles.
 */
export interface Fingerprint {
  /** The normalised text; equal keys mean the units read the same. */
  readonly key: string;
  /** Hash of `key`. */
  readonly hash: number;
  /** Hashes of the unit's words (a multiset, sorted); CJK runs contribute character bigrams. */
  readonly words: Uint32Array;
  /** `words.length`, counted without hashing when the words themselves are not needed (countWords). */
  readonly wordCount: number;
  /** `words` without repeats (a set, sorted), for the set form of Dice. */
  readonly distinctWords: Uint32Array;
  /** Hashes of word 3-grams (a set, sorted); units under three words use their words instead. */
  readonly shingles: Uint32Array;
  /** The shingles used for candidate lookup: all of them for short units, a hash-selected sample for long ones. */
  readonly sample: Uint32Array;
  /** Length of the normalised text, a cheap measure of the unit's weight. */
  readonly weight: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashString(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Combine two 32-bit hashes into one, order-sensitively (a multiply-rotate mix in the style of MurmurHash3). */
export function combine(a: number, b: number): number {
  let h = Math.imul(a ^ (a >>> 15), 0x85ebca6b) + b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Per-code-unit classification cache: 0 unknown, 1 word character, 2 CJK character, 3 other. */
const CLASS = new Uint8Array(0x10000);
/** Per-code-unit lower-case cache (0 = not computed). */
const LOWER = new Uint16Array(0x10000);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK_CHAR = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

/** Whether a UTF-16 code unit is a word character (1), a CJK character (2) or neither (3). */
function classify(code: number): number {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) ? 1 : 3;
  let kind = CLASS[code] as number;
  if (kind === 0) {
    const char = String.fromCharCode(code);
    kind = CJK_CHAR.test(char) ? 2 : WORD_CHAR.test(char) ? 1 : 3;
    CLASS[code] = kind;
  }
  return kind;
}

/** Lower-case of one UTF-16 code unit (itself when lower-casing would change the length). */
function lower(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  let l = LOWER[code] as number;
  if (l === 0) {
    const folded = String.fromCharCode(code).toLowerCase();
    l = folded.length === 1 ? folded.charCodeAt(0) : code;
    LOWER[code] = l;
  }
  return l;
}

/**
 * Hashes of the lower-cased words of a text, in order; runs of CJK script contribute overlapping character
 * bigrams instead (Japanese has no spaces, and bigrams are the usual unit of n-gram indexing for it).
 * One pass over the characters and no substrings, because fingerprinting runs over every unit of both editions.
 */
export function wordHashes(text: string): { hashes: number[]; letters: number } {
  const count = hashWords(text);
  return { hashes: Array.from(scratch.subarray(0, count)), letters: scratchLetters };
}

/** Reused output of `hashWords`: grown when a text has more words than it holds, never shrunk. */
let scratch = new Uint32Array(1024);
/** Letters counted by the last `hashWords`. */
let scratchLetters = 0;

/** Append a hash to `scratch` at `at`, growing it when full. */
function put(at: number, hash: number): void {
  if (at === scratch.length) {
    const grown = new Uint32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[at] = hash;
}

/**
 * `wordHashes` into the shared `scratch` buffer: returns how many hashes it wrote. Fingerprinting copies them out
 * once, into the unit's own array, instead of growing a list per unit (most of the aligner's garbage otherwise).
 */
function hashWords(text: string): number {
  let count = 0;
  let letters = 0;
  let hash = FNV_OFFSET;
  let inWord = false;
  let previousCjk = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = classify(code);
    if (kind === 1) {
      previousCjk = -1;
      hash = Math.imul(hash ^ lower(code), FNV_PRIME);
      inWord = true;
      letters++;
      continue;
    }
    if (inWord) {
      put(count++, hash >>> 0);
      hash = FNV_OFFSET;
      inWord = false;
    }
    if (kind === 2) {
      letters++;
      if (previousCjk >= 0) put(count++, combine(previousCjk, code));
      else if (i + 1 >= text.length || classify(text.charCodeAt(i + 1)) !== 2) put(count++, combine(code, 0));
      previousCjk = code;
    } else previousCjk = -1;
  }
  if (inWord) put(count++, hash >>> 0);
  scratchLetters = letters;
  return count;
}

/**
 * The number of hashes `wordHashes` gives for a text, by the same scan without hashing or allocating: a filter on
 * length ("blocks of at most 22 words") then costs no word analysis of the edition's long blocks.
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let previousCjk = false;
  for (let i = 0; i < text.length; i++) {
    const kind = classify(text.charCodeAt(i));
    if (kind === 1) {
      previousCjk = false;
      inWord = true;
      continue;
    }
    if (inWord) {
      count++;
      inWord = false;
    }
    if (kind === 2) {
      // A bigram with the previous CJK character, or a lone CJK character as its own unit.
      if (previousCjk || i + 1 >= text.length || classify(text.charCodeAt(i + 1)) !== 2) count++;
      previousCjk = true;
    } else previousCjk = false;
  }
  return inWord ? count + 1 : count;
}

/** Units with more shingles than this index only a hash-selected sample of them. */
const SAMPLE_ABOVE = 24;

/** Fingerprint a unit whose normalised key has already been computed. */
export function fingerprint(key: string): Fingerprint {
  return new LazyFingerprint(key);
}

/** The word bag and shingles of a key. */
interface Analysis {
  words: Uint32Array;
  shingles: Uint32Array;
  sample: Uint32Array;
}

/** A fingerprint whose hash and word analysis are computed on first use. */
class LazyFingerprint implements Fingerprint {
  private cachedHash = -1;
  private cachedWordCount = -1;
  private analysis: Analysis | undefined;
  private cachedDistinct: Uint32Array | undefined;
  readonly weight: number;

  constructor(readonly key: string) {
    this.weight = key.length;
  }

  get hash(): number {
    if (this.cachedHash < 0) this.cachedHash = hashString(this.key);
    return this.cachedHash;
  }

  get words(): Uint32Array {
    this.analysis ??= analyse(this.key);
    return this.analysis.words;
  }

  get wordCount(): number {
    if (this.analysis) return this.analysis.words.length;
    if (this.cachedWordCount < 0) this.cachedWordCount = countWords(this.key);
    return this.cachedWordCount;
  }

  get distinctWords(): Uint32Array {
    // Made once per unit: a unit is scored against several candidates (wordSetDice).
    this.cachedDistinct ??= distinct(this.words);
    return this.cachedDistinct;
  }

  get shingles(): Uint32Array {
    this.analysis ??= analyse(this.key);
    return this.analysis.shingles;
  }

  get sample(): Uint32Array {
    this.analysis ??= analyse(this.key);
    return this.analysis.sample;
  }
}

/** Entries per chunk of the pool that fingerprints' arrays are cut from. */
const POOL_CHUNK = 1 << 16;
/** The current chunk: fingerprints' word, shingle and sample arrays are views of chunks like it. */
let pool = new Uint32Array(POOL_CHUNK);
/** Entries of `pool` already handed out. */
let pooled = 0;

/**
 * A view of `length` fresh entries of the pool. A typed array of its own costs a separate backing store, which the
 * garbage collector tracks and frees one by one; a long edition's units need tens of thousands of small arrays, so
 * they are cut from shared chunks instead (a chunk is freed once no fingerprint holds a view of it).
 */
function reserve(length: number): Uint32Array {
  if (pooled + length > pool.length) {
    pool = new Uint32Array(Math.max(POOL_CHUNK, length));
    pooled = 0;
  }
  const view = pool.subarray(pooled, pooled + length);
  pooled += length;
  return view;
}

/** Word hashes, 3-shingles and the shingle sample of a key. */
function analyse(key: string): Analysis {
  const count = hashWords(key);
  // The word hashes in text order, copied out of the scratch buffer: the shingles are made from them before sorting.
  const words = reserve(count);
  for (let i = 0; i < count; i++) words[i] = scratch[i] as number;
  let shingles: Uint32Array;
  if (count < 3) {
    const copy = reserve(count);
    copy.set(words);
    shingles = uniqueSorted(copy);
  } else {
    shingles = reserve(count - 2);
    for (let i = 0; i + 2 < count; i++) {
      shingles[i] = combine(combine(words[i] as number, words[i + 1] as number), words[i + 2] as number);
    }
    shingles = uniqueSorted(shingles);
  }
  words.sort();
  return { words, shingles, sample: shingles.length > SAMPLE_ABOVE ? sampleOf(shingles) : shingles };
}

/**
 * Broder's MOD-m sampling: keep the shingles whose hash is 0 mod 4. Both editions keep the same ones, so shared text
 * still shares sampled shingles, and the index of a long edition shrinks fourfold. Counted first, then copied, so
 * the sample is one exact-size array (what `filter` gives, without its growing).
 */
function sampleOf(shingles: Uint32Array): Uint32Array {
  let kept = 0;
  for (let i = 0; i < shingles.length; i++) if (((shingles[i] as number) & 3) === 0) kept++;
  const sample = reserve(kept);
  kept = 0;
  for (let i = 0; i < shingles.length; i++) {
    const h = shingles[i] as number;
    if ((h & 3) === 0) sample[kept++] = h;
  }
  return sample;
}

/** The values of a sorted array without repeats, in a new array (the words stay a multiset). */
function distinct(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  if (n === sorted.length) return sorted;
  const out = reserve(n);
  n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out[n++] = sorted[i] as number;
  return out;
}

/** Sort in place and drop duplicates; returns a view of the unique prefix. */
function uniqueSorted(values: Uint32Array): Uint32Array {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[i - 1]) values[n++] = values[i] as number;
  }
  // Most units repeat no shingle: the array itself then, not a second view of it.
  return n === values.length ? values : values.subarray(0, n);
}

/** Size of the intersection of two sorted arrays (multiset semantics when they hold repeats). */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

/** Dice coefficient of two word multisets: 2|A∩B| / (|A|+|B|); 1 for two empty units. */
export function wordDice(a: Fingerprint, b: Fingerprint): number {
  const total = a.words.length + b.words.length;
  if (total === 0) return a.key === b.key ? 1 : 0;
  return (2 * intersectionSize(a.words, b.words)) / total;
}

/** How much of `part`'s words occur in `whole`: |P∩W| / |P| (Broder's containment). */
export function containment(part: Fingerprint, whole: Fingerprint): number {
  if (part.words.length === 0) return 0;
  return intersectionSize(part.words, whole.words) / part.words.length;
}

/**
 * Whether `containment(part, whole) >= least`, stopping as soon as too many of `part`'s words are missing to reach
 * it: most candidate pieces of a split are not contained, and their long word lists need not be walked to the end.
 */
export function isContained(part: Fingerprint, whole: Fingerprint, least: number): boolean {
  const a = part.words;
  const b = whole.words;
  if (a.length === 0) return least <= 0; // containment is 0 then
  // Part shares at most all of whole's words: when even that is too little, no walk is needed.
  if (b.length / a.length < least) return false;
  // At most `allowed` of part's words may be missing: common ≤ |P| − missing, so more missing cannot reach `least`.
  let missing = 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) {
      i++;
      missing++;
      if ((a.length - missing) / a.length < least) return false;
    } else j++;
  }
  return common / a.length >= least;
}

/**
 * Dice coefficient of two units' sets of distinct words: 2|A∩B| / (|A|+|B|) with each word counted once. Repeated
 * function words weigh a long paragraph down in the multiset form; the set form measures shared vocabulary, as a
 * reader judges "the same text, edited" (and as issue 10 defines a missed modification).
 */
export function wordSetDice(a: Fingerprint, b: Fingerprint): number {
  const x = a.distinctWords;
  const y = b.distinctWords;
  if (x.length + y.length === 0) return a.key === b.key ? 1 : 0;
  return (2 * intersectionSize(x, y)) / (x.length + y.length);
}
