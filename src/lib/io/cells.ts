// One cell addressing for the reader and the patcher. A sheet part may leave out the `r` of rows
// and cells (legal: the next row, the next column) or hold them out of order or twice; the patcher
// numbers what it walks, and a reader numbers what it reads, and two numberings of such a part need
// not agree (issue #18: the cells below a fixed row were emptied, or a second row element was
// added and the fixes were lost). So the package layer gives every such part one canonical form
// before anything reads it: every row and cell addressed explicitly, rows and cells in order, each
// row once. SheetJS reads that form and the patcher patches it. A part that is already canonical
// (what Excel, WPS and LibreOffice write) is passed on untouched, byte for byte. A cell written
// twice is refused: which of the two is meant, no reader can say.
//
// The same walk checks the export afterwards (`verifyCells`): every cell that was to change holds
// its new text, every other cell is what it was.
import { concat, type Package } from './package';
import { columnLetter, type Unwritable } from '../core/types';
import { workbookParts } from './patch';

/** A sheet part whose cells cannot be given one address each. */
export class CellsError extends Error {
  override name = 'CellsError';
  /** The sheet's name, once known. */
  sheet = '';
  constructor(
    readonly problem: 'repeated' | 'bad-address',
    /** 0-based row and column of the cell, when known (-1: not known). */
    readonly row: number,
    readonly col: number,
  ) {
    super(problem);
  }
}

const MAX_ROW = 1048576;
const MAX_COL = 16384;

interface RowAt {
  /** 0-based row. */
  row: number;
  /** The start tag (at..open) and the whole element (at..end). */
  at: number;
  open: number;
  end: number;
  selfClosing: boolean;
  /** Where the value of the `r` attribute is in the start tag (-1: no attribute). */
  rFrom: number;
  rTo: number;
  /** Element prefix with its colon ("x:") or "". */
  prefix: string;
}

export interface CellAt {
  row: number;
  col: number;
  at: number;
  open: number;
  end: number;
  rFrom: number;
  rTo: number;
  /** The cell holds an <f> element with a `ref`: the master of a shared or array formula (or a data table). */
  master: boolean;
  /** The cell holds any <f> element. */
  formula: boolean;
  /** The cell holds a number stored with digits lost (see lossyNumber). */
  lossy: boolean;
}

const isSpace = (x: number | undefined) => x === 32 || x === 9 || x === 10 || x === 13;

/** The end (index after '>') of the tag starting at `at`, quoted values skipped; -1 when unterminated. */
function tagEnd(b: Uint8Array, at: number): number {
  for (let i = at + 1; i < b.length; i++) {
    const x = b[i] as number;
    if (x === 34 || x === 39) {
      const q = b.indexOf(x, i + 1);
      if (q < 0) return -1;
      i = q;
    } else if (x === 62) return i + 1;
  }
  return -1;
}

function indexOfAscii(b: Uint8Array, s: string, from: number): number {
  const first = s.charCodeAt(0);
  for (let i = b.indexOf(first, from); i >= 0; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < s.length && b[i + k] === s.charCodeAt(k)) k++;
    if (k === s.length) return i;
  }
  return -1;
}

/** Where the value of attribute `name` (one ASCII name, no prefix) is in the tag at..end: [from, to], or null. */
function attrValue(b: Uint8Array, at: number, end: number, name: string): [number, number] | null {
  const n0 = name.charCodeAt(0);
  let k = at + 1;
  // Past the element name.
  while (k < end && !isSpace(b[k]) && b[k] !== 47 && b[k] !== 62) k++;
  while (k < end) {
    const x = b[k] as number;
    if (x === 34 || x === 39) {
      const q = b.indexOf(x, k + 1);
      k = q < 0 || q >= end ? end : q + 1;
      continue;
    }
    if (isSpace(x) && b[k + 1] === n0) {
      let m = k + 2;
      let i = 1;
      while (i < name.length && b[m] === name.charCodeAt(i)) {
        m++;
        i++;
      }
      if (i === name.length) {
        while (isSpace(b[m])) m++;
        if (b[m] === 61) {
          m++;
          while (isSpace(b[m])) m++;
          const q = b[m];
          if (q === 34 || q === 39) {
            const close = b.indexOf(q, m + 1);
            if (close > 0 && close < end) return [m + 1, close];
          }
        }
      }
    }
    k++;
  }
  return null;
}

