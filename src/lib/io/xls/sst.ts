// The shared string table (SST and the CONTINUE records after it) of a BIFF8 workbook: read to
// know which strings are there and where each starts, appended to in new CONTINUE records (the
// existing bytes stay as they are), and its index (EXTSST) rebuilt from the final positions.
import { BiffError, CONTINUE, EXTSST, MAX_BODY, SST, put16, put32, record, u16, u32, type Rec } from './records';

export interface Sst {
  /** Index of the SST record, and how many records (SST + CONTINUEs) it spans. */
  at: number;
  /** The SST record itself. */
  rec: Rec;
  count: number;
  total: number;
  strings: string[];
  /** Where each string starts: its record (by identity) and the offset in that record's body. */
  starts: { rec: Rec; off: number }[];
}

const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16le');

/** Read the SST at `at` (null when the workbook has none). Strings that run past its records are refused. */
export function readSst(records: readonly Rec[], from: number, to: number): Sst | null {
  let at = -1;
  for (let i = from; i < to; i++) if ((records[i] as Rec).type === SST) { at = i; break; }
  if (at < 0) return null;
  let count = 1;
  while (at + count < records.length && (records[at + count] as Rec).type === CONTINUE) count++;
  const segs = records.slice(at, at + count);
  const first = (segs[0] as Rec).body;
  if (first.length < 8) throw new BiffError('short SST');
  const total = u32(first, 0);
  const unique = u32(first, 4);
  let k = 0;
  let off = 8;
  const seg = () => (segs[k] as Rec).body;
  /** Move to the next record when this one is used up (header bytes never carry a flag byte). */
  const settle = () => {
    while (k < segs.length && off >= seg().length) {
      k++;
      off = 0;
    }
    if (k >= segs.length) throw new BiffError('SST ends early');
  };
  const byte = () => {
    settle();
    return seg()[off++] as number;
  };
  const skip = (n: number) => {
    while (n > 0) {
      settle();
      const step = Math.min(n, seg().length - off);
      off += step;
      n -= step;
    }
  };
  const strings: string[] = [];
  const starts: Sst['starts'] = [];
  for (let i = 0; i < unique; i++) {
    settle();
    starts.push({ rec: segs[k] as Rec, off });
    const cch = byte() | (byte() << 8);
    const flags = byte();
    const runs = flags & 8 ? byte() | (byte() << 8) : 0;
    const ext = flags & 4 ? (byte() | (byte() << 8) | (byte() << 16) | (byte() << 24)) >>> 0 : 0;
    let high = flags & 1;
    let left = cch;
    let text = '';
    while (left > 0) {
      if (off >= seg().length) {
        k++;
        off = 0;
        if (k >= segs.length || seg().length === 0) throw new BiffError('SST ends early');
        high = (seg()[off++] as number) & 1;
      }
      const n = Math.min(left, Math.floor((seg().length - off) / (high ? 2 : 1)));
      if (n === 0) throw new BiffError('string split inside a character');
      const bytes = seg().subarray(off, off + n * (high ? 2 : 1));
      text += high ? utf16.decode(bytes) : latin1.decode(bytes);
      off += bytes.length;
      left -= n;
    }
    skip(runs * 4 + ext);
    strings.push(text);
  }
  return { at, rec: records[at] as Rec, count, total, strings, starts };
}

/**
 * New strings as CONTINUE records (each at most MAX_BODY bytes): a string's header is never split;
 * its characters may be, the next record then starting with the flag byte that says how they are
 * stored. Returns the records and where each string starts.
 */
export function appendStrings(texts: readonly string[]): { records: Rec[]; starts: { rec: Rec; off: number }[] } {
  const records: Rec[] = [];
  const starts: { rec: Rec; off: number }[] = [];
  let buf = new Uint8Array(MAX_BODY);
  let len = 0;
  let pending: { off: number }[] = [];
  const flush = () => {
    const rec = record(CONTINUE, buf.slice(0, len));
    records.push(rec);
    for (const s of pending) starts.push({ rec, off: s.off });
    pending = [];
    buf = new Uint8Array(MAX_BODY);
    len = 0;
  };
  for (const text of texts) {
    let high = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) { high = 1; break; }
    const w = high ? 2 : 1;
    if (MAX_BODY - len < 3 + w) flush();
    pending.push({ off: len });
    put16(buf, len, text.length);
    buf[len + 2] = high;
    len += 3;
    let i = 0;
    while (i < text.length) {
      if (MAX_BODY - len < w) {
        flush();
        buf[len++] = high;
      }
      const n = Math.min(text.length - i, Math.floor((MAX_BODY - len) / w));
      for (let j = 0; j < n; j++) {
        const c = text.charCodeAt(i + j);
        buf[len++] = c & 0xff;
        if (high) buf[len++] = c >>> 8;
      }
      i += n;
    }
  }
  if (len > 0 || pending.length) flush();
  return { records, starts };
}

/**
 * The EXTSST for `starts` with the file's bucket size (strings per bucket), at most `maxBuckets`
 * buckets. `fromSst`: the offset in each bucket is counted from the SST record's start (as POI
 * writes it) rather than from the record that holds the string (as the specification says).
 * `sizeOnly`: the record with its final length, its positions not yet filled in.
 */
export function extSst(dsst: number, starts: readonly { rec: Rec; off: number }[], at: Map<Rec, number>, sstRec: Rec, fromSst: boolean, maxBuckets: number, sizeOnly = false): Rec {
  const buckets = Math.min(Math.ceil(starts.length / dsst), maxBuckets);
  const body = new Uint8Array(2 + 8 * buckets);
  put16(body, 0, dsst);
  for (let b = 0; b < buckets && !sizeOnly; b++) {
    const s = starts[b * dsst] as { rec: Rec; off: number };
    const abs = (at.get(s.rec) as number) + 4 + s.off;
    put32(body, 2 + 8 * b, abs);
    put16(body, 6 + 8 * b, fromSst ? abs - (at.get(sstRec) as number) : 4 + s.off);
  }
  return record(EXTSST, body);
}

/** Whether an EXTSST counts its offsets from the SST record (POI) rather than from the string's own record. */
export function extSstFromSst(ext: Rec, starts: readonly { rec: Rec; off: number }[], at: Map<Rec, number>, sstRec: Rec): boolean {
  const dsst = u16(ext.body, 0);
  for (let b = 0; 2 + 8 * b + 8 <= ext.body.length && b * dsst < starts.length; b++) {
    const s = starts[b * dsst] as { rec: Rec; off: number };
    if (s.rec !== sstRec) {
      const abs = (at.get(s.rec) as number) + 4 + s.off;
      return u16(ext.body, 6 + 8 * b) === (abs - (at.get(sstRec) as number)) % 0x10000;
    }
  }
  return false;
}
