// The surgical export of an .xls (BIFF8 in a compound file): the user's own file, with only the
// changed cells' records of the roster sheet rewritten. The container is read and written by
// SheetJS's CFB (every stream's content kept; "byte-identical" means every stream by name). In the
// Workbook stream every other record stays as it was, except what the changed lengths move:
// new strings are appended to the shared string table in new CONTINUE records, and the absolute
// positions (BOUNDSHEET8, INDEX, EXTSST) and the changed row blocks' DBCELL are recomputed.
// Deleted rows are taken out after the changes are made (rows.ts).
//
// A changed cell becomes LABELSST (a shared string) with its format (XF index) kept; a cell
// changed to nothing becomes BLANK with its format. Not LABEL: the old SDK caps it at 255
// characters, and jxl 2.6, POI 4.0, LibreOffice 7.4, Excel and WPS all read LABELSST.
import * as XLSX from 'xlsx';
import type { CellChange } from '../patch';
import {
  BLANK, BOF, BOUNDSHEET, BiffError, CELL_TABLE, COLINFO, DBCELL, DEFCOLWIDTH, DIMENSIONS, EOF, EXTSST, FILEPASS, FORMULA, INDEX, LABELSST, MULRK, MULTI_CELLS, NUMBER, RK,
  ROW, SINGLE_CELLS, STRING, cellBody, cellColumns, offsets, outerPositions, put16, put32, readRecords, record, substreams, u16, u32, writeRecords, type Rec,
} from './records';
import { deleteXlsRows } from './rows';
import { appendStrings, extSst, extSstFromSst, readSst } from './sst';

export interface XlsPatchResult {
  bytes: Uint8Array;
  /** Cells rewritten. */
  changed: number;
  /** Changes not written: a fix over a number that has lost digits, or the master cell of a shared or array formula. */
  kept: CellChange[];
  /** Rows were deleted from a sheet with formulas, whose text names the rows as they were. */
  formulas: boolean;
}

/** Why an .xls cannot be patched (the caller then writes it anew, or refuses). */
export class XlsNotPatchable extends Error {
  override name = 'XlsNotPatchable';
  constructor(readonly reason: 'not-biff8' | 'encrypted' | 'structure') {
    super(reason);
  }
}

interface CfbEntry {
  name: string;
  type: number;
  content?: Uint8Array | number[] | null;
  size?: number;
}
interface Cfb {
  FullPaths: string[];
  FileIndex: CfbEntry[];
}

/** The Workbook stream's directory entry (at the root), or null. */
function workbookEntry(cfb: Cfb): CfbEntry | null {
  for (let i = 0; i < cfb.FileIndex.length; i++) {
    const path = (cfb.FullPaths[i] ?? '').split('/').filter(Boolean);
    const e = cfb.FileIndex[i] as CfbEntry;
    if (path.length === 2 && path[1]?.toLowerCase() === 'workbook' && e.type === 2) return e;
  }
  return null;
}

/**
 * The compound file. Where Node's Buffer is there (the command line), the bytes go in as a Buffer:
 * the library joins a stream's sectors with Buffer.concat then, and otherwise one byte at a time
 * into a plain array (6 s more for a 21 MB .xls).
 */
export function readCfb(original: Uint8Array): Cfb {
  const B = (globalThis as { Buffer?: { from(a: ArrayBufferLike, offset: number, length: number): Uint8Array } }).Buffer;
  if (B) return XLSX.CFB.read(B.from(original.buffer, original.byteOffset, original.byteLength), { type: 'buffer' }) as Cfb;
  return XLSX.CFB.read(original, { type: 'array' }) as Cfb;
}

/** The Workbook stream of a compound file, when it is BIFF8 (an Excel 97–2003 workbook); null otherwise. */
export function biff8Stream(cfb: Cfb): Uint8Array | null {
  const e = workbookEntry(cfb);
  if (!e?.content) return null;
  const s = e.content instanceof Uint8Array ? e.content : Uint8Array.from(e.content);
  // BOF, BIFF8 (0x0600), workbook globals (0x0005).
  if (s.length < 8 || u16(s, 0) !== BOF || u16(s, 4) !== 0x0600 || u16(s, 6) !== 0x0005) return null;
  return s;
}