/** A tag at `at` (its end: the index after '>'): its local name's bytes (from..to), whether closing, its prefix length. */
interface Tag {
  at: number;
  end: number;
  closing: boolean;
  nameFrom: number;
  localFrom: number;
  nameTo: number;
}
function readTag(b: Uint8Array, lt: number, out: Tag): void {
  let i = lt + 1;
  out.closing = b[i] === 47;
  if (out.closing) i++;
  out.nameFrom = i;
  out.localFrom = i;
  while (i < b.length) {
    const x = b[i] as number;
    if (isSpace(x) || x === 47 || x === 62) break;
    if (x === 58) out.localFrom = i + 1;
    i++;
  }
  out.nameTo = i;
}
const isLocal = (b: Uint8Array, t: Tag, name: string) => {
  if (t.nameTo - t.localFrom !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[t.localFrom + k] !== name.charCodeAt(k)) return false;
  return true;
};

/** Skip a comment, CDATA section, declaration or processing instruction at `lt`: the index after it, or -1. */
function skipSpecial(b: Uint8Array, lt: number): number {
  const next = b[lt + 1];
  if (next === 63) {
    const q = indexOfAscii(b, '?>', lt + 2);
    return q < 0 ? -1 : q + 2;
  }
  if (b[lt + 2] === 45 && b[lt + 3] === 45) {
    const q = indexOfAscii(b, '-->', lt + 4);
    return q < 0 ? -1 : q + 3;
  }
  if (b[lt + 2] === 91) {
    const q = indexOfAscii(b, ']]>', lt + 3);
    return q < 0 ? -1 : q + 3;
  }
  const e = tagEnd(b, lt);
  return e;
}

/**
 * The next element tag at or after `pos`, read into `t` (comments, CDATA sections, declarations and
 * processing instructions skipped): false when there is none or the XML is cut short.
 */
function nextTag(b: Uint8Array, pos: number, t: Tag): boolean {
  for (;;) {
    const lt = b.indexOf(60, pos);
    if (lt < 0) return false;
    const c = b[lt + 1];
    if (c === 33 || c === 63) {
      const e = skipSpecial(b, lt);
      if (e < 0) return false;
      pos = e;
      continue;
    }
    readTag(b, lt, t);
    const e = tagEnd(b, lt);
    if (e < 0) return false;
    t.at = lt;
    t.end = e;
    return true;
  }
}

/**
 * A stored number that is not exactly what was typed: more than 15 significant digits (Excel keeps
 * 15) or in exponent form. The writer never puts a fix over one: the text typed cannot be recovered.
 */
export function lossyNumber(v: string): boolean {
  const t = v.trim();
  if (/[eE]/.test(t)) return true;
  return t.replace(/^[-+]?0*/, '').replace('.', '').replace(/0+$/, '').length > 15 || t.replace(/^[-+]?0*/, '').replace(/\..*$/, '').length > 15;
}

function parseRow(b: Uint8Array, from: number, to: number): number {
  // Decimal digits only, as Excel writes them.
  if (to - from < 1 || to - from > 7) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const x = b[i] as number;
    if (x < 48 || x > 57) return -1;
    n = n * 10 + x - 48;
  }
  return n >= 1 && n <= MAX_ROW ? n - 1 : -1;
}

/** "AB12" → [row, col] (0-based), only in Excel's own form (capital letters, no $); null otherwise. */
function parseRef(b: Uint8Array, from: number, to: number): [number, number] | null {
  let i = from;
  let col = 0;
  while (i < to && (b[i] as number) >= 65 && (b[i] as number) <= 90 && i - from < 3) col = col * 26 + (b[i++] as number) - 64;
  if (i === from || col > MAX_COL) return null;
  if ((b[i] as number) === 48) return null;
  const row = parseRow(b, i, to);
  return row < 0 ? null : [row, col - 1];
}

