// Row deletion in an .xls (BIFF8): the roster sheet's rows go, the rows below move up with what
// names them. The sheet's cell table (ROW, cell and DBCELL records) is rebuilt in blocks of 32
// rows; every other record stays, but for the row numbers in: DIMENSIONS, MERGEDCELLS, DV,
// CONDFMT/CONDFMT12/CF12/CFEX, HLINK/HLINKTOOLTIP, HORIZONTALPAGEBREAKS, NOTE, the anchors of
// drawings in MSODRAWING, SHRFMLA/ARRAY/TABLE ranges, each FORMULA's PtgExp, and in the globals the
// NAME ranges (PtgRef3d/PtgArea3d) that point at this sheet (the autofilter's _FilterDatabase and
// print titles are such names). A range wholly inside deleted rows goes; one spanning them
// shrinks; one below moves up. Formula text (a cell's, a validation's, a conditional format's) is
// not rewritten: the export says so.
//
// Not done, refused instead (XlsRowRefused): deleting a row that holds a comment (its shape would
// have to leave the drawing) or any other drawing (a picture, a chart, a button). An array or data
// table formula cut by the deletion is left to the .xlsx rewrite (XlsNotPatchable).
import { concat } from '../package';
import { countBelow } from '../../core/types';
import {
  ARRAY, BOF, CELL_TABLE, DBCELL, DIMENSIONS, EOF, FORMULA, INDEX, LABELSST, MULTI_CELLS, ROW, SHRFMLA, SINGLE_CELLS, STRING, TABLE, put16, put32, record, u16, u32, type Rec,
} from './records';

const MERGEDCELLS = 0x00e5;
const DV = 0x01be;
const DVAL = 0x01b2;
const CONDFMT = 0x01b0;
const CF = 0x01b1;
const CONDFMT12 = 0x0879;
const CF12 = 0x087a;
const CFEX = 0x087b;
const HLINK = 0x01b8;
const HLINKTOOLTIP = 0x0800;
const HPAGEBREAKS = 0x001b;
const NOTE = 0x001c;
const MSODRAWING = 0x00ec;
const OBJ = 0x005d;
const NAME = 0x0018;
const EXTERNSHEET = 0x0017;
const SUPBOOK = 0x01ae;
const MAX_ROW = 0xffff;

/** A row that cannot be deleted in place: it holds a comment, or a picture, chart or other drawing (0-based sheet row). */
export class XlsRowRefused extends Error {
  override name = 'XlsRowRefused';
  constructor(readonly row: number, readonly what: 'comment' | 'drawing') {
    super(`${what} on row ${row}`);
  }
}

/** Thrown for what the in-place deletion leaves to the .xlsx rewrite. */
export class XlsRowsUnsupported extends Error {
  override name = 'XlsRowsUnsupported';
}

class Shift {
  private readonly set: ReadonlySet<number>;
  constructor(readonly rows: readonly number[]) {
    this.set = new Set(rows);
  }
  deleted(r: number): boolean {
    return this.set.has(r);
  }
  /** A kept row's new number. */
  row(r: number): number {
    return r - countBelow(this.rows, r);
  }
  /** Rows r1..r2 (0-based, inclusive) after the deletion; null when all were deleted. The last row of the sheet stays the last. */
  span(r1: number, r2: number): [number, number] | null {
    const a = r1 - countBelow(this.rows, r1);
    const b = r2 >= MAX_ROW ? MAX_ROW : r2 - countBelow(this.rows, r2 + 1);
    return b < a ? null : [a, b];
  }
  /** Whether rows r1..r2 hold a deleted row. */
  hits(r1: number, r2: number): boolean {
    return countBelow(this.rows, r2 + 1) - countBelow(this.rows, r1) > 0;
  }
}

/** Ref8 / Ref8U ranges (rwFirst, rwLast, colFirst, colLast as u16) after the deletion; empty when all are gone. */
function shiftRef8List(body: Uint8Array, at: number, count: number, shift: Shift, dropSingle: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    const p = at + 8 * k;
    const s = shift.span(u16(body, p), u16(body, p + 2));
    if (!s) continue;
    if (dropSingle && s[0] === s[1] && u16(body, p + 4) === u16(body, p + 6)) continue;
    const r = body.slice(p, p + 8);
    put16(r, 0, s[0]);
    put16(r, 2, s[1]);
    out.push(r);
  }
  return out;
}

