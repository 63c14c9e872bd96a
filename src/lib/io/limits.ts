// Size budgets for reading, and a look inside a zip (.xlsx) before SheetJS inflates it. SheetJS
// inflates every entry of a zip at once and trusts the sizes the zip declares (or grows without
// bound when they are zero), so a small hostile file can take gigabytes or minutes. Here the zip's
// directory is read first, then every entry is decoded once into a 32 KB window (never into
// memory as a whole), counting the bytes it makes and the cells (<c …>) it holds, and stopping at
// the budget. Pure: runs in Node and in browsers.
import { MAX_COLUMNS, MAX_INPUT_BYTES } from '../core/types';

/** Largest input file, any format (defined in core so that the page need not import io). */
export { MAX_INPUT_BYTES };

/** The refusal of a file over a size budget, in one place for the reader and the page. */
export function tooLargeMessage(size: number, max: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `文件过大（${mb(size)}），最多能读取 ${mb(max)}；学员通讯录通常不到 1 MB，请确认选对了文件`;
}
/**
 * Largest CSV the command line reads (LARGE_CSV_BUDGET in read.ts): a 1,000,000-row roster is
 * about 150 MB; Excel itself opens no more than 1,048,576 rows.
 */
export const MAX_LARGE_CSV_BYTES = 256 * 1024 * 1024;
/**
 * Most cells in a CSV read by the page (empty ones count: each is a string in memory). A
 * 120,000-row roster of 13–25 columns fits; 30 MB of empty cells (30 million) would not.
 */
export const MAX_CSV_CELLS = 3_000_000;
/**
 * Most cells in a CSV read by the command line: a 1,000,000-row roster of 13 columns (13 million)
 * takes about 1 GB; 20 million stays under 2 GB.
 */
export const MAX_LARGE_CSV_CELLS = 20_000_000;
/** Most directory entries in an OLE container (.xls); a real one has about a dozen. */
export const MAX_OLE_ENTRIES = 4096;
/** Most merged ranges in an HTML/XML "spreadsheet"; a roster has a few merged title cells. */
export const MAX_MERGES = 2000;
/**
 * Largest total of a zip's entries once inflated. A 100,000-row roster is about 60 MB of sheet XML;
 * SheetJS needs roughly 6–8 times that in memory and about 10 s on a slow machine to parse it.
 */
export const MAX_UNZIPPED_BYTES = 80 * 1024 * 1024;
/** Most entries in a zip. An .xlsx has about 10 plus a few per sheet; 200 sheets need about 500. */
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Largest HTML/XML "spreadsheet" (what some systems save with an .xls name; a 1,000-attendee one
 * is about 0.5 MB). SheetJS's HTML and XML readers take about 60 times the file size in memory.
 */
export const MAX_MARKUP_BYTES = 4 * 1024 * 1024;
/**
 * Most rows with content in one sheet (for CSV: most rows). The engine is built and benchmarked for
 * 100,000-row rosters (scripts/bench.mjs), 100 times the 1,000-attendee ceiling; this leaves room
 * for title and blank rows. Every row may carry several issues: 120,000 rows that are all wrong take
 * about 3 s and 800 MB through `roster-check --json`, and Excel's 1,048,576 would take minutes.
 */
export const MAX_ROWS = 120_000;
/**
 * Most cells in all sheets of an .xlsx (<c> elements) or .xls (cell records). SheetJS's parse
 * time goes with the number of cells (about 4–8 µs each on a slow 2-core machine): a 100,000-row
 * roster of 13–15 columns has 1.3–1.5 million and takes about 10 s; a 15 MB .xlsx of 2.85 million
 * number cells took 21 s and 1.8 GB before this limit.
 */
