// BIFF8 records: the Workbook stream of an .xls as a list of (type, body), and back. Records are
// objects, so that a position computed after the list changed can be found by identity (the
// offsets in BOUNDSHEET8, INDEX, DBCELL and EXTSST are recomputed from the final list).

export interface Rec {
  type: number;
  body: Uint8Array;
}

export const BOF = 0x0809;
export const EOF = 0x000a;
export const BOUNDSHEET = 0x0085;
export const SST = 0x00fc;
export const CONTINUE = 0x003c;
export const EXTSST = 0x00ff;
export const INDEX = 0x020b;
export const DBCELL = 0x00d7;
export const ROW = 0x0208;
export const DIMENSIONS = 0x0200;
export const DEFCOLWIDTH = 0x0055;
export const COLINFO = 0x007d;
export const FILEPASS = 0x002f;
export const LABELSST = 0x00fd;
export const LABEL = 0x0204;
export const RSTRING = 0x00d6;
export const NUMBER = 0x0203;
export const RK = 0x027e;
export const MULRK = 0x00bd;
export const BLANK = 0x0201;
export const MULBLANK = 0x00be;
export const BOOLERR = 0x0205;
export const FORMULA = 0x0006;
export const STRING = 0x0207;
export const SHRFMLA = 0x04bc;
export const ARRAY = 0x0221;
export const TABLE = 0x0236;

/** Records that are one cell (row, column, XF index first), and the two that are several. */
export const SINGLE_CELLS = new Set([LABELSST, LABEL, RSTRING, NUMBER, RK, BLANK, BOOLERR, FORMULA]);
export const MULTI_CELLS = new Set([MULRK, MULBLANK]);
/** What may sit among the cell records of a sheet (the cell table). */
export const CELL_TABLE = new Set([...SINGLE_CELLS, ...MULTI_CELLS, ROW, DBCELL, STRING, SHRFMLA, ARRAY, TABLE]);

/** The largest record body BIFF8 allows. */
export const MAX_BODY = 8224;

export class BiffError extends Error {
  override name = 'BiffError';
}

export const u16 = (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8);
export const u32 = (b: Uint8Array, p: number) => ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1000000;
export function put16(b: Uint8Array, p: number, v: number): void {
  b[p] = v & 0xff;
  b[p + 1] = (v >>> 8) & 0xff;
}
export function put32(b: Uint8Array, p: number, v: number): void {
  b[p] = v & 0xff;
  b[p + 1] = (v >>> 8) & 0xff;
  b[p + 2] = (v >>> 16) & 0xff;
  b[p + 3] = (v >>> 24) & 0xff;
}

/** The stream's records; a record that runs past the end is refused. Trailing bytes shorter than a header are kept as `tail`. */
export function readRecords(stream: Uint8Array): { records: Rec[]; tail: Uint8Array } {
  const records: Rec[] = [];
  let p = 0;
  while (p + 4 <= stream.length) {
    const type = u16(stream, p);
    const len = u16(stream, p + 2);
    if (p + 4 + len > stream.length) throw new BiffError('record past the end of the stream');
    records.push({ type, body: stream.subarray(p + 4, p + 4 + len) });
    p += 4 + len;
  }
  return { records, tail: stream.subarray(p) };
}

/** Each record's stream position, by index (a roster of 60,000 rows has about a million records: no map of them all). */
export function offsets(records: readonly Rec[]): Float64Array {
  const out = new Float64Array(records.length);
  let p = 0;
  for (let i = 0; i < records.length; i++) {
    out[i] = p;
    p += 4 + (records[i] as Rec).body.length;
  }
  return out;
}

/** The positions, by identity, of the records outside the cell tables (and of the DBCELLs): what the absolute offsets name. */
export function outerPositions(records: readonly Rec[], pos: Float64Array): Map<Rec, number> {
  const at = new Map<Rec, number>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as Rec;
    if (r.type === DBCELL || !CELL_TABLE.has(r.type)) at.set(r, pos[i] as number);
  }
  return at;
}

export function writeRecords(records: readonly Rec[], tail: Uint8Array): Uint8Array {
  let size = tail.length;
  for (const r of records) size += 4 + r.body.length;
  const out = new Uint8Array(size);
  let p = 0;
  for (const r of records) {
    put16(out, p, r.type);
    put16(out, p + 2, r.body.length);
    out.set(r.body, p + 4);
    p += 4 + r.body.length;
  }
  out.set(tail, p);
  return out;
}

export function record(type: number, body: Uint8Array): Rec {
  if (body.length > MAX_BODY) throw new BiffError('record too long');
  return { type, body };
}

/** A cell record's body: row, column, XF index, then `rest`. */
export function cellBody(row: number, col: number, xf: number, rest: number): Uint8Array {
  const b = new Uint8Array(6 + rest);
  put16(b, 0, row);
  put16(b, 2, col);
  put16(b, 4, xf);
  return b;
}

/** The first and last column a cell record covers (a MULRK/MULBLANK covers several). */
export function cellColumns(r: Rec): [number, number] {
  const first = u16(r.body, 2);
  if (MULTI_CELLS.has(r.type)) return [first, u16(r.body, r.body.length - 2)];
  return [first, first];
}

/** One sheet's substream: from its BOF to its EOF (a chart's BOF…EOF inside is skipped over). */
export interface Substream {
  /** Index of the BOF record, and of the EOF record. */
  bof: number;
  eof: number;
}

/** The substreams of the stream, in order: the globals first. */
export function substreams(records: readonly Rec[]): Substream[] {
  const out: Substream[] = [];
  let depth = 0;
  let start = -1;
  records.forEach((r, i) => {
    if (r.type === BOF) {
      if (depth === 0) start = i;
      depth++;
    } else if (r.type === EOF && depth > 0) {
      depth--;
      if (depth === 0) out.push({ bof: start, eof: i });
    }
  });
  return out;
}
