// The package layer: an .xlsx/.xlsm/.xlsb file is a zip of parts. This layer owns its bytes. It
// walks the zip's directory itself (small, and strict: whatever the directory and the local
// headers disagree on is refused), inflates every entry with fflate in small slices, counting
// the bytes and the cells as they come out, and stops at the budget. Declared sizes are only
// compared, never used to allocate. What it returns, the parts, is all any library ever sees:
// SheetJS gets a container we build from them (`sheetJsContainer`), never the user's zip, so no
// quirk of SheetJS's own zip reader can be reached by what a file merely claims.
// The export (`writePackage`) copies every part's compressed bytes as they were.
import { Inflate, deflateSync, inflateSync } from 'fflate';
import * as XLSX from 'xlsx';
import { MAX_CELLS, MAX_MERGES, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES } from './limits';
import type { Unwritable } from '../core/types';

export interface PackageBudget {
  maxBytes: number;
  maxEntries: number;
  maxCells: number;
}
export const PACKAGE_BUDGET: PackageBudget = { maxBytes: MAX_UNZIPPED_BYTES, maxEntries: MAX_ZIP_ENTRIES, maxCells: MAX_CELLS };

export type PackageProblem =
  /** The zip's directory, a local header or a deflate stream is broken, or they disagree. */
  | 'corrupt'
  /** Entries flagged as encrypted (zip encryption; Excel never writes this). */
  | 'zip-encrypted'
  | 'too-many-entries'
  /** Declared or inflated size over the budget. */
  | 'too-large'
  | 'too-many-cells';

export class PackageError extends Error {
  override name = 'PackageError';
  constructor(
    readonly problem: PackageProblem,
    readonly count?: number,
  ) {
    super(problem);
  }
}

/** One entry as it is stored: what the export copies when the part is unchanged. */
export interface StoredEntry {
  method: 0 | 8;
  crc: number;
  /** The compressed bytes (a view into the file). */
  data: Uint8Array;
  size: number;
}

export interface Package {
  /** Part names in the order of the zip's directory. */
  names: string[];
  /** Every part, inflated, by its exact name. */
  parts: Map<string, Uint8Array>;
  /** Every part as stored, by its exact name. */
  stored: Map<string, StoredEntry>;
  /** Cells counted in all parts (XML <c> elements; a .bin part counts one per 8 bytes). */
  cells: number;
  /**
   * By sheet part: the 0-based [row, col] of cells the writer will not change and why (a number
   * stored with digits lost, the master of a shared or array formula), set when the sheets were put
   * in canonical form (io/cells.ts); the reader hands them on as RawSheet.unwritable.
   */
  unwritable?: Map<string, [number, number, Unwritable][]>;
}

const u16 = (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8);
const u32 = (b: Uint8Array, p: number) => ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1000000;
const u64 = (b: Uint8Array, p: number) => u32(b, p) + u32(b, p + 4) * 2 ** 32;
const corrupt = () => new PackageError('corrupt');

/** Bytes pushed into the inflater at a time: what one push can make is bounded by about 1,000 times this. */
const SLICE = 16 * 1024;
/**
 * A part declaring at most AT_ONCE bytes, stored in at most AT_ONCE_STORED, is inflated at once
 * into a buffer one byte longer (a stream that fills it is longer than declared): the streaming
 * inflater allocates some 160 KB at every push, whatever the part, and a batch of 1,000 rosters
 * spent a fifth of its time on that. A lie about the size costs at most that buffer, and inflating
 * what four pushes could (the output past the buffer is dropped, the stream is refused after).
 */
const AT_ONCE = 1024 * 1024;
const AT_ONCE_STORED = 4 * SLICE;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * The sizes (and local header offset) of a zip entry, after its ZIP64 extended information field
 * (id 1), read as the zip specification says: the field holds, in this order, only the values whose
 * 32-bit header field is 0xFFFFFFFF. A field too short for them, or two such fields, is refused.
 */