export const MAX_CELLS = 1_500_000;
/** Excel's own limits: a file beyond them was not made by Excel, and no roster needs more. */
export const MAX_ROW_INDEX = 1_048_576;
export { MAX_COLUMNS };
export const MAX_CELL_CHARS = 32_767;
/**
 * Largest range (rows × columns, empty cells included) of a sheet in a corrected .xlsx: SheetJS's
 * writer visits every cell of it (20 million took 0.7 s on a slow 2-core machine). A 120,000-row
 * roster of 40 columns is 4.8 million; one stray cell at XFD1048576 makes 17 billion.
 */
export const MAX_WRITE_AREA = 20_000_000;

export type ZipProblem =
  /** The zip's directory or a deflate stream is broken. */
  | 'corrupt'
  /** Entries flagged as encrypted (zip encryption; Excel never writes this). */
  | 'zip-encrypted'
  | 'too-many-entries'
  /** Declared or actual inflated size over MAX_UNZIPPED_BYTES. */
  | 'too-large'
  /** More than MAX_CELLS cells in the sheets. */
  | 'too-many-cells';

export interface ZipEntry {
  name: string;
  method: number;
  /** Inflated size, counted (deflate) or as stored. */
  size: number;
  /** Cell elements (<c …>) in it. */
  cells: number;
}

export type ZipInspection = { entries: ZipEntry[] } | { problem: ZipProblem; count?: number };

const u16 = (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8);
const u32 = (b: Uint8Array, p: number) => ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1000000;

/**
 * Read the zip directory the way SheetJS does (the last end-of-directory record, the entry count on
 * this disk, each central entry's local header offset; the local header's sizes and flags are the
 * ones SheetJS uses) and check every entry against the budgets, declared sizes first, then the real
 * inflated size and cell count of each entry. Nothing is inflated into memory.
 */