/** A sheet of the workbook: its BOUNDSHEET8 record and its substream (indices into the records). */
interface Sheet {
  bound: Rec;
  name: string;
  bofIndex: number;
  eofIndex: number;
}

function sheetName(body: Uint8Array): string {
  const cch = body[6] as number;
  const high = (body[7] as number) & 1;
  const bytes = body.subarray(8, 8 + cch * (high ? 2 : 1));
  return new TextDecoder(high ? 'utf-16le' : 'latin1').decode(bytes);
}

function sheetsOf(records: readonly Rec[]): { sheets: Sheet[]; globalsEnd: number } {
  const subs = substreams(records);
  const globals = subs[0];
  if (!globals || globals.bof !== 0) throw new BiffError('no globals');
  const pos = offsets(records);
  const byPos = new Map<number, { bof: number; eof: number }>();
  for (const s of subs.slice(1)) byPos.set(pos[s.bof] as number, s);
  const sheets: Sheet[] = [];
  for (let i = 0; i < globals.eof; i++) {
    const r = records[i] as Rec;
    if (r.type === FILEPASS) throw new XlsNotPatchable('encrypted');
    if (r.type !== BOUNDSHEET || r.body.length < 8) continue;
    const sub = byPos.get(u32(r.body, 0));
    if (!sub) throw new BiffError('sheet offset points nowhere');
    sheets.push({ bound: r, name: sheetName(r.body), bofIndex: sub.bof, eofIndex: sub.eof });
  }
  return { sheets, globalsEnd: globals.eof };
}

/** The record indices of one substream's own records (a chart's BOF…EOF inside is left out). */
function ownRecords(records: readonly Rec[], from: number, to: number): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = from + 1; i < to; i++) {
    const t = (records[i] as Rec).type;
    if (t === BOF) depth++;
    else if (t === EOF && depth > 0) depth--;
    else if (depth === 0) out.push(i);
  }
  return out;
}

/** A block of rows: its ROW records, the records of its cells (with STRING, SHRFMLA… among them), its DBCELL. */
interface Block {
  rows: number[];
  cells: number[];
  dbcell: number;
  touched: boolean;
}

function blocksOf(records: readonly Rec[], own: readonly number[]): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  for (const i of own) {
    const r = records[i] as Rec;
    if (!CELL_TABLE.has(r.type)) continue;
    if (r.type === ROW) {
      if (!cur || cur.cells.length || cur.dbcell >= 0) blocks.push((cur = { rows: [], cells: [], dbcell: -1, touched: false }));
      cur.rows.push(i);
    } else if (r.type === DBCELL) {
      if (!cur || cur.dbcell >= 0) blocks.push((cur = { rows: [], cells: [], dbcell: -1, touched: false }));
      cur.dbcell = i;
    } else {
      if (!cur || cur.dbcell >= 0) blocks.push((cur = { rows: [], cells: [], dbcell: -1, touched: false }));
      cur.cells.push(i);
    }
  }
  return blocks;
}

/** An RK value as a number. */
function rkValue(rk: number): number {
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    const b = new DataView(new ArrayBuffer(8));
    b.setUint32(4, (rk & 0xfffffffc) >>> 0, true);
    b.setUint32(0, 0, true);
    v = b.getFloat64(0, true);
  }
  return rk & 1 ? v / 100 : v;
}

/** A stored number that cannot be what was typed: 16 digits or more (Excel keeps 15), or shown in exponent form. */
function lossy(v: number): boolean {
  return !Number.isFinite(v) || Math.abs(v) >= 1e15 || /e/i.test(String(v));
}

/** A FORMULA record that is the master of a shared or array formula (its first token points at itself). */
function isMaster(r: Rec): boolean {
  const b = r.body;
  if (b.length < 27 || u16(b, 20) < 5 || b[22] !== 0x01) return false;
  return u16(b, 23) === u16(b, 0) && u16(b, 25) === u16(b, 2);
}

/**
 * Patch the roster sheet `name` of an .xls: `changes` are 0-based cells and their new text;
 * `deleted` are 0-based rows taken out after the changes are made (rows.ts; no change may name
 * one). Throws XlsNotPatchable when the file is not a BIFF8 workbook or is encrypted, BiffError
 * when its records are not what BIFF8 says, XlsRowRefused / XlsRowsUnsupported (rows.ts) for a
 * deletion this cannot make.
 */