function zip64(bytes: Uint8Array, start: number, len: number, values: number[]): number[] {
  const out = values.slice();
  let seen = false;
  for (let q = start; q + 4 <= start + len; ) {
    const id = u16(bytes, q);
    const size = u16(bytes, q + 2);
    if (q + 4 + size > start + len) throw corrupt();
    if (id === 1) {
      if (seen) throw corrupt();
      seen = true;
      let at = q + 4;
      for (let k = 0; k < out.length; k++) {
        if (out[k] !== 0xffffffff) continue;
        if (at + 8 > q + 4 + size) throw corrupt();
        out[k] = u64(bytes, at);
        at += 8;
      }
    }
    q += 4 + size;
  }
  return out;
}

/** An entry of a zip's directory, checked against its local header. */
export interface DirEntry {
  name: string;
  /** The name's bytes as stored (a view into the file), for a caller that decodes names its own way. */
  nameBytes: Uint8Array;
  /** The central header's "version made by": its upper byte is the system the zip was made on. */
  madeBy: number;
  /** The central header's extra fields (a view into the file): the name may be there in Unicode. */
  extra: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  csz: number;
  usz: number;
  local: number;
  dataStart: number;
}

/**
 * The zip's directory: the end record (the one that ends the file, after its comment), then every
 * central entry and its local header. Refused: a directory that does not fit the file, entries
 * whose local header names another part or states other sizes, entries that overlap, names that
 * are the same but for case (unless `sameNames` is 'keep': a zip of rosters lists such an entry
 * instead of losing all the others), encryption, methods other than stored and deflate. Shared with the
 * command line's reading of a .zip of rosters (src/cli/zipin.ts): one walk, one strictness.
 */
export function zipDirectory(bytes: Uint8Array, budget: Pick<PackageBudget, 'maxBytes' | 'maxEntries'>, sameNames: 'refuse' | 'keep' = 'refuse'): DirEntry[] {
  const n = bytes.length;
  let eocd = -1;
  for (let p = n - 22; p >= 0 && p >= n - 22 - 0xffff; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x05 && bytes[p + 3] === 0x06 && p + 22 + u16(bytes, p + 20) === n) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdStart = u32(bytes, eocd + 16);
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0 || u16(bytes, eocd + 8) !== count) throw corrupt();
  if (count > budget.maxEntries) throw new PackageError('too-many-entries', count);
  if (count === 0 || cdStart + cdSize > eocd) throw corrupt();
  const entries: DirEntry[] = [];
  const seen = new Set<string>();
  let declared = 0;
  let p = cdStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdStart + cdSize || u32(bytes, p) !== 0x02014b50) throw corrupt();
    const madeBy = u16(bytes, p + 4);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > cdStart + cdSize) throw corrupt();
    const [usz, csz, local] = zip64(bytes, p + 46 + nameLen, extraLen, [u32(bytes, p + 24), u32(bytes, p + 20), u32(bytes, p + 42)]) as [number, number, number];
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const extra = bytes.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x2041) throw new PackageError('zip-encrypted');
    if (method !== 0 && method !== 8) throw corrupt();
    if (method === 0 && csz !== usz) throw corrupt();
    // The local header: the same name, and the same sizes unless they are in a data descriptor.
    if (local + 30 > n || u32(bytes, local) !== 0x04034b50) throw corrupt();
    const localNameLen = u16(bytes, local + 26);
    const localExtraLen = u16(bytes, local + 28);
    const dataStart = local + 30 + localNameLen + localExtraLen;
    if (localNameLen !== nameLen || dataStart + csz > cdStart) throw corrupt();
    for (let k = 0; k < nameLen; k++) if (bytes[local + 30 + k] !== nameBytes[k]) throw corrupt();
    if (u16(bytes, local + 8) !== method || (u16(bytes, local + 6) & 0x2041) !== (flags & 0x2041)) throw corrupt();
    if (!(u16(bytes, local + 6) & 8)) {
      const [lUsz, lCsz] = zip64(bytes, local + 30 + localNameLen, localExtraLen, [u32(bytes, local + 22), u32(bytes, local + 18)]);
      if (lUsz !== usz || lCsz !== csz || u32(bytes, local + 14) !== crc) throw corrupt();
    }
    const name = flags & 0x800 ? utf8.decode(nameBytes) : latin1.decode(nameBytes);
    const key = name.toLowerCase();
    if ((sameNames === 'refuse' && seen.has(key)) || name === '') throw corrupt();
    seen.add(key);
    if (usz > budget.maxBytes || (declared += usz) > budget.maxBytes) throw new PackageError('too-large');
    entries.push({ name, nameBytes, madeBy, extra, flags, method, crc, csz, usz, local, dataStart });
  }
  // No two entries' data may overlap (the densest zip bombs share compressed data between entries).
  const byOffset = entries.slice().sort((a, b) => a.local - b.local);
  for (let k = 1; k < byOffset.length; k++) {
    const prev = byOffset[k - 1] as DirEntry;
    if ((byOffset[k] as DirEntry).local < prev.dataStart + prev.csz) throw corrupt();
  }
  return entries;
}