export interface SheetWalk {
  /** Where the content of <sheetData> starts and ends (-1 when the part has none). */
  dataFrom: number;
  dataTo: number;
  /** <sheetData/>: no rows at all. */
  emptyData: boolean;
  /** The prefix of <sheetData> ("x:" or ""). */
  prefix: string;
  /** Rows and cells are not all explicit, ascending and once each. */
  anomalous: boolean;
}

/**
 * Walk the rows and cells of a sheet part (UTF-8, or any ASCII-compatible encoding) in document
 * order. Rows and cells without `r` are numbered as the specification says (the row after the
 * previous row, the column after the previous cell of the row element). An `r` that is not in
 * Excel's form is refused. Returns null when the part has no <sheetData> or its XML is cut short.
 */
export function walkSheet(b: Uint8Array, onRow: ((row: RowAt) => void) | null, onCell: ((cell: CellAt) => void) | null): SheetWalk | null {
  const t: Tag = { at: 0, end: 0, closing: false, nameFrom: 0, localFrom: 0, nameTo: 0 };
  let pos = 0;
  // <sheetData>
  do {
    if (!nextTag(b, pos, t)) return null;
    pos = t.end;
  } while (t.closing || !isLocal(b, t, 'sheetData'));
  const sd = t.at;
  const prefix = t.localFrom > t.nameFrom ? latin(b, t.nameFrom, t.localFrom) : '';
  const walk: SheetWalk = { dataFrom: pos, dataTo: pos, emptyData: b[pos - 2] === 47, prefix, anomalous: false };
  if (walk.emptyData) {
    walk.dataFrom = walk.dataTo = sd;
    return walk;
  }
  let lastRow = -1;
  let row: RowAt | null = null;
  let lastCol = -1;
  const cell: CellAt = { row: 0, col: 0, at: 0, open: 0, end: 0, rFrom: -1, rTo: -1, master: false, formula: false, lossy: false };
  for (;;) {
    if (!nextTag(b, pos, t)) return null;
    const lt = t.at;
    const e = t.end;
    pos = e;
    if (t.closing) {
      if (isLocal(b, t, 'sheetData')) {
        walk.dataTo = lt;
        return walk;
      }
      if (row && isLocal(b, t, 'row')) {
        row.end = e;
        onRow?.(row);
        row = null;
      }
      continue;
    }
    if (isLocal(b, t, 'row')) {
      if (row) return null; // rows do not nest
      const r = attrValue(b, lt, e, 'r');
      let n: number;
      if (r) {
        n = parseRow(b, r[0], r[1]);
        if (n < 0) throw new CellsError('bad-address', -1, -1);
      } else {
        n = lastRow + 1;
        walk.anomalous = true;
      }
      if (n <= lastRow) walk.anomalous = true;
      if (n >= MAX_ROW) throw new CellsError('bad-address', n, -1);
      lastRow = n;
      lastCol = -1;
      const selfClosing = b[e - 2] === 47;
      row = { row: n, at: lt, open: e, end: e, selfClosing, rFrom: r ? r[0] : -1, rTo: r ? r[1] : -1, prefix: t.localFrom > t.nameFrom ? latin(b, t.nameFrom, t.localFrom) : '' };
      if (selfClosing) {
        onRow?.(row);
        row = null;
      }
      continue;
    }
    if (isLocal(b, t, 'c')) {
      if (!row) return null; // a cell outside a row
      const r = attrValue(b, lt, e, 'r');
      let rc: [number, number];
      if (r) {
        const parsed = parseRef(b, r[0], r[1]);
        if (!parsed) throw new CellsError('bad-address', row.row, lastCol + 1);
        rc = parsed;
        if (rc[0] !== row.row) walk.anomalous = true;
      } else {
        rc = [row.row, lastCol + 1];
        walk.anomalous = true;
        if (rc[1] >= MAX_COL) throw new CellsError('bad-address', rc[0], rc[1]);
      }
      if (rc[0] === row.row && rc[1] <= lastCol) walk.anomalous = true;
      lastCol = rc[1];
      cell.row = rc[0];
      cell.col = rc[1];
      cell.at = lt;
      cell.open = e;
      cell.rFrom = r ? r[0] : -1;
      cell.rTo = r ? r[1] : -1;
      cell.master = false;
      cell.formula = false;
      cell.lossy = false;
      if (b[e - 2] === 47) cell.end = e;
      else {
        // The cell's content up to its </c> (cells do not nest); an <f> with a ref makes a master.
        let p = e;
        // Where the text of an open <v> starts (-1: none open): a number with digits lost is unwritable.
        let value = -1;
        for (;;) {
          if (!nextTag(b, p, t)) return null;
          p = t.end;
          if (t.closing) {
            if (value >= 0) {
              if (t.at > value && mayBeLossy(b, value, t.at) && isNumberCell(b, lt, e) && lossyNumber(latin(b, value, t.at))) cell.lossy = true;
              value = -1;
            }
            if (isLocal(b, t, 'c')) break;
            continue;
          }
          if (isLocal(b, t, 'f')) {
            cell.formula = true;
            if (attrValue(b, t.at, t.end, 'ref')) cell.master = true;
          } else if (b[p - 2] !== 47 && isLocal(b, t, 'v')) value = p;
        }
        cell.end = p;
      }
      pos = cell.end;
      onCell?.(cell);
    }
  }
}