const u16b = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff);

/** A SqRefU (count, Ref8U…) at `at`: the ranges after the deletion, and the end of the structure. */
function sqref(body: Uint8Array, at: number, shift: Shift): { refs: Uint8Array[]; end: number } {
  const n = u16(body, at);
  if (at + 2 + 8 * n > body.length) throw new XlsRowsUnsupported('short sqref');
  return { refs: shiftRef8List(body, at + 2, n, shift, false), end: at + 2 + 8 * n };
}

/** The bounding box (Ref8U) of ranges. */
function bound(refs: readonly Uint8Array[]): Uint8Array {
  const b = new Uint8Array(8);
  let [r1, r2, c1, c2] = [MAX_ROW, 0, 0xffff, 0];
  for (const r of refs) {
    r1 = Math.min(r1, u16(r, 0));
    r2 = Math.max(r2, u16(r, 2));
    c1 = Math.min(c1, u16(r, 4));
    c2 = Math.max(c2, u16(r, 6));
  }
  put16(b, 0, r1);
  put16(b, 2, r2);
  put16(b, 4, c1);
  put16(b, 6, c2);
  return b;
}

/** The end of an XLUnicodeString at `p`. */
function unicodeStringEnd(body: Uint8Array, p: number): number {
  const cch = u16(body, p);
  return p + 3 + cch * ((body[p + 2] as number) & 1 ? 2 : 1);
}

/** A DV record with its ranges shifted; null when none is left. */
function shiftDv(body: Uint8Array, shift: Shift): Uint8Array | null {
  let p = 4;
  for (let k = 0; k < 4; k++) p = unicodeStringEnd(body, p);
  p += 4 + u16(body, p);
  p += 4 + u16(body, p);
  const { refs, end } = sqref(body, p, shift);
  if (refs.length === 0) return null;
  return concat([body.subarray(0, p), u16b(refs.length), ...refs, body.subarray(end)]);
}

/** The size of each token that names no cell, by its base type (BIFF8 Ptg, class bits removed). */
const FIXED_PTG: Record<number, number> = {
  0x01: 4, 0x02: 4, 0x1c: 1, 0x1d: 1, 0x1e: 2, 0x1f: 8,
  0x20: 7, 0x21: 2, 0x22: 3, 0x23: 4, 0x24: 4, 0x25: 8, 0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2a: 4, 0x2b: 8, 0x2c: 4, 0x2d: 8,
  0x39: 6, 0x3a: 6, 0x3b: 10, 0x3c: 6, 0x3d: 10,
};

/**
 * A formula's tokens with every 3-D reference to sheet `tab` shifted (a range whose rows are all
 * gone becomes #REF!); `sheetOf` gives the sheet of an EXTERNSHEET index, or -1. Tokens after one
 * this walk does not know are left as they are.
 */
function shiftRgce(rgce: Uint8Array, tab: number, sheetOf: (ixti: number) => number, shift: Shift): Uint8Array {
  const out = rgce.slice();
  let p = 0;
  while (p < out.length) {
    const t = out[p] as number;
    const base = t >= 0x20 ? (t & 0x1f) | 0x20 : t;
    if (base >= 0x03 && base <= 0x16) {
      p += 1;
      continue;
    }
    if (base === 0x17) {
      p += 3 + (out[p + 1] as number) * ((out[p + 2] as number) & 1 ? 2 : 1);
      continue;
    }
    if (base === 0x19) {
      const grbit = out[p + 1] as number;
      p += 4 + (grbit & 0x04 ? 2 * (u16(out, p + 2) + 1) : 0);
      continue;
    }
    const size = FIXED_PTG[base];
    if (size === undefined) break;
    if ((base === 0x3a || base === 0x3b) && sheetOf(u16(out, p + 1)) === tab) {
      if (base === 0x3a) {
        const r = u16(out, p + 3);
        if (shift.deleted(r)) out[p] = (t & 0x60) | 0x1c; // PtgRefErr3d
        else put16(out, p + 3, shift.row(r));
      } else {
        const s = shift.span(u16(out, p + 3), u16(out, p + 5));
        if (!s) out[p] = (t & 0x60) | 0x1d; // PtgAreaErr3d
        else {
          put16(out, p + 3, s[0]);
          put16(out, p + 5, s[1]);
        }
      }
    }
    p += 1 + size;
  }
  return out;
}