/**
 * Counts cell elements in XML as it streams past: "<c" or "<prefix:c" followed by a space, "/" or
 * ">" (so not </c>, <col>, <cfRule>). A part that starts with a UTF-16 byte order mark (XML
 * readers decode such parts) has the zero bytes of its ASCII characters skipped.
 */
export class CellScan {
  cells = 0;
  private seen = 0;
  private utf16 = false;
  private first = -1;
  /** 0: outside a tag name; 1: at the start of a name (after < or :); 2: the name is "c"; 3: another name. */
  private state = 0;

  feed(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    if (this.seen < 2 && n > 0) {
      if (this.seen === 0) {
        this.first = chunk[0] as number;
        if (n > 1) this.utf16 = (this.first === 0xff && chunk[1] === 0xfe) || (this.first === 0xfe && chunk[1] === 0xff);
      } else this.utf16 = (this.first === 0xff && chunk[0] === 0xfe) || (this.first === 0xfe && chunk[0] === 0xff);
    }
    this.seen += n;
    let st = this.state;
    while (i < n) {
      if (st === 0) {
        const lt = chunk.indexOf(60, i);
        if (lt < 0) break;
        st = 1;
        i = lt + 1;
        continue;
      }
      const b = chunk[i++] as number;
      if (b === 0 && this.utf16) continue;
      if (b === 60) st = 1;
      else if (b === 32 || b === 47 || b === 62 || b === 9 || b === 10 || b === 13) {
        if (st === 2) this.cells++;
        st = 0;
      } else if (b === 58) st = 1;
      else st = st === 1 && b === 99 ? 2 : 3;
    }
    this.state = st;
  }
}

/**
 * Read a zip package under the budget. Throws PackageError. The work is bounded by the file size
 * plus the budget, whatever the file declares.
 */