export function inspectZip(bytes: Uint8Array, budget = MAX_UNZIPPED_BYTES, maxCells = MAX_CELLS): ZipInspection {
  const n = bytes.length;
  // The end record SheetJS uses: the last signature, searched from 4 bytes before the end (a
  // search from 22 bytes before it would find an earlier record than SheetJS does, and check a
  // different directory from the one SheetJS then reads). One that does not fit is broken.
  let eocd = n - 4;
  while (eocd >= 0 && !(bytes[eocd] === 0x50 && bytes[eocd + 1] === 0x4b && bytes[eocd + 2] === 0x05 && bytes[eocd + 3] === 0x06)) eocd--;
  if (eocd < 0 || eocd + 22 > n) return { problem: 'corrupt' };
  const count = u16(bytes, eocd + 8);
  const cdStart = u32(bytes, eocd + 16);
  if (count > MAX_ZIP_ENTRIES) return { problem: 'too-many-entries', count };
  if (count === 0 || cdStart + count * 46 > eocd) return { problem: 'corrupt' };

  // Pass 1: the directory and the local headers, and the sizes they declare.
  interface Raw { name: string; method: number; flags: number; dataStart: number; declared: number }
  const raws: Raw[] = [];
  let declaredTotal = 0;
  let p = cdStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) return { problem: 'corrupt' };
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    const cdSizes = zip64Sizes(bytes, p + 46 + nameLen, extraLen);
    const cdUsz = u32(bytes, p + 24);
    p += 46 + nameLen + extraLen + commentLen;
    if (p > eocd || local + 30 > n || u32(bytes, local) !== 0x04034b50) return { problem: 'corrupt' };
    const flags = u16(bytes, local + 6);
    const method = u16(bytes, local + 8);
    const localNameLen = u16(bytes, local + 26);
    const localExtraLen = u16(bytes, local + 28);
    const dataStart = local + 30 + localNameLen + localExtraLen;
    if (dataStart > n) return { problem: 'corrupt' };
    // The sizes SheetJS uses (and allocates before inflating): the local header's, replaced when
    // the local header has extra fields by the last ZIP64 field of the local header and then by
    // the last one of the central entry, each only when non-zero. Every other ZIP64 value is
    // budgeted too, in case they disagree.
    const localSizes = zip64Sizes(bytes, local + 30 + localNameLen, localExtraLen);
    const effective = (key: 'usz' | 'csz', header: number) => {
      let v = header;
      if (localExtraLen > 0) {
        v = localSizes.at(-1)?.[key] || v;
        v = cdSizes.at(-1)?.[key] || v;
      }
      return Math.max(v, ...cdSizes.map((z) => z[key]), ...localSizes.map((z) => z[key]));
    };
    const csz = effective('csz', u32(bytes, local + 18));
    const usz = effective('usz', u32(bytes, local + 22));
    // Without ZIP64 fields, the central entry's sizes are budgeted too (SheetJS only warns when
    // they differ from the local ones).
    const plain = cdSizes.length === 0 && localSizes.length === 0;
    if (flags & 0x2041) return { problem: 'zip-encrypted' };
    if (method !== 0 && method !== 8) return { problem: 'corrupt' };
    if (method === 0 && dataStart + csz > n) return { problem: 'corrupt' };
    // A size of 0xFFFFFFFF without a ZIP64 field is over any budget, as it should be.
    const declared = method === 0 ? csz : plain ? Math.max(usz, cdUsz) : usz;
    if (declared > budget) return { problem: 'too-large' };
    declaredTotal += declared;
    if (declaredTotal > budget) return { problem: 'too-large' };
    // The name SheetJS goes by is the local header's, one byte a character.
    let name = '';
    for (let k = 0; k < localNameLen; k++) name += String.fromCharCode(bytes[local + 30 + k] as number);
    raws.push({ name, method, flags, dataStart, declared });
  }

  // Pass 2: the real inflated sizes. Entries that share compressed data (overlapping entries, the
  // way the densest zip bombs are built) would make this pass repeat work: the compressed bytes read
  // over all entries may not exceed the file.
  const entries: ZipEntry[] = [];
  let total = 0;
  let consumed = 0;
  let cells = 0;
  for (const r of raws) {
    // Binary parts (.xlsb sheets, VBA, printer settings; SheetJS tells them by a lower-case
    // ".bin") hold no XML cells: a binary cell record takes at least 8 bytes, so they count as
    // one cell per 8 bytes, which is more than they can hold.
    const binary = r.name.endsWith('.bin');
    const scan = binary ? null : new CellScan(maxCells - cells);
    let size: number;
    if (r.method === 0) {
      size = r.declared;
      consumed += size;
      if (scan) for (let i = r.dataStart; i < r.dataStart + size && !scan.over; i++) scan.feed(bytes[i] as number);
    } else {
      const counted = inflatedSize(bytes, r.dataStart, budget - total, scan);
      if (counted === 'over') return { problem: 'too-large' };
      if (counted === 'bad') return { problem: 'corrupt' };
      size = counted.size;
      consumed += counted.end - r.dataStart;
    }
    if (scan?.over) return { problem: 'too-many-cells' };
    total += size;
    const partCells = scan ? scan.cells : Math.ceil(size / 8);
    cells += partCells;
    if (cells > maxCells) return { problem: 'too-many-cells' };
    if (total > budget) return { problem: 'too-large' };
    if (consumed > n) return { problem: 'corrupt' };
    entries.push({ name: r.name, method: r.method, size, cells: partCells });
  }
  return { entries };
}

/**
 * Every ZIP64 extended information field (extra field 0x0001) as SheetJS reads them: the
 * uncompressed and then the compressed size, 8 bytes each, read whatever size the field declares
 * (as long as they are inside the extra fields).
 */
function zip64Sizes(bytes: Uint8Array, start: number, len: number): { usz: number; csz: number }[] {
  const out: { usz: number; csz: number }[] = [];
  const end = Math.min(start + len, bytes.length);
  for (let q = start; q + 4 <= end; ) {
    const id = u16(bytes, q);
    const size = u16(bytes, q + 2);
    if (id === 1 && q + 20 <= end) {
      out.push({ usz: u32(bytes, q + 4) + u32(bytes, q + 8) * 2 ** 32, csz: u32(bytes, q + 12) + u32(bytes, q + 16) * 2 ** 32 });
    }
    q += 4 + size;
  }
  return out;
}