/** The sheet index each EXTERNSHEET entry names in this workbook (-1 for another workbook or several sheets). */
function externSheets(records: readonly Rec[], globalsEnd: number): (ixti: number) => number {
  let self = -1;
  let books = 0;
  let xti: Uint8Array | null = null;
  for (let i = 0; i < globalsEnd; i++) {
    const r = records[i] as Rec;
    if (r.type === SUPBOOK) {
      if (self < 0 && r.body.length >= 4 && u16(r.body, 2) === 0x0401) self = books;
      books++;
    } else if (r.type === EXTERNSHEET && !xti) xti = r.body;
  }
  return (ixti) => {
    if (!xti || ixti >= u16(xti, 0) || 2 + 6 * ixti + 6 > xti.length) return -1;
    const p = 2 + 6 * ixti;
    if (u16(xti, p) !== self || u16(xti, p + 2) !== u16(xti, p + 4)) return -1;
    return u16(xti, p + 2);
  };
}

/** A NAME record with its references to sheet `tab` shifted. */
function shiftName(body: Uint8Array, tab: number, sheetOf: (ixti: number) => number, shift: Shift): Uint8Array {
  if (body.length < 15) return body;
  const cch = body[3] as number;
  const cce = u16(body, 4);
  // The name (XLUnicodeStringNoCch; a built-in name's one character code too), then the tokens.
  const nameLen = 1 + cch * ((body[14] as number) & 1 ? 2 : 1);
  const at = 14 + nameLen;
  if (at + cce > body.length) return body;
  const rgce = body.subarray(at, at + cce);
  const next = shiftRgce(rgce, tab, sheetOf, shift);
  if (next.every((b, k) => b === rgce[k])) return body;
  const out = body.slice();
  out.set(next, at);
  return out;
}

/** OfficeArt records in one MSODRAWING body: where each client anchor's data starts. */
function anchors(body: Uint8Array): number[] {
  const out: number[] = [];
  let p = 0;
  while (p + 8 <= body.length) {
    const ver = (body[p] as number) & 0x0f;
    const type = u16(body, p + 2);
    const len = u32(body, p + 4);
    if (ver === 0x0f) {
      p += 8;
      continue;
    }
    if (type === 0xf010 && len >= 18 && p + 8 + 18 <= body.length) out.push(p + 8);
    p += 8 + len;
  }
  return out;
}

export interface DeletedRows {
  records: Rec[];
  /** New DBCELL records (their offsets are computed with the rest). */
  dbcells: Set<Rec>;
  /** Whether the sheet has formulas (their text is not rewritten). */
  formulas: boolean;
  /** Shared-string cells that went with their rows (the SST's count of uses drops by as many). */
  labelsGone: number;
}

/**
 * The records with rows `deleted` (0-based, any order) of the sheet whose BOF record is `bof`
 * taken out. `tab` is the sheet's place among the BOUNDSHEET8 records.
 */
