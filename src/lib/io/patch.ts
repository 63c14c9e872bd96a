// The surgical export: the user's own package, with only the changed cells of the roster sheet
// rewritten. Every other part is copied as it was stored (its compressed bytes too); in the roster
// sheet's XML only the <c> elements of changed cells are replaced (as inline strings, keeping the
// cell's style index `s`), so sheet views, frozen panes, column widths, merges, conditional
// formatting, data validations, hyperlinks, page setup, drawings and comments stay as they were:
// they are never parsed. A workbook with a calculation chain loses it (Excel rebuilds it: a chain
// that names a cell which no longer holds a formula makes Excel repair the file), and asks for a
// full recalculation on load. Rows the user deleted leave the sheet, and the references below
// them move up (see "Deleted rows" below).
import { findPart, resolvePartName, writePackage, type Package } from './package';
import { lossyNumber } from './cells';
import { columnLetter, countBelow } from '../core/types';

export interface CellChange {
  /** 0-based sheet row and column. */
  r: number;
  c: number;
  value: string;
  /**
   * True for a proposed fix, false for the user's own edit. A fix is never written over a number
   * whose stored value is not the text it was checked as (an 18-digit ID stored as a number has
   * lost digits: what the user typed cannot be recovered, so the cell and its error stay).
   */
  fix: boolean;
}

export interface PatchResult {
  bytes: Uint8Array;
  ext: 'xlsx' | 'xlsm';
  /** Cells rewritten. */
  changed: number;
  /** Changes not written (a lossy number under a fix, or the master cell of a shared or array formula). */
  kept: CellChange[];
  /** One Chinese line when deleted rows may have moved cells that formulas refer to, or ''. */
  note: string;
  /** The roster sheet's part as it was read (canonical, io/cells.ts) and as written; null when unchanged. */
  sheet: { before: Uint8Array; after: Uint8Array; shift: RowShift | null } | null;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] as string;
  });
}