export function patchXls(original: Uint8Array, name: string, changes: readonly CellChange[], deleted: readonly number[] = []): XlsPatchResult {
  const cfb = readCfb(original);
  const stream = biff8Stream(cfb);
  if (!stream) throw new XlsNotPatchable('not-biff8');
  const { records, tail } = readRecords(stream);
  const { sheets, globalsEnd } = sheetsOf(records);
  const sheet = sheets.find((s) => s.name === name);
  if (!sheet) throw new XlsNotPatchable('structure');
  const kept: CellChange[] = [];
  if (changes.length === 0 && deleted.length === 0) return { bytes: original, changed: 0, kept, formulas: false };

  const sst = readSst(records, 0, globalsEnd);
  if (!sst) throw new XlsNotPatchable('structure');
  const known = new Map<string, number>();
  sst.strings.forEach((s, i) => { if (!known.has(s)) known.set(s, i); });
  const added: string[] = [];
  let labels = 0;
  const stringIndex = (text: string): number => {
    let i = known.get(text);
    if (i === undefined) {
      i = sst.strings.length + added.length;
      known.set(text, i);
      added.push(text);
    }
    labels++;
    return i;
  };

  const own = ownRecords(records, sheet.bofIndex, sheet.eofIndex);
  const blocks = blocksOf(records, own);
  // Where each row's cell records are, and each row's ROW record.
  const cellsOfRow = new Map<number, { index: number; block: Block }[]>();
  const rowRec = new Map<number, { index: number; block: Block }>();
  for (const b of blocks) {
    for (const i of b.rows) rowRec.set(u16((records[i] as Rec).body, 0), { index: i, block: b });
    for (const i of b.cells) {
      const r = records[i] as Rec;
      if (!SINGLE_CELLS.has(r.type) && !MULTI_CELLS.has(r.type)) continue;
      const row = u16(r.body, 0);
      let list = cellsOfRow.get(row);
      if (!list) cellsOfRow.set(row, (list = []));
      list.push({ index: i, block: b });
    }
  }
  const colXf = new Map<number, number>();
  for (const i of own) {
    const r = records[i] as Rec;
    if (r.type !== COLINFO || r.body.length < 8) continue;
    for (let c = u16(r.body, 0); c <= u16(r.body, 2) && c < 256; c++) colXf.set(c, u16(r.body, 6));
  }

  const replace = new Map<number, Rec[]>();
  // New ROW records go before new cells at the same place (a block's ROW records come first).
  const beforeRows = new Map<number, Rec[]>();
  const before = new Map<number, Rec[]>();
  const rowEdits = new Map<number, Rec>();
  const insertAt = (map: Map<number, Rec[]>, i: number, r: Rec) => {
    const list = map.get(i);
    if (list) list.push(r);
    else map.set(i, [r]);
  };
  const newCell = (row: number, col: number, xf: number, value: string): Rec => {
    if (value === '') return record(BLANK, cellBody(row, col, xf, 0));
    const b = cellBody(row, col, xf, 4);
    put32(b, 6, stringIndex(value));
    return record(LABELSST, b);
  };
  let dimRows = [Infinity, -1];
  let dimCols = [Infinity, -1];
  const widen = (row: number, col: number) => {
    dimRows = [Math.min(dimRows[0] as number, row), Math.max(dimRows[1] as number, row)];
    dimCols = [Math.min(dimCols[0] as number, col), Math.max(dimCols[1] as number, col)];
  };

  // Changes by record (several cells of one MULRK change together), and those with no record.
  const byRecord = new Map<number, { block: Block; list: CellChange[] }>();
  const loose: CellChange[] = [];
  for (const ch of [...changes].sort((a, b) => a.r - b.r || a.c - b.c)) {
    if (ch.r > 65535 || ch.c > 255 || ch.value.length > 32767) throw new XlsNotPatchable('structure');
    const hit = cellsOfRow.get(ch.r)?.find(({ index }) => {
      const [c0, c1] = cellColumns(records[index] as Rec);
      return c0 <= ch.c && ch.c <= c1;
    });
    if (!hit) {
      loose.push(ch);
      continue;
    }
    const entry = byRecord.get(hit.index);
    if (entry) entry.list.push(ch);
    else byRecord.set(hit.index, { block: hit.block, list: [ch] });
  }
  let changed = 0;
  for (const [index, { block, list }] of byRecord) {
    const r = records[index] as Rec;
    const row = u16(r.body, 0);
    if (MULTI_CELLS.has(r.type)) {
      // Split: each run of unchanged cells stays a MULRK/MULBLANK (an RK or BLANK when alone).
      const multi = r.type === MULRK;
      const w = multi ? 6 : 2;
      const first = u16(r.body, 2);
      const n = (r.body.length - 6) / w;
      const byCol = new Map(list.map((ch) => [ch.c, ch]));
      const out: Rec[] = [];
      let run: number[] = [];
      const flush = () => {
        if (run.length === 0) return;
        const c0 = first + (run[0] as number);
        if (run.length === 1) {
          const k = run[0] as number;
          const b = cellBody(row, c0, u16(r.body, 4 + w * k), multi ? 4 : 0);
          if (multi) b.set(r.body.subarray(6 + w * k, 10 + w * k), 6);
          out.push(record(multi ? RK : BLANK, b));
        } else {
          const b = new Uint8Array(6 + w * run.length);
          put16(b, 0, row);
          put16(b, 2, c0);
          b.set(r.body.subarray(4 + w * (run[0] as number), 4 + w * ((run[run.length - 1] as number) + 1)), 4);
          put16(b, b.length - 2, c0 + run.length - 1);
          out.push(record(r.type, b));
        }
        run = [];
      };
      for (let k = 0; k < n; k++) {
        const ch = byCol.get(first + k);
        const xf = u16(r.body, 4 + w * k);
        if (ch && multi && ch.fix && lossy(rkValue(u32(r.body, 6 + w * k)))) {
          kept.push(ch);
          run.push(k);
          continue;
        }
        if (!ch) {
          run.push(k);
          continue;
        }
        flush();
        out.push(newCell(row, first + k, xf, ch.value));
        changed++;
      }
      flush();
      if (out.length !== 1 || out[0]?.body !== r.body) {
        replace.set(index, out);
        block.touched = true;
      }
      continue;
    }
    const ch = list[0] as CellChange;
    const xf = u16(r.body, 4);
    if (r.type === FORMULA && isMaster(r)) {
      kept.push(ch);
      continue;
    }
    if (ch.fix && ((r.type === NUMBER && lossy(new DataView(r.body.buffer, r.body.byteOffset + 6, 8).getFloat64(0, true))) || (r.type === RK && lossy(rkValue(u32(r.body, 6)))))) {
      kept.push(ch);
      continue;
    }
    replace.set(index, [newCell(row, ch.c, xf, ch.value)]);
    // A formula's cached text result goes with it.
    if (r.type === FORMULA && (records[index + 1] as Rec | undefined)?.type === STRING) replace.set(index + 1, []);
    block.touched = true;
    changed++;
  }

  // Cells with no record: inserted in column order, in their row's block (a ROW record added when the row has none).
  for (const ch of loose) {
    if (ch.value === '') continue;
    const rowEntry = rowRec.get(ch.r);
    const cells = cellsOfRow.get(ch.r) ?? [];
    let block = rowEntry?.block ?? cells[0]?.block;
    let rowRecord = rowEntry ? (rowEdits.get(rowEntry.index) ?? records[rowEntry.index] as Rec) : undefined;
    if (!block) {
      // The block of the nearest row above (else the first block); its ROW records stay in order.
      let best: { index: number; block: Block } | undefined;
      let bestRow = -1;
      for (const [row, e] of rowRec) if (row < ch.r && row > bestRow) [best, bestRow] = [e, row];
      block = best?.block ?? blocks[0];
      if (!block) throw new XlsNotPatchable('structure');
    }
    if (!rowRecord && block.rows.length) {
      const body = new Uint8Array(16);
      put16(body, 0, ch.r);
      put16(body, 6, 0x00ff);
      put16(body, 12, 0x0100);
      put16(body, 14, 0x000f);
      rowRecord = record(ROW, body);
      const next = block.rows.find((i) => u16((records[i] as Rec).body, 0) > ch.r);
      if (next !== undefined) insertAt(beforeRows, next, rowRecord);
      else {
        // After the block's last ROW record: before its first cell (or its DBCELL, or what follows).
        const last = block.rows[block.rows.length - 1] as number;
        insertAt(beforeRows, last + 1, rowRecord);
      }
      const entry = { index: -1, block };
      rowRec.set(ch.r, entry);
    }
    let xf = 15;
    if (rowRecord && rowRecord.body.length >= 16 && u16(rowRecord.body, 12) & 0x80) xf = u16(rowRecord.body, 14) & 0x0fff;
    else if (colXf.has(ch.c)) xf = colXf.get(ch.c) as number;
    const cell = newCell(ch.r, ch.c, xf, ch.value);
    // Before the first cell record of this block past (row, column); else at the block's end.
    let at = -1;
    for (const i of block.cells) {
      const r = records[i] as Rec;
      if (!SINGLE_CELLS.has(r.type) && !MULTI_CELLS.has(r.type)) continue;
      const row = u16(r.body, 0);
      if (row > ch.r || (row === ch.r && cellColumns(r)[0] > ch.c)) {
        at = i;
        break;
      }
    }
    if (at < 0) at = block.dbcell >= 0 ? block.dbcell : (block.cells.length ? (block.cells[block.cells.length - 1] as number) + 1 : (block.rows[block.rows.length - 1] as number) + 1);
    insertAt(before, at, cell);
    block.touched = true;
    changed++;
    // The row's column span.
    if (rowRecord) {
      const body = rowRecord.body.slice();
      if (u16(body, 2) > ch.c || u16(body, 2) === u16(body, 4)) put16(body, 2, Math.min(u16(body, 2) === u16(body, 4) ? ch.c : u16(body, 2), ch.c));
      if (u16(body, 4) < ch.c + 1) put16(body, 4, ch.c + 1);
      const updated = { type: ROW, body };
      const idx = rowEntry?.index;
      if (idx !== undefined && idx >= 0) {
        rowEdits.set(idx, updated);
        rowRecord = updated;
      } else {
        rowRecord.body.set(body);
      }
    }
    widen(ch.r, ch.c);
  }
  if (changed === 0 && deleted.length === 0) return { bytes: original, changed: 0, kept, formulas: false };

  // The new list of records.
  const newStrings = appendStrings(added);
  const sstEnd = sst.at + sst.count;
  const dbOf = new Map<number, Block>();
  for (const b of blocks) if (b.touched && b.dbcell >= 0) dbOf.set(b.dbcell, b);
  let dimensions: Rec | null = null;
  let sstRec = records[sst.at] as Rec;
  let next: Rec[] = [];
  for (let i = 0; i < records.length; i++) {
    if (i === sstEnd) next.push(...newStrings.records);
    next.push(...(beforeRows.get(i) ?? []), ...(before.get(i) ?? []));
    const r = records[i] as Rec;
    const rep = replace.get(i);
    if (rep) {
      next.push(...rep);
      continue;
    }
    if (i === sst.at) {
      const body = r.body.slice();
      put32(body, 0, sst.total + labels);
      put32(body, 4, sst.strings.length + added.length);
      sstRec = { type: r.type, body };
      next.push(sstRec);
      continue;
    }
    const edited = rowEdits.get(i);
    if (edited) {
      next.push(edited);
      continue;
    }
    if (r.type === DIMENSIONS && i > sheet.bofIndex && i < sheet.eofIndex && !dimensions && r.body.length >= 14 && dimRows[1] as number >= 0) {
      const body = r.body.slice();
      if (u32(body, 0) > (dimRows[0] as number) || u32(body, 0) === u32(body, 4)) put32(body, 0, Math.min(u32(body, 0) === u32(body, 4) ? (dimRows[0] as number) : u32(body, 0), dimRows[0] as number));
      put32(body, 4, Math.max(u32(body, 4), (dimRows[1] as number) + 1));
      if (u16(body, 8) > (dimCols[0] as number)) put16(body, 8, dimCols[0] as number);
      put16(body, 10, Math.max(u16(body, 10), (dimCols[1] as number) + 1));
      dimensions = { type: r.type, body };
      next.push(dimensions);
      continue;
    }
    next.push(r);
  }
  if (records.length === sstEnd) next.push(...newStrings.records);
  next.push(...(beforeRows.get(records.length) ?? []), ...(before.get(records.length) ?? []));

  const dbcells = new Set([...dbOf.values()].flatMap((b) => [records[b.dbcell] as Rec]));
  let formulas = false;
  if (deleted.length) {
    const d = deleteXlsRows(next, records[sheet.bofIndex] as Rec, sheets.indexOf(sheet), deleted);
    next = d.records;
    formulas = d.formulas;
    for (const db of d.dbcells) dbcells.add(db);
    if (d.labelsGone) {
      // The SST's count of uses drops by the shared-string cells that went.
      const at = next.indexOf(sstRec);
      const body = sstRec.body.slice();
      put32(body, 0, Math.max(0, u32(body, 0) - d.labelsGone));
      sstRec = { type: sstRec.type, body };
      next[at] = sstRec;
    }
  }
  recomputeOffsets(records, next, sst, sstRec, newStrings.starts, sheets, dbcells);

  const out = writeRecords(next, tail);
  const entry = workbookEntry(cfb) as CfbEntry;
  entry.content = out;
  entry.size = out.length;
  const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
  return { bytes, changed, kept, formulas };
}