export function deleteXlsRows(records: readonly Rec[], bof: Rec, tab: number, deleted: readonly number[]): DeletedRows {
  const shift = new Shift([...new Set(deleted)].sort((a, b) => a - b));
  const bofAt = records.indexOf(bof);
  let eofAt = -1;
  const own: number[] = [];
  let depth = 0;
  for (let i = bofAt + 1; i < records.length; i++) {
    const t = (records[i] as Rec).type;
    if (t === BOF) depth++;
    else if (t === EOF && depth > 0) depth--;
    else if (t === EOF) {
      eofAt = i;
      break;
    } else if (depth === 0) own.push(i);
  }
  if (bofAt < 0 || eofAt < 0) throw new XlsRowsUnsupported('sheet not found');
  const tableIdx = own.filter((i) => CELL_TABLE.has((records[i] as Rec).type));
  const first = tableIdx[0];
  const last = tableIdx[tableIdx.length - 1];
  const hadDbcells = tableIdx.some((i) => (records[i] as Rec).type === DBCELL);
  // Excel lists every row of a block in its DBCELL, POI only rows with cells: keep the file's way (dbcellFor reads it from the body's length).
  let everyRow = false;

  // ---- The cell table, by row. ----
  interface Line { row: Rec | null; items: Rec[] }
  const lines = new Map<number, Line>();
  const line = (r: number) => {
    let l = lines.get(r);
    if (!l) lines.set(r, (l = { row: null, items: [] }));
    return l;
  };
  let formulas = false;
  // Shared formulas whose master row goes: moved to the next kept child.
  const movedShared: { rec: Rec; r1: number; r2: number; c1: number; c2: number }[] = [];
  const newMaster = new Map<string, [number, number]>();
  if (first !== undefined && last !== undefined) {
    for (let i = first; i <= last; i++) if (!CELL_TABLE.has((records[i] as Rec).type)) throw new XlsRowsUnsupported('cell table is not contiguous');
    let current = -1;
    let blockRows = 0;
    for (let i = first; i <= last; i++) {
      const r = records[i] as Rec;
      if (r.type === ROW) {
        line(u16(r.body, 0)).row = r;
        blockRows++;
      } else if (r.type === DBCELL) {
        if ((r.body.length - 4) / 2 === blockRows) everyRow = true;
        blockRows = 0;
      } else if (SINGLE_CELLS.has(r.type) || MULTI_CELLS.has(r.type)) {
        current = u16(r.body, 0);
        line(current).items.push(r);
        if (r.type === FORMULA) formulas = true;
      } else {
        // STRING, SHRFMLA, ARRAY, TABLE: after the FORMULA they belong to.
        if (current < 0) throw new XlsRowsUnsupported('record before any cell');
        if (r.type === SHRFMLA || r.type === ARRAY || r.type === TABLE) {
          const r1 = u16(r.body, 0);
          const r2 = u16(r.body, 2);
          if (r.type !== SHRFMLA && shift.hits(r1, r2) && shift.span(r1, r2)) throw new XlsRowsUnsupported('array or table formula cut');
          if (r.type === SHRFMLA && shift.deleted(r1)) {
            movedShared.push({ rec: r, r1, r2, c1: r.body[4] as number, c2: r.body[5] as number });
            continue;
          }
        }
        line(current).items.push(r);
      }
    }
  }
  // A moved shared formula goes after its first kept child (the first FORMULA in its range whose token points at the old master).
  for (const m of movedShared) {
    for (const r of [...lines.keys()].sort((a, b) => a - b)) {
      if (r < m.r1 || r > m.r2 || shift.deleted(r)) continue;
      const l = lines.get(r) as Line;
      const k = l.items.findIndex((x) => x.type === FORMULA && isExpTo(x, m.r1, m.c1));
      if (k < 0) continue;
      const child = l.items[k] as Rec;
      if (u16(child.body, 2) !== m.c1) throw new XlsRowsUnsupported('shared formula master would move column');
      // The definition unchanged; its range starts at the new master.
      const def = m.rec.body.slice();
      put16(def, 0, r);
      l.items.splice(k + 1 + (l.items[k + 1]?.type === STRING ? 1 : 0), 0, { type: SHRFMLA, body: def });
      newMaster.set(`${m.r1},${m.c1}`, [r, m.c1]);
      break;
    }
    // No child left: the definition goes with its rows.
  }

  // ---- The rows kept, renumbered, in blocks of 32. ----
  const kept = [...lines.keys()].filter((r) => !shift.deleted(r)).sort((a, b) => a - b);
  const table: Rec[] = [];
  const dbcells = new Set<Rec>();
  for (let k = 0; k < kept.length; k += 32) {
    const block = kept.slice(k, k + 32);
    let rowsInBlock = 0;
    let rowsWithCells = 0;
    for (const r of block) {
      const l = lines.get(r) as Line;
      if (l.row) {
        const body = l.row.body.slice();
        put16(body, 0, shift.row(r));
        table.push({ type: ROW, body });
        rowsInBlock++;
        if (l.items.length) rowsWithCells++;
      }
    }
    for (const r of block) {
      for (const item of (lines.get(r) as Line).items) table.push(renumber(item, shift, newMaster));
    }
    if (hadDbcells && rowsInBlock) {
      const db = record(DBCELL, new Uint8Array(4 + 2 * (everyRow ? rowsInBlock : rowsWithCells)));
      dbcells.add(db);
      table.push(db);
    }
  }

  // ---- The sheet's other records. ----
  const sheet: Rec[] = [];
  const body = (r: Rec, b: Uint8Array) => sheet.push(b === r.body ? r : { type: r.type, body: b });
  let dropCf = 0;
  let dropCf12 = 0;
  let dvsGone = 0;
  let dvalAt = -1;
  const ownSet = new Set(own);
  for (let i = bofAt + 1; i < eofAt; i++) {
    const r = records[i] as Rec;
    if (first !== undefined && last !== undefined && i >= first && i <= last) {
      if (i === first) sheet.push(...table);
      continue;
    }
    if (!ownSet.has(i)) {
      sheet.push(r);
      continue;
    }
    const b = r.body;
    switch (r.type) {
      case INDEX: {
        const nb = new Uint8Array(16 + 4 * dbcells.size);
        nb.set(b.subarray(0, 16));
        const rows = kept.filter((x) => (lines.get(x) as Line).row || (lines.get(x) as Line).items.length).map((x) => shift.row(x));
        put32(nb, 4, rows.length ? (rows[0] as number) : 0);
        put32(nb, 8, rows.length ? (rows[rows.length - 1] as number) + 1 : 0);
        sheet.push({ type: INDEX, body: nb });
        break;
      }
      case DIMENSIONS: {
        const nb = b.slice();
        const s = u32(b, 4) > u32(b, 0) ? shift.span(u32(b, 0), u32(b, 4) - 1) : null;
        put32(nb, 0, s ? s[0] : 0);
        put32(nb, 4, s ? s[1] + 1 : 0);
        body(r, nb);
        break;
      }
      case MERGEDCELLS: {
        const refs = shiftRef8List(b, 2, u16(b, 0), shift, true);
        if (refs.length) body(r, concat([u16b(refs.length), ...refs]));
        break;
      }
      case DVAL:
        dvalAt = sheet.length;
        sheet.push(r);
        break;
      case DV: {
        const nb = shiftDv(b, shift);
        if (nb) body(r, nb);
        else dvsGone++;
        break;
      }
      case CONDFMT: {
        const { refs, end } = sqref(b, 12, shift);
        if (!refs.length) {
          dropCf = u16(b, 0);
          break;
        }
        body(r, concat([b.subarray(0, 4), bound(refs), u16b(refs.length), ...refs, b.subarray(end)]));
        break;
      }
      case CF:
        if (dropCf > 0) dropCf--;
        else sheet.push(r);
        break;
      case CONDFMT12: {
        const { refs, end } = sqref(b, 24, shift);
        if (!refs.length) {
          dropCf12 = u16(b, 12);
          break;
        }
        const head = shiftFrtHeader(b, shift) ?? b;
        body(r, concat([head.subarray(0, 16), bound(refs), u16b(refs.length), ...refs, b.subarray(end)]));
        break;
      }
      case CF12:
        if (dropCf12 > 0) {
          dropCf12--;
          break;
        }
        body(r, shiftFrtHeader(b, shift) ?? b);
        break;
      case CFEX: {
        const nb = shiftFrtHeader(b, shift);
        if (nb !== null) body(r, nb);
        break;
      }
      case HLINK: {
        const refs = shiftRef8List(b, 0, 1, shift, false);
        if (!refs.length) {
          // Its tooltip goes with it.
          if ((records[i + 1] as Rec | undefined)?.type === HLINKTOOLTIP) i++;
          break;
        }
        const nb = b.slice();
        nb.set(refs[0] as Uint8Array, 0);
        body(r, nb);
        break;
      }
      case HLINKTOOLTIP: {
        const refs = shiftRef8List(b, 2, 1, shift, false);
        if (!refs.length) break;
        const nb = b.slice();
        nb.set(refs[0] as Uint8Array, 2);
        body(r, nb);
        break;
      }
      case HPAGEBREAKS: {
        const out: Uint8Array[] = [];
        for (let k = 0; k < u16(b, 0); k++) {
          const p = 2 + 6 * k;
          if (p + 6 > b.length) break;
          const row = u16(b, p);
          if (shift.deleted(row)) continue;
          const br = b.slice(p, p + 6);
          put16(br, 0, shift.row(row));
          out.push(br);
        }
        body(r, concat([u16b(out.length), ...out]));
        break;
      }
      case NOTE: {
        const row = u16(b, 0);
        if (shift.deleted(row)) throw new XlsRowRefused(row, 'comment');
        const nb = b.slice();
        put16(nb, 0, shift.row(row));
        body(r, nb);
        break;
      }
      case MSODRAWING: {
        const list = anchors(b);
        if (!list.length) {
          sheet.push(r);
          break;
        }
        const nb = b.slice();
        for (const p of list) {
          const row1 = u16(b, p + 6);
          const row2 = u16(b, p + 14);
          // What the shape is: the OBJ record after it (0x19: a comment's box).
          const obj = records.slice(i + 1, eofAt).find((x) => x.type === OBJ || (x.type === MSODRAWING && anchors(x.body).length));
          const note = obj?.type === OBJ && obj.body.length >= 8 && u16(obj.body, 0) === 0x15 && u16(obj.body, 4) === 0x19;
          if (!note && shift.hits(row1, row2)) throw new XlsRowRefused(shift.rows.find((x) => x >= row1) ?? row1, 'drawing');
          put16(nb, p + 6, shift.row(row1));
          put16(nb, p + 14, Math.max(shift.row(row1), row2 - countBelow(shift.rows, row2)));
        }
        body(r, nb);
        break;
      }
      default:
        sheet.push(r);
    }
  }
  if (dvalAt >= 0 && dvsGone) {
    const d = sheet[dvalAt] as Rec;
    if (d.body.length >= 18) {
      const nb = d.body.slice();
      put32(nb, 14, Math.max(0, u32(nb, 14) - dvsGone));
      sheet[dvalAt] = { type: DVAL, body: nb };
    }
  }

  // ---- The globals' names. ----
  const subs = records.findIndex((r, i) => i > 0 && r.type === BOF);
  const globalsEnd = subs < 0 ? 0 : subs;
  const sheetOf = externSheets(records, globalsEnd);
  const out: Rec[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as Rec;
    if (i === bofAt) {
      out.push(r, ...sheet);
      i = eofAt - 1;
      continue;
    }
    if (i < globalsEnd && r.type === NAME) {
      const nb = shiftName(r.body, tab, sheetOf, shift);
      out.push(nb === r.body ? r : { type: NAME, body: nb });
      continue;
    }
    out.push(r);
  }
  let labelsGone = 0;
  for (const [r, l] of lines) if (shift.deleted(r)) labelsGone += l.items.filter((x) => x.type === LABELSST).length;
  return { records: out, dbcells, formulas, labelsGone };
}