/** The attributes of a start tag's text (`<x:c r="A1" s="2">`), by qualified name, decoded. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s=/<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) out.set(m[1] as string, decodeEntities(m[3] ?? m[4] ?? ''));
  return out;
}

/** Start tags of elements with this local name (any prefix) in XML text, in order. */
function startTags(xml: string, local: string): { at: number; end: number; text: string; prefix: string }[] {
  const out: { at: number; end: number; text: string; prefix: string }[] = [];
  const re = new RegExp(`<(([A-Za-z_][\\w.-]*):)?${local}(?=[\\s/>])[^>]*>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push({ at: m.index, end: m.index + m[0].length, text: m[0], prefix: m[2] ? `${m[2]}:` : '' });
  return out;
}

const relsOf = (part: string) => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};

function text(pkg: Package, name: string | undefined): string | undefined {
  const part = name === undefined ? undefined : pkg.parts.get(name);
  return part && utf8.decode(part);
}

/** The column index of "AB" (0-based). */
function columnIndex(letters: string): number {
  let c = 0;
  for (let i = 0; i < letters.length; i++) c = c * 26 + (letters.charCodeAt(i) - 64);
  return c - 1;
}

/** Text as XML character data; characters XML 1.0 cannot hold, and literal "_xHHHH_", escaped the OOXML way. */
function xmlText(s: string): string {
  return s
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold are the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** The new <c> element: an inline string (or nothing, for an emptied cell) with the old style. */
function cellXml(prefix: string, r: number, c: number, style: string | undefined, value: string): string {
  const s = style === undefined ? '' : ` s="${style.replace(/[^0-9]/g, '')}"`;
  const ref = `${columnLetter(c)}${r + 1}`;
  if (value === '') return `<${prefix}c r="${ref}"${s}/>`;
  return `<${prefix}c r="${ref}"${s} t="inlineStr"><${prefix}is><${prefix}t xml:space="preserve">${xmlText(value)}</${prefix}t></${prefix}is></${prefix}c>`;
}

// --- Byte scanning of the sheet XML -------------------------------------------------------------

/** Index of `seq` in `b` from `from`, or -1. */
function indexOfSeq(b: Uint8Array, seq: Uint8Array, from: number): number {
  const first = seq[0] as number;
  for (let i = b.indexOf(first, from); i >= 0; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < seq.length && b[i + k] === seq[k]) k++;
    if (k === seq.length) return i;
  }
  return -1;
}

/** The end (index after '>') of the tag starting at `at`, with quoted attribute values skipped. */
function tagEnd(b: Uint8Array, at: number): number {
  let quote = 0;
  for (let i = at + 1; i < b.length; i++) {
    const x = b[i] as number;
    if (quote) {
      if (x === quote) quote = 0;
    } else if (x === 34 || x === 39) quote = x;
    else if (x === 62) return i + 1;
  }
  throw new Error('unterminated tag');
}

/**
 * Where a comment, CDATA section or declaration (<!DOCTYPE …[…]>) that starts at `at` ends (the
 * index after it), or -1.
 */
function declarationEnd(b: Uint8Array, at: number): number {
  if (b[at + 2] === 45 && b[at + 3] === 45) {
    const close = indexOfSeq(b, encoder.encode('-->'), at + 4);
    return close < 0 ? -1 : close + 3;
  }
  if (b[at + 2] === 91) {
    const close = indexOfSeq(b, encoder.encode(']]>'), at + 3);
    return close < 0 ? -1 : close + 3;
  }
  let depth = 0;
  let quote = 0;
  for (let i = at + 2; i < b.length; i++) {
    const x = b[i] as number;
    if (quote) {
      if (x === quote) quote = 0;
    } else if (x === 34 || x === 39) quote = x;
    else if (x === 91) depth++;
    else if (x === 93) depth--;
    else if (x === 62 && depth <= 0) return i + 1;
  }
  return -1;
}

/** The next tag at or after `from`: its local name, whether an end tag, and where it starts and ends. Comments, CDATA and processing instructions are skipped. */
function nextTag(b: Uint8Array, from: number): { at: number; end: number; local: string; closing: boolean; selfClosing: boolean } | null {
  for (let at = b.indexOf(60, from); at >= 0; at = b.indexOf(60, at + 1)) {
    const next = b[at + 1];
    if (next === 33 /* ! */) {
      const close = declarationEnd(b, at);
      if (close < 0) return null;
      at = close - 1;
      continue;
    }
    if (next === 63 /* ? */) {
      const close = indexOfSeq(b, encoder.encode('?>'), at + 2);
      if (close < 0) return null;
      at = close;
      continue;
    }
    const closing = next === 47;
    let i = closing ? at + 2 : at + 1;
    const nameStart = i;
    let colon = -1;
    while (i < b.length) {
      const x = b[i] as number;
      if (x === 32 || x === 9 || x === 10 || x === 13 || x === 47 || x === 62) break;
      if (x === 58) colon = i;
      i++;
    }
    const local = latin1.decode(b.subarray(colon >= 0 ? colon + 1 : nameStart, i));
    const end = tagEnd(b, at);
    return { at, end, local, closing, selfClosing: b[end - 2] === 47 };
  }
  return null;
}

interface Piece {
  /** Where the replaced range starts and ends in the original (equal for an insertion). */
  from: number;
  to: number;
  xml: string;
  /** The replacement as bytes (then `xml` is unused): text handled byte for byte. */
  bytes?: Uint8Array;
}

/**
 * Patch the sheet XML: `byRow` maps a 0-based row to its changes by column. Returns the pieces to
 * splice in, and the changes kept as they were.
 */
function patchSheet(b: Uint8Array, byRow: Map<number, Map<number, CellChange>>, kept: CellChange[]): Piece[] {
  const pieces: Piece[] = [];
  const rows = [...byRow.keys()].sort((x, y) => x - y);
  let pending = 0;
  // <sheetData>
  let tag = nextTag(b, 0);
  while (tag && (tag.closing || tag.local !== 'sheetData')) tag = nextTag(b, tag.end);
  if (!tag) throw new Error('sheet has no sheetData');
  const sdTag = latin1.decode(b.subarray(tag.at, tag.end));
  const prefix = /^<([^\s:/>]+:)?/.exec(sdTag)?.[1] ?? '';
  const newRows = (upTo: number): string => {
    let xml = '';
    while (pending < rows.length && (rows[pending] as number) < upTo) {
      const r = rows[pending++] as number;
      const cells = [...(byRow.get(r) as Map<number, CellChange>).values()].filter((ch) => ch.value !== '').sort((x, y) => x.c - y.c);
      if (cells.length) xml += `<${prefix}row r="${r + 1}">${cells.map((ch) => cellXml(prefix, r, ch.c, undefined, ch.value)).join('')}</${prefix}row>`;
    }
    return xml;
  };
  if (tag.selfClosing) {
    pieces.push({ from: tag.at, to: tag.end, xml: `<${prefix}sheetData>${newRows(Infinity)}</${prefix}sheetData>` });
    return pieces;
  }
  const closeRow = encoder.encode(`</${prefix}row>`);
  let pos = tag.end;
  let rowIndex = -1;
  for (;;) {
    const t = nextTag(b, pos);
    if (!t) throw new Error('sheetData is not closed');
    if (t.closing && t.local === 'sheetData') {
      const xml = newRows(Infinity);
      if (xml) pieces.push({ from: t.at, to: t.at, xml });
      return pieces;
    }
    if (t.closing || t.local !== 'row') {
      pos = t.end;
      continue;
    }
    const attrs = attributes(latin1.decode(b.subarray(t.at, t.end)));
    const rAttr = Number(attrs.get('r'));
    rowIndex = Number.isInteger(rAttr) && rAttr >= 1 ? rAttr - 1 : rowIndex + 1;
    const before = newRows(rowIndex);
    if (before) pieces.push({ from: t.at, to: t.at, xml: before });
    const here = rows[pending] === rowIndex ? byRow.get(rowIndex) : undefined;
    if (here) pending++;
    if (t.selfClosing) {
      if (here) {
        const cells = [...here.values()].filter((ch) => ch.value !== '').sort((x, y) => x.c - y.c);
        if (cells.length) pieces.push({ from: t.end - 2, to: t.end, xml: `>${cells.map((ch) => cellXml(prefix, rowIndex, ch.c, undefined, ch.value)).join('')}</${prefix}row>` });
      }
      pos = t.end;
      continue;
    }
    if (!here) {
      const close = indexOfSeq(b, closeRow, t.end);
      if (close < 0) throw new Error('row is not closed');
      pos = close + closeRow.length;
      continue;
    }
    pos = patchRow(b, t.end, rowIndex, here, prefix, pieces, kept);
  }
}

/** The cells of one row that has changes; returns the position after </row>. */
function patchRow(b: Uint8Array, start: number, r: number, changes: Map<number, CellChange>, prefix: string, pieces: Piece[], kept: CellChange[]): number {
  const todo = [...changes.values()].sort((x, y) => x.c - y.c);
  let next = 0;
  let col = -1;
  let pos = start;
  const insertBefore = (at: number, upTo: number) => {
    let xml = '';
    while (next < todo.length && (todo[next] as CellChange).c < upTo) {
      const ch = todo[next++] as CellChange;
      if (ch.value !== '') xml += cellXml(prefix, r, ch.c, undefined, ch.value);
    }
    if (xml) pieces.push({ from: at, to: at, xml });
  };
  for (;;) {
    const t = nextTag(b, pos);
    if (!t) throw new Error('row is not closed');
    if (t.closing && t.local === 'row') {
      insertBefore(t.at, Infinity);
      return t.end;
    }
    if (t.closing || t.local !== 'c') {
      pos = t.end;
      continue;
    }
    const open = latin1.decode(b.subarray(t.at, t.end));
    const attrs = attributes(open);
    const ref = /^([A-Z]{1,3})/.exec(attrs.get('r') ?? '');
    col = ref ? columnIndex(ref[1] as string) : col + 1;
    let end = t.end;
    if (!t.selfClosing) {
      // <c> elements do not nest: the element ends at the next </c>.
      let e = nextTag(b, t.end);
      while (e && !(e.closing && e.local === 'c')) e = nextTag(b, e.end);
      if (!e) throw new Error('cell is not closed');
      end = e.end;
    }
    insertBefore(t.at, col);
    const ch = next < todo.length && (todo[next] as CellChange).c === col ? (todo[next++] as CellChange) : undefined;
    if (ch) {
      const body = utf8.decode(b.subarray(t.end, end));
      const type = attrs.get('t') ?? 'n';
      const value = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)</.exec(body)?.[1];
      const master = /<(?:[\w.-]+:)?f\b[^>]*\bref\s*=/.test(body);
      const lossyValue = ch.fix && type === 'n' && value !== undefined && lossyNumber(value);
      if (master || lossyValue) kept.push(ch);
      else {
        const cellPrefix = /^<([^\s:/>]+:)?/.exec(open)?.[1] ?? '';
        pieces.push({ from: t.at, to: end, xml: cellXml(cellPrefix, r, col, attrs.get('s'), ch.value) });
      }
    }
    pos = end;
  }
}

function splice(b: Uint8Array, pieces: Piece[]): Uint8Array {
  pieces.sort((x, y) => x.from - y.from);
  const encoded = pieces.map((p) => p.bytes ?? encoder.encode(p.xml));
  let size = b.length;
  pieces.forEach((p, i) => (size += (encoded[i] as Uint8Array).length - (p.to - p.from)));
  const out = new Uint8Array(size);
  let at = 0;
  let src = 0;
  pieces.forEach((p, i) => {
    out.set(b.subarray(src, p.from), at);
    at += p.from - src;
    const e = encoded[i] as Uint8Array;
    out.set(e, at);
    at += e.length;
    src = p.to;
  });
  out.set(b.subarray(src), at);
  return out;
}

/** Where the workbook part is, and its sheets in order with their parts. */
export function workbookParts(pkg: Package): { workbook: string; sheets: { name: string; part: string | undefined }[] } {
  const rootRels = text(pkg, findPart(pkg, '_rels/.rels')) ?? '';
  let workbook: string | undefined;
  for (const rel of startTags(rootRels, 'Relationship')) {
    const a = attributes(rel.text);
    if ((a.get('Type') ?? '').endsWith('/officeDocument')) workbook = findPart(pkg, resolvePartName('', a.get('Target') ?? ''));
  }
  workbook ??= findPart(pkg, 'xl/workbook.xml');
  if (!workbook) throw new Error('no workbook part');
  const wbXml = text(pkg, workbook) ?? '';
  const rels = new Map<string, string>();
  for (const rel of startTags(text(pkg, findPart(pkg, relsOf(workbook))) ?? '', 'Relationship')) {
    const a = attributes(rel.text);
    rels.set(a.get('Id') ?? '', resolvePartName(workbook, a.get('Target') ?? ''));
  }
  const sheets = startTags(wbXml, 'sheet').map((t) => {
    const a = attributes(t.text);
    const id = [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    const target = rels.get(id);
    return { name: a.get('name') ?? '', part: target === undefined ? undefined : findPart(pkg, target) };
  });
  return { workbook, sheets };
}

/** Whether the package is a macro-enabled workbook (.xlsm): by the content type of its workbook part. */
export function isMacroEnabled(pkg: Package, workbook = workbookParts(pkg).workbook): boolean {
  const types = text(pkg, findPart(pkg, '[Content_Types].xml')) ?? '';
  const override = startTags(types, 'Override').find((t) => (attributes(t.text).get('PartName') ?? '').replace(/^\//, '').toLowerCase() === workbook.toLowerCase());
  const ext = workbook.slice(workbook.lastIndexOf('.') + 1).toLowerCase();
  const type = override ? attributes(override.text).get('ContentType') : startTags(types, 'Default').map((t) => attributes(t.text)).find((a) => a.get('Extension')?.toLowerCase() === ext)?.get('ContentType');
  return /macroEnabled/i.test(type ?? '');
}

/**
 * The package with the changed cells of one sheet rewritten (see the top of this file). The sheet
 * is found by its position among the workbook's sheets and checked by its name.
 */
export function patchPackage(pkg: Package, sheetIndex: number, sheetName: string, changes: readonly CellChange[], deleted: readonly number[] = []): PatchResult {
  const { workbook, sheets } = workbookParts(pkg);
  const sheet = (sheets[sheetIndex]?.name === sheetName ? sheets[sheetIndex] : sheets.find((s) => s.name === sheetName))?.part;
  if (!sheet) throw new Error('roster sheet part not found');
  const byRow = new Map<number, Map<number, CellChange>>();
  for (const ch of changes) {
    let row = byRow.get(ch.r);
    if (!row) byRow.set(ch.r, (row = new Map()));
    row.set(ch.c, ch);
  }
  const kept: CellChange[] = [];
  const changed = new Map<string, Uint8Array>();
  const original = pkg.parts.get(sheet) as Uint8Array;
  const pieces = byRow.size ? patchSheet(original, byRow, kept) : [];
  let sheetXml = pieces.length ? splice(original, pieces) : original;
  let workbookXml: string | undefined;
  let note = '';
  let shift: RowShift | null = null;
  if (deleted.length) {
    // Deleted rows (0-based sheet rows, as the cell changes name them) go after the changes are made.
    shift = new RowShift([...new Set(deleted)].sort((a, b) => a - b).map((r) => r + 1));
    const out = deleteSheetRows(sheetXml, shift);
    sheetXml = out.bytes;
    if (out.formulas) note = FORMULA_NOTE;
    shiftSheetParts(pkg, sheet, shift, changed);
    const wb = text(pkg, workbook) ?? '';
    const shifted = shiftDefinedNames(wb, sheetName, shift);
    if (shifted !== wb) workbookXml = shifted;
  }
  const rewritten = pieces.length + deleted.length;
  let names = pkg.names;
  if (rewritten) {
    changed.set(sheet, sheetXml);
    // The calculation chain: dropped with its references; Excel recalculates on load.
    const wbRelsName = findPart(pkg, relsOf(workbook));
    const wbRels = text(pkg, wbRelsName);
    const calc = wbRels === undefined ? undefined : startTags(wbRels, 'Relationship').find((t) => (attributes(t.text).get('Type') ?? '').endsWith('/calcChain'));
    if (wbRels !== undefined && wbRelsName && calc) {
      const chain = findPart(pkg, resolvePartName(workbook, attributes(calc.text).get('Target') ?? ''));
      const closing = wbRels.startsWith('</', calc.end) ? wbRels.indexOf('>', calc.end) + 1 : calc.end;
      changed.set(wbRelsName, encoder.encode(wbRels.slice(0, calc.at) + wbRels.slice(closing)));
      if (chain) {
        names = names.filter((n) => n !== chain);
        const typesName = findPart(pkg, '[Content_Types].xml');
        const types = text(pkg, typesName);
        if (typesName && types !== undefined) {
          const o = startTags(types, 'Override').find((t) => (attributes(t.text).get('PartName') ?? '').replace(/^\//, '').toLowerCase() === chain.toLowerCase());
          if (o) {
            const end = types.startsWith('</', o.end) ? types.indexOf('>', o.end) + 1 : o.end;
            changed.set(typesName, encoder.encode(types.slice(0, o.at) + types.slice(end)));
          }
        }
      }
      workbookXml = fullCalcOnLoad(workbookXml ?? text(pkg, workbook) ?? '');
    }
  }
  if (workbookXml !== undefined) changed.set(workbook, encoder.encode(workbookXml));
  const stored = new Map(pkg.stored);
  return { bytes: writePackage(names, stored, changed), ext: isMacroEnabled(pkg, workbook) ? 'xlsm' : 'xlsx', changed: changes.length - kept.length, kept, note, sheet: rewritten ? { before: original, after: sheetXml, shift } : null };
}

/** Elements that follow <calcPr> in a workbook (ECMA-376 CT_Workbook), for where to insert one. */
const AFTER_CALC_PR = ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];

function fullCalcOnLoad(xml: string): string {
  const calc = startTags(xml, 'calcPr')[0];
  if (calc) {
    const t = calc.text;
    const replaced = /\sfullCalcOnLoad\s*=\s*("[^"]*"|'[^']*')/.test(t) ? t.replace(/(\sfullCalcOnLoad\s*=\s*)("[^"]*"|'[^']*')/, '$1"1"') : t.replace(/\s*(\/?>)$/, ' fullCalcOnLoad="1"$1');
    return xml.slice(0, calc.at) + replaced + xml.slice(calc.end);
  }
  const root = startTags(xml, 'workbook')[0];
  const prefix = root?.prefix ?? '';
  let at = -1;
  for (const name of AFTER_CALC_PR) {
    const t = startTags(xml, name)[0];
    if (t && (at < 0 || t.at < at)) at = t.at;
  }
  if (at < 0) at = xml.lastIndexOf(`</${prefix}workbook>`);
  if (at < 0) return xml;
  return `${xml.slice(0, at)}<${prefix}calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
}

// --- Deleted rows. The roster sheet loses the <row> elements of deleted rows, and every reference
// to a row below one moves up: row and cell refs, <dimension>, merges (a merge over a deleted row
// shrinks, or goes when one cell or none is left), conditional formats, data validations (Excel
// 2010's x14 ones too), hyperlinks, the autofilter, shared and array formula ranges, and the
// workbook's defined names that name this sheet. Everything else in the XML stays byte for byte.
// Formula text is not rewritten: when a formula may refer to a row that moved, the export says so.

/** Excel's last row: a range that reaches it (a whole column) keeps reaching it. */
const MAX_ROW = 1048576;

/** Deleted rows (1-based Excel rows, ascending), and how references move. */
export class RowShift {
  private readonly set: ReadonlySet<number>;
  constructor(readonly rows: readonly number[]) {
    this.set = new Set(rows);
  }
  /** Deleted rows strictly above Excel row `n`. */
  above(n: number): number {
    return countBelow(this.rows, n);
  }
  deleted(n: number): boolean {
    return this.set.has(n);
  }
  /** Rows r1..r2 after the deletion, or null when every one of them was deleted. */
  span(r1: number, r2: number): [number, number] | null {
    const a = r1 - this.above(r1);
    const b = r2 >= MAX_ROW ? MAX_ROW : r2 - this.above(r2 + 1);
    return b < a ? null : [a, b];
  }
}

const REF_END = /^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$/;

/**
 * One reference (`B12`, `$A$5:$M$120`, `A:A`, `3:7`) after the deletion; null when all its rows are
 * gone, or when it becomes a single cell and `single` is false (a merge of one cell is no merge).
 */
export function shiftRef(ref: string, shift: RowShift, single = true): string | null {
  const [p, q] = ref.split(':') as [string, string | undefined];
  const a = REF_END.exec(p);
  const b = q === undefined ? a : REF_END.exec(q);
  if (!a || !b) return ref;
  if (!a[4] || !b[4]) return ref; // whole columns: no rows to move
  const span = shift.span(Number(a[4]), Number(b[4]));
  if (!span) return null;
  const start = `${a[1]}${a[2]}${a[3]}${span[0]}`;
  if (q === undefined) return start;
  if (span[0] === span[1] && a[2]?.toUpperCase() === b[2]?.toUpperCase() && a[4] !== b[4]) return single ? start : null;
  return `${start}:${b[1]}${b[2]}${b[3]}${span[1]}`;
}

/** A space-separated list of references after the deletion ('' when none is left). */
function shiftSqref(sqref: string, shift: RowShift): string {
  return sqref
    .trim()
    .split(/\s+/)
    .map((r) => (r ? shiftRef(r, shift) : null))
    .filter((r): r is string => r !== null)
    .join(' ');
}

/** Bytes as a string of the same length, one character per byte (TextDecoder's latin1 is windows-1252). */
function binary(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

const latin1Bytes = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

/** An attribute's value in a start tag's text, with where the value starts and ends. */
function attrAt(tag: string, name: string): { value: string; from: number; to: number } | null {
  const m = new RegExp(`\\s${name.replace('.', '\\.')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return null;
  const from = m.index + m[0].length - (m[1] as string).length + 1;
  const value = m[2] ?? m[3] ?? '';
  return { value, from, to: from + value.length };
}

function withAttr(tag: string, name: string, value: string): string {
  const a = attrAt(tag, name);
  return a ? tag.slice(0, a.from) + value + tag.slice(a.to) : tag;
}

/**
 * Each element with this local name (any prefix) in `xml`, replaced by what `edit` returns for its
 * text (its start tag and, unless self-closing, everything up to its end tag); null keeps it.
 * These elements do not nest.
 */
function editElements(xml: string, local: string, edit: (whole: string, start: string) => string | null): string {
  const re = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${local}(?=[\\s/>])[^>]*>`, 'g');
  let out = '';
  let at = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const start = m[0];
    let end = m.index + start.length;
    if (!start.endsWith('/>')) {
      const close = xml.indexOf(`</${m[1]}${local}>`, end);
      if (close < 0) continue;
      end = close + `</${m[1]}${local}>`.length;
    }
    const whole = xml.slice(m.index, end);
    const next = edit(whole, start);
    if (next === null) continue;
    out += xml.slice(at, m.index) + next;
    at = end;
    re.lastIndex = end;
  }
  return at === 0 ? xml : out + xml.slice(at);
}

/** A container (`mergeCells`, `dataValidations`, `hyperlinks`) with its count corrected, or removed when empty. */
function recount(xml: string, container: string, child: string): string {
  return editElements(xml, container, (whole, start) => {
    const n = (whole.match(new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${child}(?=[\\s/>])`, 'g')) ?? []).length;
    if (n === 0) return '';
    return attrAt(start, 'count') ? withAttr(start, 'count', String(n)) + whole.slice(start.length) : whole;
  });
}

/** The sheet XML after the sheet data: merges, formats, validations, links, filter, x14 ranges. */
function shiftSheetTail(xml: string, shift: RowShift): string {
  const byAttr = (local: string, attr: string, single = true) => (xml = editElements(xml, local, (whole, start) => {
    const a = attrAt(start, attr);
    if (!a) return null;
    const next = local === 'mergeCell' ? shiftRef(a.value, shift, false) : single ? shiftSqref(a.value, shift) : shiftRef(a.value, shift);
    if (next === a.value) return null;
    if (next === null || next === '') return '';
    return withAttr(start, attr, next) + whole.slice(start.length);
  }));
  byAttr('mergeCell', 'ref', false);
  xml = recount(xml, 'mergeCells', 'mergeCell');
  byAttr('hyperlink', 'ref');
  xml = recount(xml, 'hyperlinks', 'hyperlink');
  byAttr('autoFilter', 'ref', false);
  // Conditional formats and validations: an `sqref` attribute, or (x14) an <xm:sqref> child.
  for (const local of ['conditionalFormatting', 'dataValidation']) {
    xml = editElements(xml, local, (whole, start) => {
      const a = attrAt(start, 'sqref');
      if (a) {
        const next = shiftSqref(a.value, shift);
        if (next === a.value) return null;
        return next === '' ? '' : withAttr(start, 'sqref', next) + whole.slice(start.length);
      }
      const m = /<((?:[A-Za-z_][\w.-]*:)?)sqref>([^<]*)<\/\1sqref>/.exec(whole);
      if (!m) return null;
      const next = shiftSqref(m[2] as string, shift);
      if (next === m[2]) return null;
      if (next === '') return '';
      const at = m.index + m[0].indexOf('>') + 1;
      return whole.slice(0, at) + next + whole.slice(at + (m[2] as string).length);
    });
  }
  xml = recount(xml, 'dataValidations', 'dataValidation');
  return xml;
}

/** A cell reference's row in formula text (not a function name such as LOG10, nor a sheet name). */
const FORMULA_ROW = /(?<![A-Za-z0-9_.!'"])\$?[A-Za-z]{1,3}\$?(\d+)(?![\d(A-Za-z_])/g;

/**
 * The roster sheet with deleted rows removed and the rows below moved up. Returns the new XML, and
 * whether a formula may refer to a row that moved (formula text is not rewritten).
 */
function deleteSheetRows(b: Uint8Array, shift: RowShift): { bytes: Uint8Array; formulas: boolean } {
  let tag = nextTag(b, 0);
  while (tag && (tag.closing || tag.local !== 'sheetData')) tag = nextTag(b, tag.end);
  if (!tag) throw new Error('sheet has no sheetData');
  const head = binary(b.subarray(0, tag.at));
  const newHead = editElements(head, 'dimension', (_whole, start) => {
    const a = attrAt(start, 'ref');
    const next = a ? shiftRef(a.value, shift) : null;
    return a && next && next !== a.value ? withAttr(start, 'ref', next) : null;
  });
  if (tag.selfClosing) return { bytes: splice(b, [{ from: 0, to: tag.at, xml: '', bytes: latin1Bytes(newHead) }]), formulas: false };
  const sdTag = binary(b.subarray(tag.at, tag.end));
  const prefix = /^<([^\s:/>]+:)?/.exec(sdTag)?.[1] ?? '';
  const closeRow = encoder.encode(`</${prefix}row>`);
  const pieces: Piece[] = [{ from: 0, to: tag.at, xml: '', bytes: latin1Bytes(newHead) }];
  const first = shift.rows[0] as number;
  let formulas = false;
  let pos = tag.end;
  let rowIndex = -1;
  let tailAt = -1;
  // Formula masters in deleted rows, waiting for the next cell of their range (see moveMasters).
  const orphans: Orphan[] = [];
  for (;;) {
    const t = nextTag(b, pos);
    if (!t) throw new Error('sheetData is not closed');
    if (t.closing && t.local === 'sheetData') {
      tailAt = t.end;
      break;
    }
    if (t.closing || t.local !== 'row') {
      pos = t.end;
      continue;
    }
    const open = binary(b.subarray(t.at, t.end));
    const rAttr = Number(attributes(open).get('r'));
    rowIndex = Number.isInteger(rAttr) && rAttr >= 1 ? rAttr - 1 : rowIndex + 1;
    let end = t.end;
    if (!t.selfClosing) {
      const close = indexOfSeq(b, closeRow, t.end);
      if (close < 0) throw new Error('row is not closed');
      end = close + closeRow.length;
    }
    pos = end;
    const excelRow = rowIndex + 1;
    if (shift.deleted(excelRow)) {
      pieces.push({ from: t.at, to: end, xml: '' });
      if (!t.selfClosing) orphans.push(...mastersOf(binary(b.subarray(t.at, end))));
      continue;
    }
    const d = shift.above(excelRow);
    // Most rows hold no formula: their refs are rewritten byte by byte, without a string.
    const fast = orphans.length ? null : shiftRowRefs(b, t.at, end, d);
    if (fast !== null) {
      if (d > 0) pieces.push({ from: t.at, to: end, xml: '', bytes: fast });
      continue;
    }
    const text = orphans.length ? moveMasters(binary(b.subarray(t.at, end)), excelRow, orphans) : binary(b.subarray(t.at, end));
    if (!formulas) {
      // A formula that names a row at or below the first deleted row, or is shared (its copies
      // are relative to the first cell), or computes its references, may now point elsewhere.
      for (const f of text.matchAll(/<((?:[A-Za-z_][\w.-]*:)?)f(\s[^>]*)?>([^<]*)<\/\1f>|<(?:[A-Za-z_][\w.-]*:)?f\s[^>]*\/>/g)) {
        const body = f[3] ?? '';
        if (/\bt\s*=\s*["']shared/.test(f[0]) || /\b(ROW|ROWS|OFFSET|INDIRECT|INDEX)\s*\(/i.test(body)) formulas = true;
        else for (const m of body.replace(/"[^"]*"/g, '').matchAll(FORMULA_ROW)) if (Number(m[1]) >= first) formulas = true;
      }
    }
    if (d === 0 && text.length === end - t.at) continue;
    // Row and cell refs name their own row: each moves up by the deleted rows above it; so do
    // the ranges of shared and array formulas.
    const next = text
      .replace(/(<(?:[A-Za-z_][\w.-]*:)?(?:row|c)\s[^>]*?\br\s*=\s*["'][A-Za-z]{0,3})(\d+)/g, (_m, pre: string, n: string) => `${pre}${Number(n) - d}`)
      .replace(/(<(?:[A-Za-z_][\w.-]*:)?f\s[^>]*?\bref\s*=\s*["'])([^"']*)/g, (_m, pre: string, ref: string) => `${pre}${shiftRef(ref, shift) ?? ref}`);
    pieces.push({ from: t.at, to: end, xml: '', bytes: latin1Bytes(next) });
  }
  const tail = binary(b.subarray(tailAt));
  const newTail = shiftSheetTail(tail, shift);
  if (newTail !== tail) pieces.push({ from: tailAt, to: b.length, xml: '', bytes: latin1Bytes(newTail) });
  return { bytes: splice(b, pieces), formulas };
}

/** The master of a shared or array formula whose row was deleted. */
interface Orphan {
  /** The <f> element as it was (its text is never translated). */
  f: string;
  shared: boolean;
  si: string;
  /** Its range's first column and last cell ("B", "B10"). */
  col: string;
  end: string;
  /** 0-based columns and 1-based rows of the range. */
  c1: number;
  c2: number;
  r2: number;
}

/** The masters (an <f> with a ref, shared or array) of a row's text. */
function mastersOf(text: string): Orphan[] {
  const out: Orphan[] = [];
  for (const m of text.matchAll(/<((?:[A-Za-z_][\w.-]*:)?)f(\s[^>]*)>[^<]*<\/\1f>/g)) {
    const attrs = attributes(m[2] as string);
    const type = attrs.get('t');
    const ref = /^\$?([A-Z]{1,3})\$?\d+:\$?([A-Z]{1,3})\$?(\d+)$/.exec(attrs.get('ref') ?? '');
    if (!ref || (type !== 'shared' && type !== 'array')) continue;
    out.push({ f: m[0], shared: type === 'shared', si: attrs.get('si') ?? '', col: ref[1] as string, end: `${ref[2]}${ref[3]}`, c1: columnIndex(ref[1] as string), c2: columnIndex(ref[2] as string), r2: Number(ref[3]) });
  }
  return out;
}

/**
 * A row below deleted ones (its text, Excel row `row` as read) with the masters of deleted rows
 * that it takes over: a shared formula's master goes to the first child of the same `si` (in place
 * of the child's own <f>), an array formula's to the first cell of its range; each unchanged but
 * for its range, which now starts at this row (the rows above it are gone). Without this, the
 * children of a master whose row was deleted name a formula that no longer exists, and Excel and
 * LibreOffice show them empty. Formula text is never translated.
 */
function moveMasters(text: string, row: number, orphans: Orphan[]): string {
  for (let k = 0; k < orphans.length; k++) {
    const o = orphans[k] as Orphan;
    if (row > o.r2) {
      orphans.splice(k--, 1);
      continue;
    }
    const f = o.f.replace(/(\sref\s*=\s*["'])[^"']*/, `$1${o.col}${row}:${o.end}`);
    let moved = false;
    if (o.shared) {
      text = text.replace(/<((?:[A-Za-z_][\w.-]*:)?)f(\s[^>]*?)(?:\/>|>\s*<\/\1f>)/, (whole, _p: string, attrs: string) => {
        const a = attributes(attrs);
        if (moved || a.get('t') !== 'shared' || a.get('si') !== o.si || a.has('ref')) return whole;
        moved = true;
        return f;
      });
    } else {
      text = text.replace(/<((?:[A-Za-z_][\w.-]*:)?)c(\s[^>]*?)(\/?)>/g, (whole, p: string, attrs: string, self: string) => {
        if (moved) return whole;
        const ref = /^([A-Z]{1,3})/.exec(attributes(attrs).get('r') ?? '');
        const c = ref ? columnIndex(ref[1] as string) : -1;
        if (c < o.c1 || c > o.c2) return whole;
        moved = true;
        return self ? `<${p}c${attrs}>${f}</${p}c>` : `${whole}${f}`;
      });
    }
    if (moved) orphans.splice(k--, 1);
  }
  return text;
}

const isSpace = (x: number | undefined) => x === 32 || x === 9 || x === 10 || x === 13;

/**
 * A row element (bytes at..end) with the row number in its own and its cells' `r` lowered by d;
 * null when the row holds a formula element (the caller then reads it as text).
 */
function shiftRowRefs(b: Uint8Array, at: number, end: number, d: number): Uint8Array | null {
  const out = d > 0 ? new Uint8Array(end - at) : null;
  let o = 0;
  /** Bytes before `i` are in `out`; `p` is where the scan is. Only the digits of refs differ. */
  let i = at;
  let p = at;
  const flush = (to: number) => {
    if (!out) return;
    if (to - i < 32) for (let k = i; k < to; k++) out[o++] = b[k] as number;
    else {
      out.set(b.subarray(i, to), o);
      o += to - i;
    }
    i = to;
  };
  for (;;) {
    const lt = b.indexOf(60, p);
    if (lt < 0 || lt >= end) break;
    let j = lt + 1;
    if (b[j] === 47 || b[j] === 33 || b[j] === 63) {
      p = j;
      continue;
    }
    let local = j;
    while (j < end && !isSpace(b[j]) && b[j] !== 47 && b[j] !== 62) {
      if (b[j] === 58) local = j + 1;
      j++;
    }
    const len = j - local;
    if (len === 1 && b[local] === 102) return null; // <f>
    const isRef = (len === 1 && b[local] === 99) || (len === 3 && b[local] === 114 && b[local + 1] === 111 && b[local + 2] === 119);
    if (!isRef || !out) {
      p = j;
      continue;
    }
    const close = tagEnd(b, lt);
    // The `r` attribute: whitespace, r, optional spaces, =, a quote, letters, then the digits.
    let k = j;
    let digits = -1;
    while (k < close) {
      if (isSpace(b[k]) && b[k + 1] === 114) {
        let m = k + 2;
        while (isSpace(b[m])) m++;
        if (b[m] === 61) {
          m++;
          while (isSpace(b[m])) m++;
          if (b[m] === 34 || b[m] === 39) {
            m++;
            while ((b[m] as number) >= 65 && (b[m] as number) <= 122) m++;
            digits = m;
            break;
          }
        }
      }
      const x = b[k];
      if (x === 34 || x === 39) {
        // Skip another attribute's quoted value.
        const q = b.indexOf(x, k + 1);
        k = q < 0 ? close : q + 1;
      } else k++;
    }
    p = close;
    if (digits < 0) continue;
    let e = digits;
    let n = 0;
    while ((b[e] as number) >= 48 && (b[e] as number) <= 57) n = n * 10 + ((b[e++] as number) - 48);
    flush(digits);
    const moved = String(Math.max(1, n - d));
    for (let c = 0; c < moved.length; c++) out[o++] = moved.charCodeAt(c);
    i = e;
  }
  if (!out) return new Uint8Array(0);
  flush(end);
  return out.subarray(0, o);
}

/** XML text as it appears escaped in a part. */
const xmlAttrText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * The workbook XML with the defined names that refer to the roster sheet's rows moved up (a
 * reference whose rows were all deleted becomes #REF!, as Excel does).
 */
function shiftDefinedNames(xml: string, sheetName: string, shift: RowShift): string {
  const names = new Set([sheetName, xmlAttrText(sheetName), sheetName.replace(/&/g, '&amp;')]);
  return editElements(xml, 'definedName', (whole, start) => {
    if (start.endsWith('/>')) return null;
    const body = whole.slice(start.length, whole.lastIndexOf('</'));
    const next = body.replace(/('(?:[^']|'')+'|[^\s!,()'"=+\-*/&<>;{}^%:]+)!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?\d+:\$?\d+)/g, (m, sheet: string, ref: string) => {
      const bare = sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
      if (!names.has(bare)) return m;
      return `${sheet}!${shiftRef(ref, shift) ?? '#REF!'}`;
    });
    return next === body ? null : start + next + whole.slice(start.length + body.length);
  });
}

/** Said with the export when formulas may now refer to the wrong rows. */
export const FORMULA_NOTE = '注意：删除行后，工作表中公式引用的单元格位置没有随之调整，请在 Excel 中检查公式（如序号、合计）是否正确。';

/**
 * The parts that hang off the roster sheet and name its rows: tables (their range and filter) and
 * cell comments (the comment's cell, and its note box in the legacy drawing, by 0-based row).
 * Edited byte for byte (only ASCII references change); parts not found are left alone.
 */
function shiftSheetParts(pkg: Package, sheet: string, shift: RowShift, changed: Map<string, Uint8Array>): void {
  const rels = text(pkg, findPart(pkg, relsOf(sheet)));
  if (rels === undefined) return;
  for (const rel of startTags(rels, 'Relationship')) {
    const a = attributes(rel.text);
    if (a.get('TargetMode') === 'External') continue;
    const type = a.get('Type') ?? '';
    const part = findPart(pkg, resolvePartName(sheet, a.get('Target') ?? ''));
    const bytes = part === undefined ? undefined : pkg.parts.get(part);
    if (!part || !bytes) continue;
    const xml = binary(bytes);
    let next = xml;
    if (type.endsWith('/table')) {
      for (const local of ['table', 'autoFilter']) {
        next = editElements(next, local, (whole, start) => {
          const r = attrAt(start, 'ref');
          const moved = r ? shiftRef(r.value, shift) : null;
          return r && moved && moved !== r.value ? withAttr(start, 'ref', moved) + whole.slice(start.length) : null;
        });
      }
    } else if (type.endsWith('/comments')) {
      next = editElements(next, 'comment', (whole, start) => {
        const r = attrAt(start, 'ref');
        if (!r) return null;
        const moved = shiftRef(r.value, shift);
        if (moved === r.value) return null;
        return moved === null ? '' : withAttr(start, 'ref', moved) + whole.slice(start.length);
      });
    } else if (type.endsWith('/vmlDrawing')) {
      // A note's box: <x:Row> (0-based) and the anchor's top and bottom rows.
      next = editElements(next, 'shape', (whole) => {
        const row = /<x:Row>\s*(\d+)\s*<\/x:Row>/.exec(whole);
        if (!row) return null;
        const n = Number(row[1]) + 1;
        if (shift.deleted(n)) return '';
        const d = shift.above(n);
        if (d === 0) return null;
        return whole
          .replace(/(<x:Row>\s*)(\d+)/, (_m, pre: string, v: string) => `${pre}${Number(v) - d}`)
          .replace(/(<x:Anchor>)([^<]*)/, (_m, pre: string, v: string) => {
            const p = v.split(',').map((x) => x.trim());
            if (p.length !== 8) return `${pre}${v}`;
            for (const i of [2, 6]) p[i] = String(Math.max(0, Number(p[i]) - shift.above(Number(p[i]) + 1)));
            return `${pre}${p.join(', ')}`;
          });
      });
    }
    if (next !== xml) changed.set(part, latin1Bytes(next));
  }
}