/**
 * Counts cell elements in XML as it streams past: "<c" or "<prefix:c" followed by a space, "/" or
 * ">" (so not </c>, <col>, <cfRule>). Keeps the last 32 KB, which back-references copy from.
 */
export class CellScan {
  readonly ring = new Uint8Array(32768);
  pos = 0;
  cells = 0;
  over = false;
  /** 0: outside a tag name; 1: at the start of a name (after < or :); 2: the name is "c"; 3: another name. */
  private state = 0;
  /**
   * The part starts with a UTF-16 byte order mark (SheetJS decodes such parts): the zero high
   * bytes of its ASCII characters are skipped, so "<c " still counts.
   */
  private utf16 = false;
  constructor(readonly max: number) {}

  feed(b: number): void {
    this.ring[this.pos++ & 32767] = b;
    if (this.pos === 2) {
      const b0 = this.ring[0] as number;
      this.utf16 = (b0 === 0xff && b === 0xfe) || (b0 === 0xfe && b === 0xff);
    }
    if (this.state !== 0 || b === 60) this.state = this.step(this.state, b);
  }

  /** Repeat `len` bytes from `distance` back. */
  copy(distance: number, len: number): void {
    const ring = this.ring;
    let pos = this.pos;
    let st = this.state;
    for (let k = 0; k < len; k++, pos++) {
      const b = ring[(pos - distance) & 32767] as number;
      ring[pos & 32767] = b;
      if (st !== 0 || b === 60) st = this.step(st, b);
    }
    this.pos = pos;
    this.state = st;
  }

  private step(st: number, b: number): number {
    if (b === 0 && this.utf16) return st;
    if (b === 60) return 1;
    if (st === 0) return 0;
    if (b === 32 || b === 47 || b === 62 || b === 9 || b === 10 || b === 13) {
      if (st === 2 && ++this.cells > this.max) this.over = true;
      return 0;
    }
    if (b === 58) return 1;
    return st === 1 && b === 99 ? 2 : 3;
  }
}

// --- Counting inflate (RFC 1951) ---------------------------------------------------------------
// Canonical Huffman decoding a bit at a time (as zlib's "puff" does), plus a 9-bit lookup table
// built only once a code has decoded 512 symbols: the work stays proportional to the compressed
// bits whatever a hostile block header asks for, and ordinary streams decode a symbol per lookup.

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const FAST_BITS = 9;
const FAST_AFTER = 512;

class Bad extends Error {}

interface Huffman {
  /** Codes of each length, 0..15. */
  counts: Int32Array;
  /** Symbols in canonical order. */
  symbols: Int32Array;
  /** (symbol << 4 | length) by the next FAST_BITS input bits; 0 for longer codes. Built lazily. */
  fast: Int32Array | null;
  uses: number;
}

/**
 * A canonical code from code lengths. Over-subscribed codes are refused; incomplete ones are kept
 * (some writers make them), and a code that is not there fails when it is met.
 */
function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const counts = new Int32Array(16);
  for (let s = 0; s < n; s++) counts[lengths[s] as number]! += 1;
  counts[0] = 0;
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left <<= 1;
    left -= counts[len] as number;
    if (left < 0) throw new Bad();
  }
  const offs = new Int32Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = (offs[len] as number) + (counts[len] as number);
  const symbols = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const l = lengths[s] as number;
    if (l !== 0) symbols[offs[l]!++] = s;
  }
  return { counts, symbols, fast: null, uses: 0 };
}