export function readPackage(bytes: Uint8Array, budget: PackageBudget = PACKAGE_BUDGET): Package {
  const entries = zipDirectory(bytes, budget);
  const parts = new Map<string, Uint8Array>();
  const stored = new Map<string, StoredEntry>();
  let total = 0;
  let cells = 0;
  for (const e of entries) {
    const data = bytes.subarray(e.dataStart, e.dataStart + e.csz);
    const scan = new CellScan();
    let part: Uint8Array;
    if (e.method === 0) {
      part = data;
      if (!isAttachment(e.name)) scan.feed(part);
      total += part.length;
    } else if (e.usz <= AT_ONCE && e.csz <= AT_ONCE_STORED && total + e.usz <= budget.maxBytes) {
      try {
        part = inflateSync(data, { out: new Uint8Array(e.usz + 1) });
      } catch {
        throw corrupt();
      }
      // Longer than declared: refused as the streaming inflater refuses it.
      if (part.length > e.usz) throw new PackageError('too-large');
      if (part.length !== e.usz) throw corrupt();
      if (!isAttachment(e.name)) scan.feed(part);
      total += part.length;
    } else {
      const chunks: Uint8Array[] = [];
      let size = 0;
      const attachment = isAttachment(e.name);
      const inflater = new Inflate((chunk) => {
        size += chunk.length;
        // More than the entry declares (how a lying zip bomb starts) or than the budget: refused
        // at once, after at most one slice's worth of output.
        if (size > e.usz || total + size > budget.maxBytes) throw new PackageError('too-large');
        if (chunk.length) {
          chunks.push(chunk);
          if (attachment) return;
          scan.feed(chunk);
          if (cells + scan.cells > budget.maxCells) throw new PackageError('too-many-cells');
        }
      });
      try {
        if (data.length === 0) inflater.push(data, true);
        for (let at = 0; at < data.length; at += SLICE) inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
      } catch (err) {
        if (err instanceof PackageError) throw err;
        throw corrupt();
      }
      // The data must be what the directory says it is.
      if (size !== e.usz) throw corrupt();
      part = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, size);
      total += size;
    }
    // Binary parts (.xlsb sheets) hold no XML cells: a binary cell record takes at least 8 bytes,
    // so they count one cell per 8 bytes, more than they can hold. Case does not matter. An
    // attachment (an embedded object, a picture) holds no cells at all: SheetJS never sees it
    // (sheetJsContainer), and only the unzipped-size budget applies to it.
    const binary = /\.bin$/i.test(e.name) ? Math.ceil(part.length / 8) : 0;
    if (!isAttachment(e.name)) cells += Math.max(scan.cells, binary);
    if (cells > budget.maxCells) throw new PackageError('too-many-cells');
    // A shared-string table longer than the cell budget: SheetJS would spend seconds on strings no
    // cell can use (4 million took 15 s). Counted in every XML part but the sheets (whose cells are
    // counted above), so a table under another name is found too.
    if (!binary && !isAttachment(e.name) && !/(^|\/)worksheets\//i.test(e.name) && countElements(part, 'si', budget.maxCells) > budget.maxCells) throw new PackageError('too-many-cells');
    if (total > budget.maxBytes) throw new PackageError('too-large');
    parts.set(e.name, part);
    stored.set(e.name, { method: e.method as 0 | 8, crc: e.crc, data, size: e.usz });
  }
  return { names: entries.map((e) => e.name), parts, stored, cells };
}

/**
 * How many elements with the local name `local` (any prefix) an XML part holds, counting stops
 * past `stop`. A UTF-16 part (byte order mark) has the zero bytes of its ASCII characters skipped.
 */
export function countElements(part: Uint8Array, local: string, stop = Number.MAX_SAFE_INTEGER): number {
  const utf16 = part.length >= 2 && ((part[0] === 0xff && part[1] === 0xfe) || (part[0] === 0xfe && part[1] === 0xff));
  const n = part.length;
  let count = 0;
  for (let i = part.indexOf(60); i >= 0 && count <= stop; i = part.indexOf(60, i + 1)) {
    // The name after "<": its local part (after the last ":") is compared with `local`.
    let at = 0;
    let ok = true;
    let j = i + 1;
    for (; j < n; j++) {
      const b = part[j] as number;
      if (b === 0 && utf16) continue;
      // A "<" ends the name too, so that each byte is looked at once (linear in the part).
      if (b === 32 || b === 47 || b === 62 || b === 9 || b === 10 || b === 13 || b === 60) break;
      if (b === 58) {
        at = 0;
        ok = true;
      } else if (ok && at < local.length && b === local.charCodeAt(at)) at++;
      else ok = false;
    }
    if (ok && at === local.length && j < n && part[j] !== 60) count++;
  }
  return count;
}