/** A cheap first look at a value's bytes: only a long one, or one with an exponent, can be lossy. */
function mayBeLossy(b: Uint8Array, from: number, to: number): boolean {
  if (to - from > 15) return true;
  for (let i = from; i < to; i++) if (((b[i] as number) | 32) === 101) return true;
  return false;
}

/** Whether the cell whose start tag is at..end holds a number (no `t`, or t="n"). */
function isNumberCell(b: Uint8Array, at: number, end: number): boolean {
  const t = attrValue(b, at, end, 't');
  return t === null || (t[1] - t[0] === 1 && b[t[0]] === 110);
}

function latin(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

const encoder = new TextEncoder();


/** A start tag (bytes at..open) with its `r` set to `value`. */
function withR(b: Uint8Array, at: number, open: number, rFrom: number, rTo: number, value: string): Uint8Array[] {
  const v = encoder.encode(value);
  if (rFrom >= 0) return [b.subarray(at, rFrom), v, b.subarray(rTo, open)];
  // After the element name.
  let k = at + 1;
  while (k < open && !isSpace(b[k]) && b[k] !== 47 && b[k] !== 62) k++;
  return [b.subarray(at, k), encoder.encode(` r="`), v, encoder.encode('"'), b.subarray(k, open)];
}

export interface CanonicalSheet {
  /** The part in canonical form: the same object when it already was. */
  part: Uint8Array;
  /** 0-based [row, col] of the cells holding the master of a shared or array formula. */
  masters: [number, number][];
  /** 0-based [row, col] of the cells holding a number stored with digits lost (see lossyNumber). */
  lossy: [number, number][];
}

/**
 * A sheet part in canonical form (see the top of this file). Throws CellsError for a cell written
 * twice or an address not in Excel's form. A part without <sheetData>, or in UTF-16, is returned
 * as it is (what reads it then decides).
 */
export function canonicalSheet(part: Uint8Array): CanonicalSheet {
  const masters: [number, number][] = [];
  const lossy: [number, number][] = [];
  if (part.length >= 2 && ((part[0] === 0xff && part[1] === 0xfe) || (part[0] === 0xfe && part[1] === 0xff))) return { part, masters, lossy };
  const walk = walkSheet(part, null, (c) => {
    if (c.master) masters.push([c.row, c.col]);
    if (c.lossy) lossy.push([c.row, c.col]);
  });
  if (!walk || !walk.anomalous) return { part, masters, lossy };
  // Rebuild <sheetData>: rows by number (the first row element of a number gives the row's start
  // tag), cells by row and column, each with its address.
  const rows = new Map<number, RowAt>();
  const cells: { row: number; col: number; at: number; open: number; end: number; rFrom: number; rTo: number }[] = [];
  walkSheet(
    part,
    (r) => {
      if (!rows.has(r.row)) rows.set(r.row, { ...r });
    },
    (c) => cells.push({ row: c.row, col: c.col, at: c.at, open: c.open, end: c.end, rFrom: c.rFrom, rTo: c.rTo }),
  );
  cells.sort((x, y) => x.row - y.row || x.col - y.col);
  for (let k = 1; k < cells.length; k++) {
    const a = cells[k - 1] as (typeof cells)[number];
    const c = cells[k] as (typeof cells)[number];
    if (a.row === c.row && a.col === c.col) throw new CellsError('repeated', c.row, c.col);
  }
  const numbers = [...new Set([...rows.keys(), ...cells.map((c) => c.row)])].sort((x, y) => x - y);
  const pieces: Uint8Array[] = [part.subarray(0, walk.dataFrom)];
  let k = 0;
  for (const n of numbers) {
    const rowTag = rows.get(n);
    const prefix = rowTag?.prefix ?? walk.prefix;
    const start = k;
    while (k < cells.length && (cells[k] as (typeof cells)[number]).row === n) k++;
    if (rowTag) {
      let open = rowTag.open;
      let selfClosing = rowTag.selfClosing;
      if (selfClosing && k > start) {
        // <row r="3"/> that gets cells: its start tag without the "/".
        open = rowTag.open;
        selfClosing = false;
        const tag = withR(part, rowTag.at, open, rowTag.rFrom, rowTag.rTo, String(n + 1));
        const last = tag[tag.length - 1] as Uint8Array;
        let cut = last.length - 2;
        while (cut > 0 && isSpace(last[cut - 1])) cut--;
        tag[tag.length - 1] = concat([last.subarray(0, cut), encoder.encode('>')]);
        pieces.push(...tag);
      } else pieces.push(...withR(part, rowTag.at, open, rowTag.rFrom, rowTag.rTo, String(n + 1)));
      if (selfClosing) continue;
    } else pieces.push(encoder.encode(`<${prefix}row r="${n + 1}">`));
    for (let i = start; i < k; i++) {
      const c = cells[i] as (typeof cells)[number];
      pieces.push(...withR(part, c.at, c.open, c.rFrom, c.rTo, `${columnLetter(c.col)}${n + 1}`), part.subarray(c.open, c.end));
    }
    pieces.push(encoder.encode(`</${prefix}row>`));
  }
  pieces.push(part.subarray(walk.dataTo));
  return { part: concat(pieces), masters, lossy };
}

// --- Checking the export ---------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8');

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] as string;
  });
}