function buildFast(h: Huffman): Int32Array {
  const fast = new Int32Array(1 << FAST_BITS);
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    const c = h.counts[len] as number;
    for (let k = 0; k < c; k++, code++) {
      // Deflate sends Huffman codes most significant bit first: reverse to index by input bits.
      let rev = 0;
      for (let b = 0; b < len; b++) rev |= ((code >>> b) & 1) << (len - 1 - b);
      const entry = ((h.symbols[index + k] as number) << 4) | len;
      for (let fill = rev; fill < 1 << FAST_BITS; fill += 1 << len) fast[fill] = entry;
    }
    index += c;
    code <<= 1;
  }
  return fast;
}

const FIXED_LIT = (() => {
  const l = new Array<number>(288);
  for (let s = 0; s < 288; s++) l[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  const h = huffman(l, 288);
  h.fast = buildFast(h);
  return h;
})();
const FIXED_DIST = (() => {
  const h = huffman(new Array<number>(30).fill(5), 30);
  h.fast = buildFast(h);
  return h;
})();

/** Reads a raw deflate stream bit by bit, counting what it would write. */
class Counter {
  p: number;
  bitbuf = 0;
  bitcnt = 0;
  size = 0;
  constructor(
    readonly data: Uint8Array,
    start: number,
    readonly limit: number,
    readonly scan: CellScan | null,
  ) {
    this.p = start;
  }

  bits(need: number): number {
    while (this.bitcnt < need) {
      if (this.p >= this.data.length) throw new Bad();
      this.bitbuf |= (this.data[this.p++] as number) << this.bitcnt;
      this.bitcnt += 8;
    }
    const v = this.bitbuf & ((1 << need) - 1);
    this.bitbuf >>>= need;
    this.bitcnt -= need;
    return v;
  }

  decode(h: Huffman): number {
    let fast = h.fast;
    if (!fast && ++h.uses >= FAST_AFTER) fast = h.fast = buildFast(h);
    const data = this.data;
    let bitbuf = this.bitbuf;
    let bitcnt = this.bitcnt;
    let p = this.p;
    if (fast) {
      while (bitcnt < FAST_BITS && p < data.length) {
        bitbuf |= (data[p++] as number) << bitcnt;
        bitcnt += 8;
      }
      if (bitcnt >= FAST_BITS) {
        const e = fast[bitbuf & ((1 << FAST_BITS) - 1)] as number;
        if (e !== 0) {
          const len = e & 15;
          this.bitbuf = bitbuf >>> len;
          this.bitcnt = bitcnt - len;
          this.p = p;
          return e >>> 4;
        }
      }
    }
    let code = 0;
    let first = 0;
    let index = 0;
    const { counts, symbols } = h;
    for (let len = 1; len < 16; len++) {
      if (bitcnt === 0) {
        if (p >= data.length) throw new Bad();
        bitbuf = data[p++] as number;
        bitcnt = 8;
      }
      code |= bitbuf & 1;
      bitbuf >>>= 1;
      bitcnt--;
      const c = counts[len] as number;
      if (code - c < first) {
        this.bitbuf = bitbuf;
        this.bitcnt = bitcnt;
        this.p = p;
        return symbols[index + (code - first)] as number;
      }
      index += c;
      first += c;
      first <<= 1;
      code <<= 1;
    }
    throw new Bad();
  }

  /** One block's codes; false when the count passes the limit. */
  codes(lit: Huffman, dist: Huffman): boolean {
    const limit = this.limit;
    const data = this.data;
    const end = data.length;
    const mask = (1 << FAST_BITS) - 1;
    for (;;) {
      // Hot path, inlined: literals found in the lookup table.
      const fast = lit.fast;
      if (fast) {
        let bitbuf = this.bitbuf;
        let bitcnt = this.bitcnt;
        let p = this.p;
        let size = this.size;
        const scan = this.scan;
        for (;;) {
          if (bitcnt < FAST_BITS) {
            if (p + 1 >= end) break;
            bitbuf |= ((data[p] as number) | ((data[p + 1] as number) << 8)) << bitcnt;
            p += 2;
            bitcnt += 16;
          }
          const e = fast[bitbuf & mask] as number;
          if (e === 0 || e >>> 4 >= 256) break;
          bitbuf >>>= e & 15;
          bitcnt -= e & 15;
          if (++size > limit) return false;
          if (scan) {
            scan.feed(e >>> 4);
            if (scan.over) return false;
          }
        }
        this.bitbuf = bitbuf;
        this.bitcnt = bitcnt;
        this.p = p;
        this.size = size;
      }
      let sym = this.decode(lit);
      if (sym < 256) {
        if (++this.size > limit) return false;
        if (this.scan) {
          this.scan.feed(sym);
          if (this.scan.over) return false;
        }
        continue;
      }
      if (sym === 256) return true;
      sym -= 257;
      if (sym >= 29) throw new Bad();
      const len = (LEN_BASE[sym] as number) + this.bits(LEN_EXTRA[sym] as number);
      const d = this.decode(dist);
      if (d >= 30) throw new Bad();
      const distance = (DIST_BASE[d] as number) + this.bits(DIST_EXTRA[d] as number);
      if (distance > this.size) throw new Bad();
      this.size += len;
      if (this.size > limit) return false;
      if (this.scan) {
        this.scan.copy(distance, len);
        if (this.scan.over) return false;
      }
    }
  }

  stored(): boolean {
    // Skip to a byte boundary; the whole bytes left in the bit buffer are unread input.
    const data = this.data;
    let p = this.p - (this.bitcnt >>> 3);
    this.bitbuf = 0;
    this.bitcnt = 0;
    if (p + 4 > data.length) throw new Bad();
    const len = u16(data, p);
    if ((len ^ 0xffff) !== u16(data, p + 2)) throw new Bad();
    p += 4;
    if (p + len > data.length) throw new Bad();
    if (this.scan) for (let i = p; i < p + len && !this.scan.over; i++) this.scan.feed(data[i] as number);
    this.p = p + len;
    this.size += len;
    return this.size <= this.limit && !this.scan?.over;
  }

  dynamic(): boolean {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Bad();
    const lengths = new Int32Array(19);
    for (let i = 0; i < ncode; i++) lengths[CLEN_ORDER[i] as number] = this.bits(3);
    const lencode = huffman(lengths, 19);
    const all = new Int32Array(nlen + ndist);
    for (let i = 0; i < nlen + ndist; ) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        all[i++] = sym;
        continue;
      }
      let rep = 0;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new Bad();
        value = all[i - 1] as number;
        rep = 3 + this.bits(2);
      } else if (sym === 17) rep = 3 + this.bits(3);
      else rep = 11 + this.bits(7);
      if (i + rep > nlen + ndist) throw new Bad();
      while (rep--) all[i++] = value;
    }
    if (all[256] === 0) throw new Bad();
    return this.codes(huffman(all, nlen), huffman(all.subarray(nlen), ndist));
  }
}

/**
 * The number of bytes the raw deflate stream at `start` inflates to, and where it ends; 'over' as
 * soon as it passes `limit`, 'bad' for a broken stream (or one that runs past the end of `data`).
 * With a `scan`, every byte also goes through it (to count cells), and decoding stops once the scan
 * is over its own budget.
 */
export function inflatedSize(data: Uint8Array, start: number, limit: number, scan: CellScan | null = null): { size: number; end: number } | 'over' | 'bad' {
  const c = new Counter(data, start, limit, scan);
  try {
    let last = 0;
    while (!last) {
      last = c.bits(1);
      const type = c.bits(2);
      const within = type === 0 ? c.stored() : type === 1 ? c.codes(FIXED_LIT, FIXED_DIST) : type === 2 ? c.dynamic() : null;
      if (within === null) return 'bad';
      // A scan over its cell budget stops early too; the caller tells the two apart by scan.over.
      if (!within) return scan?.over ? { size: c.size, end: c.p } : 'over';
    }
  } catch (e) {
    if (e instanceof Bad) return 'bad';
    throw e;
  }
  return { size: c.size, end: c.p - (c.bitcnt >>> 3) };
}