/**
 * Every absolute position in `next` from its final layout: each BOUNDSHEET8's sheet offset, each
 * INDEX (its DBCELL positions, its DEFCOLWIDTH position), the EXTSST of the shared strings, and the
 * row and cell offsets of the DBCELLs in `dbcells` (records of `original` whose block changed).
 * Records are replaced, never edited in place (the originals are views of the user's bytes).
 */
export function recomputeOffsets(
  original: readonly Rec[] | null,
  next: Rec[],
  sst: { rec: Rec; starts: { rec: Rec; off: number }[] } | null,
  sstRec: Rec | null,
  addedStarts: readonly { rec: Rec; off: number }[],
  sheets: readonly Sheet[] | null,
  dbcells: ReadonlySet<Rec> | 'all',
): void {
  const subs = substreams(next);
  // The SST record may have been replaced (new counts): strings that start in it are found by the old object.
  const alias = (at: Map<Rec, number>) => {
    if (sst && sstRec && sst.rec !== sstRec) at.set(sst.rec, at.get(sstRec) as number);
    return at;
  };
  // DBCELLs first: their offsets are relative to their own block, and their length moves what follows.
  let pos = offsets(next);
  let at = alias(outerPositions(next, pos));
  for (const s of subs.slice(1)) {
    const own: number[] = [];
    let depth = 0;
    for (let i = s.bof + 1; i < s.eof; i++) {
      const t = (next[i] as Rec).type;
      if (t === BOF) depth++;
      else if (t === EOF && depth > 0) depth--;
      else if (depth === 0) own.push(i);
    }
    for (const b of blocksOf(next, own)) {
      const db = next[b.dbcell] as Rec | undefined;
      if (!db || !(dbcells === 'all' || dbcells.has(db))) continue;
      next[b.dbcell] = dbcellFor(next, b, pos, db);
    }
  }
  // The EXTSST's length (its bucket count) before any position is taken: it sits before the sheets.
  const globalsEnd = subs[0]?.eof ?? 0;
  const extAt = sst && sstRec ? next.findIndex((r, i) => i < globalsEnd && r.type === EXTSST) : -1;
  const oldExt = extAt >= 0 ? (next[extAt] as Rec) : null;
  const starts = sst ? [...sst.starts, ...addedStarts] : [];
  const dsst = oldExt ? Math.max(1, u16(oldExt.body, 0)) : 1;
  // Excel and POI index at most 128 buckets; a file that indexes every string keeps doing so.
  const oldBuckets = oldExt ? Math.floor((oldExt.body.length - 2) / 8) : 0;
  const maxBuckets = oldExt && sst && oldBuckets < Math.ceil(sst.starts.length / dsst) ? oldBuckets : 1027;
  const fromSst = oldExt && sst ? extSstFromSst(oldExt, sst.starts, at, sst.rec) : false;
  if (oldExt && sst && sstRec) next[extAt] = extSst(dsst, starts, at, sst.rec, fromSst, maxBuckets, true);
  pos = offsets(next);
  at = alias(outerPositions(next, pos));
  // Which sheet each BOUNDSHEET8 names: the i-th worksheet substream in stream order matches the
  // i-th sheet by its old offset order; the caller's `sheets` give the BOF records by identity.
  const bofOf = new Map<Rec, Rec>();
  if (sheets && original) for (const s of sheets) bofOf.set(s.bound, original[s.bofIndex] as Rec);
  else {
    // No map given: the BOUNDSHEET8s in the order of the offsets they hold name the substreams in stream order.
    const bounds = next.slice(0, globalsEnd).filter((r) => r.type === BOUNDSHEET && r.body.length >= 8).sort((a, b) => u32(a.body, 0) - u32(b.body, 0));
    bounds.forEach((r, k) => { const s = subs[k + 1]; if (s) bofOf.set(r, next[s.bof] as Rec); });
  }
  for (let i = 0; i < globalsEnd; i++) {
    const r = next[i] as Rec;
    if (r.type !== BOUNDSHEET) continue;
    const bof = bofOf.get(r);
    if (!bof || !at.has(bof)) continue;
    const body = r.body.slice();
    put32(body, 0, at.get(bof) as number);
    next[i] = { type: r.type, body };
  }
  for (const s of subs.slice(1)) {
    let index = -1;
    let defcol = -1;
    const dbs: number[] = [];
    let depth = 0;
    for (let i = s.bof + 1; i < s.eof; i++) {
      const t = (next[i] as Rec).type;
      if (t === BOF) depth++;
      else if (t === EOF && depth > 0) depth--;
      else if (depth > 0) continue;
      else if (t === INDEX && index < 0) index = i;
      else if (t === DEFCOLWIDTH && defcol < 0) defcol = i;
      else if (t === DBCELL) dbs.push(i);
    }
    if (index < 0) continue;
    const r = next[index] as Rec;
    if (r.body.length !== 16 + 4 * dbs.length) continue;
    const body = r.body.slice();
    // POI writes 0 here (a reserved field in its reading of the format): kept as the file has it.
    if (defcol >= 0 && u32(body, 12) !== 0) put32(body, 12, at.get(next[defcol] as Rec) as number);
    dbs.forEach((i, k) => put32(body, 16 + 4 * k, at.get(next[i] as Rec) as number));
    next[index] = { type: r.type, body };
  }
  if (oldExt && sst && sstRec) next[extAt] = extSst(dsst, starts, at, sst.rec, fromSst, maxBuckets);
}