/**
 * The text of a cell the export wrote (an inline string, or nothing): the <t> runs of its <is>
 * outside phonetic runs, entities and OOXML's _xHHHH_ escapes decoded. Null for a cell that holds
 * something else (a number, a shared string, a formula).
 */
function writtenText(xml: string): string | null {
  const body = xml.replace(/^<[^>]*>/, '');
  if (body === '' || /^\s*$/.test(body.replace(/<\/(?:[\w.-]+:)?c>\s*$/, ''))) return '';
  if (!/\bt\s*=\s*["']inlineStr["']/.test(/^<[^>]*>/.exec(xml)?.[0] ?? '')) return null;
  if (/<(?:[\w.-]+:)?(?:f|v)[\s>/]/.test(body)) return null;
  let text = '';
  for (const m of body.replace(/<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '').matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:[\w.-]+:)?t>/g)) text += m[1] ?? '';
  return decodeEntities(text).replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** One cell of the sheet before the export, where it is now (`k`) and was (`r`, `c`). */
interface Before {
  k: number;
  from: number;
  to: number;
  rFrom: number;
  rTo: number;
  f: boolean;
  r: number;
  c: number;
}

/** The cells of the sheet before, in typed arrays that grow. */
class BeforeCells {
  length = 0;
  private data = new Int32Array(8 * 1024);
  push(rowNow: number, c: CellAt): void {
    if ((this.length + 1) * 8 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const d = this.data;
    const o = this.length++ * 8;
    d[o] = rowNow;
    d[o + 1] = c.row;
    d[o + 2] = c.col;
    d[o + 3] = c.at;
    d[o + 4] = c.end;
    d[o + 5] = c.rFrom;
    d[o + 6] = c.rTo;
    d[o + 7] = c.formula ? 1 : 0;
  }
  key(i: number): number {
    return (this.data[i * 8] as number) * MAX_COL + (this.data[i * 8 + 2] as number);
  }
  at(i: number): Before {
    const d = this.data;
    const o = i * 8;
    return { k: this.key(i), r: d[o + 1] as number, c: d[o + 2] as number, from: d[o + 3] as number, to: d[o + 4] as number, rFrom: d[o + 5] as number, rTo: d[o + 6] as number, f: d[o + 7] === 1 };
  }
}

export interface Intended {
  /** 0-based row and column, as read (before deleted rows left the sheet). */
  r: number;
  c: number;
  value: string;
}

export interface CellCheck {
  /** Changes whose cell holds the new text. */
  landed: Intended[];
  /** Changes whose cell does not (it is as it was). */
  missed: Intended[];
}

/** A cell changed that was not to change, or the written part is not one cell addressing. */
export class WrongCellError extends Error {
  override name = 'WrongCellError';
}

/**
 * Compare the roster sheet before the export (its canonical part) and after: every cell of a row
 * not deleted must be where it was (rows below deleted ones moved up) and as it was, unless it
 * was to change; a change must hold its new text. `above(r)` is how many deleted rows are above
 * 0-based row r; `deleted(r)` whether r was deleted. With deleted rows, formula elements are not
 * compared (their ranges move; a shared formula's master moves to its next cell).
 */
export function verifyCells(before: Uint8Array, after: Uint8Array, changes: readonly Intended[], deleted: (r: number) => boolean, above: (r: number) => number): CellCheck {
  const want = new Map<number, Intended>();
  const key = (r: number, c: number) => r * MAX_COL + c;
  for (const ch of changes) want.set(key(ch.r, ch.c), ch);
  const shifting = above(MAX_ROW) > 0;
  // The cells before, in typed columns (a sheet may hold 1.5 million: no object each).
  const a = new BeforeCells();
  let walk;
  try {
    walk = walkSheet(before, null, (c) => {
      if (!deleted(c.row)) a.push(c.row - above(c.row), c);
    });
  } catch {
    walk = null;
  }
  if (!walk) throw new WrongCellError('before');
  const landed: Intended[] = [];
  const missed: Intended[] = [];
  const seen = new Set<number>();
  let i = 0;
  let lastKey = -1;
  const same = (x: Before, c: CellAt) => {
    if (!shifting && !x.f && !c.formula) {
      // Byte for byte but for the value of `r` (the same when no row moved).
      if (x.rFrom - x.from !== c.rFrom - c.at || x.to - x.rTo !== c.end - c.rTo) return false;
      for (let k = 0; k < x.rFrom - x.from; k++) if (before[x.from + k] !== after[c.at + k]) return false;
      for (let k = 0; k < x.to - x.rTo; k++) if (before[x.rTo + k] !== after[c.rTo + k]) return false;
      return true;
    }
    const norm = (s: string) =>
      s
        .replace(/^(<[^>]*?\sr\s*=\s*["'])[^"']*/, '$1')
        .replace(/<((?:[\w.-]+:)?)f[\s>/][\s\S]*?(?:<\/\1f>|\/>)/g, shifting ? '' : '$&')
        .replace(/^(<[^>]*?)\s*>\s*<\/(?:[\w.-]+:)?c>$/, '$1/>')
        .replace(/^(<[^>]*?)\s*\/>$/, '$1/>');
    return norm(latin(before, x.from, x.to)) === norm(latin(after, c.at, c.end));
  };
  const check = (ch: Intended, c: CellAt | null) => {
    seen.add(key(ch.r, ch.c));
    const text = c ? writtenText(utf8.decode(after.subarray(c.at, c.end))) : '';
    if (text === ch.value) landed.push(ch);
    else missed.push(ch);
  };
  let ok: SheetWalk | null;
  try {
    ok = walkSheet(after, null, (c) => {
      const k = key(c.row, c.col);
      if (k <= lastKey) throw new WrongCellError('order');
      lastKey = k;
      // Cells of the sheet before that are gone: only an emptied change may go.
      while (i < a.length && a.key(i) < k) vanished(a.at(i++));
      const x = i < a.length && a.key(i) === k ? a.at(i++) : null;
      if (x) {
        const ch = want.get(key(x.r, x.c));
        if (ch) {
          if (same(x, c)) missedUnchanged(ch);
          else check(ch, c);
        } else if (!same(x, c)) throw new WrongCellError('changed');
        return;
      }
      // A new cell: only a change may make one, in a row that stays.
      const r = rowBefore(c.row);
      const ch = r < 0 ? undefined : want.get(key(r, c.col));
      if (!ch) throw new WrongCellError('new');
      check(ch, c);
    });
  } catch (e) {
    if (e instanceof WrongCellError) throw e;
    throw new WrongCellError('after');
  }
  if (!ok || ok.anomalous) throw new WrongCellError('after');
  while (i < a.length) vanished(a.at(i++));
  for (const ch of changes) if (!seen.has(key(ch.r, ch.c)) && !deleted(ch.r)) (ch.value === '' ? landed : missed).push(ch);
  return { landed, missed };

  function vanished(x: Before) {
    const ch = want.get(key(x.r, x.c));
    if (!ch) throw new WrongCellError('gone');
    check(ch, null);
  }
  function missedUnchanged(ch: Intended) {
    seen.add(key(ch.r, ch.c));
    missed.push(ch);
  }
  /** The row as read that is row `n` after the deletion (-1 when none). */
  function rowBefore(n: number): number {
    // Rows only move up: the row as read is the first r with r - above(r) = n that was not deleted.
    let r = n;
    while (r < MAX_ROW) {
      const next = n + above(r);
      if (next !== r) r = next;
      else if (deleted(r)) r++;
      else return r;
    }
    return -1;
  }
}

/**
 * Every worksheet part of the package in canonical form (in `pkg.parts`; what was stored is kept in
 * `pkg.stored`, so a sheet the export does not change is copied as it was), and the cells of each
 * that the writer will not change in `pkg.unwritable`. Throws CellsError (with the sheet's name).
 */
export function canonicalPackage(pkg: Package): void {
  let sheets;
  try {
    sheets = workbookParts(pkg).sheets;
  } catch {
    return;
  }
  const unwritable = new Map<string, [number, number, Unwritable][]>();
  for (const s of sheets) {
    if (s.part === undefined || unwritable.has(s.part)) continue;
    const part = pkg.parts.get(s.part);
    if (!part) continue;
    let c: CanonicalSheet;
    try {
      c = canonicalSheet(part);
    } catch (e) {
      if (e instanceof CellsError) e.sheet = s.name;
      throw e;
    }
    if (c.part !== part) pkg.parts.set(s.part, c.part);
    unwritable.set(s.part, [...c.lossy.map(([r, col]): [number, number, Unwritable] => [r, col, 'number']), ...c.masters.map(([r, col]): [number, number, Unwritable] => [r, col, 'formula'])]);
  }
  pkg.unwritable = unwritable;
}