/** The byte arrays one after another (`size`: their total length, when the caller knows it). */
export function concat(chunks: readonly Uint8Array[], size = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A relationship target resolved against the folder of the part that owns the relationships. */
export function resolvePartName(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Part `name` as a target relative to the folder of part `from` ("../" only where it must climb). */
function shortestTarget(from: string, name: string): string {
  const base = from.split('/').slice(0, -1);
  const to = name.split('/');
  let common = 0;
  while (common < base.length && common < to.length - 1 && base[common] === to[common]) common++;
  return [...base.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** The part names, case-insensitively: the real name of `name` in the package, or undefined. */
export function findPart(pkg: Package, name: string): string | undefined {
  if (pkg.parts.has(name)) return name;
  const lower = name.toLowerCase();
  return pkg.names.find((n) => n.toLowerCase() === lower);
}

/**
 * Parts that are attachments, not cells: embedded objects (an embedded Word file or workbook),
 * pictures, printer settings, ActiveX controls and the macro project. The reading never needs
 * them, so SheetJS never sees them; they count against the unzipped size only.
 */
const ATTACHMENT = /(^|\/)(embeddings|media|printerSettings|activeX)\/|(^|\/)vbaProject\.bin$/i;
export function isAttachment(name: string): boolean {
  return ATTACHMENT.test(name);
}

/**
 * What SheetJS reads instead of the user's zip: a CFB container (SheetJS's own in-memory form of a
 * zip, `XLSX.CFB.utils.cfb_new`/`cfb_add`) holding the parts we have inflated and counted, under
 * names that are unique case-insensitively. Pass it to `XLSX.parse_zip`.
 *
 * The container holds only what reading the cells needs (`readingPart`): SheetJS turns every cell
 * of a hyperlink's range into a cell of its own (one link over A1:XFD1048576 is 17 billion), and
 * every comment into a cell, before anything can count them. The roster reading needs neither,
 * and the export copies the user's own parts, so nothing is lost by leaving them out.
 */
export function sheetJsContainer(pkg: Package, only?: (name: string) => boolean, options: ReadingOptions = {}): unknown {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const name of pkg.names) {
    // Folder entries (a name ending in "/") hold nothing and are no part.
    if (name.endsWith('/') || isAttachment(name) || (only && !only(name))) continue;
    // A fresh view of each part (the bytes are shared, not copied, unless the part is changed):
    // SheetJS's binary readers keep their read position on the array object itself, so a second
    // read of the same object (an .xlsb read for the check, then again for the export) would
    // start at its end.
    XLSX.CFB.utils.cfb_add(cfb, name, readingPart(name, pkg.parts.get(name) as Uint8Array, options), { unsafe: true });
  }
  return cfb;
}

/**
 * A part as the reading needs it: hyperlink and merged-range elements blanked out of XML, hyperlink records left
 * out of binary (.xlsb) sheets and column ranges clipped to Excel's 16,384 columns; relationships
 * to comments, comment drawings and hyperlinks left out of relationship parts. Anything else is
 * the part as it is.
 */
export function readingPart(name: string, part: Uint8Array, options: ReadingOptions = {}): Uint8Array {
  if (/\.rels$/i.test(name)) return withoutRelationships(part, name);
  if (/\.bin$/i.test(name)) return binaryReadingPart(part);
  const read = withoutUnreadElements(part, options.merges === true && countAscii(part, '<mergecell') <= MAX_MERGES);
  return withoutWideColumns(read);
}

/** What a reading needs beyond the cells. */
export interface ReadingOptions {
  /** The merged ranges of the sheets (a layout read), when they are no more than MAX_MERGES a part. */
  merges?: boolean;
}

/** How many times an ASCII text (lower case) occurs in the bytes, in any case. */
function countAscii(bytes: Uint8Array, needle: string): number {
  let n = 0;
  const first = needle.charCodeAt(0);
  for (let i = bytes.indexOf(first); i >= 0; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && ((bytes[i + k] as number) | 0x20) === needle.charCodeAt(k)) k++;
    if (k === needle.length) n++;
  }
  return n;
}

/**
 * Column-width elements (<col min max>) reaching past Excel's 16,384 columns are blanked: SheetJS
 * makes an object for every column of the range when it reads widths (a layout read), so
 * max="1000000000" never ends. Excel writes none.
 */
const COL_TAG = /<(?:[\w.-]+:)?col(?![\w.:-])[^>]*>/g;
function withoutWideColumns(part: Uint8Array): Uint8Array {
  return blankTags(part, ['<col', ':col'], COL_TAG, (tag) => {
    for (const name of ['min', 'max']) {
      const m = new RegExp(`\\s${name}\\s*=\\s*["']\\s*(\\d{1,6})\\s*["']`).exec(tag);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > LAST_COLUMN + 1) return true;
    }
    return false;
  });
}

/** Relationship types (the end of their Type URI) the reading of cells never follows. */
const UNREAD_RELATIONSHIPS = /\/(comments|threadedComment|vmlDrawing|hyperlink)$/i;
const RELATIONSHIP_TAG = /<(?:[\w.-]+:)?Relationship(?![\w.:-])[^>]*>/g;
const TYPE_ATTRIBUTE = /\sType\s*=\s*(?:"([^"]*)"|'([^']*)')/;
/**
 * The elements blanked out of XML parts, by their local name: "hyperlink" (not "hyperlinks"),
 * and "mergeCell" (SheetJS keeps an object per merged range: 3 million of them, 78 MB of XML that
 * compresses to 190 KB, took 800 MB; no roster reading uses them).
 */