/** The DBCELL of a block: back to its first ROW record, and to each row's first cell (as POI and Excel count them). */
function dbcellFor(records: readonly Rec[], b: Block, pos: Float64Array, old: Rec): Rec {
  const dbPos = pos[b.dbcell] as number;
  const firstRow = b.rows.length ? (pos[b.rows[0] as number] as number) : dbPos;
  const firstCellOf = new Map<number, number>();
  for (const i of b.cells) {
    const r = records[i] as Rec;
    if (!SINGLE_CELLS.has(r.type) && !MULTI_CELLS.has(r.type)) continue;
    const row = u16(r.body, 0);
    if (!firstCellOf.has(row)) firstCellOf.set(row, pos[i] as number);
  }
  const rowNumbers = b.rows.map((i) => u16((records[i] as Rec).body, 0));
  // Excel lists every row of the block; POI only the rows with cells. Keep the file's way.
  const oldCount = (old.body.length - 4) / 2;
  const everyRow = oldCount === rowNumbers.length && oldCount !== firstCellOf.size;
  const listed = everyRow ? rowNumbers : rowNumbers.filter((r) => firstCellOf.has(r));
  const body = new Uint8Array(4 + 2 * listed.length);
  put32(body, 0, dbPos - firstRow);
  let ref = b.rows.length > 1 ? (pos[b.rows[1] as number] as number) : firstRow + 20;
  listed.forEach((row, k) => {
    const cell = firstCellOf.get(row);
    if (cell === undefined) {
      put16(body, 4 + 2 * k, 0);
      return;
    }
    put16(body, 4 + 2 * k, cell - ref);
    ref = cell;
  });
  return record(DBCELL, body);
}