/** A FORMULA whose tokens are one PtgExp naming (row, col). */
function isExpTo(r: Rec, row: number, col: number): boolean {
  const b = r.body;
  return b.length >= 27 && u16(b, 20) >= 5 && b[22] === 0x01 && u16(b, 23) === row && u16(b, 25) === col;
}

/** A cell-table record with its row numbers shifted (a PtgExp to a moved master names the new one). */
function renumber(r: Rec, shift: Shift, newMaster: ReadonlyMap<string, [number, number]>): Rec {
  if (SINGLE_CELLS.has(r.type) || MULTI_CELLS.has(r.type)) {
    const b = r.body.slice();
    put16(b, 0, shift.row(u16(b, 0)));
    if (r.type === FORMULA && b.length >= 27 && u16(b, 20) >= 5 && b[22] === 0x01) {
      const row = u16(b, 23);
      const col = u16(b, 25);
      const moved = newMaster.get(`${row},${col}`);
      put16(b, 23, shift.row(moved ? moved[0] : row));
    }
    return { type: r.type, body: b };
  }
  if (r.type === SHRFMLA || r.type === ARRAY || r.type === TABLE) {
    const s = shift.span(u16(r.body, 0), u16(r.body, 2));
    if (!s) return r;
    const b = r.body.slice();
    put16(b, 0, s[0]);
    put16(b, 2, s[1]);
    if (r.type === TABLE && b.length >= 16) {
      for (const p of [8, 12]) if (!shift.deleted(u16(b, p))) put16(b, p, shift.row(u16(b, p)));
    }
    return { type: r.type, body: b };
  }
  return r;
}

/** A future record's FrtRefHeader range shifted (bit 0 of grbitFrt says it has one); null when its range is gone. */
function shiftFrtHeader(b: Uint8Array, shift: Shift): Uint8Array | null {
  if (b.length < 12 || !(u16(b, 2) & 1)) return b;
  const refs = shiftRef8List(b, 4, 1, shift, false);
  if (!refs.length) return null;
  const nb = b.slice();
  nb.set(refs[0] as Uint8Array, 4);
  return nb;
}