const UNREAD_ELEMENTS = ['hyperlink', 'mergecell'];
const UNREAD_TAG = /<(?:[\w.-]+:)?(?:hyperlink|mergeCell)(?![\w.:-])[^>]*>/gi;

/**
 * Blank (overwrite with spaces, so that no new tag can form from what is left) every tag matched
 * by `pattern` and accepted by `keep` returning false. Works on the bytes of a UTF-8 (or any
 * ASCII-compatible) part, and on the text of a UTF-16 one; returns the part itself when nothing
 * matched.
 */
function blankTags(part: Uint8Array, needles: readonly string[], pattern: RegExp, drop: (tag: string) => boolean): Uint8Array {
  const utf16 = part.length >= 2 && ((part[0] === 0xff && part[1] === 0xfe) || (part[0] === 0xfe && part[1] === 0xff));
  if (utf16) {
    const le = part[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(part.subarray(2));
    const lower = text.toLowerCase();
    if (!needles.some((n) => lower.includes(n))) return part;
    const blanked = text.replace(pattern, (tag) => (drop(tag) ? ' '.repeat(tag.length) : tag));
    if (blanked === text) return part;
    const out = new Uint8Array(part.length);
    out[0] = part[0] as number;
    out[1] = part[1] as number;
    for (let i = 0; i < blanked.length; i++) {
      const c = blanked.charCodeAt(i);
      out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
      out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
    }
    return out;
  }
  if (!hasAscii(part, needles)) return part;
  // One character per byte, so that a match's index is its byte offset.
  const text = latin1.decode(part);
  let out: Uint8Array | null = null;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!drop(m[0])) continue;
    out ??= part.slice();
    out.fill(0x20, m.index, m.index + m[0].length);
  }
  return out ?? part;
}

/**
 * Whether one of the ASCII texts `needles` (lower case letters first) occurs in the bytes, in any
 * case. The first letter is found by the native indexOf, so a part without it costs little.
 */
function hasAscii(bytes: Uint8Array, needles: readonly string[]): boolean {
  for (const needle of needles) {
    const n = needle.length;
    for (const first of [needle.charCodeAt(0), needle.charCodeAt(0) & ~0x20]) {
      for (let i = bytes.indexOf(first); i >= 0 && i + n <= bytes.length; i = bytes.indexOf(first, i + 1)) {
        let k = 1;
        while (k < n && ((bytes[i + k] as number) | 0x20) === needle.charCodeAt(k)) k++;
        if (k === n) return true;
      }
    }
  }
  return false;
}

function withoutUnreadElements(part: Uint8Array, keepMerges = false): Uint8Array {
  if (keepMerges) return blankTags(part, ['hyperlink'], UNREAD_TAG, (tag) => !/^<(?:[\w.-]+:)?mergeCell/i.test(tag));
  return blankTags(part, UNREAD_ELEMENTS, UNREAD_TAG, () => true);
}

function withoutRelationships(part: Uint8Array, name: string): Uint8Array {
  const blanked = blankTags(part, ['relationship'], RELATIONSHIP_TAG, (tag) => {
    const m = TYPE_ATTRIBUTE.exec(tag);
    return m !== null && UNREAD_RELATIONSHIPS.test(m[1] ?? m[2] ?? '');
  });
  return withAbsoluteTargets(blanked, name);
}

/**
 * A relationship part with every internal target that has a "./" or "../" step written in its shortest
 * form: from the owner's folder, as few "../" as it takes, never above the package's root (legal
 * either way, and LibreOffice and openpyxl follow both; SheetJS finds no sheet behind
 * "./worksheets/sheet1.xml" or one "../" too many). The
 * part the relationships belong to is named by the relationship part's own name.
 */
function withAbsoluteTargets(part: Uint8Array, relsName: string): Uint8Array {
  if (!hasAscii(part, ['./'])) return part;
  const m = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(relsName);
  if (!m) return part;
  const owner = `${m[1]}${m[2]}`;
  const text = utf8.decode(part);
  const next = text.replace(RELATIONSHIP_TAG, (tag) => {
    if (/\sTargetMode\s*=\s*["']External["']/i.test(tag)) return tag;
    return tag.replace(/(\sTarget\s*=\s*)(["'])([^"']*)\2/, (whole, pre: string, q: string, target: string) => (/(^|\/)\.{1,2}\//.test(target) ? `${pre}${q}${shortestTarget(owner, resolvePartName(owner, target))}${q}` : whole));
  });
  return next === text ? part : new TextEncoder().encode(next);
}

/** .xlsb record types changed for the reading. */
const BRT_HLINK = 0x01ee;
const BRT_COLINFO = 0x003c;
const LAST_COLUMN = 16383;

/**
 * A binary part as the reading needs it, when it is a stream of .xlsb records (a type of one or
 * two bytes, a size of one to four, both 7 bits a byte, then the data) that ends exactly at its
 * end: hyperlink records left out, column-width records clipped to Excel's columns (SheetJS
 * makes one entry per column of the range, and the range is 32 bits wide). Anything else is
 * passed on as it is. Always a fresh view (see sheetJsContainer).
 */
function binaryReadingPart(part: Uint8Array): Uint8Array {
  const keep: [number, number][] = [];
  const clip: number[] = [];
  let kept = 0;
  let changed = false;
  const whole = walkRecords(part, (type, start, data, end) => {
    if (type === BRT_HLINK) {
      changed = true;
      return;
    }
    if (type === BRT_COLINFO && end - data >= 8) {
      if (u32(part, data) > LAST_COLUMN) {
        changed = true;
        return;
      }
      if (u32(part, data + 4) > LAST_COLUMN) {
        changed = true;
        clip.push(kept + (data + 4 - start));
      }
    }
    keep.push([start, end]);
    kept += end - start;
  });
  if (!whole || !changed) return part.subarray(0);
  const out = new Uint8Array(kept);
  let at = 0;
  for (const [s, e] of keep) {
    out.set(part.subarray(s, e), at);
    at += e - s;
  }
  for (const q of clip) new DataView(out.buffer).setUint32(q, LAST_COLUMN, true);
  return out;
}

/**
 * Visit every .xlsb record of a binary part (its type, where it starts, where its data starts
 * and where it ends); false when the part is not a stream of records that ends at its end.
 */
function walkRecords(part: Uint8Array, visit: (type: number, start: number, data: number, end: number) => void): boolean {
  let p = 0;
  const n = part.length;
  while (p < n) {
    const start = p;
    let type = part[p++] as number;
    if (type & 0x80) {
      if (p >= n) return false;
      type = (type & 0x7f) | (((part[p++] as number) & 0x7f) << 7);
    }
    let size = 0;
    for (let k = 0; ; k++) {
      if (p >= n || k === 4) return false;
      const b = part[p++] as number;
      size += (b & 0x7f) * 2 ** (7 * k);
      if (!(b & 0x80)) break;
    }
    const end = p + size;
    if (end > n) return false;
    visit(type, start, p, end);
    p = end;
  }
  return true;
}

/** BrtArrFmla: an array formula of an .xlsb sheet. */
const BRT_ARRAY_FORMULA = 0x01aa;

/** How many array-formula records the binary (.bin) parts of a package hold, attachments aside. */
export function xlsbArrayFormulas(pkg: Package): number {
  let count = 0;
  for (const name of pkg.names) {
    if (!/\.bin$/i.test(name) || isAttachment(name)) continue;
    walkRecords(pkg.parts.get(name) as Uint8Array, (type) => {
      if (type === BRT_ARRAY_FORMULA) count++;
    });
  }
  return count;
}

// --- Writing ---------------------------------------------------------------------------------

/** CRC-32 tables for four bytes at a time ("slicing by 4"). */
const CRC_TABLES = (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let k = 1; k < 4; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();
export function crc32(bytes: Uint8Array): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = 0;
  const n4 = bytes.length - (bytes.length % 4);
  for (; i < n4; i += 4) {
    c ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    c = (t[768 + (c & 0xff)] as number) ^ (t[512 + ((c >>> 8) & 0xff)] as number) ^ (t[256 + ((c >>> 16) & 0xff)] as number) ^ (t[c >>> 24] as number);
  }
  for (; i < bytes.length; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * A zip of the parts, in `names` order: a part found in `pkg.stored` (and not in `changed`) is
 * copied as it was stored, byte for byte; a changed one is deflated anew. Plain zip (no ZIP64, no
 * extra fields, no data descriptors), UTF-8 names.
 */
export function writePackage(names: readonly string[], stored: ReadonlyMap<string, StoredEntry>, changed: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const items = names.map((name) => {
    const fresh = changed.get(name);
    let entry: StoredEntry;
    if (fresh) entry = { method: 8, crc: crc32(fresh), data: deflateSync(fresh, { level: 1 }), size: fresh.length };
    else {
      const s = stored.get(name);
      if (!s) throw new Error(`part ${name} is missing`);
      entry = s;
    }
    return { name: enc.encode(name), entry };
  });
  let size = 22;
  for (const { name, entry } of items) size += 30 + 46 + 2 * name.length + entry.data.length;
  if (size > 0xffffffff || items.length > 0xffff) throw new Error('package too large to write');
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  for (const { name, entry } of items) {
    offsets.push(at);
    dv.setUint32(at, 0x04034b50, true);
    dv.setUint16(at + 4, 20, true);
    dv.setUint16(at + 6, 0x0800, true);
    dv.setUint16(at + 8, entry.method, true);
    dv.setUint16(at + 10, 0, true);
    dv.setUint16(at + 12, 0x21, true);
    dv.setUint32(at + 14, entry.crc, true);
    dv.setUint32(at + 18, entry.data.length, true);
    dv.setUint32(at + 22, entry.size, true);
    dv.setUint16(at + 26, name.length, true);
    dv.setUint16(at + 28, 0, true);
    out.set(name, at + 30);
    out.set(entry.data, at + 30 + name.length);
    at += 30 + name.length + entry.data.length;
  }
  const cdStart = at;
  items.forEach(({ name, entry }, i) => {
    dv.setUint32(at, 0x02014b50, true);
    dv.setUint16(at + 4, 20, true);
    dv.setUint16(at + 6, 20, true);
    dv.setUint16(at + 8, 0x0800, true);
    dv.setUint16(at + 10, entry.method, true);
    dv.setUint16(at + 12, 0, true);
    dv.setUint16(at + 14, 0x21, true);
    dv.setUint32(at + 16, entry.crc, true);
    dv.setUint32(at + 20, entry.data.length, true);
    dv.setUint32(at + 24, entry.size, true);
    dv.setUint16(at + 28, name.length, true);
    dv.setUint32(at + 42, offsets[i] as number, true);
    out.set(name, at + 46);
    at += 46 + name.length;
  });
  dv.setUint32(at, 0x06054b50, true);
  dv.setUint16(at + 8, items.length, true);
  dv.setUint16(at + 10, items.length, true);
  dv.setUint32(at + 12, at - cdStart, true);
  dv.setUint32(at + 16, cdStart, true);
  return out;
}
